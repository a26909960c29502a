"""The Jinja2 environment used by every page.

NHS.UK frontend macros come from the ``nhsuk-frontend-jinja`` package and need
``ChainableUndefined`` so that optional nested parameters can be omitted.
"""

from __future__ import annotations

from django.contrib.messages import get_messages
from django.middleware.csrf import get_token
from django.templatetags.static import static
from django.urls import reverse
from django.utils.formats import date_format
from jinja2 import ChainableUndefined, Environment

from lodestar.core.words import plural


def url(name: str, *args, **kwargs) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def format_date(value, fmt: str = "j F Y") -> str:
    if value in (None, ""):
        return ""
    return date_format(value, fmt)


def format_datetime(value) -> str:
    if value in (None, ""):
        return ""
    from django.utils import timezone

    return date_format(timezone.localtime(value), "j F Y, H:i")


def environment(**options) -> Environment:
    # Django sets its own default; the NHS.UK macros need ChainableUndefined.
    options["undefined"] = ChainableUndefined
    options.setdefault("autoescape", True)
    options.setdefault("extensions", []).append("jinja2.ext.do")
    env = Environment(**options)
    env.globals.update(
        {
            "static": static,
            "url": url,
            "get_messages": get_messages,
            "csrf_token_value": get_token,
        }
    )
    env.filters.update({"date": format_date, "datetime": format_datetime, "plural": plural})
    return env

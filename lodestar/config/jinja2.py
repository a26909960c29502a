"""The Jinja2 environment used by every page.

NHS.UK frontend macros come from the ``nhsuk-frontend-jinja`` package and need
``ChainableUndefined`` so that optional nested parameters can be omitted.
"""

from __future__ import annotations

import datetime
import functools

from django.contrib.messages import get_messages
from django.middleware.csrf import get_token
from django.templatetags.static import static
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import get_language
from jinja2 import ChainableUndefined, Environment

from lodestar.core.words import plural


def url(name: str, *args, **kwargs) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def format_date(value, fmt: str = "j F Y") -> str:
    if value in (None, ""):
        return ""
    if type(value) is datetime.date:
        return _date_in_words(value, fmt, get_language())
    return date_format(value, fmt)


@functools.lru_cache(maxsize=4096)
def _date_in_words(value: datetime.date, fmt: str, language: str | None) -> str:
    """Django's ``date_format`` looks up the language's formats and month names on every call
    (about 50 microseconds): a table of 800 dates paid 40 ms for it. A date's words depend only on
    the date, the format and the language, so each is worked out once."""
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

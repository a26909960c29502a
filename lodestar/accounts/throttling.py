"""Whose sign-in attempt this is, as django-axes counts failures: the account and the address.

Lodestar's sign-in form sends ``email``; Django's admin login sends ``username`` (holding
the email address). Both must count against the same account, in any letter case, or the
admin login would be a way round the lockout.

Failures count per account *and* client address (``AXES_LOCKOUT_PARAMETERS``), so someone
guessing a person's password from one address does not lock that person out everywhere.
Behind a TLS proxy every connection comes from the proxy, so the client's address is taken
from the proxy's header, but only when the deployment names that header
(``LODESTAR_TRUSTED_PROXY_HEADER``, see docs/guide/deployment.md "Behind a TLS proxy"). Without
that setting the header is never read: anyone can send it.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings


def lockout_username(request, credentials: dict | None = None) -> str | None:
    value = None
    if credentials:
        value = credentials.get("email") or credentials.get("username")
    if not value and request is not None:
        data = getattr(request, "data", None) or getattr(request, "POST", {})
        value = data.get("email") or data.get("username")
    value = (value or "").strip().lower()
    return value or None


def _address(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_address(request) -> str | None:
    """The client's address: the connection's, or the one the trusted proxies recorded.

    With ``LODESTAR_TRUSTED_PROXY_HEADER`` set (for example ``X-Forwarded-For``) and
    ``LODESTAR_TRUSTED_PROXY_COUNT`` proxies in front (default 1), the client is the
    COUNT-th address from the right of the header: each trusted proxy appends the address it
    saw, so anything further left was written by the client and is ignored. When
    ``LODESTAR_TRUSTED_PROXY_ADDRESSES`` lists the proxies, the header is read only on
    connections from them. A missing, short or malformed header falls back to the
    connection's address (all such attempts then share one count, as without a proxy).
    """
    remote = request.META.get("REMOTE_ADDR")
    header = getattr(settings, "LODESTAR_TRUSTED_PROXY_HEADER", "")
    if not header:
        return remote
    proxies = getattr(settings, "LODESTAR_TRUSTED_PROXY_ADDRESSES", ())
    if proxies and _address(remote or "") not in {_address(p) for p in proxies}:
        return remote
    count = max(1, int(getattr(settings, "LODESTAR_TRUSTED_PROXY_COUNT", 1)))
    key = "HTTP_" + header.strip().upper().replace("-", "_")
    hops = [hop for hop in request.META.get(key, "").split(",") if hop.strip()]
    if len(hops) < count:
        return remote
    return _address(hops[-count]) or remote

"""Which account a sign-in attempt is for, as django-axes counts failures.

Lodestar's sign-in form sends ``email``; Django's admin login sends ``username`` (holding
the email address). Both must count against the same account, in any letter case, or the
admin login would be a way round the lockout.
"""

from __future__ import annotations


def lockout_username(request, credentials: dict | None = None) -> str | None:
    value = None
    if credentials:
        value = credentials.get("email") or credentials.get("username")
    if not value and request is not None:
        data = getattr(request, "data", None) or getattr(request, "POST", {})
        value = data.get("email") or data.get("username")
    value = (value or "").strip().lower()
    return value or None

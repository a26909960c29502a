"""Signed single-use tokens: the one helper for every invitation and emailed link.

A raw token exists only in the link that carries it. The database keeps its digest, an
HMAC-SHA256 keyed by ``settings.SECRET_KEY`` and scoped by a *purpose*, so:

- neither the database nor the audit log can be used to open a link (audit events must
  never contain the raw token or the digest);
- a token issued for one purpose (``"orgs.invitation"``) never opens another
  (``"workshops.invitation"``), even if the two tables were mixed up;
- a lookup compares digests in the database, so timing reveals nothing about a raw token.

Single use is the caller's job: the action that consumes a link marks its row used (or
clears the digest) inside its own transaction, and refuses a row already used.

    raw, digest = tokens.issue("orgs.invitation")
    Invitation.objects.create(..., token_hash=digest)        # email the raw token in a link
    invitation = tokens.find(Invitation.objects.all(), "orgs.invitation", raw)
"""

from __future__ import annotations

import secrets

from django.db.models import Model, QuerySet
from django.utils.crypto import constant_time_compare, salted_hmac

#: Digests are 64 hex characters: the columns that store them are ``CharField(max_length=64)``.
DIGEST_LENGTH = 64
#: A raw token is 43 URL-safe characters; anything much longer is not one of ours.
MAX_RAW_LENGTH = 100
RAW_BYTES = 32


def _check_purpose(purpose: str) -> str:
    if not isinstance(purpose, str) or not purpose.strip():
        raise ValueError("A token needs a purpose, such as 'orgs.invitation'.")
    return purpose


def digest(purpose: str, raw: str) -> str:
    """The stored form of ``raw`` for ``purpose``: 64 hex characters."""
    key_salt = f"lodestar.core.tokens:{_check_purpose(purpose)}"
    return salted_hmac(key_salt, raw, algorithm="sha256").hexdigest()


def issue(purpose: str) -> tuple[str, str]:
    """A new random token for ``purpose``: ``(raw, digest)``. Store only the digest."""
    raw = secrets.token_urlsafe(RAW_BYTES)
    return raw, digest(purpose, raw)


def is_plausible(raw) -> bool:
    """Whether ``raw`` could be a token at all (a non-empty string of sensible length)."""
    return isinstance(raw, str) and 0 < len(raw) <= MAX_RAW_LENGTH


def find(queryset: QuerySet, purpose: str, raw, field: str = "token_hash") -> Model | None:
    """The row of ``queryset`` whose ``field`` holds the digest of ``raw`` for ``purpose``, or None.

    Empty or over-long tokens find nothing. Narrow ``queryset`` first for extra conditions
    (pending only, external participants only, ``select_related``...).
    """
    _check_purpose(purpose)
    if not is_plausible(raw):
        return None
    return queryset.filter(**{field: digest(purpose, raw)}).first()


# ------------------------------------------------------------------ links that carry their own value
# Some links need no row of their own (an email's unsubscribe link): the value travels in the
# link with its purpose-scoped digest, and ``unsign`` gives the value back only for that purpose.


def sign(purpose: str, value: str) -> str:
    """``value`` and its digest for ``purpose``, as one URL-safe string: ``"<value>.<digest>"``."""
    return f"{value}.{digest(purpose, value)}"


def unsign(purpose: str, signed) -> str | None:
    """The value ``sign(purpose, value)`` carried, or None if ``signed`` was not made for ``purpose``."""
    if not isinstance(signed, str) or len(signed) > MAX_RAW_LENGTH + DIGEST_LENGTH:
        return None
    value, _, given = signed.rpartition(".")
    if not value or not constant_time_compare(given, digest(purpose, value)):
        return None
    return value

"""API tokens: per-user secrets for calling the REST API from other systems.

A token looks like ``lds_<prefix>_<secret>``. Only the prefix (8 letters and digits,
shown in lists so people can tell their tokens apart) and the SHA-256 hash of the
secret are stored; the whole token is shown once, when it is created, and can never
be recovered. A revoked or expired token stops working at once.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import string
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from lodestar.core.events import AuditEventType

TOKEN_PREFIX = "lds_"
PREFIX_LENGTH = 8
_PREFIX_ALPHABET = string.ascii_letters + string.digits
# last_used_at is written at most this often per token, so busy clients do not cause a write per call.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def new_prefix() -> str:
    return "".join(secrets.choice(_PREFIX_ALPHABET) for _ in range(PREFIX_LENGTH))


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def split_token(raw: str) -> tuple[str, str] | None:
    """(prefix, secret) from ``lds_<prefix>_<secret>``, or None when it is not shaped like a token."""
    if not raw.startswith(TOKEN_PREFIX):
        return None
    body = raw[len(TOKEN_PREFIX) :]
    prefix, sep, secret = body[:PREFIX_LENGTH], body[PREFIX_LENGTH : PREFIX_LENGTH + 1], body[PREFIX_LENGTH + 1 :]
    if len(prefix) != PREFIX_LENGTH or sep != "_" or not secret or len(secret) > 200:
        return None
    if any(c not in _PREFIX_ALPHABET for c in prefix):
        return None
    return prefix, secret


class ApiTokenQuerySet(models.QuerySet):
    def visible_to(self, user) -> ApiTokenQuerySet:
        """A person sees and revokes only their own tokens."""
        if user is None or not user.is_authenticated:
            return self.none()
        return self.filter(user=user)

    def active(self) -> ApiTokenQuerySet:
        now = timezone.now()
        return self.filter(revoked_at__isnull=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now)
        )

    def authenticate(self, raw: str):
        """The active user for the plain token ``raw``, or None. Records when the token was last used."""
        parts = split_token(raw)
        if parts is None:
            return None
        prefix, secret = parts
        token = self.active().select_related("user").filter(prefix=prefix).first()
        if token is None or not hmac.compare_digest(token.token_hash, hash_secret(secret)):
            return None
        if not token.user.is_active:
            return None
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
            # Bookkeeping, not a change anyone makes: no audit event.
            type(token).objects.filter(pk=token.pk).update(last_used_at=now)
            token.last_used_at = now
        return token


class ApiToken(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, help_text="What the token is for, so you can recognise it later.")
    prefix = models.CharField(max_length=PREFIX_LENGTH, unique=True, editable=False)
    token_hash = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "API token"

    def __str__(self) -> str:
        return f"{self.name} ({TOKEN_PREFIX}{self.prefix}_…)"

    @property
    def display_prefix(self) -> str:
        return f"{TOKEN_PREFIX}{self.prefix}_…"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def is_active(self) -> bool:
        return not self.is_revoked and not self.is_expired

    @property
    def status(self) -> str:
        if self.is_revoked:
            return "Revoked"
        if self.is_expired:
            return "Expired"
        return "Active"


class ApiEvent(AuditEventType):
    """What the audit log records about API tokens."""

    TOKEN_CREATE = "api_token.create", "API token created"
    TOKEN_REVOKE = "api_token.revoke", "API token revoked"

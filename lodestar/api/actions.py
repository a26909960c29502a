"""Writes for API tokens. The plain token is returned once and never stored, logged or audited."""

from __future__ import annotations

from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from lodestar.api.models import TOKEN_PREFIX, ApiEvent, ApiToken, hash_secret, new_prefix, new_secret
from lodestar.core.audit import record, snapshot

AUDIT_FIELDS = ["name", "prefix", "expires_at", "revoked_at"]


@transaction.atomic
def create_token(*, actor, name: str, expires_at: datetime | None = None) -> tuple[ApiToken, str]:
    """A new token for ``actor``. Returns the token and its plain text, which only the caller ever sees."""
    name = name.strip()
    if not name:
        raise ValueError("Enter a name for the token")
    if expires_at is not None and expires_at <= timezone.now():
        raise ValueError("The expiry date must be in the future")
    secret = new_secret()
    for _ in range(5):
        prefix = new_prefix()
        try:
            with transaction.atomic():
                token = ApiToken.objects.create(
                    user=actor, name=name, prefix=prefix, token_hash=hash_secret(secret), expires_at=expires_at
                )
            break
        except IntegrityError:  # prefix collision: 62**8 possibilities, so vanishingly rare
            continue
    else:  # pragma: no cover
        raise RuntimeError("Could not create a unique token prefix")
    record(actor=actor, action=ApiEvent.TOKEN_CREATE, target=token, after=snapshot(token, AUDIT_FIELDS))
    return token, f"{TOKEN_PREFIX}{prefix}_{secret}"


@transaction.atomic
def revoke_token(*, actor, token: ApiToken) -> ApiToken:
    """Stop ``token`` working at once. Revoking twice changes nothing."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        return token
    before = snapshot(token, AUDIT_FIELDS)
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    record(actor=actor, action=ApiEvent.TOKEN_REVOKE, target=token, before=before, after=snapshot(token, AUDIT_FIELDS))
    return token

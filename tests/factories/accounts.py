"""Factories for invitations (the raw token is returned separately: only its hash is stored)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from lodestar.accounts import actions
from lodestar.accounts.models import Invitation
from tests.factories import role


def invitation(org, email="new.person@example.nhs.uk", role_slug="contributor", invited_by=None, **fields):
    """Create an invitation through the action; returns (invitation, raw token)."""
    from django.db import transaction

    with transaction.atomic():
        inv, token = actions.create_invitation(
            actor=invited_by,
            email=email,
            organisation=org,
            role=role(role_slug),
            accept_url=lambda t: f"http://testserver/account/invitations/{t}/",
        )
    if fields:
        Invitation.objects.filter(pk=inv.pk).update(**fields)
        inv.refresh_from_db()
    return inv, token


def expired(**kwargs):
    return {"expires_at": timezone.now() - datetime.timedelta(minutes=1), **kwargs}

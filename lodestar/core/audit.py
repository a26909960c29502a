"""Recording audit events from the actions layer.

Every action (a function in some ``<app>/actions.py``) that writes data runs in
``transaction.atomic()`` and calls ``record`` before it returns, so the change and
its audit event commit or roll back together::

    @transaction.atomic
    def rename_organisation(*, actor, organisation, name):
        before = snapshot(organisation, ["name"])
        organisation.name = name
        organisation.save()
        record(actor=actor, action=OrgEvent.UPDATE, target=organisation,
               organisation=organisation, before=before, after=snapshot(organisation, ["name"]))
"""

from __future__ import annotations

import datetime
import decimal
import uuid

from django.db import models, transaction

from lodestar.core.events import AuditEventType
from lodestar.core.models import AuditEvent


def _jsonable(value):
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time)):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, (list, tuple, set)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return value


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict:
    """The values of ``fields`` (default: every concrete field) as JSON-friendly data."""
    if fields is None:
        fields = [f.attname for f in obj._meta.concrete_fields]
    return {name: _jsonable(getattr(obj, name)) for name in fields}


def record(
    *,
    actor,
    action: AuditEventType,
    target: models.Model,
    organisation=None,
    before: dict | None = None,
    after: dict | None = None,
) -> AuditEvent:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Audit events must be recorded inside the action's transaction.")
    if not isinstance(action, AuditEventType):
        raise TypeError(f"Record a member of an app's AuditEventType enum (with its label), not {action!r}.")
    return AuditEvent.objects.create(
        actor=actor if actor is not None and getattr(actor, "pk", None) else None,
        actor_label=(getattr(actor, "email", "") or "system") if actor is not None else "system",
        action=action.value,
        organisation=organisation,
        target_type=target._meta.label,
        target_id=str(target.pk),
        target_label=str(target)[:255],
        before=_jsonable(before) if before is not None else None,
        after=_jsonable(after) if after is not None else None,
    )

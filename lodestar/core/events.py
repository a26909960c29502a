"""Audit event types: an enum per app, each member with its plain-English label beside it.

Each app declares its own vocabulary in its ``models.py``::

    class PlanEvent(AuditEventType):
        ACTION_UPDATE = "plans.action.update", "Action changed"

``lodestar.core.audit.record`` accepts only members of these enums, so an event cannot be
recorded without a label, and the audit log reads every label from ``label_for``. The values
are what is stored in ``AuditEvent.action``: never change one, add a new member instead.
"""

from __future__ import annotations

import enum


class AuditEventType(enum.StrEnum):
    """Base class for an app's event types. Members are ``NAME = "app.thing.verb", "Label"``."""

    label: str

    def __new__(cls, value: str, label: str):
        obj = str.__new__(cls, value)
        obj._value_ = value
        obj.label = label
        return obj

    def __str__(self) -> str:
        return self.value


def event_types() -> list[type[AuditEventType]]:
    """Every app's enum of event types (those whose modules have been imported)."""
    found, todo = [], list(AuditEventType.__subclasses__())
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo.extend(cls.__subclasses__())
    return sorted(found, key=lambda c: c.__qualname__)


def registry() -> dict[str, str]:
    """``{stored value: label}`` for every event type of every app."""
    return {member.value: member.label for cls in event_types() for member in cls}


def label_for(value: str) -> str:
    """The plain-English label for a stored event value (an unknown one reads as itself)."""
    if value in (known := registry()):
        return known[value]
    *what, verb = value.split(".")
    words = " ".join(what).replace("_", " ")
    return f"{words}: {verb.replace('_', ' ')}".capitalize() if words else verb.replace("_", " ").capitalize()

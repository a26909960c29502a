"""The audit log in people's words: event names from each app's enum (``label_for``), field
names from the form a person changes them with (not model attribute names), values as a person
would write them (dates, yes/no, names instead of ids), and the same rows for the CSV export."""

from __future__ import annotations

import datetime
import functools
import re

from django.forms.utils import pretty_name
from django.utils import timezone
from django.utils.dateformat import format as date_format

from lodestar.core import tabular
from lodestar.core.events import label_for
from lodestar.core.forms import label_text
from lodestar.core.models import AuditEvent
from lodestar.orgs import presenters
from lodestar.orgs.models import Organisation

CSV_COLUMNS = ["When", "Who", "What happened", "Item", "Organisation", "Field", "Before", "After"]
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
# Where an attribute name differs from the form field a person types it into.
_RENAMED = {"owner_user": "owner_email"}
# ids that read better as the name of what they point at: attribute -> model label.
_NAMED = {
    "point": "star.StarPoint",
    "intervention": "star.Intervention",
    "owner_user": "accounts.User",
    "author": "accounts.User",
    "organisation": "orgs.Organisation",
    "lead_organisation": "orgs.Organisation",
}
# Invitation details no form asks for.
_LABELS = {"withdrawn_at": "Withdrawn", "plan": "Action plan", "action": "Action"}
# A change-history key's prefix ("milestone.title") -> the form that edits those fields.
_PREFIXES = {"progress": "ProgressForm", "milestone": "MilestoneForm", "measure": "MeasureForm"}


def when(value) -> str:
    """A moment as "3 December 2026 at 11:40" (local time)."""
    if isinstance(value, str):
        value = datetime.datetime.fromisoformat(value)
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return date_format(value, "j F Y \\a\\t H:i")


@functools.cache
def _forms() -> dict[str, dict[str, str]]:
    """{form name: {field: label}} for the forms people change audited things with."""
    from lodestar.accounts.forms import ProfileForm
    from lodestar.orgs.forms import InviteForm, OrganisationForm
    from lodestar.plans.forms import ActionForm, MeasureForm, MilestoneForm, PlanForm, ProgressForm
    from lodestar.star.forms import InterventionForm
    from lodestar.workshops.forms import WorkshopForm

    forms = [
        ProfileForm,
        InviteForm,
        OrganisationForm,
        ActionForm,
        MeasureForm,
        MilestoneForm,
        PlanForm,
        ProgressForm,
        InterventionForm,
        WorkshopForm,
    ]
    return {
        form.__name__: {name: label_text(field.label or pretty_name(name)) for name, field in form.base_fields.items()}
        for form in forms
    }


_TARGET_FORMS = {
    "accounts.User": "ProfileForm",
    "accounts.Invitation": "InviteForm",
    "orgs.Organisation": "OrganisationForm",
    "plans.Action": "ActionForm",
    "plans.ActionPlan": "PlanForm",
    "star.Intervention": "InterventionForm",
    "workshops.Workshop": "WorkshopForm",
}


def field_label(name: str, target_type: str = "") -> str:
    """A stored key ("owner_user_id", "milestone.due_date") as the label of the form field a
    person changes it with ("Owner's email address", "Milestone: Due date")."""
    forms = _forms()
    prefix, dot, rest = name.partition(".")
    if dot and prefix in _PREFIXES:
        label = forms[_PREFIXES[prefix]].get(rest.removesuffix("_id"))
        return f"{prefix.capitalize()}: {label or presenters.field_label(rest)}"
    attribute = name.removesuffix("_id")
    if attribute in presenters.FIELD_LABELS or attribute in _LABELS:
        return presenters.FIELD_LABELS.get(attribute) or _LABELS[attribute]
    own = forms.get(_TARGET_FORMS.get(target_type, ""), {})
    for labels in [own, *forms.values()]:
        label = labels.get(_RENAMED.get(attribute, attribute)) or labels.get(attribute)
        if label:
            return label
    return presenters.field_label(name)


class Names:
    """Names for the ids on one page of events, looked up in one query per kind of thing."""

    def __init__(self, events):
        from django.apps import apps

        wanted: dict[str, set] = {}
        for event in events:
            for key, before, after in event.changes:
                model = _NAMED.get(key.rpartition(".")[2].removesuffix("_id"))
                if model and key.endswith("_id"):
                    wanted.setdefault(model, set()).update(v for v in (before, after) if isinstance(v, int))
        self.names = {
            model: {pk: str(obj) for pk, obj in apps.get_model(model).objects.in_bulk(list(ids)).items()}
            for model, ids in wanted.items()
        }

    def get(self, key: str, value):
        attribute = key.rpartition(".")[2].removesuffix("_id")
        model = _NAMED.get(attribute)
        if model and key.endswith("_id") and isinstance(value, int):
            return self.names.get(model, {}).get(value, f"Number {value} (since removed)")
        return None


def value_text(name: str, value, names: Names | None = None) -> str:
    """A stored value as a person would write it."""
    if names is not None and (named := names.get(name, value)) is not None:
        return named
    if isinstance(value, str) and _ISO_DATETIME.match(value):
        return when(value)
    if isinstance(value, str) and _ISO_DATE.match(value):
        return date_format(datetime.date.fromisoformat(value), "j F Y")
    if isinstance(value, list):
        return ", ".join(value_text(name, v) for v in value) or "Not set"
    return presenters.value_text(name, value)


def rows(events) -> list[dict]:
    """The page's events, each with its label, when, and its changes in words."""
    events = list(events)
    names = Names(events)
    return [
        {
            "event": event,
            "label": label_for(event.action),
            "when": when(event.created_at),
            "changes": [
                (field_label(key, event.target_type), value_text(key, b, names), value_text(key, a, names))
                for key, b, a in event.changes
            ],
        }
        for event in events
    ]


def _csv_rows(events, organisation: Organisation):
    for chunk in _chunks(events.iterator(chunk_size=500), 500):
        for row in rows(chunk):
            event: AuditEvent = row["event"]
            where = event.organisation.name if event.organisation else organisation.name
            start = [row["when"], event.actor_label or "system", row["label"], event.target_label, where]
            for change in row["changes"] or [("", "", "")]:
                yield [*start, *change]


def _chunks(iterable, size):
    chunk = []
    for item in iterable:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def to_csv(events, organisation: Organisation) -> str:
    """Every event (one row per changed field), through ``core.tabular`` so that a value that
    looks like a spreadsheet formula is written as text."""
    return tabular.to_csv(CSV_COLUMNS, _csv_rows(events, organisation))

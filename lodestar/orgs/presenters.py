"""Shaping organisations and audit events for pages."""

from __future__ import annotations

import re
from collections import defaultdict

from lodestar.core.events import label_for
from lodestar.orgs.models import Organisation, OrganisationType

FIELD_LABELS = {
    "name": "Name",
    "type": "Type",
    "ods_code": "ODS code",
    "parent": "Part of",
    "person": "Person",
    "organisation": "Organisation",
    "role": "Role",
    "email": "Email address",
    "expires_at": "Link expires",
    "accepted_at": "Accepted",
}

TYPE_LABELS = dict(OrganisationType.choices)


def action_label(action: str) -> str:
    """The audit log's words for an event, from the owning app's event enum."""
    return label_for(action)


def field_label(name: str) -> str:
    if name in FIELD_LABELS:
        return FIELD_LABELS[name]
    # "progress.date" reads "Progress date"; "lead_organisation_id" reads "Lead organisation".
    name = name.removesuffix("_id")
    return name.replace(".", " ").replace("_", " ").capitalize()


_CODE_WORD = re.compile(r"^[a-z]+(_[a-z]+)+$")


def value_text(name: str, value) -> str:
    if value is None or value == "":
        return "Not set"
    if name == "type" and value in TYPE_LABELS:
        return str(TYPE_LABELS[value])
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, str) and (_CODE_WORD.match(value) or (name == "status" and value.isalpha())):
        return value.replace("_", " ").capitalize()  # a stored choice such as "not_started"
    return str(value)


def tree(orgs) -> list[tuple[Organisation, int]]:
    """(organisation, depth) in hierarchy order, siblings by name; roots are those whose parent is not given."""
    orgs = list(orgs)
    ids = {o.pk for o in orgs}
    children: dict[int, list[Organisation]] = defaultdict(list)
    roots = []
    for o in orgs:
        (children[o.parent_id] if o.parent_id in ids else roots).append(o)
    out: list[tuple[Organisation, int]] = []
    stack = [(o, 0) for o in sorted(roots, key=lambda o: o.name.lower(), reverse=True)]
    while stack:
        org, depth = stack.pop()
        out.append((org, depth))
        stack.extend((c, depth + 1) for c in sorted(children[org.pk], key=lambda o: o.name.lower(), reverse=True))
    return out


def workshop_rows(org: Organisation, workshops) -> list[dict]:
    """The organisation's workshops, by title, each saying whether it leads the workshop or is a partner."""
    rows = []
    for workshop in workshops.distinct().order_by("title", "pk"):
        role = "Lead organisation" if workshop.lead_organisation_id == org.pk else "Partner"
        rows.append({"workshop": workshop, "role": role, "status": workshop.get_status_display()})
    return rows


def audit_filter_choices(events) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    actions = sorted(set(events.order_by().values_list("action", flat=True).distinct()), key=action_label)
    people = {}
    for actor_id, label in events.order_by().values_list("actor_id", "actor_label").distinct():
        key = str(actor_id) if actor_id else "system"
        people[key] = label or "system"
    return (
        [(a, action_label(a)) for a in actions],
        sorted(people.items(), key=lambda kv: kv[1].lower()),
    )

"""Shaping organisations and audit events for pages."""

from __future__ import annotations

import re
from collections import defaultdict
from urllib.parse import urlencode

from lodestar.core.models import AuditEvent
from lodestar.orgs.models import Organisation, OrganisationType, scoped
from lodestar.orgs.permissions import Permission

ACTION_LABELS = {
    "organisation.create": "Organisation added",
    "organisation.update": "Organisation details changed",
    "organisation.import": "Organisation imported from a file",
    "membership.add": "Member added",
    "membership.change_role": "Role changed",
    "membership.remove": "Member removed",
    "invitation.send": "Invitation sent",
    "invitation.accept": "Invitation accepted",
    "person.create": "Account created",
    "person.password_change": "Password changed",
    "person.password_reset": "Password reset",
    "api_token.create": "API token created",
    "api_token.revoke": "API token revoked",
    "catalogue.load": "National catalogue loaded",
    "intervention.create": "Intervention added",
    "intervention.update": "Intervention changed",
    "intervention.retire": "Intervention retired",
    "intervention.restore": "Intervention restored",
    "workshop.create": "Workshop set up",
    "workshop.update": "Workshop details changed",
    "workshop.participant.add": "Workshop participant added",
    "workshop.participant.invite": "Workshop participant invited",
    "workshop.evidence.add": "Workshop evidence added",
    "workshop.assessment.save": "Workshop assessment saved",
    "workshop.contribution.add": "Workshop contribution added",
    "workshop.candidate.add": "Workshop candidate intervention added",
    "workshop.rating.save": "Workshop rating saved",
    "workshop.shortlist.confirm": "Workshop shortlist confirmed",
    "plans.plan.create": "Action plan created",
    "plans.plan.generate": "Action plan generated from a workshop",
    "plans.plan.import": "Action plan imported from a file",
    "plans.action.create": "Action added",
    "plans.action.update": "Action changed",
    "plans.progress.add": "Progress update added",
    "plans.milestone.add": "Milestone added",
    "plans.milestone.save": "Milestone saved",
    "plans.measure.add": "Measure added",
    "plans.measure.save": "Measure saved",
}

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
    if action in ACTION_LABELS:
        return ACTION_LABELS[action]
    # An action not listed yet: "plans.thing.do_it" reads "Plans thing: do it".
    *what, verb = action.split(".")
    words = " ".join(what).replace("_", " ")
    return f"{words}: {verb.replace('_', ' ')}".capitalize() if words else verb.replace("_", " ").capitalize()


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


def audit_events(user, organisation: Organisation):
    """Audit events for ``organisation`` and those beneath it, when the user may browse its audit log."""
    events = scoped(AuditEvent.objects.all(), user, Permission.VIEW_AUDIT, via="organisation")
    return events.filter(organisation__path__startswith=organisation.path).select_related("organisation")


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


def pagination(page, params: dict) -> dict:
    """Parameters for the NHS.UK pagination component (numbered) for a Django page."""

    def href(number):
        return "?" + urlencode({**{k: v for k, v in params.items() if v}, "page": number})

    paginator = page.paginator
    current = page.number
    items = []
    last_shown = 0
    for n in paginator.page_range:
        if n in (1, paginator.num_pages) or abs(n - current) <= 1:
            if last_shown and n - last_shown > 1:
                items.append({"ellipsis": True})
            items.append({"number": n, "href": href(n), "current": n == current})
            last_shown = n
    return {
        "items": items,
        "previous": {"href": href(current - 1)} if page.has_previous() else None,
        "next": {"href": href(current + 1)} if page.has_next() else None,
    }

"""Setting up a workshop: its title, lead and partner organisations, challenge, scope and dates."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from lodestar.core.audit import snapshot
from lodestar.core.validation import Problems
from lodestar.star import vocab
from lodestar.workshops import queries
from lodestar.workshops.actions._common import check_choice, record_event, required_text
from lodestar.workshops.models import Participant, ParticipantRole, Workshop, WorkshopEvent, WorkshopStatus

# What the set-up page edits (the form's names), then everything the audit snapshot keeps.
DETAIL_FIELDS = [
    "title",
    "lead_organisation",
    "challenge",
    "service",
    "population",
    "staff_groups",
    "care_settings",
    "starts_on",
    "ends_on",
]
WORKSHOP_FIELDS = [
    *("lead_organisation_id" if name == "lead_organisation" else name for name in DETAIL_FIELDS),
    "status",
    "facilitator_id",
]
CHANGEABLE = {f.removesuffix("_id") for f in WORKSHOP_FIELDS}
TITLE_MAX = 200
CHALLENGE_MAX = 4000
SHORT_TEXT_MAX = 200
LEAD_MESSAGE = "Choose the lead organisation"
END_BEFORE_START = "The end date must be the same as or after the start date"


def _workshop_snapshot(workshop: Workshop) -> dict:
    data = snapshot(workshop, WORKSHOP_FIELDS)
    if workshop.pk:
        data["partner_organisations"] = sorted(workshop.partner_organisations.values_list("pk", flat=True))
    return data


def _check_keys(problems: Problems, values, field: str, known, message: str) -> None:
    keys = {key for key, _label in known}
    if any(value not in keys for value in values or ()):
        problems.add(field, message)


def check_workshop(
    *,
    actor,
    workshop: Workshop | None = None,
    title: str,
    lead_organisation,
    challenge: str,
    partner_organisations=(),
    service: str = "",
    population: str = "",
    staff_groups=(),
    care_settings=(),
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
    status: str = WorkshopStatus.DRAFT,
) -> None:
    """Raise ``ValidationProblem`` naming every field a workshop's details get wrong. The lead
    organisation is one where ``actor`` can facilitate (or, when editing, the current lead)."""
    problems = Problems()
    required_text(problems, title, "title", "Enter a title for the workshop", "The title", TITLE_MAX)
    if (
        lead_organisation is None
        or not queries.lead_organisation_choices(actor, workshop).filter(pk=lead_organisation.pk).exists()
    ):
        problems.add("lead_organisation", LEAD_MESSAGE)
    elif lead_organisation in list(partner_organisations or ()):
        problems.add("partner_organisations", "The lead organisation cannot also be a partner")
    required_text(
        problems, challenge, "challenge", "Enter the workforce challenge", "The workforce challenge", CHALLENGE_MAX
    )
    problems.text(service, "service", "The service or care pathway", SHORT_TEXT_MAX)
    problems.text(population, "population", "The population", SHORT_TEXT_MAX)
    _check_keys(problems, staff_groups, "staff_groups", vocab.STAFF_GROUPS, "Choose staff groups from the list")
    _check_keys(problems, care_settings, "care_settings", vocab.CARE_SETTINGS, "Choose care settings from the list")
    problems.date_in_range(starts_on, "starts_on", "The start date")
    problems.date_in_range(ends_on, "ends_on", "The end date")
    problems.date_order(starts_on, ends_on, "ends_on", END_BEFORE_START)
    check_choice(problems, status, "status", WorkshopStatus.values, "Choose a status")
    problems.raise_any()


@transaction.atomic
def create_workshop(
    *,
    actor,
    title: str,
    lead_organisation,
    challenge: str,
    partner_organisations=(),
    service: str = "",
    population: str = "",
    staff_groups=(),
    care_settings=(),
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
) -> Workshop:
    details = dict(
        title=title,
        lead_organisation=lead_organisation,
        challenge=challenge,
        service=service,
        population=population,
        staff_groups=list(staff_groups),
        care_settings=list(care_settings),
        starts_on=starts_on,
        ends_on=ends_on,
    )
    partner_organisations = list(partner_organisations)
    check_workshop(actor=actor, partner_organisations=partner_organisations, **details)
    workshop = Workshop.objects.create(**details, facilitator=actor, created_by=actor, status=WorkshopStatus.DRAFT)
    workshop.partner_organisations.set(partner_organisations)
    Participant.objects.create(
        workshop=workshop,
        user=actor,
        name=actor.display_name,
        email=actor.email,
        organisation=lead_organisation,
        role=ParticipantRole.FACILITATOR,
        accepted_at=timezone.now(),
    )
    record_event(actor, WorkshopEvent.CREATE, workshop, workshop, after=_workshop_snapshot(workshop))
    return workshop


@transaction.atomic
def update_workshop(*, actor, workshop: Workshop, partner_organisations=None, **fields) -> Workshop:
    """Change any of the workshop's details (``WORKSHOP_FIELDS``); the rest stay as they are."""
    unknown = set(fields) - CHANGEABLE
    if unknown:
        raise TypeError(f"update_workshop does not change {', '.join(sorted(unknown))}")
    new = {name: value for name, value in fields.items() if name != "facilitator"}
    current = {name: getattr(workshop, name) for name in CHANGEABLE - {"facilitator"}}
    partners = list(
        partner_organisations if partner_organisations is not None else workshop.partner_organisations.all()
    )
    check_workshop(actor=actor, workshop=workshop, partner_organisations=partners, **{**current, **new})
    before = _workshop_snapshot(workshop)
    for name, value in fields.items():
        setattr(workshop, name, list(value) if name in ("staff_groups", "care_settings") else value)
    workshop.save()
    if partner_organisations is not None:
        workshop.partner_organisations.set(partner_organisations)
    record_event(actor, WorkshopEvent.UPDATE, workshop, workshop, before=before, after=_workshop_snapshot(workshop))
    return workshop

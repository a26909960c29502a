"""Every write about talent: keyword-only, in one transaction, validated, audited.

Audit snapshots hold no one's talent content (the audit log is read by organisation admins, who
may not see talent records): ids, dates and the kind of record only (ADR 0040).
"""

from __future__ import annotations

import datetime

from django.db import transaction

from lodestar.accounts.models import User
from lodestar.core.audit import record
from lodestar.core.validation import Problems
from lodestar.orgs.models import Membership, Organisation
from lodestar.talent.models import (
    EQUALITY_FIELDS,
    STAFF_GROUPS,
    DevelopmentAction,
    Growth,
    Impact,
    Readiness,
    Risk,
    SuccessionPlan,
    Successor,
    TalentConversation,
    TalentEvent,
    talent_lead_organisation_ids,
)

MAX_ACTIONS = 5


def is_talent_lead(user, organisation: Organisation) -> bool:
    return organisation.pk in talent_lead_organisation_ids(user)


def _member_at(user, organisation: Organisation) -> bool:
    """``user`` is an active Lodestar user with a membership at ``organisation`` itself (an email
    address that matched nobody arrives as text)."""
    return (
        isinstance(user, User)
        and Membership.objects.filter(user=user, organisation=organisation, user__is_active=True).exists()
    )


def _choice(problems: Problems, value, field: str, choices, message: str) -> None:
    if value not in {key for key, _words in choices}:
        problems.add(field, message)


def _check_people(problems: Problems, *, actor, organisation, person, line_manager) -> None:
    has_person = problems.require(person, "person", "Enter the email address of the person the conversation is with")
    if has_person and not _member_at(person, organisation):
        problems.add("person", "The person must be a Lodestar user who is a member of the organisation")
    if problems.require(line_manager, "line_manager", "Enter the line manager's email address"):
        if not _member_at(line_manager, organisation):
            problems.add("line_manager", "The line manager must be a Lodestar user who is a member of the organisation")
        elif person is not None and line_manager == person:
            problems.add("line_manager", "The line manager must be someone other than the person")
    if not is_talent_lead(actor, organisation) and line_manager != actor:
        problems.add("line_manager", "Only the person's line manager or a talent lead can record a conversation")


def _check_plan(problems: Problems, development_plan) -> None:
    if len(development_plan) > MAX_ACTIONS:
        problems.add("development_plan", f"A development plan can have {MAX_ACTIONS} actions at most")
    for n, (text, due_on) in enumerate(development_plan, start=1):
        if not (text or "").strip() or due_on is None:
            problems.add("development_plan", f"Development action {n}: enter both what will be done and by when")
        else:
            problems.text(text, "development_plan", f"Development action {n}", 300)
            problems.date_in_range(due_on, "development_plan", f"The date of development action {n}")


def check_conversation(*, actor, organisation, person, line_manager, held_on, fields, development_plan) -> Problems:
    problems = Problems()
    _check_people(problems, actor=actor, organisation=organisation, person=person, line_manager=line_manager)
    if problems.require(held_on, "held_on", "Enter the date of the conversation"):
        problems.date_in_range(held_on, "held_on", "The date of the conversation")
        if not problems.has("held_on") and held_on > datetime.date.today():
            problems.add("held_on", "The date of the conversation cannot be in the future")
    _choice(problems, fields.get("staff_group"), "staff_group", STAFF_GROUPS, "Choose the person's staff group")
    if problems.require(fields.get("current_role"), "current_role", "Enter the person's current role"):
        problems.text(fields["current_role"], "current_role", "The current role", 200)
    _choice(problems, fields.get("impact"), "impact", Impact.choices, "Choose where the person is now on impact")
    _choice(problems, fields.get("growth"), "growth", Growth.choices, "Choose where the person is now on growth")
    if problems.require(fields.get("aspirations"), "aspirations", "Enter the person's aspirations"):
        problems.text(fields["aspirations"], "aspirations", "The aspirations", 4000)
    problems.text(fields.get("strengths", ""), "strengths", "The strengths", 4000)
    _choice(
        problems,
        fields.get("readiness"),
        "readiness",
        Readiness.choices,
        "Choose how ready the person is for a next role",
    )
    problems.text(fields.get("next_role", ""), "next_role", "The next role", 200)
    for name, (label, choices) in EQUALITY_FIELDS.items():
        if fields.get(name):
            _choice(
                problems, fields[name], name, choices, f"{label}: choose an answer from the list, or leave it blank"
            )
    _check_plan(problems, development_plan)
    return problems


CONVERSATION_FIELDS = [
    "staff_group",
    "current_role",
    "impact",
    "growth",
    "aspirations",
    "strengths",
    "readiness",
    "next_role",
    "sex",
    "ethnic_group",
    "disability",
]


@transaction.atomic
def record_conversation(
    *, actor, organisation, person, line_manager, held_on, development_plan=(), **fields
) -> TalentConversation:
    """Record a talent conversation; it becomes the person's latest at the organisation when
    it is the newest by date. ``development_plan`` is a list of (what, by when)."""
    unknown = set(fields) - set(CONVERSATION_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    fields = {name: (fields.get(name) or "").strip() for name in CONVERSATION_FIELDS}
    development_plan = [
        ((text or "").strip(), due_on) for text, due_on in development_plan if (text or "").strip() or due_on
    ]
    check_conversation(
        actor=actor, organisation=organisation, person=person, line_manager=line_manager,
        held_on=held_on, fields=fields, development_plan=development_plan,
    ).raise_any()  # fmt: skip
    earlier = TalentConversation.objects.select_for_update().filter(person=person, organisation=organisation)
    newest = earlier.filter(latest=True).first()
    is_latest = newest is None or held_on >= newest.held_on
    if is_latest:
        earlier.update(latest=False)
    conversation = TalentConversation.objects.create(
        organisation=organisation, person=person, line_manager=line_manager, recorded_by=actor,
        held_on=held_on, latest=is_latest, **fields,
    )  # fmt: skip
    DevelopmentAction.objects.bulk_create(
        DevelopmentAction(conversation=conversation, text=text, due_on=due_on) for text, due_on in development_plan
    )
    record(
        actor=actor, action=TalentEvent.CONVERSATION_RECORD, target=conversation, organisation=organisation,
        after={"held_on": held_on, "development_actions": len(development_plan)},
    )  # fmt: skip
    return conversation


def _must_lead(problems: Problems, actor, organisation) -> None:
    if not is_talent_lead(actor, organisation):
        problems.add("organisation", "Only a talent lead at the organisation can do this")


@transaction.atomic
def create_succession_plan(
    *, actor, organisation, post, staff_group, incumbent="", risk, risk_reason
) -> SuccessionPlan:
    post, incumbent, risk_reason = (post or "").strip(), (incumbent or "").strip(), (risk_reason or "").strip()
    problems = Problems()
    _must_lead(problems, actor, organisation)
    if problems.require(post, "post", "Enter the critical post"):
        problems.text(post, "post", "The post", 200)
    _choice(problems, staff_group, "staff_group", STAFF_GROUPS, "Choose the post's staff group")
    problems.text(incumbent, "incumbent", "The incumbent's name", 200)
    _choice(problems, risk, "risk", Risk.choices, "Choose the risk of losing the person in the post")
    if problems.require(risk_reason, "risk_reason", "Say why the risk is what it is"):
        problems.text(risk_reason, "risk_reason", "The reason", 2000)
    problems.raise_any()
    plan = SuccessionPlan.objects.create(
        organisation=organisation, post=post, staff_group=staff_group, incumbent=incumbent,
        risk=risk, risk_reason=risk_reason, created_by=actor,
    )  # fmt: skip
    record(
        actor=actor, action=TalentEvent.SUCCESSION_PLAN_CREATE, target=plan, organisation=organisation,
        after={"staff_group": staff_group, "risk": risk},
    )  # fmt: skip
    return plan


@transaction.atomic
def add_successor(*, actor, plan: SuccessionPlan, name, readiness) -> Successor:
    name = (name or "").strip()
    problems = Problems()
    _must_lead(problems, actor, plan.organisation)
    if problems.require(name, "name", "Enter the successor's name"):
        problems.text(name, "name", "The successor's name", 200)
    _choice(problems, readiness, "readiness", Readiness.choices, "Choose how ready the successor is")
    problems.raise_any()
    successor = Successor.objects.create(plan=plan, name=name, readiness=readiness)
    record(
        actor=actor, action=TalentEvent.SUCCESSOR_ADD, target=plan, organisation=plan.organisation,
        after={"readiness": readiness},
    )  # fmt: skip
    return successor

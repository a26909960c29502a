"""Workforce leaders: talent conversations, succession plans and the pipeline in figures.

Individual records follow the strict rule of ``lodestar.talent.models`` (ADR 0040): a talent
conversation is readable only by the person, their line manager and the talent leads of their
organisation; a succession plan only by those talent leads. Anything else is 404, platform staff
and organisation admins included. Everyone else reads the pipeline in figures: counts only, with
counts from 1 to 4 (and any count that would give one away) as ``null``.
"""

from __future__ import annotations

import datetime

from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status

from lodestar.api.schemas import BodySchema, error_responses, problems_422, text_field
from lodestar.core.validation import ValidationProblem
from lodestar.talent import actions, queries

router = Router(tags=["Workforce leaders"])


class TalentActionOut(Schema):
    text: str
    due_on: datetime.date


class ConversationOut(Schema):
    id: int
    organisation: int = Field(alias="organisation_id")
    person: str = Field(description="Email address of the person the conversation is about.")
    line_manager: str = Field(description="Email address of their line manager.")
    held_on: datetime.date
    staff_group: str
    current_role: str
    impact: str
    growth: str
    aspirations: str
    strengths: str
    readiness: str
    next_role: str
    sex: str
    ethnic_group: str
    disability: str
    latest: bool = Field(description="The person's newest conversation at the organisation (the one counted).")
    development_plan: list[TalentActionOut]

    @staticmethod
    def resolve_person(obj):
        return obj.person.email

    @staticmethod
    def resolve_line_manager(obj):
        return obj.line_manager.email

    @staticmethod
    def resolve_development_plan(obj):
        return list(obj.development_actions.all())


class PlanActionIn(BodySchema):
    text: str = text_field("", "What will be done.")
    due_on: datetime.date | None = None


class ConversationIn(BodySchema):
    organisation: int = Field(description="Id of the person's organisation.")
    person: str = Field(description="Email address of the person (a member of the organisation).")
    line_manager: str = Field(description="Email address of their line manager (a member of the organisation).")
    held_on: datetime.date | None = None
    staff_group: str = ""
    current_role: str = text_field("", "Their current role.")
    impact: str = Field("", description="developing, effective or outstanding.")
    growth: str = Field("", description="settled, emerging or high.")
    aspirations: str = text_field("", "Their aspirations.")
    strengths: str = text_field("", "Their strengths.")
    readiness: str = Field("", description="ready_now, ready_1_2_years or ready_later.")
    next_role: str = text_field("", "The next role in mind.")
    sex: str = Field("", description="Only if the person reported it; '' otherwise.")
    ethnic_group: str = Field("", description="Only if the person reported it; '' otherwise.")
    disability: str = Field("", description="Only if the person reported it; '' otherwise.")
    development_plan: list[PlanActionIn] = []


class SuccessorOut(Schema):
    name: str
    readiness: str


class SuccessionPlanOut(Schema):
    id: int
    organisation: int = Field(alias="organisation_id")
    post: str
    staff_group: str
    incumbent: str
    risk: str
    risk_reason: str
    successors: list[SuccessorOut]

    @staticmethod
    def resolve_successors(obj):
        return list(obj.successors.all())


class TalentTableOut(Schema):
    key: str
    title: str
    caption: str
    columns: list[str]
    rows: list[list[str | int | None]] = Field(description="Each row: its label, then counts; null is fewer than 5.")


@router.get(
    "/conversations",
    response={200: list[ConversationOut], **error_responses(401)},
    summary="Talent conversations you may read",
)
def list_conversations(request):
    return list(queries.conversations(request.auth))


@router.get(
    "/conversations/{conversation_id}",
    response={200: ConversationOut, **error_responses(401, 404, 422)},
    summary="One talent conversation (404 unless it is yours, you manage the person, or you are a talent lead there)",
)
def get_conversation(request, conversation_id: int):
    return queries.conversation(request.auth, conversation_id)


@router.post(
    "/conversations",
    response={201: ConversationOut, **error_responses(400, 401, 403, 404, 422)},
    summary="Record a talent conversation (as the line manager or a talent lead)",
)
def create_conversation(request, payload: ConversationIn):
    user = request.auth
    organisation = get_object_or_404(queries.recording_organisations(user), pk=payload.organisation)
    data = payload.model_dump(exclude={"organisation", "person", "line_manager", "held_on", "development_plan"})
    try:
        conversation = actions.record_conversation(
            actor=user,
            organisation=organisation,
            person=queries.person_by_email(payload.person) or payload.person or None,
            line_manager=queries.person_by_email(payload.line_manager) or payload.line_manager or None,
            held_on=payload.held_on,
            development_plan=[(a.text, a.due_on) for a in payload.development_plan],
            **data,
        )
    except ValidationProblem as problem:
        raise problems_422(problem) from problem
    return Status(201, queries.conversation(user, conversation.pk))


@router.get(
    "/succession-plans",
    response={200: list[SuccessionPlanOut], **error_responses(401)},
    summary="Succession plans you may read (talent leads)",
)
def list_plans(request):
    return list(queries.succession_plans(request.auth))


@router.get(
    "/succession-plans/{plan_id}",
    response={200: SuccessionPlanOut, **error_responses(401, 404, 422)},
    summary="One succession plan (404 unless you are a talent lead at its organisation)",
)
def get_plan(request, plan_id: int):
    return queries.succession_plan(request.auth, plan_id)


@router.get(
    "/pipeline",
    response={200: list[TalentTableOut], **error_responses(401)},
    summary="The leadership pipeline in figures over the organisations you may view (no names; small counts null)",
)
def pipeline(request):
    return [
        {
            "key": t.key,
            "title": t.title,
            "caption": t.caption,
            "columns": list(t.columns),
            "rows": [list(r) for r in t.rows],
        }
        for t in queries.pipeline_tables(request.auth)
    ]

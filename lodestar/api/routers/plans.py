"""Action plans: plans, their actions, progress updates and success measures' values.

You see the plans of your organisations (and everything beneath them), plans of workshops you
take part in, and plans where you own an action. Changing an action follows the web page's
rules (contributors at the plan's or action's organisation, or the action's owner) and its
optimistic locking: send the ``version`` you read; if someone saved in between, the answer is
409 and nothing is written.

The rules about the values (title, dates from 2000 to 2099, due on or after start, progress
dates not in the future) are the actions' (``lodestar.plans.actions``, ``measure_actions``): this router only turns
their ``ValidationProblem`` into the documented 422, naming the body's fields.
"""

from __future__ import annotations

import datetime as dt
from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from django.shortcuts import get_object_or_404
from ninja import Field, Path, Query, Router, Schema, Status
from ninja.errors import HttpError

from lodestar.api.schemas import (
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    NO_CONTROL_CHARACTERS,
    BodySchema,
    Page,
    error_responses,
    not_null,
    paginate,
    problems_422,
    text_field,
)
from lodestar.core.validation import ValidationProblem
from lodestar.plans import actions as plan_actions
from lodestar.plans import measure_actions, queries
from lodestar.plans.models import Action, ActionPlan
from lodestar.plans.models import Status as ActionStatus
from lodestar.star import vocab

router = Router(tags=["Action plans"])

StatusKey = Literal["not_started", "on_track", "at_risk", "off_track", "done", "stopped"]
PointKey = Literal[tuple(key for key, _ in vocab.STAR_POINTS)]  # type: ignore[valid-type]
MAX_INT = 2_147_483_647
ID = Path(..., ge=1, le=MAX_INT, description="Identifier.")
# An action's argument -> the body's name for it, where they differ.
BODY_FIELDS = {
    "point": "star_point",
    "intervention": "intervention_code",
    "owner_user": "owner_user_id",
    "organisation": "organisation_id",
}
DATES = "Dates are from 2000-01-01 to 2099-12-31."


class PlanOut(Schema):
    id: int
    title: str = Field(examples=["Action plan: Community nursing in Riverside"])
    organisation_id: int
    organisation_name: str
    workshop_id: int | None = Field(description="The workshop the plan was generated from, if any.")
    created_at: datetime

    @staticmethod
    def resolve_organisation_name(obj: ActionPlan) -> str:
        return obj.organisation.name


class ActionOut(Schema):
    id: int
    plan_id: int
    title: str = Field(examples=["Return to practice campaign"])
    description: str
    intervention_code: str | None = Field(description="The catalogue intervention, if any.")
    star_point: str = Field(description="The Star point's key.", examples=["supply"])
    owner_user_id: int | None
    owner_name: str = Field(description="The owner's name: the user's, or a named person without an account.")
    organisation_id: int
    start_date: date | None
    due_date: date | None
    status: StatusKey
    status_label: str = Field(examples=["On track"])
    overdue: bool = Field(description="Due date passed and not done or stopped.")
    priority_rank: int | None
    version: int = Field(description="Send this back when you change the action.", examples=[1])
    updated_at: datetime

    @staticmethod
    def resolve_intervention_code(obj: Action) -> str | None:
        return obj.intervention.code if obj.intervention_id else None

    @staticmethod
    def resolve_star_point(obj: Action) -> str:
        return obj.point.key

    @staticmethod
    def resolve_owner_name(obj: Action) -> str:
        return obj.owner_user.display_name if obj.owner_user_id else obj.owner_name

    @staticmethod
    def resolve_status_label(obj: Action) -> str:
        return obj.get_status_display()

    @staticmethod
    def resolve_overdue(obj: Action) -> bool:
        return obj.is_overdue


class ActionChange(BodySchema):
    """Only the fields sent change. An action always has a title, a due date and a status: those
    may be left out but not sent as null (the action's 422, e.g. "Enter a title for the action");
    the others take null to clear them."""

    version: int = Field(..., ge=1, le=MAX_INT, description="The version you read (optimistic locking).")
    title: str | None = not_null(f"Up to 200 characters; not empty. {NO_CONTROL_CHARACTERS}")
    description: str | None = text_field(None, "Up to 10,000 characters; null clears it.")
    owner_name: str | None = text_field(None, "Up to 200 characters; null clears it.")
    start_date: date | None = Field(None, description=f"Null clears it. {DATES}")
    due_date: date | None = not_null(f"On or after start_date. {DATES}")
    status: StatusKey | None = not_null("The action's status.")
    priority_rank: int | None = Field(None, ge=1, le=MAX_INT, description="1 (highest) to 100,000; null clears it.")


class ProgressOut(Schema):
    id: int
    action_id: int
    date: date
    text: str
    status_before: str = Field(description="The status before this update, when it changed it; else empty.")
    status_after: str = Field(description="The status this update set, if it changed it; else empty.")
    author: str
    created_at: datetime

    @staticmethod
    def resolve_author(obj) -> str:
        return obj.author.display_name if obj.author else obj.author_label


class ProgressIn(BodySchema):
    date: dt.date = Field(
        ...,
        description=f"The day it happened: today or earlier. A date in the future is refused (422). {DATES}",
    )
    text: str = text_field(..., "What has happened: required, up to 5,000 characters.")
    status: StatusKey | None = Field(None, description="Move the action to this status as well (null: no change).")


class PageFilters(Schema):
    page: int = Field(1, ge=1, le=1_000_000, description="Page number, from 1.")
    page_size: int = Field(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Items per page (1 to 100).")


class ActionFilters(PageFilters):
    plan: int | None = Field(None, ge=1, le=MAX_INT, description="Only actions of this plan.")
    status: StatusKey | None = Field(None, description="Only this status.")
    point: PointKey | None = Field(None, description="Only this Star point.")
    organisation: int | None = Field(None, ge=1, le=MAX_INT, description="Only actions of this organisation.")
    overdue: bool | None = Field(None, description="true: only overdue actions; false: only those not overdue.")
    mine: bool = Field(False, description="Only actions you own.")


def _actions(request):
    return Action.objects.visible_to(request.auth).select_related("point", "intervention", "owner_user", "plan")


def _action(request, action_id: int) -> Action:
    return get_object_or_404(_actions(request), pk=action_id)


@router.get(
    "",
    response={200: Page[PlanOut], **error_responses(401, 422)},
    summary="List action plans you can see",
)
def list_plans(request, filters: Query[PageFilters]):
    qs = ActionPlan.objects.visible_to(request.auth).select_related("organisation").order_by("-created_at", "-pk")
    return paginate(qs, page=filters.page, page_size=filters.page_size)


@router.get(
    "/actions",
    response={200: Page[ActionOut], **error_responses(401, 422)},
    summary="List actions across the plans you can see",
    description="Overdue first, then by priority and due date. Filter by plan, status, Star point, organisation.",
)
def list_actions(request, filters: Query[ActionFilters]):
    qs = _actions(request)
    if filters.plan:
        qs = qs.filter(plan_id=filters.plan)
    if filters.mine:
        qs = qs.filter(owner_user=request.auth)
    qs = queries.filtered(
        qs,
        point=filters.point or "",
        status=filters.status or "",
        organisation=filters.organisation,
        overdue=filters.overdue,
    )
    return paginate(queries.overdue_first(qs), page=filters.page, page_size=filters.page_size)


@router.get(
    "/actions/{action_id}",
    response={200: ActionOut, **error_responses(401, 404, 422)},
    summary="Get one action",
)
def get_action(request, action_id: int = ID):
    return _action(request, action_id)


@router.patch(
    "/actions/{action_id}",
    response={200: ActionOut, **error_responses(400, 401, 403, 404, 409, 422)},
    summary="Change an action (send the version you read)",
    description="409 when someone else saved the action after you read it: read it again and retry.",
)
def update_action(request, payload: ActionChange, action_id: int = ID):
    action = _action(request, action_id)
    if not action.can_edit(request.auth):
        raise HttpError(403, "Only the action's owner and contributors at its organisation can change it.")
    changes = payload.model_dump(exclude_unset=True)
    version = changes.pop("version")
    if not changes:  # nothing to change: still tell a stale caller that the action moved on
        if action.version != version:
            raise HttpError(409, f"Someone else changed this action (now version {action.version}). Read it again.")
        return action
    try:
        plan_actions.update_action(actor=request.auth, action=action, expected_version=version, changes=changes)
    except plan_actions.StaleEdit as stale:
        fields = ", ".join(c.field.removesuffix("_id") for c in stale.conflicts) or "the action"
        raise HttpError(
            409,
            f"Someone else changed this action (now version {stale.current.version}; changed: {fields}). "
            "Read it again and retry.",
        ) from stale
    except ValidationProblem as problem:
        raise problems_422(problem, fields=BODY_FIELDS) from problem
    return _action(request, action_id)


@router.delete(
    "/actions/{action_id}",
    response={204: None, **error_responses(401, 403, 404, 422)},
    summary="Delete an action (facilitators of the plan's organisation)",
    description="The action, its milestones, measures and progress updates go; the audit log keeps a record. "
    "To keep an action but show it will not go ahead, set its status to stopped instead.",
)
def delete_action(request, action_id: int = ID):
    action = _action(request, action_id)
    if not action.plan.can_manage(request.auth):
        raise HttpError(403, "Only facilitators at the plan's organisation can delete its actions.")
    plan_actions.delete_action(actor=request.auth, action=action)
    return Status(204, None)


@router.get(
    "/actions/{action_id}/progress",
    response={200: list[ProgressOut], **error_responses(401, 404, 422)},
    summary="Progress updates of an action, newest first",
)
def list_progress(request, action_id: int = ID):
    return list(_action(request, action_id).progress_updates.select_related("author")[:500])


@router.post(
    "/actions/{action_id}/progress",
    response={201: ProgressOut, **error_responses(400, 401, 403, 404, 422)},
    summary="Add a progress update (optionally changing the status)",
    description="The date is the day it happened: today or earlier. A date in the future is refused with 422.",
)
def add_progress(request, payload: ProgressIn, action_id: int = ID):
    action = _action(request, action_id)
    if not action.can_edit(request.auth):
        raise HttpError(403, "Only the action's owner and contributors at its organisation can update it.")
    try:
        update = plan_actions.add_progress_update(
            actor=request.auth, action=action, date=payload.date, text=payload.text, status=payload.status or ""
        )
    except ValidationProblem as problem:
        raise problems_422(problem, fields=BODY_FIELDS) from problem
    return Status(201, update)


class MeasureValueOut(Schema):
    date: date
    value: float
    recorded_by: str
    recorded_at: datetime

    @staticmethod
    def resolve_recorded_by(obj) -> str:
        return obj.recorded_by.display_name if obj.recorded_by else obj.recorded_by_label


class MeasureOut(Schema):
    id: int
    action_id: int
    metric: str
    unit: str
    direction: Literal["higher", "lower", ""] = Field(description="Which way is better; empty when not said.")
    baseline: float | None
    target: float | None
    values: list[MeasureValueOut] = Field(description="The dated values, oldest first.")

    @staticmethod
    def resolve_values(obj) -> list:
        return obj.series


class MeasureValueIn(BodySchema):
    date: dt.date = Field(..., description=f"The day it was measured: today or earlier. {DATES}")
    value: Decimal = Field(..., description="A number with up to 2 decimal places.")


@router.get(
    "/actions/{action_id}/measures",
    response={200: list[MeasureOut], **error_responses(401, 404, 422)},
    summary="Success measures of an action, each with its dated values",
)
def list_measures(request, action_id: int = ID):
    return list(_action(request, action_id).measures.prefetch_related("values__recorded_by"))


@router.post(
    "/actions/{action_id}/measures/{measure_id}/values",
    response={201: MeasureValueOut, **error_responses(400, 401, 403, 404, 422)},
    summary="Record a dated value of a success measure",
    description="A value already recorded for the same date is replaced. A date in the future is refused with 422.",
)
def add_measure_value(request, payload: MeasureValueIn, action_id: int = ID, measure_id: int = ID):
    action = _action(request, action_id)
    measure = get_object_or_404(action.measures.all(), pk=measure_id)
    if not action.can_edit(request.auth):
        raise HttpError(403, "Only the action's owner and contributors at its organisation can update it.")
    try:
        entry = measure_actions.record_measure_value(
            actor=request.auth, action=action, measure=measure, date=payload.date, value=payload.value
        )
    except ValidationProblem as problem:
        raise problems_422(problem) from problem
    return Status(201, entry)


@router.get(
    "/{plan_id}",
    response={200: PlanOut, **error_responses(401, 404, 422)},
    summary="Get one action plan",
)
def get_plan(request, plan_id: int = ID):
    return get_object_or_404(ActionPlan.objects.visible_to(request.auth).select_related("organisation"), pk=plan_id)


__all__ = ["router", "ActionStatus"]

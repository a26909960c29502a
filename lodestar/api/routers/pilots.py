"""Pilot and test-of-concept projects with stage gates and PDSA cycles (issue 13, item 2).

Reads follow the organisation hierarchy (VIEW); writes need FACILITATE at the pilot's organisation.
Every write goes through ``lodestar.pilots.actions``: a refusal is a 422 naming the field, the same
words as the web form; a pilot out of reach is 404; one you may only read is 403.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Status
from ninja.errors import HttpError

from lodestar.api.routers.pilots_schemas import (
    ApproveIn,
    CycleIn,
    CycleOut,
    DecideIn,
    EvaluateIn,
    MeasureIn,
    PilotDetailOut,
    PilotFilters,
    PilotIn,
    PilotMeasureOut,
    PilotOut,
    StartIn,
)
from lodestar.api.schemas import Page, error_responses, invalid, paginate, problems_422, storable_ids
from lodestar.core.validation import ValidationProblem
from lodestar.pilots import actions, queries
from lodestar.pilots.models import Pilot

router = Router(tags=["Pilots"])
CANNOT_CHANGE = "Only facilitators at the pilot's organisation can change it."


def _pilot(user, pilot_id: int) -> Pilot:
    return get_object_or_404(queries.pilots(user).select_related("intervention"), pk=pilot_id)


def _runnable(user, pilot_id: int) -> Pilot:
    pilot = _pilot(user, pilot_id)
    if not queries.may_run(user, pilot.organisation):
        raise HttpError(403, CANNOT_CHANGE)
    return pilot


def _write(call):
    try:
        return call()
    except PermissionDenied as denied:
        raise HttpError(403, str(denied) or CANNOT_CHANGE) from denied
    except ValidationProblem as problem:
        raise problems_422(problem) from problem


def _detail(user, pilot: Pilot) -> Pilot:
    return _pilot(user, pilot.pk)


@router.get(
    "",
    response={200: Page[PilotOut], **error_responses(401, 422)},
    summary="List the pilots you can see",
    description="Pilots of the organisations in your reach, by title; filter by `stage` and `organisation`.",
)
def list_pilots(request, filters: Query[PilotFilters]):
    found = queries.pilots(request.auth, stage=filters.stage, organisation_id=filters.organisation)
    found = found.select_related("intervention").prefetch_related("sites").order_by("title", "pk")
    return paginate(found, page=filters.page, page_size=filters.page_size)


@router.get("/{pilot_id}", response={200: PilotDetailOut, **error_responses(401, 404, 422)}, summary="A pilot")
def get_pilot(request, pilot_id: int):
    return _pilot(request.auth, pilot_id)


@router.post(
    "",
    response={201: PilotDetailOut, **error_responses(401, 403, 404, 422)},
    summary="Propose a pilot",
    description="An organisation outside your reach is 404; one where you are not a facilitator is 403.",
)
def propose(request, payload: PilotIn):
    organisation = get_object_or_404(queries.organisations_in_reach(request.auth), pk=payload.organisation)
    sites = list(queries.organisations_in_reach(request.auth).filter(pk__in=storable_ids(payload.sites)))
    if len(sites) != len(set(payload.sites)):
        raise invalid("sites", "Choose sites from the list")
    programme = queries.programmes(request.auth).filter(pk=payload.programme).first() if payload.programme else None
    if payload.programme and programme is None:
        raise invalid("programme", "Choose a programme from the list")
    data = payload.model_dump(exclude={"organisation"}) | {"sites": sites, "programme": programme}
    pilot = _write(lambda: actions.propose(actor=request.auth, organisation=organisation, data=data))
    return Status(201, _detail(request.auth, pilot))


@router.post(
    "/{pilot_id}/measures",
    response={201: PilotMeasureOut, **error_responses(401, 403, 404, 422)},
    summary="Add a measure with its baseline",
)
def add_measure(request, pilot_id: int, payload: MeasureIn):
    pilot = _runnable(request.auth, pilot_id)
    return Status(201, _write(lambda: actions.add_measure(actor=request.auth, pilot=pilot, **payload.model_dump())))


@router.post(
    "/{pilot_id}/approve",
    response={200: PilotDetailOut, **error_responses(401, 403, 404, 422)},
    summary="Approve a proposed pilot",
    description="The gate: a 422 names each of `hypothesis`, `measures` and `sites` that is missing.",
)
def approve(request, pilot_id: int, payload: ApproveIn):
    pilot = _runnable(request.auth, pilot_id)
    _write(lambda: actions.approve(actor=request.auth, pilot=pilot, **payload.model_dump()))
    return _detail(request.auth, pilot)


@router.post(
    "/{pilot_id}/start",
    response={200: PilotDetailOut, **error_responses(401, 403, 404, 422)},
    summary="Start running an approved pilot",
)
def start(request, pilot_id: int, payload: StartIn):
    pilot = _runnable(request.auth, pilot_id)
    _write(lambda: actions.start(actor=request.auth, pilot=pilot, **payload.model_dump()))
    return _detail(request.auth, pilot)


@router.get(
    "/{pilot_id}/cycles", response={200: list[CycleOut], **error_responses(401, 404, 422)}, summary="PDSA cycles"
)
def list_cycles(request, pilot_id: int):
    return list(_pilot(request.auth, pilot_id).cycles.all())


@router.post(
    "/{pilot_id}/cycles",
    response={201: CycleOut, **error_responses(401, 403, 404, 422)},
    summary="Log a PDSA cycle on a running pilot",
)
def add_cycle(request, pilot_id: int, payload: CycleIn):
    pilot = _runnable(request.auth, pilot_id)
    return Status(201, _write(lambda: actions.add_cycle(actor=request.auth, pilot=pilot, **payload.model_dump())))


@router.post(
    "/{pilot_id}/evaluate",
    response={200: PilotDetailOut, **error_responses(401, 403, 404, 422)},
    summary="Record before and after values and what was learned",
    description="A value's problem is named `before_<measure id>` or `after_<measure id>`.",
)
def evaluate(request, pilot_id: int, payload: EvaluateIn):
    pilot = _runnable(request.auth, pilot_id)
    values = {v.measure: (v.before, v.after) for v in payload.values}
    _write(lambda: actions.evaluate(actor=request.auth, pilot=pilot, values=values, learned=payload.learned))
    return _detail(request.auth, pilot)


@router.post(
    "/{pilot_id}/decide",
    response={200: PilotDetailOut, **error_responses(401, 403, 404, 422)},
    summary="Decide: scale up, adapt and test again, or stop",
    description="Scaling up makes the draft case study and the local catalogue intervention in one step; "
    "`measure` and `lever` choose the modelled effect when the result is ambiguous.",
)
def decide(request, pilot_id: int, payload: DecideIn):
    pilot = _runnable(request.auth, pilot_id)
    measure = pilot.measures.filter(pk=payload.measure).first() if payload.measure else None
    if payload.measure and measure is None:
        raise invalid("measure", "Choose a measure of this pilot")
    _write(
        lambda: actions.decide(
            actor=request.auth,
            pilot=pilot,
            decision=payload.decision,
            rationale=payload.rationale or "",
            measure=measure,
            lever=payload.lever,
        )
    )
    return _detail(request.auth, pilot)

"""Every write to pilots: propose, change the proposal, add a measure, approve, start, log a PDSA
cycle, evaluate and decide. Keyword-only, one transaction each, one audit event each (ADR 0014,
0015); each move between stages passes its gate (``lodestar.pilots.lifecycle``) and is kept as
a ``StageChange`` for the pilot's history. Deciding to scale up also makes the draft case study
and the local catalogue intervention (``actions_scale``), in the same transaction.

Who: people with ``FACILITATE`` at the pilot's organisation (``queries.may_run``).
"""

from __future__ import annotations

import datetime
import decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from lodestar.core.audit import record, snapshot
from lodestar.core.validation import Problems, ValidationProblem
from lodestar.learning.actions import measure_value
from lodestar.pilots import lifecycle, queries
from lodestar.pilots.models import Cycle, Decision, Measure, Pilot, PilotEvent, Stage, StageChange

TITLE_MAX, NAME_MAX, UNIT_MAX, TEXT_MAX = 200, 200, 40, 20_000
COHORT_MAX = 1_000_000
FIELDS = ["title", "hypothesis", "aims", "cohort_size", "budget", "stage", "organisation_id", "programme_id"]


def today() -> datetime.date:
    return timezone.localdate()


def _require(actor, organisation) -> None:
    if not queries.may_run(actor, organisation):
        raise PermissionDenied("Only facilitators at the pilot's organisation can change it.")


def _locked(pilot: Pilot) -> Pilot:
    return Pilot.objects.select_for_update().select_related("organisation").get(pk=pilot.pk)


def _state(pilot: Pilot) -> dict:
    return {**snapshot(pilot, FIELDS), "sites": sorted(pilot.sites.values_list("pk", flat=True))}


def _date(value, field: str, label: str, problems: Problems, *, required: bool = True, past: bool = True):
    if value is None:
        if required:
            problems.add(field, f"Enter the {label}")
        return None
    problems.date_in_range(value, field, f"The {label}")
    if past and not problems.has(field) and value > today():
        problems.add(field, f"The {label} cannot be in the future")
    return value


# ------------------------------------------------------------------------------ the proposal


def _cohort(value, problems: Problems) -> int | None:
    if value is None or str(value).strip() == "":
        return None
    try:
        number = int(str(value).replace(",", "").strip())
    except ValueError:
        problems.add("cohort_size", "The cohort size must be a whole number, like 40")
        return None
    if not 1 <= number <= COHORT_MAX:
        problems.add("cohort_size", "The cohort size must be between 1 and 1,000,000")
        return None
    return number


def _budget(value, problems: Problems) -> decimal.Decimal | None:
    number = measure_value(value, "budget", "budget", problems, required=False)
    if number is not None and number < 0:
        problems.add("budget", "The budget cannot be less than 0")
        return None
    return number


def _check_proposal(actor, data: dict) -> dict:
    problems = Problems()
    title = data.get("title")
    if problems.require(title, "title", "Enter a title for the pilot"):
        problems.text(title, "title", "The title", TITLE_MAX)
    for name, label in (("hypothesis", "The hypothesis"), ("aims", "The aims")):
        problems.text(data.get(name) or "", name, label, TEXT_MAX)
    sites = list(data.get("sites") or [])
    reach = set(queries.organisations_in_reach(actor).values_list("pk", flat=True))
    if any(site.pk not in reach for site in sites):
        problems.add("sites", "Choose sites from the list")
    programme = data.get("programme")
    if programme is not None and not queries.programmes(actor).filter(pk=programme.pk).exists():
        problems.add("programme", "Choose a programme from the list")
    values = {
        "programme": programme,
        "title": (title or "").strip() if isinstance(title, str) else "",
        "hypothesis": (data.get("hypothesis") or "").strip(),
        "aims": (data.get("aims") or "").strip(),
        "cohort_size": _cohort(data.get("cohort_size"), problems),
        "budget": _budget(data.get("budget"), problems),
    }
    problems.raise_any()
    return {**values, "sites": list(dict.fromkeys(sites))}


@transaction.atomic
def propose(*, actor, organisation, data: dict) -> Pilot:
    """A new pilot at ``organisation``. ``data``: title, hypothesis, aims, sites (Organisations in
    the actor's reach), cohort_size and budget (numbers or text), and optionally the programme
    (one the actor can see) it belongs to."""
    _require(actor, organisation)
    values = _check_proposal(actor, data)
    sites = values.pop("sites")
    pilot = Pilot.objects.create(organisation=organisation, created_by=actor, **values)
    pilot.sites.set(sites)
    StageChange.objects.create(pilot=pilot, to_stage=Stage.PROPOSED, on=today(), by=actor)
    record(actor=actor, action=PilotEvent.PROPOSE, target=pilot, organisation=organisation, after=_state(pilot))
    return pilot


@transaction.atomic
def update_proposal(*, actor, pilot: Pilot, data: dict) -> Pilot:
    """Change the proposal while the pilot is proposed or approved (before it runs)."""
    _require(actor, pilot.organisation)
    pilot = _locked(pilot)
    if pilot.stage not in (Stage.PROPOSED, Stage.APPROVED):
        raise ValidationProblem(
            "stage", f"You cannot change the proposal of a pilot that is {pilot.get_stage_display().lower()}"
        )
    values = _check_proposal(actor, data)
    before = _state(pilot)
    sites = values.pop("sites")
    for name, value in values.items():
        setattr(pilot, name, value)
    pilot.save()
    pilot.sites.set(sites)
    record(
        actor=actor,
        action=PilotEvent.UPDATE,
        target=pilot,
        organisation=pilot.organisation,
        before=before,
        after=_state(pilot),
    )
    return pilot


@transaction.atomic
def add_measure(*, actor, pilot: Pilot, name, unit, baseline) -> Measure:
    """A measure with its baseline, before the pilot is evaluated."""
    _require(actor, pilot.organisation)
    pilot = _locked(pilot)
    if pilot.stage not in (Stage.PROPOSED, Stage.APPROVED, Stage.RUNNING):
        raise ValidationProblem(
            "stage", f"You cannot add a measure to a pilot that is {pilot.get_stage_display().lower()}"
        )
    problems = Problems()
    if problems.require(name, "name", "Enter what will be measured"):
        problems.text(name, "name", "The measure", NAME_MAX)
    problems.text(unit or "", "unit", "The unit", UNIT_MAX)
    value = measure_value(baseline, "baseline", "baseline value", problems)
    problems.raise_any()
    measure = Measure.objects.create(pilot=pilot, name=name.strip(), unit=(unit or "").strip(), baseline=value)
    record(
        actor=actor,
        action=PilotEvent.MEASURE_ADD,
        target=pilot,
        organisation=pilot.organisation,
        after=snapshot(measure, ["name", "unit", "baseline"]),
    )
    return measure


# ------------------------------------------------------------------------------ the moves


def facts(pilot: Pilot) -> lifecycle.Facts:
    return lifecycle.Facts(
        stage=pilot.stage,
        hypothesis=pilot.hypothesis,
        measures=pilot.measures.count(),
        sites=pilot.sites.count(),
        cycles=pilot.cycles.count(),
    )


def _check_move(pilot: Pilot, move: str, problems: Problems) -> None:
    if not lifecycle.possible(move, pilot.stage):
        raise ValidationProblem("stage", lifecycle.wrong_stage(move, pilot.get_stage_display()))
    for field, message in lifecycle.gate(move, facts(pilot)):
        problems.add(field, message)


def _move(actor, pilot: Pilot, to: str, event: PilotEvent, *, on, note: str = "", decision: str = "") -> Pilot:
    before = _state(pilot)
    StageChange.objects.create(
        pilot=pilot, from_stage=pilot.stage, to_stage=to, decision=decision, note=note, on=on, by=actor
    )
    pilot.stage = to
    pilot.save()
    record(actor=actor, action=event, target=pilot, organisation=pilot.organisation, before=before, after=_state(pilot))
    return pilot


@transaction.atomic
def approve(*, actor, pilot: Pilot, approved_on) -> Pilot:
    """The gate: the hypothesis, at least one measure and at least one site must be in place."""
    _require(actor, pilot.organisation)
    pilot = _locked(pilot)
    problems = Problems()
    _check_move(pilot, "approve", problems)
    _date(approved_on, "approved_on", "date of approval", problems)
    problems.raise_any()
    pilot.approved_by, pilot.approved_on = actor, approved_on
    return _move(actor, pilot, Stage.APPROVED, PilotEvent.APPROVE, on=approved_on)


@transaction.atomic
def start(*, actor, pilot: Pilot, started_on) -> Pilot:
    _require(actor, pilot.organisation)
    pilot = _locked(pilot)
    problems = Problems()
    _check_move(pilot, "start", problems)
    _date(started_on, "started_on", "start date", problems, past=False)
    problems.date_order(
        pilot.approved_on, started_on, "started_on", "The start date must be on or after the date of approval"
    )
    problems.raise_any()
    pilot.started_on = started_on
    return _move(actor, pilot, Stage.RUNNING, PilotEvent.START, on=started_on)


@transaction.atomic
def add_cycle(*, actor, pilot: Pilot, plan, do="", study="", act="", started_on=None, ended_on=None) -> Cycle:
    """A plan-do-study-act cycle of a running pilot: the plan and its start date are required."""
    _require(actor, pilot.organisation)
    pilot = _locked(pilot)
    if not lifecycle.possible("cycle", pilot.stage):
        raise ValidationProblem("stage", lifecycle.wrong_stage("cycle", pilot.get_stage_display()))
    problems = Problems()
    if problems.require(plan, "plan", "Describe the plan: what you will try, and what you predict"):
        problems.text(plan, "plan", "The plan", TEXT_MAX)
    texts = {
        "do": (do, "What was done"),
        "study": (study, "What the results showed"),
        "act": (act, "What happens next"),
    }
    for name, (value, label) in texts.items():
        problems.text(value or "", name, label, TEXT_MAX)
    _date(started_on, "started_on", "date the cycle began", problems, past=False)
    _date(ended_on, "ended_on", "date the cycle ended", problems, required=False, past=False)
    problems.date_order(started_on, ended_on, "ended_on", "The end date must be on or after the date the cycle began")
    problems.raise_any()
    number = (pilot.cycles.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    cycle = Cycle.objects.create(
        pilot=pilot,
        number=number,
        plan=plan.strip(),
        do=(do or "").strip(),
        study=(study or "").strip(),
        act=(act or "").strip(),
        started_on=started_on,
        ended_on=ended_on,
        created_by=actor,
    )
    record(
        actor=actor,
        action=PilotEvent.CYCLE_ADD,
        target=pilot,
        organisation=pilot.organisation,
        after=snapshot(cycle, ["number", "plan", "do", "study", "act", "started_on", "ended_on"]),
    )
    return cycle


@transaction.atomic
def evaluate(*, actor, pilot: Pilot, values: dict, learned: str) -> Pilot:
    """Before and after values for every measure (``values``: measure id -> (before, after)) and
    what was learned. The gate: at least one PDSA cycle."""
    _require(actor, pilot.organisation)
    pilot = _locked(pilot)
    problems = Problems()
    _check_move(pilot, "evaluate", problems)
    measures = list(pilot.measures.all())
    found = {}
    for m in measures:
        before, after = values.get(m.pk, (None, None))
        found[m.pk] = (
            measure_value(before, f"before_{m.pk}", f"value before for {m.name}", problems),
            measure_value(after, f"after_{m.pk}", f"value after for {m.name}", problems),
        )
    if problems.require(learned, "learned", lifecycle.NO_LEARNED):
        problems.text(learned, "learned", "What was learned", TEXT_MAX)
    problems.raise_any()
    for m in measures:
        m.before, m.after = found[m.pk]
        m.save(update_fields=["before", "after"])
    pilot.learned = learned.strip()
    return _move(actor, pilot, Stage.EVALUATING, PilotEvent.EVALUATE, on=today(), note=pilot.learned)


@transaction.atomic
def decide(*, actor, pilot: Pilot, decision: str, rationale: str, measure=None, lever: str = "") -> Pilot:
    """Scale up, adapt and test again (back to running, for a new cycle), or stop, with the reason.
    Scaling up makes the draft case study and the local intervention in the same step
    (``measure`` and ``lever`` choose the modelled effect when the pilot's result is ambiguous)."""
    from lodestar.pilots import actions_scale

    _require(actor, pilot.organisation)
    pilot = _locked(pilot)
    problems = Problems()
    _check_move(pilot, "decide", problems)
    for field, message in lifecycle.decision_problems(decision, rationale):
        problems.add(field, message)
    if not problems.has("rationale"):
        problems.text(rationale, "rationale", "The reason for the decision", TEXT_MAX)
    chosen = actions_scale.choose(pilot, measure, lever, problems) if decision == Decision.SCALE_UP else None
    problems.raise_any()
    pilot.decision, pilot.rationale, pilot.decided_on = decision, rationale.strip(), today()
    to = lifecycle.end_stage("decide", decision)
    _move(actor, pilot, to, PilotEvent.DECIDE, on=pilot.decided_on, note=pilot.rationale, decision=decision)
    if chosen is not None:
        actions_scale.scale_up(actor=actor, pilot=pilot, chosen=chosen)
    return pilot

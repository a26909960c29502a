"""Writes to a programme's parts: milestones (add, mark done), benefit measures (add, record the
latest value) and risks (add, change, close). Keyword-only, one transaction, one audit event each;
FACILITATE at the programme's owning organisation."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from lodestar.core.audit import record, snapshot
from lodestar.core.validation import Problems
from lodestar.programmes import queries
from lodestar.programmes.actions import NAME_MAX, TEXT_MAX, decimal_value
from lodestar.programmes.models import BenefitMeasure, Programme, ProgrammeEvent, ProgrammeMilestone, Risk

UNIT_MAX = 40
SCALE = range(1, 6)


def _require(actor, programme: Programme) -> None:
    if not queries.may_edit(actor, programme):
        raise PermissionDenied


def _audit(actor, event, programme: Programme, *, before=None, after=None) -> None:
    record(actor=actor, action=event, target=programme, organisation=programme.organisation, before=before, after=after)


# ------------------------------------------------------------------------------ milestones


def check_milestone(*, title, due_date, done_date) -> dict:
    problems = Problems()
    if problems.require(title, "title", "Enter what the milestone is"):
        problems.text(title, "title", "The milestone", NAME_MAX)
    if due_date is None:
        problems.add("due_date", "Enter the date the milestone is due")
    else:
        problems.date_in_range(due_date, "due_date", "The due date")
    problems.date_in_range(done_date, "done_date", "The date it was done")
    if done_date is not None and done_date > queries.today():
        problems.add("done_date", "The date it was done cannot be in the future")
    problems.raise_any()
    return {"title": title.strip(), "due_date": due_date, "done_date": done_date}


@transaction.atomic
def add_milestone(*, actor, programme: Programme, title, due_date, done_date=None) -> ProgrammeMilestone:
    _require(actor, programme)
    values = check_milestone(title=title, due_date=due_date, done_date=done_date)
    milestone = ProgrammeMilestone.objects.create(programme=programme, **values)
    _audit(actor, ProgrammeEvent.MILESTONE_ADD, programme, after=snapshot(milestone))
    return milestone


@transaction.atomic
def update_milestone(*, actor, milestone: ProgrammeMilestone, title, due_date, done_date=None) -> ProgrammeMilestone:
    """Change a milestone, or mark it done by giving the date it was done."""
    _require(actor, milestone.programme)
    values = check_milestone(title=title, due_date=due_date, done_date=done_date)
    before = snapshot(milestone)
    for name, value in values.items():
        setattr(milestone, name, value)
    milestone.save()
    _audit(actor, ProgrammeEvent.MILESTONE_UPDATE, milestone.programme, before=before, after=snapshot(milestone))
    return milestone


# ------------------------------------------------------------------------------ measures


def check_measure(*, name, unit, baseline, baseline_date, target, latest=None, latest_date=None) -> dict:
    problems = Problems()
    if problems.require(name, "name", "Enter what is measured"):
        problems.text(name, "name", "The measure", NAME_MAX)
    problems.text(unit or "", "unit", "The unit", UNIT_MAX)
    values = {
        "name": (name or "").strip(),
        "unit": (unit or "").strip(),
        "baseline": decimal_value(baseline, "baseline", "baseline value", problems, required=True),
        "baseline_date": baseline_date,
        "target": decimal_value(target, "target", "target", problems, required=True),
        "latest": decimal_value(latest, "latest", "latest value", problems, required=False),
        "latest_date": latest_date,
    }
    if baseline_date is None:
        problems.add("baseline_date", "Enter the date of the baseline")
    problems.date_in_range(baseline_date, "baseline_date", "The date of the baseline")
    problems.date_in_range(latest_date, "latest_date", "The date of the latest value")
    if values["latest"] is not None and latest_date is None and not problems.has("latest_date"):
        problems.add("latest_date", "Enter the date of the latest value")
    if latest_date is not None and values["latest"] is None and not problems.has("latest"):
        problems.add("latest", "Enter the latest value, or leave its date empty")
    problems.date_order(
        baseline_date, latest_date, "latest_date", "The date of the latest value must be on or after the baseline date"
    )
    problems.raise_any()
    return values


@transaction.atomic
def add_measure(*, actor, programme: Programme, **data) -> BenefitMeasure:
    """A benefit measure: name, unit, baseline and its date, target, and optionally the latest value and its date."""
    _require(actor, programme)
    values = check_measure(**data)
    measure = BenefitMeasure.objects.create(programme=programme, **values)
    _audit(actor, ProgrammeEvent.MEASURE_ADD, programme, after=snapshot(measure))
    return measure


@transaction.atomic
def update_measure(*, actor, measure: BenefitMeasure, **data) -> BenefitMeasure:
    _require(actor, measure.programme)
    values = check_measure(**data)
    before = snapshot(measure)
    for name, value in values.items():
        setattr(measure, name, value)
    measure.save()
    _audit(actor, ProgrammeEvent.MEASURE_UPDATE, measure.programme, before=before, after=snapshot(measure))
    return measure


# ------------------------------------------------------------------------------ risks


def _score(value, field: str, label: str, problems: Problems) -> int | None:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        number = None
    if number not in SCALE:
        problems.add(field, f"Choose the {label} from 1 to 5")
        return None
    return number


def check_risk(*, description, likelihood, impact, owner="", mitigation="", is_open=True) -> dict:
    problems = Problems()
    if problems.require(description, "description", "Describe the risk"):
        problems.text(description, "description", "The description", TEXT_MAX)
    problems.text(owner or "", "owner", "The owner", NAME_MAX)
    problems.text(mitigation or "", "mitigation", "The mitigation", TEXT_MAX)
    values = {
        "description": (description or "").strip(),
        "likelihood": _score(likelihood, "likelihood", "likelihood", problems),
        "impact": _score(impact, "impact", "impact", problems),
        "owner": (owner or "").strip(),
        "mitigation": (mitigation or "").strip(),
        "is_open": bool(is_open),
    }
    problems.raise_any()
    return values


@transaction.atomic
def add_risk(*, actor, programme: Programme, **data) -> Risk:
    _require(actor, programme)
    values = check_risk(**data)
    risk = Risk.objects.create(programme=programme, **values)
    _audit(actor, ProgrammeEvent.RISK_ADD, programme, after=snapshot(risk))
    return risk


@transaction.atomic
def update_risk(*, actor, risk: Risk, **data) -> Risk:
    """Change a risk, or close it (``is_open=False``)."""
    _require(actor, risk.programme)
    values = check_risk(**data)
    before = snapshot(risk)
    for name, value in values.items():
        setattr(risk, name, value)
    risk.save()
    _audit(actor, ProgrammeEvent.RISK_UPDATE, risk.programme, before=before, after=snapshot(risk))
    return risk

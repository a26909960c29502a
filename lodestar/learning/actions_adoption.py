"""Every write to adoption records: an organisation records the stage it has reached with a
catalogue intervention or a published case study's practice, and the RE-AIM measures beside it.
Keyword-only, one transaction each, one audit event each. Every change of stage is kept as an
``AdoptionChange`` (a step back, such as adopted -> piloting, is allowed and kept like any other).

Who: people with ``CONTRIBUTE`` at the organisation (``queries_adoption.may_record``).
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from lodestar.core.audit import record, snapshot
from lodestar.core.validation import Problems, ValidationProblem
from lodestar.learning import queries, queries_adoption
from lodestar.learning.actions import measure_value
from lodestar.learning.models import AdoptionChange, AdoptionRecord, CaseStudy, LearningEvent, Stage
from lodestar.orgs.models import Organisation
from lodestar.star.models import Intervention

REASON_MAX = 2_000
NOTE_MAX = 5_000
MEASURE_MAX = 200
ADAPTATIONS_MAX = 5_000
PEOPLE_MAX = 10_000_000
STATE = ["stage", "since", "reason", "note"]
MEASURES = ["reach", "reach_eligible", "effect_measure", "effect_baseline", "effect_value", "adaptations"]


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _check_subject(actor, intervention, case_study) -> None:
    if (intervention is None) == (case_study is None):
        raise ValidationProblem("subject", "Choose an intervention or a case study")
    if intervention is not None and not queries.interventions(actor).filter(pk=intervention.pk).exists():
        raise ValidationProblem("subject", "Choose an intervention from the catalogue")
    if case_study is not None and not queries.published(actor).filter(pk=case_study.pk).exists():
        raise ValidationProblem("subject", "Choose a published case study you can read")


def _check_stage(stage, since, reason, note, current: AdoptionRecord | None) -> None:
    problems = Problems()
    if stage not in Stage.values:
        problems.add("stage", "Choose the stage your organisation has reached")
    elif current is not None and current.stage == stage:
        problems.add(
            "stage", f"Your organisation is already at {current.get_stage_display().lower()}: choose another stage"
        )
    if since is None:
        problems.add("since", "Enter the date the stage began")
    else:
        problems.date_in_range(since, "since", "The date the stage began")
        if not problems.has("since") and since > timezone.localdate():
            problems.add("since", "The date the stage began must be today or in the past")
        if not problems.has("since") and current is not None and since < current.since:
            problems.add(
                "since",
                f"The date the stage began must be on or after {current.since:%-d %B %Y}, when the current stage began",
            )
    if stage == Stage.DISCONTINUED:
        problems.require(reason, "reason", "Enter why your organisation stopped")
    problems.text(reason or "", "reason", "The reason", REASON_MAX)
    problems.text(note or "", "note", "The note", NOTE_MAX)
    problems.raise_any()


@transaction.atomic
def record_stage(
    *,
    actor,
    organisation: Organisation,
    intervention: Intervention | None = None,
    case_study: CaseStudy | None = None,
    stage: str,
    since: datetime.date | None,
    reason: str = "",
    note: str = "",
) -> AdoptionRecord:
    """Where ``organisation`` stands with ``intervention`` or ``case_study`` (one of them), from
    ``since``. The first stage creates the record; each later one moves it and joins the history.
    ``reason`` is required for discontinued (and kept only then)."""
    _require(organisation is not None and queries_adoption.may_record(actor, organisation))
    _check_subject(actor, intervention, case_study)
    current = (
        AdoptionRecord.objects.select_for_update()
        .filter(organisation=organisation, intervention=intervention, case_study=case_study)
        .first()
    )
    _check_stage(stage, since, reason, note, current)
    reason = (reason or "").strip() if stage == Stage.DISCONTINUED else ""
    note = (note or "").strip()
    before = snapshot(current, STATE) if current else None
    if current is None:
        current = AdoptionRecord(organisation=organisation, intervention=intervention, case_study=case_study)
    current.stage, current.since, current.reason, current.note = stage, since, reason, note
    current.updated_by = actor
    current.save()
    AdoptionChange.objects.filter(record=current, until__isnull=True).update(until=since)
    AdoptionChange.objects.create(record=current, stage=stage, on=since, reason=reason, note=note, by=actor)
    record(
        actor=actor,
        action=LearningEvent.ADOPTION_RECORD,
        target=current,
        organisation=organisation,
        before=before,
        after=snapshot(current, STATE),
    )
    return current


@transaction.atomic
def change_stage(*, actor, adoption: AdoptionRecord, stage: str, since, reason: str = "", note: str = ""):
    """The next stage of an existing record (the same rules as ``record_stage``)."""
    return record_stage(
        actor=actor,
        organisation=adoption.organisation,
        intervention=adoption.intervention,
        case_study=adoption.case_study,
        stage=stage,
        since=since,
        reason=reason,
        note=note,
    )


# ------------------------------------------------------------------------------ measures


def _whole(value, field: str, label: str, problems: Problems) -> int | None:
    if value is None or str(value).strip() == "":
        return None
    text = str(value).replace(",", "").strip()
    if not text.isdigit():
        problems.add(field, f"The {label} must be a whole number, like 120")
        return None
    number = int(text)
    if number > PEOPLE_MAX:
        problems.add(field, f"The {label} must be {PEOPLE_MAX:,} or fewer")
        return None
    return number


def _check_measures(data: dict) -> dict:
    problems = Problems()
    values = {
        "reach": _whole(data.get("reach"), "reach", "number of people covered", problems),
        "reach_eligible": _whole(data.get("reach_eligible"), "reach_eligible", "number who could be covered", problems),
        "effect_measure": (data.get("effect_measure") or "").strip(),
        "effect_baseline": measure_value(
            data.get("effect_baseline"), "effect_baseline", "baseline", problems, required=False
        ),
        "effect_value": measure_value(
            data.get("effect_value"), "effect_value", "current value", problems, required=False
        ),
        "adaptations": (data.get("adaptations") or "").strip(),
    }
    reach, eligible = values["reach"], values["reach_eligible"]
    if eligible == 0 and not problems.has("reach_eligible"):
        problems.add("reach_eligible", "The number who could be covered must be more than 0")
    if reach is not None and eligible and reach > eligible:
        problems.add("reach", "The number of people covered must not be more than the number who could be covered")
    if reach is None and eligible and not problems.has("reach"):
        problems.add("reach", "Enter the number of people covered, or leave both numbers empty")
    problems.text(data.get("effect_measure") or "", "effect_measure", "The measure", MEASURE_MAX)
    has_figures = values["effect_baseline"] is not None or values["effect_value"] is not None
    if has_figures and not values["effect_measure"] and not problems.has("effect_measure"):
        problems.add("effect_measure", "Enter what was measured")
    problems.text(data.get("adaptations") or "", "adaptations", "The adaptations", ADAPTATIONS_MAX)
    problems.raise_any()
    return values


@transaction.atomic
def update_measures(*, actor, adoption: AdoptionRecord, **data) -> AdoptionRecord:
    """The RE-AIM measures: ``reach`` people covered of ``reach_eligible`` who could be; an
    ``effect_measure`` with its ``effect_baseline`` and ``effect_value`` now; the ``adaptations``
    made. Each may be left empty; numbers may come as text from a form."""
    _require(queries_adoption.may_record(actor, adoption.organisation))
    values = _check_measures(data)
    adoption = AdoptionRecord.objects.select_for_update().get(pk=adoption.pk)
    before = snapshot(adoption, MEASURES)
    for name, value in values.items():
        setattr(adoption, name, value)
    adoption.updated_by = actor
    adoption.save()
    record(
        actor=actor,
        action=LearningEvent.ADOPTION_MEASURES,
        target=adoption,
        organisation=adoption.organisation,
        before=before,
        after=snapshot(adoption, MEASURES),
    )
    return adoption

"""Scale up in one step (issue 13, item 2; ADR 0038): a pilot decided for scale-up becomes

* a draft case study in shared learning at the pilot's organisation, through
  ``lodestar.learning.actions`` (challenge = the hypothesis; what was changed = the aims and the
  PDSA cycles; lessons = what was learned; results = each measure before and after), and
* a local catalogue intervention of the pilot's organisation, through
  ``lodestar.star.actions.create_local_intervention``, whose lever is set from the measured result
  of the measure the person chose (``lodestar.pilots.effect``).

Called by ``actions.decide`` inside its transaction: a refusal anywhere writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from lodestar.core.audit import record
from lodestar.core.validation import Problems
from lodestar.learning import actions as case_study_actions
from lodestar.pilots import effect as effects
from lodestar.pilots.models import Measure, Pilot, PilotEvent
from lodestar.star import actions as star_actions
from lodestar.star.models import StarPoint

CHOOSE_MEASURE = "Choose which measure drives the modelled effect"
CHOOSE_LEVER = "Choose the kind of effect the measure shows"
DEMAND_POINT, SUPPLY_POINT = "new-ways-of-working", "supply"


@dataclass(frozen=True)
class Choice:
    measure: Measure
    effect: effects.Effect


def choose(pilot: Pilot, measure, lever: str, problems: Problems) -> Choice | None:
    """The measure and the lever for the local intervention, or None with the problems added.
    With one measure it is chosen; a lever left blank is the one the measure's name suggests."""
    measures = list(pilot.measures.all())
    if measure is None and len(measures) == 1:
        measure = measures[0]
    if measure is None or measure.pk not in {m.pk for m in measures}:
        problems.add("measure", CHOOSE_MEASURE)
        return None
    measure = next(m for m in measures if m.pk == measure.pk)
    lever = lever or effects.suggest(measure.name) or ""
    if not lever:
        problems.add("lever", CHOOSE_LEVER)
        return None
    if measure.before is None or measure.after is None:
        problems.add("measure", effects.NO_VALUES)
        return None
    try:
        found = effects.effect(
            lever=lever, before=measure.before, after=measure.after, unit=measure.unit, cohort_size=pilot.cohort_size
        )
    except ValueError as error:
        problems.add("lever" if lever not in effects.SUPPORTED else "measure", str(error))
        return None
    return Choice(measure, found)


def _what_changed(pilot: Pilot) -> str:
    parts = [pilot.aims] if pilot.aims else []
    for cycle in pilot.cycles.all():
        lines = [f"PDSA cycle {cycle.number} (from {cycle.started_on:%-d %B %Y})", f"Plan: {cycle.plan}"]
        lines += [
            f"{label}: {text}" for label, text in (("Do", cycle.do), ("Study", cycle.study), ("Act", cycle.act)) if text
        ]
        parts.append("\n".join(lines))
    return "\n\n".join(parts)


def _case_study(actor, pilot: Pilot):
    sites = [site for site in pilot.sites.all() if site.pk != pilot.organisation_id]
    data = {
        "title": pilot.title,
        "summary": f"A pilot at {pilot.organisation.name}, decided for scale-up: {pilot.rationale}"[
            : case_study_actions.SUMMARY_MAX
        ],
        "challenge": pilot.hypothesis,
        "what_changed": _what_changed(pilot),
        "who_led": f"The pilot was run by {pilot.organisation.name}"
        + (f" with a cohort of {pilot.cohort_size}." if pilot.cohort_size else "."),
        "lessons": pilot.learned,
        "visibility": "organisation",
        "organisations_involved": sites,
    }
    case_study = case_study_actions.start_case_study(actor=actor, organisation=pilot.organisation, data=data)
    start, end = pilot.started_on or pilot.approved_on, pilot.decided_on
    for m in pilot.measures.all():
        case_study_actions.add_result(
            actor=actor,
            case_study=case_study,
            measure=m.name,
            unit=m.unit,
            baseline=m.before,
            baseline_date=start,
            after=m.after,
            after_date=end,
        )
    return case_study


def _cost_band(pilot: Pilot) -> str:
    if pilot.budget is None or pilot.budget < 50_000:
        return "low"
    return "medium" if pilot.budget <= 250_000 else "high"


def _intervention(actor, pilot: Pilot, chosen: Choice):
    point_key = DEMAND_POINT if chosen.effect.lever in effects.DEMAND else SUPPLY_POINT
    m = chosen.measure
    description = (
        f"{pilot.aims or pilot.hypothesis}\n\nTested as a pilot by {pilot.organisation.name}: {m.name} went from "
        f"{m.before}{m.unit} to {m.after}{m.unit}. The modelled effect is the measured change, shrunk by the size "
        f"of the pilot (weight {chosen.effect.weight:.2f}): see the pilot for the rule."
    )
    data = {
        "point": StarPoint.objects.get(key=point_key),
        "title": pilot.title[: star_actions.TITLE_MAX],
        "summary": (pilot.hypothesis or pilot.title)[: star_actions.SUMMARY_MAX],
        "description": description,
        "staff_groups": ["all"],
        "care_settings": [],
        "evidence_level": "emerging",
        "time_to_impact": "6-12-months",
        "cost_band": _cost_band(pilot),
        "levers": [chosen.effect.as_lever()],
    }
    return star_actions.create_local_intervention(actor=actor, organisation=pilot.organisation, data=data)


def scale_up(*, actor, pilot: Pilot, chosen: Choice) -> Pilot:
    """The draft case study and the local intervention, linked from the pilot (inside ``decide``)."""
    pilot.case_study = _case_study(actor, pilot)
    pilot.intervention = _intervention(actor, pilot, chosen)
    pilot.save(update_fields=["case_study", "intervention", "updated_at"])
    record(
        actor=actor,
        action=PilotEvent.SCALE_UP,
        target=pilot,
        organisation=pilot.organisation,
        after={
            "case_study": pilot.case_study.pk,
            "intervention": pilot.intervention.code,
            "measure": chosen.measure.name,
            "lever": chosen.effect.as_lever(),
        },
    )
    return pilot

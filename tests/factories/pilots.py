"""Pilots for tests, made through the actions so each stage is reached as a person would."""

from __future__ import annotations

import datetime

from django.db import transaction

from lodestar.pilots import actions
from lodestar.pilots.models import Pilot

HYPOTHESIS = "If newly qualified nurses get a named buddy for six months, fewer will leave in their first year."
D = datetime.date


def pilot(actor, organisation, *, stage: str = "proposed", sites=None, cohort_size=60, measures=None, **data) -> Pilot:
    """A pilot at ``organisation`` moved on to ``stage`` by ``actor`` (a facilitator there).
    Measures: (name, unit, baseline, after); the value before is the baseline."""
    measures = measures if measures is not None else [("Newly qualified nurses leaving in a year", "%", "14", "10")]
    with transaction.atomic():
        made = actions.propose(
            actor=actor,
            organisation=organisation,
            data={
                "title": "Buddying for newly qualified nurses",
                "hypothesis": HYPOTHESIS,
                "aims": "Cut first-year leavers from 14% to 10% within a year.",
                "sites": sites if sites is not None else [organisation],
                "cohort_size": cohort_size,
                "budget": "30000",
                **data,
            },
        )
        for name, unit, baseline, _after in measures:
            actions.add_measure(actor=actor, pilot=made, name=name, unit=unit, baseline=baseline)
    order = ["proposed", "approved", "running", "evaluating", "decided"]
    target = order.index(stage)
    if target >= 1:
        made = actions.approve(actor=actor, pilot=made, approved_on=D(2025, 1, 10))
    if target >= 2:
        made = actions.start(actor=actor, pilot=made, started_on=D(2025, 2, 1))
        actions.add_cycle(
            actor=actor,
            pilot=made,
            plan="Buddy the March starters on two wards",
            do="Twelve buddies trained",
            study="Starters felt supported; two left",
            act="Adopt on all medical wards",
            started_on=D(2025, 3, 1),
            ended_on=D(2025, 6, 30),
        )
    if target >= 3:
        values = {m.pk: (m.baseline, after) for m, (*_x, after) in zip(made.measures.all(), measures, strict=True)}
        made = actions.evaluate(actor=actor, pilot=made, values=values, learned="Protected time for buddies matters.")
    if target >= 4:
        made = actions.decide(actor=actor, pilot=made, decision="stop", rationale="Funding ended.")
    return Pilot.objects.get(pk=made.pk)

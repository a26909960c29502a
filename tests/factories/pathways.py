"""Training pathways for tests, made through the actions as a facilitator would."""

from __future__ import annotations

import datetime

from django.db import transaction

from lodestar.pathways import actions
from lodestar.pathways.models import Pathway

D = datetime.date
STAGES = [("Community placement year", 12, "community"), ("Primary and secondary care rotation", 12, "secondary")]


def pathway(actor, organisation, *, name="Community nursing pathway", stages=STAGES, cohorts=(), **data) -> Pathway:
    """A pathway at ``organisation`` with ``stages`` (name, months, setting) and ``cohorts``:
    (intake date, on, {stage index: (enrolled, progressing, completed, withdrawn)})."""
    with transaction.atomic():
        made = actions.create_pathway(
            actor=actor,
            organisation=organisation,
            **{
                "name": name,
                "professions": ["Nursing", "Healthcare support work"],
                "capacity": 20,
                "intakes_per_year": 2,
                "staff_group": "registered-nurses",
                **data,
            },
        )
        made_stages = [actions.add_stage(actor=actor, pathway=made, name=n, months=m, setting=s) for n, m, s in stages]
        for intake, on, counts in cohorts:
            cohort = actions.add_cohort(actor=actor, pathway=made, intake_date=intake)
            by_stage = {
                made_stages[i].pk: dict(zip(actions.COUNT_FIELDS, numbers, strict=True))
                for i, numbers in counts.items()
            }
            actions.record_counts(actor=actor, cohort=cohort, on=on, counts=by_stage)
    return made

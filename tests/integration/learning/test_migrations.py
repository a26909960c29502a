"""learning/0005_adoption_change_until: each adoption change already recorded gets the day of its
record's next change (the latest change none), so the spread curve counts old histories right."""

from __future__ import annotations

import datetime

import pytest

from tests.migrations import migrate, migrate_to_latest

BEFORE = [("learning", "0004_search_vector")]
AFTER = [("learning", "0005_adoption_change_until")]
D = datetime.date


@pytest.mark.django_db(transaction=True)
def test_changes_recorded_before_get_the_day_of_their_records_next_change():
    from lodestar.learning.models import AdoptionRecord
    from tests.factories import hierarchy
    from tests.factories.star import InterventionFactory

    orgs = hierarchy()
    first, second = (
        AdoptionRecord.objects.create(
            organisation=orgs[key], intervention=InterventionFactory(), stage="adopted", since=D(2025, 6, 1)
        )
        for key in ("trust_a", "trust_b")
    )
    old = migrate(BEFORE)
    Change = old.get_model("learning", "AdoptionChange")
    # Saved out of order, and two on one day: the day, then the order they were saved, decide.
    for record, stage, on in [
        (first, "piloting", D(2025, 3, 1)),
        (second, "adopted", D(2025, 6, 1)),
        (first, "aware", D(2025, 1, 1)),
        (first, "exploring", D(2025, 3, 1)),
        (first, "adopted", D(2025, 6, 1)),
    ]:
        Change.objects.create(record_id=record.pk, stage=stage, on=on)

    new = migrate(AFTER)
    rows = new.get_model("learning", "AdoptionChange").objects.order_by("record_id", "on", "pk")
    assert [(r.record_id, r.stage, r.until) for r in rows] == [
        (first.pk, "aware", D(2025, 3, 1)),
        (first.pk, "piloting", D(2025, 3, 1)),
        (first.pk, "exploring", D(2025, 6, 1)),
        (first.pk, "adopted", None),
        (second.pk, "adopted", None),
    ]
    migrate_to_latest()

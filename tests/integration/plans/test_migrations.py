"""plans/0002_measure_values: each measure's latest value becomes the first value of its series,
its direction is inferred from target and baseline, and going back restores the latest value."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from tests.migrations import migrate, migrate_to_latest

BEFORE = [("plans", "0001_initial")]
AFTER = [("plans", "0002_measure_values")]


@pytest.mark.django_db(transaction=True)
def test_latest_values_move_into_the_series_and_back():
    from tests.factories import hierarchy
    from tests.factories.workshops import star_points

    orgs = hierarchy()
    star_points()
    old = migrate(BEFORE)
    plan = old.get_model("plans", "ActionPlan").objects.create(organisation_id=orgs["trust_a"].pk, title="Plan")
    point = old.get_model("star", "StarPoint").objects.get(key="supply")
    action = old.get_model("plans", "Action").objects.create(
        plan=plan, title="Act", point_id=point.pk, organisation_id=orgs["trust_a"].pk
    )
    Measure = old.get_model("plans", "SuccessMeasure")
    dated = Measure.objects.create(
        action=action,
        metric="Vacancy rate",
        baseline=14,
        target=8,
        latest_value=12,
        latest_on=datetime.date(2026, 5, 1),
    )
    undated = Measure.objects.create(action=action, metric="Posts", baseline=3, target=9, latest_value=4)
    never = Measure.objects.create(action=action, metric="Not yet", baseline=5, target=5)

    new = migrate(AFTER)
    Value = new.get_model("plans", "MeasureValue")
    assert [(v.date, v.value) for v in Value.objects.filter(measure_id=dated.pk)] == [
        (datetime.date(2026, 5, 1), Decimal("12"))
    ]
    [moved] = Value.objects.filter(measure_id=undated.pk)
    assert moved.value == 4 and moved.recorded_by_label == "Moved from the measure's latest value"
    assert not Value.objects.filter(measure_id=never.pk).exists()
    directions = dict(new.get_model("plans", "SuccessMeasure").objects.values_list("metric", "direction"))
    assert directions == {"Vacancy rate": "lower", "Posts": "higher", "Not yet": ""}

    Value.objects.create(measure_id=dated.pk, date=datetime.date(2026, 6, 1), value=11)
    back = migrate(BEFORE)
    restored = back.get_model("plans", "SuccessMeasure").objects.get(pk=dated.pk)
    assert (restored.latest_value, restored.latest_on) == (Decimal("11"), datetime.date(2026, 6, 1))
    migrate_to_latest()

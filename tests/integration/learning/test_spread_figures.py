"""The spread dashboard's curve and time to adopt, counted by the database (spans of stage changes
and each record's first days piloting and adopted), equal the slow references that walk every
record's history at every quarter's end, on random histories, on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime
import random

import pytest
from django.utils import timezone

from lodestar.learning import queries_spread, spread
from lodestar.learning.models import AdoptionChange, AdoptionRecord
from lodestar.learning.presenters_spread import SpreadPresenter
from tests.factories.star import InterventionFactory

pytestmark = pytest.mark.django_db

STAGES = ["aware", "exploring", "piloting", "adopted", "embedded", "discontinued"]


def _random_histories(seed: int, organisations) -> list[list[tuple[str, datetime.date]]]:
    """Histories with repeated days (two changes on one day), changes after today and stages that
    come back (piloting again after adopted)."""
    rnd = random.Random(seed)
    today = timezone.localdate()
    interventions = [InterventionFactory() for _ in range(6)]
    histories = []
    for organisation in organisations:
        for intervention in interventions:
            if rnd.random() < 0.3:
                continue
            days = sorted(rnd.randint(-900, 20) for _ in range(rnd.randint(1, 6)))
            history = [(rnd.choice(STAGES), today + datetime.timedelta(days=d)) for d in days]
            stage, since = history[-1]
            record = AdoptionRecord.objects.create(
                organisation=organisation, intervention=intervention, stage=stage, since=since
            )
            AdoptionChange.objects.bulk_create(AdoptionChange.for_history(record, history))
            histories.append(history)
    return histories


@pytest.mark.parametrize("seed", range(6))
def test_the_databases_curve_and_median_equal_walking_every_record(seed, world):
    orgs = world["orgs"]
    histories = _random_histories(seed, [orgs[k] for k in ("trust_a", "trust_b", "pcn_a", "practice_a")])
    reviewer = world["people"]["reviewer"]  # the region: every record above is in reach
    presenter = SpreadPresenter(queries_spread.records(reviewer), queries_spread.icss(reviewer))

    assert presenter.curve == spread.curve_by_walking(histories, presenter.today)
    assert presenter.median_days == spread.median_days(histories)
    assert presenter.median_days[1] > 0 or not any(s == "piloting" for h in histories for s, _ in h)


def test_no_records_no_curve_and_no_median(world):
    reviewer = world["people"]["reviewer"]
    presenter = SpreadPresenter(queries_spread.records(reviewer), queries_spread.icss(reviewer))
    assert presenter.curve == ([], {})
    assert presenter.median_days == (None, 0)


def test_edges_a_change_on_a_quarters_last_day_and_adopted_the_day_piloting_began(world):
    orgs, today = world["orgs"], timezone.localdate()
    end = spread.quarter_end(today.replace(year=today.year - 1))  # a quarter's last day, a year ago
    day = datetime.timedelta(days=1)
    histories = {
        "trust_a": [("piloting", end), ("adopted", end)],  # 0 days, on the quarter's last day
        "trust_b": [("adopted", end - 40 * day), ("piloting", end - 20 * day), ("embedded", end + day)],
        "pcn_a": [("piloting", end - 30 * day), ("aware", end - 29 * day), ("piloting", end), ("adopted", end + day)],
    }
    for key, history in histories.items():
        record = AdoptionRecord.objects.create(
            organisation=orgs[key], intervention=InterventionFactory(), stage=history[-1][0], since=history[-1][1]
        )
        AdoptionChange.objects.bulk_create(AdoptionChange.for_history(record, history))
    reviewer = world["people"]["reviewer"]
    presenter = SpreadPresenter(queries_spread.records(reviewer), queries_spread.icss(reviewer))

    assert presenter.median_days == spread.median_days(list(histories.values())) == (21, 3)  # 0, 21, 31
    assert presenter.curve == spread.curve_by_walking(list(histories.values()), presenter.today)
    labels, counts = presenter.curve
    at_end = labels.index(spread.quarter_label(end))
    assert counts["Adopted or embedded"][at_end] == 1 and counts["Piloting"][at_end] == 2

"""The demo adoption records load across the region over two years, and loading again adds nothing."""

import datetime

import pytest

from lodestar.accounts import demo as people_demo
from lodestar.learning import demo, demo_adoption
from lodestar.learning.models import AdoptionChange, AdoptionRecord
from lodestar.orgs import demo as orgs_demo
from lodestar.star import demo as star_demo

pytestmark = pytest.mark.django_db


def test_demo_adoption_loads_once_with_the_case_studies():
    people_demo.load(orgs_demo.load())
    star_demo.load()
    demo.load()
    assert AdoptionRecord.objects.count() == len(demo_adoption.ADOPTIONS)
    assert {r.stage for r in AdoptionRecord.objects.all()} >= {"piloting", "adopted", "embedded", "discontinued"}
    days = list(AdoptionChange.objects.values_list("on", flat=True))
    assert min(days) >= datetime.date(2025, 1, 1) and max(days) >= datetime.date(2026, 9, 1)  # two years
    assert len({(day.year, (day.month - 1) // 3) for day in days}) >= 7  # a curve, quarter by quarter
    assert all(r.reason for r in AdoptionRecord.objects.filter(stage="discontinued"))
    assert AdoptionRecord.objects.values("organisation").distinct().count() >= 8  # across the region
    changes = AdoptionChange.objects.count()
    demo.load()
    assert AdoptionRecord.objects.count() == len(demo_adoption.ADOPTIONS)
    assert AdoptionChange.objects.count() == changes

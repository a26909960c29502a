"""The demo pathways load for the demo region with cohorts over two years; loading again adds nothing."""

import pytest

from lodestar.accounts import demo as people_demo
from lodestar.orgs import demo as orgs_demo
from lodestar.pathways import demo
from lodestar.pathways.actions_projection import lever_for
from lodestar.pathways.models import Cohort, CohortCount, Competency, Pathway, Placement, Stage

pytestmark = pytest.mark.django_db


def counts():
    return [m.objects.count() for m in (Pathway, Stage, Competency, Placement, Cohort, CohortCount)]


def test_demo_pathways_load_once_and_feed_a_projection():
    people_demo.load(orgs_demo.load())
    demo.load()
    first = counts()
    assert first[0] == 3 and first[4] >= 8
    days = list(CohortCount.objects.values_list("on", flat=True))
    assert (max(days) - min(days)).days > 365
    demo.load()
    assert counts() == first
    nursing = Pathway.objects.get(name="Community, primary and secondary care nursing pathway")
    lever = lever_for(nursing, staff_group=demo.NURSES)
    assert lever["extra_places"] == 48 and lever["course_years"] == 2
    assert lever["attrition"]["low"] < lever["attrition"]["high"]

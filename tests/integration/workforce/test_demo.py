"""The demo workforce files load through the import journey, match the demo organisations, and
loading again changes nothing."""

import time

import pytest

from lodestar.accounts import demo as people_demo
from lodestar.core.models import AuditEvent
from lodestar.orgs import demo as orgs_demo
from lodestar.workforce import demo
from lodestar.workforce.models import (
    FIGURE_TABLES,
    ImportStatus,
    Population,
    Source,
    StaffFlow,
    StaffInPost,
    Turnover,
    WorkforceImport,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_people():
    people_demo.load(orgs_demo.load())


def _tables():
    return {model for models in FIGURE_TABLES.values() for model in models}


def _live_counts() -> dict[str, int]:
    return {model.__name__: model.objects.filter(live=True).count() for model in _tables()}


def test_every_demo_file_loads_quickly_as_a_national_or_own_import(demo_people):
    started = time.perf_counter()
    made = demo.load()
    seconds = time.perf_counter() - started
    assert seconds < 10, f"the demo workforce data took {seconds:.1f} s to load"
    assert len(made) == len(demo.demo_files()) == 9
    assert {i.status for i in made} == {ImportStatus.LOADED}
    # no demo file replaces another's figures (same source, owner and periods)
    live = set()
    for model in _tables():
        live |= set(model.objects.filter(live=True).values_list("load_id", flat=True))
    assert live == {i.pk for i in made}
    assert {i.source for i in made} == set(Source.values)
    own = [i for i in made if i.organisation is not None]
    assert [(i.source, i.organisation.name) for i in own] == [
        (Source.STAFF_RECORDS, "Riverside Hospitals NHS Foundation Trust")
    ]
    assert all(i.uploaded_by.email == "platform@demo.lodestar.test" for i in made if i not in own)


def test_staff_in_post_is_live_for_24_months_and_matches_the_demo_trusts(demo_people):
    demo.load()
    published = StaffInPost.objects.filter(live=True, load__organisation__isnull=True)
    assert published.values("period").distinct().count() == 24
    trust = published.filter(org_code="RVX").order_by("-period")
    assert trust.first().organisation.name == "Riverside Hospitals NHS Foundation Trust"
    latest = trust.filter(period=trust.first().period)
    headcount = sum(row.headcount for row in latest)
    nurses = sum(row.headcount for row in latest if row.staff_group == "Nurses & health visitors")
    assert 5000 <= headcount <= 8000
    assert 0.25 <= nurses / headcount <= 0.35
    # fictional trusts beyond Lodestar are kept for national comparisons, with no organisation
    assert published.filter(org_code="R9A", organisation__isnull=True).exists()


def test_published_leaver_rates_own_flows_and_an_ageing_population(demo_people):
    demo.load()
    rows = Turnover.objects.filter(live=True, load__organisation__isnull=True, org_code="RVX")
    latest = rows.filter(period=max(r.period for r in rows))
    rate = sum(r.leavers_hc for r in latest) / sum(r.denom_hc for r in latest)
    assert 0.08 <= rate <= 0.10
    assert StaffFlow.objects.filter(live=True, flow="leavers", org_code="RVX").exists()
    assert StaffFlow.objects.filter(live=True, flow="joiners", org_code="RVX").exists()
    over_85 = {
        year: sum(
            Population.objects.filter(live=True, year=year, age_band__in=["85-89", "90+"]).values_list(
                "population", flat=True
            )
        )
        for year in (2026, 2036)
    }
    assert over_85[2036] > over_85[2026] * 1.2
    assert Population.objects.filter(live=True).first().organisation.name == "Riverside City Council"


def test_loading_again_changes_nothing(demo_people):
    demo.load()
    imports, events, live = WorkforceImport.objects.count(), AuditEvent.objects.count(), _live_counts()
    assert demo.load() == []
    assert (WorkforceImport.objects.count(), AuditEvent.objects.count(), _live_counts()) == (imports, events, live)


def test_the_demo_files_are_small():
    assert sum(p.stat().st_size for p in demo.demo_files()) < 1.5 * 1024 * 1024

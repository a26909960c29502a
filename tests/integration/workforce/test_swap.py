"""Loading swaps figures in whole: a new period adds to the series, a period loaded again is
replaced, the same file again changes nothing, and a load that fails changes nothing."""

from __future__ import annotations

import datetime
import threading
import time

import pytest
from django.db import connection, connections

from lodestar.core.validation import ValidationProblem
from lodestar.workforce import actions, store
from lodestar.workforce.models import ImportStatus, StaffInPost, WorkforceImport
from tests.integration.workforce.conftest import FIXTURES, staff_in_post_csv

NURSES = "Nurses & health visitors"
SEPTEMBER = datetime.date(2024, 9, 1)


def month(date: str, headcount: int = 12, code: str = "RA1") -> bytes:
    return staff_in_post_csv([(code, "Trust A", NURSES, "Band 5", headcount - 1.5, headcount)], date=date)


def live_figures():
    return sorted(
        StaffInPost.objects.filter(live=True).values_list("load_id", "period", "org_code", "headcount"),
        key=str,
    )


@pytest.fixture
def person(orgs, analyst):
    return analyst(orgs["trust_a"])


def test_a_new_period_adds_to_the_series(orgs, person, load_file):
    september = load_file(person, orgs["trust_a"], month("2024-09-30", 12))
    october = load_file(person, orgs["trust_a"], month("2024-10-31", 14))
    assert [str(p) for _, p, _, _ in live_figures()] == ["2024-09-01", "2024-10-01"]
    assert {load for load, *_ in live_figures()} == {september.pk, october.pk}
    assert october.summary["replaces"] == []


def test_loading_a_period_again_replaces_it(orgs, person, load_file):
    first = load_file(person, orgs["trust_a"], month("2024-09-30", 12))
    second = load_file(person, orgs["trust_a"], month("2024-09-30", 20))
    assert live_figures() == [(second.pk, SEPTEMBER, "RA1", 20)]
    assert StaffInPost.objects.filter(load=first, live=False).count() == 1  # kept for a rollback
    [replaced] = second.summary["replaces"]
    assert replaced["import"] == first.pk
    assert replaced["periods"] == ["2024-09-01"]
    assert replaced["text"].startswith(
        f"Replaces the data for September 2024 loaded by import {first.pk} (upload.csv) on "
    )


def test_the_same_file_again_is_unchanged_and_changes_nothing(orgs, person, load_file):
    first = load_file(person, orgs["trust_a"], month("2024-09-30"))
    before = list(StaffInPost.objects.order_by("pk").values())
    again = load_file(person, orgs["trust_a"], month("2024-09-30"))
    assert again.status == ImportStatus.UNCHANGED
    assert again.summary["same_as"] == first.pk
    assert f"loaded by import {first.pk}" in again.summary["text"]
    assert list(StaffInPost.objects.order_by("pk").values()) == before


def test_the_same_file_for_another_owner_is_loaded(orgs, person, national_loader, load_file):
    load_file(person, orgs["trust_a"], month("2024-09-30"))
    national = load_file(national_loader, None, month("2024-09-30"))
    assert national.status == ImportStatus.LOADED
    assert StaffInPost.objects.filter(live=True).count() == 2


def test_a_file_loaded_again_after_being_replaced_is_loaded(orgs, person, load_file):
    load_file(person, orgs["trust_a"], month("2024-09-30", 12))
    load_file(person, orgs["trust_a"], month("2024-09-30", 20))
    third = load_file(person, orgs["trust_a"], month("2024-09-30", 12))
    assert third.status == ImportStatus.LOADED
    assert live_figures() == [(third.pk, SEPTEMBER, "RA1", 12)]


def test_national_and_organisation_figures_do_not_replace_each_other(orgs, person, national_loader, load_file):
    own = load_file(person, orgs["trust_a"], month("2024-09-30", 12))
    national = load_file(national_loader, None, month("2024-09-30", 30))
    assert {load for load, *_ in live_figures()} == {own.pk, national.pk}


def test_a_load_that_fails_half_way_leaves_the_figures_as_they_were(orgs, person, load_file, monkeypatch):
    load_file(person, orgs["trust_a"], month("2024-09-30", 12))
    load_file(person, orgs["trust_a"], month("2024-10-31", 13))
    before = list(StaffInPost.objects.order_by("pk").values())

    real_swap = store.swap_in

    def swap_then_fail(workforce_import):
        real_swap(workforce_import)  # the earlier September rows are now not live ...
        raise RuntimeError("disk full")  # ... and then the job dies

    monkeypatch.setattr(store, "swap_in", swap_then_fail)
    failed = load_file(person, orgs["trust_a"], month("2024-09-30", 99))
    assert failed.status == ImportStatus.FAILED
    assert failed.error.startswith("Lodestar could not finish loading this file")
    assert "Nothing was changed" in failed.error
    assert list(StaffInPost.objects.order_by("pk").values()) == before  # its staging rows are gone too


def test_a_check_that_fails_leaves_the_figures_as_they_were(orgs, person, load_file, monkeypatch, import_dir):
    load_file(person, orgs["trust_a"], month("2024-09-30", 12))
    before = list(StaffInPost.objects.order_by("pk").values())

    def broken(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(store, "write_staging", broken)
    failed = load_file(person, orgs["trust_a"], month("2024-09-30", 99))
    assert failed.status == ImportStatus.FAILED
    assert failed.error.startswith("Lodestar could not finish checking this file")
    assert list(StaffInPost.objects.order_by("pk").values()) == before
    assert list(import_dir.iterdir()) == []  # the upload is deleted on failure too


def test_confirming_twice_is_refused(orgs, person, load_file):
    loaded = load_file(person, orgs["trust_a"], month("2024-09-30"))
    with pytest.raises(ValidationProblem):
        actions.confirm(actor=person, workforce_import=loaded)
    assert WorkforceImport.objects.get(pk=loaded.pk).status == ImportStatus.LOADED


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_loads_of_one_period_at_once_leave_one_live(orgs, analyst, monkeypatch):
    """Two workers load two files for the same owner and month at the same moment (two real
    PostgreSQL connections): the loads run one after the other, and only the later is live."""
    if connection.vendor != "postgresql":
        pytest.skip("Needs PostgreSQL: SQLite serialises writers, so there is no race to lose")
    person = analyst(orgs["trust_a"])
    ready = []
    for headcount in (12, 20):
        uploaded = actions.upload(
            actor=person, file_name="staff.csv", data=month("2024-09-30", headcount), organisation=orgs["trust_a"]
        )
        ready.append(actions.confirm(actor=person, workforce_import=actions.check(uploaded.pk)))
    real_swap = store.swap_in
    monkeypatch.setattr(store, "swap_in", lambda imp: (real_swap(imp), time.sleep(0.5)))
    barrier = threading.Barrier(2)
    outcomes = {}

    def load(workforce_import):
        try:
            barrier.wait(timeout=10)
            outcomes[workforce_import.pk] = actions.load(workforce_import.pk).status
        finally:
            connections.close_all()

    threads = [threading.Thread(target=load, args=(w,)) for w in ready]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes.values()) == [ImportStatus.LOADED, ImportStatus.LOADED]
    assert StaffInPost.objects.filter(live=True).count() == 1
    later = WorkforceImport.objects.order_by("-loaded_at").first()
    assert StaffInPost.objects.get(live=True).load_id == later.pk


def test_the_same_file_for_another_month_is_loaded(orgs, national_loader, load_file):
    path = FIXTURES / "gp_practice" / "practice_level.csv"
    september = load_file(national_loader, None, path, options={"period": "2024-09-01"})
    october = load_file(national_loader, None, path, options={"period": "2024-10-01"})
    assert (september.status, october.status) == (ImportStatus.LOADED, ImportStatus.LOADED)
    again = load_file(national_loader, None, path, options={"period": "2024-10-01"})
    assert again.status == ImportStatus.UNCHANGED

"""The check and load jobs: run by the task backend after commit, safe to run again after a job
was killed half way, and showing their progress."""

from __future__ import annotations

import os
import time

import pytest
from django.core.management import call_command

from lodestar.workforce import actions, tasks
from lodestar.workforce.models import ImportStatus, StaffInPost, WorkforceImport
from tests.integration.workforce.conftest import staff_in_post_csv

NURSES = "Nurses & health visitors"
FILE = staff_in_post_csv(
    [("RA1", "Trust A", NURSES, "Band 5", 10, 12), ("RA1", "Trust A", NURSES, "Band 6", 4, 5)],
    date="2024-09-30",
)


def uploaded(person, org):
    return actions.upload(actor=person, file_name="staff.csv", data=FILE, organisation=org)


def test_the_jobs_run_after_the_upload_and_confirmation_commit(
    orgs, analyst, immediate_tasks, django_capture_on_commit_callbacks
):
    person = analyst(orgs["trust_a"])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        workforce_import = uploaded(person, orgs["trust_a"])
    assert WorkforceImport.objects.get(pk=workforce_import.pk).status == ImportStatus.QUEUED  # nothing ran yet
    assert len(callbacks) == 1
    callbacks[0]()
    workforce_import.refresh_from_db()
    assert (workforce_import.status, workforce_import.progress) == (ImportStatus.READY, 100)

    with django_capture_on_commit_callbacks(execute=True):
        actions.confirm(actor=person, workforce_import=workforce_import)
    assert WorkforceImport.objects.get(pk=workforce_import.pk).status == ImportStatus.LOADED
    assert StaffInPost.objects.filter(live=True).count() == 2


def test_the_task_returns_the_status(orgs, analyst, immediate_tasks):
    workforce_import = uploaded(analyst(orgs["trust_a"]), orgs["trust_a"])
    result = tasks.check_import.enqueue(workforce_import.pk)
    assert result.return_value == ImportStatus.READY


def test_a_check_killed_half_way_can_be_run_again(orgs, analyst):
    workforce_import = uploaded(analyst(orgs["trust_a"]), orgs["trust_a"])
    # The first run got as far as writing its staging rows, then the worker was killed.
    WorkforceImport.objects.filter(pk=workforce_import.pk).update(status=ImportStatus.CHECKING, progress=60)
    StaffInPost.objects.create(
        load=workforce_import, live=False, period="2024-09-01", org_code="RA1", staff_group=NURSES, fte=1, headcount=1
    )
    again = actions.check(workforce_import.pk)
    assert again.status == ImportStatus.READY
    assert StaffInPost.objects.filter(load=again).count() == 2  # one copy, not the earlier half
    assert sorted(StaffInPost.objects.values_list("headcount", flat=True)) == [5, 12]


def test_a_load_killed_half_way_can_be_run_again(orgs, analyst):
    person = analyst(orgs["trust_a"])
    workforce_import = actions.check(uploaded(person, orgs["trust_a"]).pk)
    actions.confirm(actor=person, workforce_import=workforce_import)
    # The load is one transaction: a killed job leaves the import LOADING and no rows swapped.
    assert WorkforceImport.objects.get(pk=workforce_import.pk).status == ImportStatus.LOADING
    assert not StaffInPost.objects.filter(live=True).exists()
    assert actions.load(workforce_import.pk).status == ImportStatus.LOADED
    assert actions.load(workforce_import.pk).status == ImportStatus.LOADED  # a second run changes nothing
    assert StaffInPost.objects.filter(live=True).count() == 2


def test_a_check_run_twice_changes_nothing_the_second_time(orgs, analyst):
    workforce_import = uploaded(analyst(orgs["trust_a"]), orgs["trust_a"])
    first = actions.check(workforce_import.pk)
    second = actions.check(workforce_import.pk)
    assert (first.status, second.status) == (ImportStatus.READY, ImportStatus.READY)
    assert StaffInPost.objects.filter(load=workforce_import).count() == 2


def test_a_check_whose_file_is_gone_fails_with_a_plain_message(orgs, analyst, import_dir):
    workforce_import = uploaded(analyst(orgs["trust_a"]), orgs["trust_a"])
    for kept in import_dir.iterdir():
        kept.unlink()
    failed = actions.check(workforce_import.pk)
    assert failed.status == ImportStatus.FAILED
    assert failed.error == "The uploaded file is no longer on the server (it is deleted once checked). Upload it again."


def test_progress_is_written_as_the_check_goes(orgs, analyst, monkeypatch):
    workforce_import = uploaded(analyst(orgs["trust_a"]), orgs["trust_a"])
    seen = []
    real = tasks._progress

    def watch(target, percent, **fields):
        real(target, percent, **fields)
        seen.append(WorkforceImport.objects.values_list("status", "progress").get(pk=target.pk))

    monkeypatch.setattr(tasks, "_progress", watch)
    actions.check(workforce_import.pk)
    assert seen[0] == (ImportStatus.CHECKING, 5)
    assert [p for _, p in seen] == sorted(p for _, p in seen)
    assert len(seen) >= 3


def test_cancelling_a_checked_import_deletes_its_staging_rows(orgs, analyst):
    person = analyst(orgs["trust_a"])
    workforce_import = actions.check(uploaded(person, orgs["trust_a"]).pk)
    cancelled = actions.cancel(actor=person, workforce_import=workforce_import)
    assert cancelled.status == ImportStatus.CANCELLED
    assert not StaffInPost.objects.filter(load=workforce_import).exists()


def test_cancelling_a_queued_import_deletes_its_file(orgs, analyst, import_dir):
    person = analyst(orgs["trust_a"])
    workforce_import = uploaded(person, orgs["trust_a"])
    actions.cancel(actor=person, workforce_import=workforce_import)
    assert list(import_dir.iterdir()) == []
    assert actions.check(workforce_import.pk).status == ImportStatus.CANCELLED  # a late job does nothing


@pytest.mark.django_db(transaction=True)
def test_with_the_database_backend_the_worker_checks_and_loads(orgs, analyst, settings):
    """The default set-up: each step queues a task row; `db_worker` (one batch) runs it."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    person = analyst(orgs["trust_a"])
    workforce_import = uploaded(person, orgs["trust_a"])
    assert DBTaskResult.objects.count() == 1
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    workforce_import.refresh_from_db()
    assert workforce_import.status == ImportStatus.READY

    actions.confirm(actor=person, workforce_import=workforce_import)
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    assert WorkforceImport.objects.get(pk=workforce_import.pk).status == ImportStatus.LOADED
    assert StaffInPost.objects.filter(live=True).count() == 2
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}


def test_an_upload_never_checked_is_deleted_after_a_day(orgs, analyst, import_dir):
    person = analyst(orgs["trust_a"])
    forgotten = uploaded(person, orgs["trust_a"])
    [kept] = list(import_dir.iterdir())
    day_and_a_bit = time.time() - 25 * 3600
    os.utime(kept, (day_and_a_bit, day_and_a_bit))
    uploaded(person, orgs["trust_a"])  # the next upload sweeps the folder
    assert kept not in list(import_dir.iterdir())
    assert len(list(import_dir.iterdir())) == 1
    assert actions.check(forgotten.pk).status == ImportStatus.FAILED

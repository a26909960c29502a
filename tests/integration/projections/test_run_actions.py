"""Asking for a run (``actions.runs.request_run``): its limits, bad input naming the field with
nothing saved, the audit event and the job enqueued once the transaction commits."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from lodestar.core.audit import AuditEvent
from lodestar.core.validation import ValidationProblem
from lodestar.projections.actions import runs as run_actions
from lodestar.projections.models import ProjectionEvent, Run, RunKind, RunStatus
from tests.factories.projections import small_spec
from tests.integration.projections.runs_fixtures import *  # noqa: F403 - the fixtures

pytestmark = pytest.mark.django_db


def refused(**kwargs) -> ValidationProblem:
    with pytest.raises(ValidationProblem) as caught:
        run_actions.request_run(**kwargs)
    assert Run.objects.count() == 0
    assert not AuditEvent.objects.filter(action=ProjectionEvent.RUN_REQUEST.value).exists()
    return caught.value


def test_request_queues_a_run_records_it_and_enqueues_on_commit(
    scen, editor, queued_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        run = run_actions.request_run(actor=editor, version=scen.latest, runs=200, seed=7)
    assert len(callbacks) == 1  # the job is enqueued only once the run is committed
    run.refresh_from_db()
    assert run.status == RunStatus.QUEUED
    assert (run.runs, run.seed, run.kind) == (200, 7, RunKind.SCENARIO)
    assert run.spec == scen.latest.spec
    assert run.size == 5 * 10 * 200  # cohorts x years x runs
    assert run.requested_by == editor
    event = AuditEvent.objects.get(action=ProjectionEvent.RUN_REQUEST.value)
    assert event.target_id == str(run.pk)
    assert event.after["runs"] == 200 and event.after["seed"] == 7
    assert event.organisation == scen.organisation


def test_the_run_is_projected_by_the_worker(scen, editor, immediate_tasks, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run = run_actions.request_run(actor=editor, version=scen.latest, runs="100", seed="3")
    run.refresh_from_db()
    assert run.status == RunStatus.DONE
    assert run.result["summary"]["year"]


def test_no_seed_gets_a_random_one_recorded(scen, editor, queued_tasks):
    first = run_actions.request_run(actor=editor, version=scen.latest, runs=10)
    second = run_actions.request_run(actor=editor, version=scen.latest, runs=10, seed="")
    assert first.seed >= 0 and second.seed >= 0
    assert Run.objects.filter(seed=first.seed).exists()


@pytest.mark.parametrize("runs", [0, -5, 10_001, "10001"])
def test_runs_out_of_range_are_refused(scen, editor, runs):
    problem = refused(actor=editor, version=scen.latest, runs=runs, seed=1)
    assert problem.problems == [("runs", "Number of runs must be between 1 and 10,000")]


@pytest.mark.parametrize("runs", ["many", "1.5", 2.5])
def test_runs_that_are_not_whole_numbers_are_refused(scen, editor, runs):
    problem = refused(actor=editor, version=scen.latest, runs=runs, seed=1)
    assert problem.field == "runs"
    assert problem.message == "The number of runs must be a whole number"


@pytest.mark.parametrize("seed", [-1, "minus one", "1e3", 2**64])
def test_a_bad_seed_is_refused(scen, editor, seed):
    problem = refused(actor=editor, version=scen.latest, runs=10, seed=seed)
    assert problem.field == "seed"
    assert "seed" in problem.message.lower()


def test_the_max_runs_setting_is_the_limit(scen, editor, settings):
    settings.LODESTAR_PROJECTION_MAX_RUNS = 500
    problem = refused(actor=editor, version=scen.latest, runs=501, seed=1)
    assert problem.message == "Number of runs must be between 1 and 500"


def test_a_run_too_large_is_refused_with_the_limit_in_words(scen, editor, settings):
    settings.LODESTAR_PROJECTION_MAX_SIZE = 20_000
    problem = refused(actor=editor, version=scen.latest, runs=1_000, seed=1)
    assert problem.problems == [
        (
            "runs",
            "This run is too large: 5 cohorts × 10 years × 1,000 runs is 50,000, more than the limit of 20,000. "
            "Choose at most 400 runs.",
        )
    ]


def test_a_run_at_the_limit_is_accepted(scen, editor, settings, queued_tasks):
    settings.LODESTAR_PROJECTION_MAX_SIZE = 20_000
    run = run_actions.request_run(actor=editor, version=scen.latest, runs=400, seed=1)
    assert run.size == 20_000


def test_a_bad_spec_is_refused_naming_its_field(scen, editor):
    spec = small_spec(years=0)
    problem = refused(actor=editor, version=scen.latest, runs=10, seed=1, spec=spec)
    assert problem.field == "spec"
    assert problem.message.startswith("years:")


def test_every_problem_is_reported_at_once(scen, editor):
    problem = refused(actor=editor, version=scen.latest, runs=0, seed=-1, spec=small_spec(years=0))
    assert {field for field, _m in problem.problems} == {"runs", "seed", "spec"}


@pytest.mark.parametrize("who", ["viewer", "outsider"])
def test_people_who_cannot_edit_the_organisation_cannot_run(scen, who, request):
    person = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        run_actions.request_run(actor=person, version=scen.latest, runs=10, seed=1)
    assert Run.objects.count() == 0


def test_allowed_skips_the_organisation_check_for_a_checked_caller(scen, viewer, queued_tasks):
    run = run_actions.request_run(actor=viewer, version=scen.latest, runs=10, seed=1, kind=RunKind.PLAN, allowed=True)
    assert run.kind == RunKind.PLAN


def test_replay_asks_for_the_same_inputs_and_seed(scen, editor, queued_tasks):
    spec = small_spec(years=5)
    first = run_actions.request_run(actor=editor, version=scen.latest, runs=30, seed=11, spec=spec)
    again = run_actions.replay(actor=editor, run=first)
    assert again.pk != first.pk
    assert (again.spec, again.spec_hash, again.runs, again.seed) == (spec, first.spec_hash, 30, 11)


@pytest.mark.parametrize("runs", [None, "", "  "])
def test_missing_runs_are_asked_for(scen, editor, runs):
    problem = refused(actor=editor, version=scen.latest, runs=runs, seed=1)
    assert problem.problems == [("runs", "Enter the number of runs")]


def test_runs_with_thousands_separators_are_read(scen, editor, queued_tasks):
    run = run_actions.request_run(actor=editor, version=scen.latest, runs="1,000", seed="0")
    assert (run.runs, run.seed) == (1000, 0)

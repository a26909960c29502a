"""The worker's job (``tasks.execute``): progress written to the run as it goes, results stored
with the audit event in one transaction, failures that leave nothing half-written, a killed
job run again safely, replays and Dask runs that give exactly the same tables."""

from __future__ import annotations

import sys
import types

import pytest

from lodestar.core.audit import AuditEvent
from lodestar.projections import specs, tasks
from lodestar.projections.actions import runs as run_actions
from lodestar.projections.models import ProjectionEvent, Run, RunKind, RunStatus
from tests.factories.projections import small_spec
from tests.integration.projections.runs_fixtures import *  # noqa: F403 - the fixtures

pytestmark = pytest.mark.django_db


def events(action) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action.value))


@pytest.fixture
def queued(scen, editor, queued_tasks):
    return run_actions.request_run(actor=editor, version=scen.latest, runs=60, seed=5)


def test_a_plan_run_stores_the_gap_its_actions_close_counting_from_the_scenarios_own(scen, editor, queued_tasks):
    from lodestar.engine import run as engine_run
    from lodestar.projections import results

    own = len(scen.latest.spec["interventions"])
    assert own >= 1  # the scenario's own lever stays in the baseline
    plan_spec = specs.deep_copy(scen.latest.spec)
    plan_spec["interventions"].append(
        {
            "name": "A00001 More places",
            "lever": "international_recruitment",
            "staff_group": "registered-nurses",
            "fte_per_year": 12,
            "start_year": 2027,
        }
    )
    queued = run_actions.request_run(
        actor=editor, version=scen.latest, runs=40, seed=3, kind=RunKind.PLAN, spec=plan_spec, allowed=True
    )
    run = tasks.execute(queued.pk)
    expected = engine_run(specs.check(plan_spec), runs=40, seed=3)
    gaps = expected.gap_by_step[:, :, -1]
    closed = results.table(run.result, results.CLOSED).row(-1, named=True)
    assert closed["closed_fte_mean"] == pytest.approx(float((gaps[:, own] - gaps[:, -1]).mean()), rel=1e-12)
    assert closed["closed_fte_mean"] > 0
    assert "closed" not in tasks.execute(run_actions.request_run(actor=editor, version=scen.latest, runs=5).pk).result


def test_a_run_is_projected_and_stored_with_its_audit_event(queued):
    run = tasks.execute(queued.pk)
    assert run.status == RunStatus.DONE
    assert (run.progress_done, run.progress_total) == (60, 60)
    assert set(run.result) >= {"summary", "probability_meets_demand", "waterfall", "cost", "steps"}
    assert run.seconds is not None and run.seconds >= 0
    assert run.started_at and run.finished_at
    assert "server" in run.where
    [finish] = events(ProjectionEvent.RUN_FINISH)
    assert finish.target_id == str(run.pk) and finish.after["status"] == "done"


def test_the_stored_tables_are_the_engines(queued):
    from lodestar.engine import run as engine_run
    from lodestar.projections import results

    run = tasks.execute(queued.pk)
    expected = results.stored(engine_run(specs.check(queued.spec), runs=60, seed=5))
    assert run.result == expected


def test_progress_is_written_to_the_run_as_blocks_finish(scen, editor, queued_tasks, monkeypatch):
    run = run_actions.request_run(actor=editor, version=scen.latest, runs=600, seed=2)  # 3 blocks of 250
    monkeypatch.setattr(tasks, "PROGRESS_EVERY", 0)
    seen = []
    original = tasks.Progress.__call__

    def spy(self, done, total):
        original(self, done, total)
        row = Run.objects.get(pk=run.pk)
        seen.append((row.status, row.progress_done, row.progress_total))

    monkeypatch.setattr(tasks.Progress, "__call__", spy)
    tasks.execute(run.pk)
    assert seen[-1] == (RunStatus.RUNNING, 600, 600)
    assert len(seen) >= 2
    assert [done for _s, done, _t in seen] == sorted(done for _s, done, _t in seen)
    assert seen[0][1] < 600  # the page sees the run part way


def test_progress_writes_are_at_most_every_quarter_second(queued):
    Run.objects.filter(pk=queued.pk).update(status=RunStatus.RUNNING)
    progress = tasks.Progress(queued.pk)
    progress(10, 60)
    progress(20, 60)  # too soon: not written
    assert Run.objects.get(pk=queued.pk).progress_done == 10
    progress(60, 60)  # the last block is always written
    assert Run.objects.get(pk=queued.pk).progress_done == 60
    assert progress.writes == 2


def test_a_fault_fails_the_run_with_a_plain_message_and_stores_nothing(queued, monkeypatch):
    def broken(result):
        raise RuntimeError("disk full")

    monkeypatch.setattr(tasks.results, "stored", broken)
    run = tasks.execute(queued.pk)
    assert run.status == RunStatus.FAILED
    assert run.result is None and run.seconds is None
    assert run.error == tasks.RUN_FAILED
    assert "disk full" not in run.error
    assert not events(ProjectionEvent.RUN_FINISH)
    [fail] = events(ProjectionEvent.RUN_FAIL)
    assert fail.after["error"] == tasks.RUN_FAILED


def test_a_fault_while_finishing_rolls_back_the_stored_result(queued, monkeypatch):
    """The result, DONE and RUN_FINISH are one transaction: a fault in it leaves none of them."""
    real = tasks.record

    def record(**kwargs):
        if kwargs["action"] == ProjectionEvent.RUN_FINISH:
            raise RuntimeError("audit table locked")
        return real(**kwargs)

    monkeypatch.setattr(tasks, "record", record)
    run = tasks.execute(queued.pk)
    assert run.status == RunStatus.FAILED
    assert run.result is None
    assert not events(ProjectionEvent.RUN_FINISH)
    assert len(events(ProjectionEvent.RUN_FAIL)) == 1


def test_a_bad_scenario_fails_saying_why(scen, editor):
    run = Run.objects.create(
        scenario_version=scen.latest,
        spec=small_spec(years=0),
        spec_hash="x",
        runs=10,
        seed=1,
        requested_by=editor,
    )
    run = tasks.execute(run.pk)
    assert run.status == RunStatus.FAILED
    assert run.error.startswith("The scenario has a problem")
    assert "years:" in run.error
    assert run.result is None


def test_a_killed_job_run_again_finishes_the_run(queued):
    Run.objects.filter(pk=queued.pk).update(status=RunStatus.RUNNING, progress_done=30)  # killed half way
    run = tasks.execute(queued.pk)
    assert run.status == RunStatus.DONE
    assert run.progress_done == 60
    assert len(events(ProjectionEvent.RUN_FINISH)) == 1


def test_a_finished_run_is_left_as_it_is(queued):
    first = tasks.execute(queued.pk)
    again = tasks.execute(queued.pk)
    assert again.result == first.result and again.finished_at == first.finished_at
    assert len(events(ProjectionEvent.RUN_FINISH)) == 1


def test_the_task_runs_execute(queued):
    result = tasks.run_projection.call(queued.pk)
    assert result == RunStatus.DONE


def test_a_replay_gives_identical_tables(queued, editor):
    first = tasks.execute(queued.pk)
    again = tasks.execute(run_actions.replay(actor=editor, run=first).pk)
    assert again.pk != first.pk
    assert again.result == first.result


def test_candidate_runs_call_the_workshop_candidates(scen, editor, queued_tasks, monkeypatch):
    calls = []

    def compute(spec, runs, seed, progress):
        calls.append((spec, runs, seed))
        progress(runs, runs)
        return {"candidates": {"Retention programme": {"gap_closed_mean": 12.5}}}

    monkeypatch.setitem(sys.modules, "lodestar.projections.candidates", types.SimpleNamespace(compute=compute))
    import lodestar.projections

    monkeypatch.setattr(
        lodestar.projections, "candidates", sys.modules["lodestar.projections.candidates"], raising=False
    )
    run = run_actions.request_run(actor=editor, version=scen.latest, runs=20, seed=4, kind=RunKind.CANDIDATES)
    run = tasks.execute(run.pk)
    assert run.status == RunStatus.DONE
    assert run.result == {"candidates": {"Retention programme": {"gap_closed_mean": 12.5}}}
    assert calls == [(scen.latest.spec, 20, 4)]


def test_large_runs_go_to_the_dask_scheduler_and_give_identical_tables(queued, settings):
    distributed = pytest.importorskip("distributed")
    local = tasks.execute(queued.pk)
    replay = run_actions.replay(actor=queued.requested_by, run=local)
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=2, processes=False, protocol="tcp", host="127.0.0.1", dashboard_address=None
    ) as cluster:
        settings.LODESTAR_DASK_SCHEDULER = cluster.scheduler_address
        settings.LODESTAR_DASK_MIN_SIZE = 1
        on_cluster = tasks.execute(replay.pk)
    assert on_cluster.status == RunStatus.DONE, on_cluster.error
    assert cluster.scheduler_address in on_cluster.where
    assert on_cluster.result == local.result


def test_small_runs_stay_here_when_a_scheduler_is_set(queued, settings):
    settings.LODESTAR_DASK_SCHEDULER = "tcp://127.0.0.1:1"
    settings.LODESTAR_DASK_MIN_SIZE = 10**12
    run = tasks.execute(queued.pk)
    assert run.status == RunStatus.DONE
    assert "server" in run.where


def test_an_unreachable_scheduler_fails_the_run_saying_so(queued, settings, monkeypatch):
    """Dask raises OSError when it cannot connect (after its 30 s timeout, not waited for here)."""
    settings.LODESTAR_DASK_SCHEDULER = "tcp://127.0.0.1:1"
    settings.LODESTAR_DASK_MIN_SIZE = 1
    asked = []

    def unreachable(scenario, *, scheduler, **kwargs):
        asked.append(scheduler)
        raise OSError("Timed out trying to connect to tcp://127.0.0.1:1 after 30 s")

    monkeypatch.setattr(tasks, "engine_run", unreachable)
    run = tasks.execute(queued.pk)
    assert run.status == RunStatus.FAILED
    assert asked == ["tcp://127.0.0.1:1"]
    assert run.error == tasks.CLUSTER_FAILED
    assert run.result is None


def test_a_scenario_run_refers_to_its_versions_spec_rather_than_copying_it(queued, scen):
    stored = Run.objects.get(pk=queued.pk)
    assert stored.own_spec is None  # a national scenario is megabytes: one copy, in the version
    assert stored.spec == scen.latest.spec and stored.spec_hash == specs.spec_hash(scen.latest.spec)
    assert tasks.execute(queued.pk).status == RunStatus.DONE

"""The job that projects a run, run by the worker (``manage.py db_worker``; ADR 0021).

``run_projection(run_id)`` calls ``execute(run_id)``:

* QUEUED (or a RUNNING job that was killed) -> RUNNING, with a single-row update outside any
  long transaction, so the page that polls the run sees it start;
* the engine projects the run's exact ``spec``, ``runs`` and ``seed``, writing how many runs are
  done to the row (a single-row update at most every ``PROGRESS_EVERY`` seconds); runs of at
  least ``LODESTAR_DASK_MIN_SIZE`` go to the Dask scheduler at ``LODESTAR_DASK_SCHEDULER`` when
  one is set, otherwise they run here (the tables are identical either way);
  workshop candidate runs call ``lodestar.projections.candidates.compute`` instead;
* DONE: the result tables, the engine time and the ``RUN_FINISH`` audit event in one transaction.

Any fault: FAILED with the reason in words (the scenario's problem when the spec is bad,
otherwise a plain "fault on our side" message), ``result`` None and a ``RUN_FAIL`` event; nothing
half-written. Running the job again is safe: a finished run is left as it is, and a killed one
(still RUNNING) is projected again from the start.
"""

from __future__ import annotations

import logging
import os
import time

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from lodestar.core.audit import record
from lodestar.engine import SpecError
from lodestar.engine import run as engine_run
from lodestar.projections import results, specs
from lodestar.projections.models import ProjectionEvent, Run, RunKind, RunStatus, ScenarioVersion

logger = logging.getLogger(__name__)

PROGRESS_EVERY = 0.25  # seconds between progress writes
RUN_FAILED = (
    "Lodestar could not finish this run because of a fault on our side. Nothing was stored. "
    "Run it again; if it fails again, tell the Lodestar team."
)
CLUSTER_FAILED = (
    "Lodestar could not reach the computing cluster this large run was sent to. Nothing was stored. "
    "Run it again later, or with fewer runs so it runs on Lodestar's own server."
)
BAD_SCENARIO = "The scenario has a problem, so it could not be projected. Nothing was stored. "


FINISH_FIELDS = ("status", "error", "finished_at")  # written with the result: never the (large) spec again


@task()
def run_projection(run_id: int) -> str:
    return execute(run_id).status


def where_to_run(size: int) -> str | None:
    """The Dask scheduler address for a run this size, or None to run here."""
    address = settings.LODESTAR_DASK_SCHEDULER
    if address and size >= settings.LODESTAR_DASK_MIN_SIZE:
        return address
    return None


def where_text(address: str | None) -> str:
    if address:
        return f"the computing cluster at {address}"
    return f"Lodestar's server ({os.cpu_count() or 1} cores)"


class Progress:
    """The engine's ``progress(done, total)``: a single-row update at most every ``every`` seconds
    (and always for the last block)."""

    def __init__(self, run_id: int, every: float | None = None):
        self.run_id, self.last, self.writes = run_id, 0.0, 0
        self.every = PROGRESS_EVERY if every is None else every

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - self.last < self.every:
            return
        self.last = now
        self.writes += 1
        Run.objects.filter(pk=self.run_id, status=RunStatus.RUNNING).update(progress_done=done, progress_total=total)


def execute(run_id: int) -> Run:
    """Project one run (see the module's docstring); returns the run as stored."""
    state = Run.objects.filter(pk=run_id).values("status", "size", "kind", "runs").get()
    if state["status"] not in (RunStatus.QUEUED, RunStatus.RUNNING):
        return _stored(run_id)
    address = where_to_run(state["size"]) if state["kind"] != RunKind.CANDIDATES else None
    # started (for the page that polls) before the spec, which may be megabytes, is read
    Run.objects.filter(pk=run_id).update(
        status=RunStatus.RUNNING,
        started_at=timezone.now(),
        progress_done=0,
        progress_total=state["runs"],
        where=where_text(address),
        error="",
    )
    run = Run.objects.select_related("scenario_version__scenario__organisation").defer("result").get(pk=run_id)
    progress = Progress(run.pk)
    started = time.perf_counter()
    try:
        result = _project(run, address, progress)
        seconds = time.perf_counter() - started
        _finish(run, result, seconds)
    except SpecError as error:
        logger.info("Projection run %s: the scenario has problems: %s", run_id, error)
        _fail(run, BAD_SCENARIO + "; ".join(f"{p}: {r}" if p else r for p, r in error.problems))
    except (OSError, TimeoutError):
        logger.exception("Projection run %s failed", run_id)
        _fail(run, CLUSTER_FAILED if address else RUN_FAILED)
    except Exception:
        logger.exception("Projection run %s failed", run_id)
        _fail(run, RUN_FAILED)
    return _stored(run_id)


def _stored(run_id: int) -> Run:
    return Run.objects.select_related("scenario_version__scenario__organisation").defer("own_spec").get(pk=run_id)


def _project(run: Run, address: str | None, progress: Progress) -> dict:
    if run.kind == RunKind.CANDIDATES:
        from lodestar.projections import candidates  # the workshops journey's module

        return candidates.compute(specs.deep_copy(run.spec), run.runs, run.seed, progress)
    scenario = specs.check(run.spec)
    result = engine_run(scenario, runs=run.runs, seed=run.seed, scheduler=address, progress=progress)
    return results.stored(result, baseline_step=_baseline_step(run))


def _baseline_step(run: Run) -> int | None:
    """A plan run's step without the plan (the scenario's own interventions come first,
    ``modelling.plan_spec``); None for other runs."""
    if run.kind != RunKind.PLAN:
        return None
    own = ScenarioVersion.objects.filter(pk=run.scenario_version_id).values_list("spec", flat=True).first()
    return len((own or {}).get("interventions") or [])


def _finish(run: Run, result: dict, seconds: float) -> None:
    with transaction.atomic():
        locked = Run.objects.select_for_update().defer("own_spec", "result").get(pk=run.pk)
        if locked.status not in (RunStatus.QUEUED, RunStatus.RUNNING):
            return  # finished by another copy of this job
        locked.result = result
        locked.seconds = seconds
        locked.status = RunStatus.DONE
        locked.progress_done = locked.progress_total = locked.runs
        locked.finished_at = timezone.now()
        locked.error = ""
        locked.save(update_fields=[*FINISH_FIELDS, "result", "seconds", "progress_done", "progress_total"])
        record(
            actor=locked.requested_by,
            action=ProjectionEvent.RUN_FINISH,
            target=locked,
            organisation=run.scenario_version.scenario.organisation,
            after={"status": locked.status, "runs": locked.runs, "seed": locked.seed, "seconds": round(seconds, 3)},
        )


def _fail(run: Run, message: str) -> None:
    with transaction.atomic():
        locked = Run.objects.select_for_update().defer("own_spec", "result").get(pk=run.pk)
        if locked.status == RunStatus.DONE:
            return
        locked.status = RunStatus.FAILED
        locked.error = message
        locked.result = None
        locked.seconds = None
        locked.finished_at = timezone.now()
        locked.save(update_fields=[*FINISH_FIELDS, "result", "seconds"])
        record(
            actor=locked.requested_by,
            action=ProjectionEvent.RUN_FAIL,
            target=locked,
            organisation=run.scenario_version.scenario.organisation,
            after={"status": locked.status, "error": message},
        )

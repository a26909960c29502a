"""The jobs of a workforce import, run by the worker (``manage.py db_worker``; ADR 0025).

``check_import`` reads the uploaded file, works out which source it is, checks every row and
stores its figures as staging rows (not live), then deletes the file (ADR 0026). ``load_import``
swaps the staging rows in, in one transaction. ``lodestar.workforce.actions`` enqueues them on
commit and calls their bodies (``check``, ``load``) directly in ``run_now``.

Each job takes the import's id and re-reads it, and is safe to run again: a job killed half way
leaves the import ``checking`` or ``loading``. Run the same task again (``check_import.enqueue(id)``
or ``actions.check(id)``): a check deletes its own earlier staging rows before writing them again,
and a load is one transaction (it either happened, and the import is ``loaded``, or it did not).
Progress is written with single-row updates outside any long transaction, so the page that
polls the import sees it move.
"""

from __future__ import annotations

import logging

import polars as pl
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from lodestar.core.audit import record
from lodestar.ingest import Detection, IngestError, Problem, RawTable, identify, open_any, source
from lodestar.workforce import matching, store
from lodestar.workforce.models import ImportStatus, Source, WorkforceEvent, WorkforceImport

logger = logging.getLogger(__name__)

CHECK_FAILED = (
    "Lodestar could not finish checking this file because of a fault on our side. Nothing was loaded. "
    "Upload the file again; if it fails again, tell the Lodestar team."
)
LOAD_FAILED = (
    "Lodestar could not finish loading this file because of a fault on our side. Nothing was changed: "
    "the figures shown are those loaded before. Upload the file again; if it fails again, tell the Lodestar team."
)
FILE_GONE = "The uploaded file is no longer on the server (it is deleted once checked). Upload it again."
NO_NATIONAL_RECORDS = (
    "Staff records are an organisation's own: choose the organisation they belong to and upload them again"
)
SUMMARY_CODES = 50  # unmatched codes listed in the preview


@task()
def check_import(import_id: int) -> str:
    return check(import_id).status


@task()
def load_import(import_id: int) -> str:
    return load(import_id).status


# ------------------------------------------------------------------------------ check


def check(import_id: int) -> WorkforceImport:
    """QUEUED (or a killed CHECKING) -> READY, REFUSED or UNCHANGED; FAILED on a fault. The
    uploaded file is deleted at the end, whatever happened."""
    workforce_import = WorkforceImport.objects.select_related("organisation").get(pk=import_id)
    if workforce_import.status not in (ImportStatus.QUEUED, ImportStatus.CHECKING):
        return workforce_import
    path = store.upload_path(workforce_import)
    try:
        _progress(workforce_import, 5, status=ImportStatus.CHECKING)
        if not path.exists():
            _fail(workforce_import, FILE_GONE)
        else:
            _check_file(workforce_import, path.read_bytes())
    except Exception:
        logger.exception("Checking workforce import %s failed", import_id)
        _fail(workforce_import, CHECK_FAILED)
    finally:
        store.delete_upload(workforce_import)
    return WorkforceImport.objects.select_related("organisation").get(pk=import_id)


def _progress(workforce_import: WorkforceImport, percent: int, **fields) -> None:
    """A single-row update, committed at once outside a transaction (the polling page sees it)."""
    WorkforceImport.objects.filter(pk=workforce_import.pk).update(progress=percent, **fields)
    workforce_import.progress = percent
    for name, value in fields.items():
        setattr(workforce_import, name, value)


def _check_file(workforce_import: WorkforceImport, data: bytes) -> None:
    try:
        table = open_any(workforce_import.file_name, data)
    except IngestError as exc:
        problems = [Problem(None, None, message) for message in exc.messages]
        return _refuse(workforce_import, problems, detected="")
    detection = _identify(workforce_import, table)
    workforce_import.rows = table.rows
    if detection.name is None:
        return _refuse(workforce_import, [Problem(table.header_row, None, detection.reason)], detection.reason)
    workforce_import.source = detection.name
    workforce_import.detected = (
        f"Lodestar read this file as {source(detection.name).LABEL}, because {detection.reason}."
    )
    if detection.name == Source.STAFF_RECORDS and workforce_import.organisation_id is None:
        return _refuse(workforce_import, [Problem(None, None, NO_NATIONAL_RECORDS)], workforce_import.detected)
    if earlier := store.same_file_loaded(workforce_import):
        return _unchanged(workforce_import, earlier)
    _progress(workforce_import, 15)
    frame, problems = _read(workforce_import, table)
    if problems:
        return _refuse(workforce_import, problems, workforce_import.detected)
    _progress(workforce_import, 50)
    _stage(workforce_import, table, frame)


def _identify(workforce_import: WorkforceImport, table: RawTable) -> Detection:
    """The source the file is; staff records with a column mapping are what the mapping says
    (their problems, such as a mapped column the file lacks, are found when they are read)."""
    chosen = workforce_import.options.get("source") or None
    if chosen == Source.STAFF_RECORDS and workforce_import.options.get("mapping"):
        return Detection(chosen, "you chose it and said which of its columns hold which figures", {})
    return identify(table.header, expected=chosen)


def _read(workforce_import: WorkforceImport, table: RawTable) -> tuple[pl.DataFrame, list[Problem]]:
    """The source's tidy frame; for staff records the record-level rows (cohorts and flows are
    made from them by ``store.figure_frames``; they are never stored)."""
    options = {k: v for k, v in workforce_import.options.items() if k in ("period", "mapping") and v}
    module = source(workforce_import.source)
    if workforce_import.source == Source.STAFF_RECORDS:
        return module.read_records(table, options.get("mapping"))
    return module.read(table, **options)


def _stage(workforce_import: WorkforceImport, table: RawTable, frame: pl.DataFrame) -> None:
    frames = {m: store.prepared(m, f) for m, f in store.figure_frames(workforce_import.source, frame).items()}
    owner = workforce_import.organisation
    found = matching.match(frames, owner)
    if found.outside:
        problems = matching.outside_problems(table, found.outside, owner)
        return _refuse(workforce_import, problems, workforce_import.detected)
    _progress(workforce_import, 60)
    periods = sorted({d.isoformat() for f in frames.values() for d in f.get_column("period").unique().to_list()})
    with transaction.atomic():
        figures = store.write_staging(workforce_import, frames, found.ids)
        workforce_import.figures = figures
        workforce_import.periods = periods
        workforce_import.summary = _summary(workforce_import, frame, frames, found, periods)
        _finish(workforce_import, ImportStatus.READY)


def _summary(workforce_import, frame, frames, found: matching.Match, periods: list[str]) -> dict:
    """The preview (``actions`` documents its keys)."""
    main = frames.get(store.tables(workforce_import.source)[0])
    summary = {
        "rows": workforce_import.rows,
        "figures": sum(f.height for f in frames.values()),
        "periods": periods,
        "organisations": {
            "matched": len(found.ids),
            "unmatched": found.unmatched[:SUMMARY_CODES],
            "unmatched_count": len(found.unmatched),
        },
        "totals": _totals(main) if main is not None else {},
        "replaces": store.replaced(workforce_import),
    }
    if workforce_import.source == Source.STAFF_RECORDS:
        summary["records"] = store.records_summary(frame, frames)
    return summary


TOTALS = ("headcount", "fte", "joiners_hc", "leavers_hc", "vacancies_fte", "total_patients", "gp_fte", "population")


def _totals(frame: pl.DataFrame) -> dict[str, dict]:
    """The sum of each main figure per period, as stored: {"2024-09-01": {"headcount": 12, ...}}."""
    columns = [c for c in TOTALS if c in frame.columns]
    if frame.is_empty() or not columns:
        return {}
    sums = frame.group_by("period").agg(pl.col(c).sum() for c in columns).sort("period")
    return {row.pop("period").isoformat(): row for row in sums.iter_rows(named=True)}


def _refuse(workforce_import: WorkforceImport, problems: list[Problem], detected: str) -> None:
    with transaction.atomic():
        store.delete_staging(workforce_import)
        workforce_import.detected = detected
        workforce_import.problems = [p.as_dict() for p in problems]
        workforce_import.figures = 0
        _finish(workforce_import, ImportStatus.REFUSED)


def _unchanged(workforce_import: WorkforceImport, earlier: WorkforceImport) -> None:
    when = earlier.loaded_at or earlier.uploaded_at
    with transaction.atomic():
        workforce_import.periods = earlier.periods
        workforce_import.summary = {
            "rows": workforce_import.rows,
            "periods": earlier.periods,
            "same_as": earlier.pk,
            "text": (
                f"This file was loaded by import {earlier.pk} ({earlier.file_name}) on "
                f"{when.day} {when:%B %Y} and its figures are still the ones shown: loading it again would change nothing"
            ),
        }
        _finish(workforce_import, ImportStatus.UNCHANGED)


def _finish(workforce_import: WorkforceImport, status: str) -> None:
    """Save the check's outcome and its audit event (inside the caller's transaction)."""
    workforce_import.status = status
    workforce_import.progress = 100
    workforce_import.save()
    record(
        actor=workforce_import.uploaded_by,
        action=WorkforceEvent.IMPORT_CHECKED,
        target=workforce_import,
        organisation=workforce_import.organisation,
        after={
            "status": status,
            "source": workforce_import.source,
            "rows": workforce_import.rows,
            "figures": workforce_import.figures,
            "problems": len(workforce_import.problems),
        },
    )


def _fail(workforce_import: WorkforceImport, message: str) -> None:
    """FAILED, with the import's staging rows deleted; live rows are never touched here."""
    with transaction.atomic():
        locked = WorkforceImport.objects.select_for_update().get(pk=workforce_import.pk)
        store.delete_staging(locked)
        locked.status = ImportStatus.FAILED
        locked.error = message
        locked.save(update_fields=["status", "error"])
        record(
            actor=locked.confirmed_by or locked.uploaded_by,
            action=WorkforceEvent.IMPORT_FAILED,
            target=locked,
            organisation=locked.organisation,
            after={"status": locked.status, "error": message},
        )


# ------------------------------------------------------------------------------ load


def load(import_id: int) -> WorkforceImport:
    """LOADING -> LOADED: in one transaction this import's rows become live and the rows they
    replace stop being live. On a fault the transaction rolls back (the figures shown are
    those before) and the import is FAILED."""
    try:
        with transaction.atomic():
            workforce_import = store.lock_owner(WorkforceImport.objects.get(pk=import_id))
            if workforce_import.status != ImportStatus.LOADING:
                return workforce_import
            store.swap_in(workforce_import)
            workforce_import.status = ImportStatus.LOADED
            workforce_import.loaded_at = timezone.now()
            workforce_import.progress = 100
            workforce_import.save()
            record(
                actor=workforce_import.confirmed_by,
                action=WorkforceEvent.IMPORT_LOADED,
                target=workforce_import,
                organisation=workforce_import.organisation,
                after={"status": workforce_import.status, "periods": workforce_import.periods},
            )
    except Exception:
        logger.exception("Loading workforce import %s failed", import_id)
        _fail(WorkforceImport.objects.get(pk=import_id), LOAD_FAILED)
    return WorkforceImport.objects.select_related("organisation").get(pk=import_id)

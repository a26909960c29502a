"""Every write to workforce data: uploading, checking, loading, cancelling and rolling back an
import, and saving a column mapping. Keyword-only, one transaction each, one audit event each
(ADR 0014, 0015, 0025).

An import's journey::

    upload   -> QUEUED      the file is kept in a private temporary file; check_import enqueued
    check    -> CHECKING -> READY (staging rows written, not live) | REFUSED (problems, nothing
                written) | UNCHANGED (the same file is loaded and live) | FAILED; the file is
                deleted whatever happened (ADR 0026)
    confirm  -> LOADING     load_import enqueued
    load     -> LOADED      one transaction: this import's rows live, the rows they replace not
    cancel   -> CANCELLED   staging rows deleted
    roll_back-> ROLLED_BACK its rows not live; the earlier import's rows live again

``check`` and ``load`` are the jobs' bodies (``lodestar.workforce.tasks``); ``run_now`` runs the
whole journey at once (the CLI, the demo loader, tests).

``WorkforceImport.summary`` (the preview, written by ``check``) holds:

* ``rows``: data rows read from the file; ``figures``: rows of figures stored;
* ``periods``: ISO dates of the periods the file holds;
* ``organisations``: ``matched`` (how many codes are Lodestar organisations), ``unmatched`` (the
  first 50 codes that are not, kept without an organisation) and ``unmatched_count``;
* ``totals``: per period (ISO date), the sum of the main figures (``headcount``, ``fte``,
  ``joiners_hc``, ``leavers_hc``, ``vacancies_fte``, ``total_patients``, ``gp_fte``,
  ``population``: those the source has): ``{"2024-09-01": {"headcount": 12, "fte": 10.5}}``;
* ``replaces``: the live imports whose figures loading this one replaces, each ``import``,
  ``file_name``, ``loaded_at``, ``periods`` and ``text`` ("Replaces the data for September 2024
  loaded by import 12 (file.csv) on 3 December 2026");
* ``records`` (staff records only): ``snapshots``, ``persons``, ``cohorts``, ``flows``.

An UNCHANGED import's summary has ``rows``, ``periods``, ``same_as`` (the loaded import) and
``text``. ``problems`` is a list of ``{"row", "column", "message"}``; ``detected`` a sentence.
"""

from __future__ import annotations

import datetime
import hashlib

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from lodestar.core.audit import record, snapshot
from lodestar.core.tabular import MIB
from lodestar.core.validation import Problems, ValidationProblem, date_in_range
from lodestar.ingest import REGISTRY
from lodestar.ingest.schemas import STAFF_RECORDS
from lodestar.orgs.models import Organisation
from lodestar.workforce import store, tasks
from lodestar.workforce.models import (
    ColumnMapping,
    ImportStatus,
    Source,
    WorkforceEvent,
    WorkforceImport,
)
from lodestar.workforce.queries import may_manage
from lodestar.workforce.tasks import check, load

__all__ = ["cancel", "check", "confirm", "load", "roll_back", "run_now", "save_mapping", "upload"]

EXTENSIONS = ("csv", "xlsx")
FILE_NAME_MAX = 255
MAPPING_NAME_MAX = 100
MAPPING_FIELDS = (*STAFF_RECORDS, "date_of_birth")
IMPORT_FIELDS = ["file_name", "sha256", "size", "source", "status", "periods"]


def _after_commit(job, import_id: int) -> None:
    transaction.on_commit(lambda: job.enqueue(import_id))


def _require_manager(actor, organisation: Organisation | None) -> None:
    if not may_manage(actor, organisation):
        raise PermissionDenied


# ------------------------------------------------------------------------------ upload


def _check_file(file_name: str, data: bytes, problems: Problems) -> str:
    """The file's extension ("csv"/"xlsx"), with problems for a bad name, type, size or emptiness."""
    if not problems.require(file_name, "file", "Choose a file to upload"):
        return ""
    problems.text(file_name, "file", "The file name", FILE_NAME_MAX)
    extension = file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""
    limit = settings.LODESTAR_IMPORT_MAX_BYTES
    if extension not in EXTENSIONS:
        problems.add("file", "The file must be a CSV (.csv) or Excel (.xlsx) file")
    elif not data:
        problems.add("file", "The file is empty")
    elif len(data) > limit:
        problems.add(
            "file",
            f"The file is {len(data) / MIB:,.0f} MB: the largest Lodestar accepts is {limit / MIB:,.0f} MB. "
            "Split it (for example one file per month) and upload each part",
        )
    return extension


def _check_choices(source: str, organisation, options: dict, problems: Problems) -> None:
    if source and (source not in Source.values or source not in REGISTRY):
        problems.add("source", "Choose a kind of file from the list")
    if source == Source.STAFF_RECORDS and organisation is None:
        problems.add("organisation", "Choose the organisation the staff records belong to")
    period = options.get("period")
    if period:
        try:
            text = str(period).strip()
            day = datetime.date.fromisoformat(f"{text}-01" if len(text) == 7 else text)  # 2024-09 or 2024-09-01
        except ValueError:
            day = None
        if day is None or not date_in_range(day):
            problems.add("period", "Enter the month the figures are for as a date, for example 2024-09-01")
    if "mapping" in options:
        _check_mapping(options["mapping"], problems)


def _check_mapping(mapping, problems: Problems) -> None:
    if not isinstance(mapping, dict) or not all(isinstance(v, str) for v in mapping.values()):
        problems.add("mapping", "The column mapping must give a column name for each field")
        return
    unknown = sorted(k for k in mapping if k not in MAPPING_FIELDS)
    if unknown:
        problems.add("mapping", f"The column mapping names fields Lodestar does not know: {', '.join(unknown)}")
    for field, column in mapping.items():
        problems.text(column, "mapping", f"The column for {field}", 200)


def upload(
    *,
    actor,
    file_name: str,
    data: bytes,
    organisation: Organisation | None,
    source: str = "",
    options: dict | None = None,
) -> WorkforceImport:
    """Keep the file privately and queue its check (``tasks.check_import``, after commit)."""
    workforce_import = _upload(actor, file_name, data, organisation, source, options)
    _after_commit(tasks.check_import, workforce_import.pk)
    return workforce_import


def _upload(actor, file_name, data, organisation, source, options) -> WorkforceImport:
    _require_manager(actor, organisation)
    file_name, options = (file_name or "").strip(), dict(options or {})
    problems = Problems()
    extension = _check_file(file_name, data, problems)
    _check_choices(source or "", organisation, options, problems)
    problems.raise_any()
    store.sweep_uploads()
    stored = store.save_upload(data, extension)
    try:
        with transaction.atomic():
            workforce_import = WorkforceImport.objects.create(
                source=source or "",
                organisation=organisation,
                file_name=file_name,
                sha256=hashlib.sha256(data).hexdigest(),
                size=len(data),
                uploaded_by=actor,
                options={**options, "source": source or "", "upload": stored},
            )
            record(
                actor=actor,
                action=WorkforceEvent.IMPORT_UPLOAD,
                target=workforce_import,
                organisation=organisation,
                after=snapshot(workforce_import, IMPORT_FIELDS),
            )
    except BaseException:
        store.delete_upload(WorkforceImport(options={"upload": stored}))
        raise
    return workforce_import


# ------------------------------------------------------------------------------ after the check


def _locked(workforce_import: WorkforceImport, actor, allowed: tuple[str, ...], doing: str) -> WorkforceImport:
    """The import, locked, after the permission and status checks (call inside a transaction)."""
    _require_manager(actor, workforce_import.organisation)
    locked = store.lock_owner(workforce_import)
    if locked.status not in allowed:
        raise ValidationProblem("", f'This import cannot be {doing}: its status is "{locked.get_status_display()}"')
    return locked


def confirm(*, actor, workforce_import: WorkforceImport) -> WorkforceImport:
    """READY -> LOADING; the load runs as a job (``tasks.load_import``, after commit)."""
    locked = _confirm(actor, workforce_import)
    _after_commit(tasks.load_import, locked.pk)
    return locked


@transaction.atomic
def _confirm(actor, workforce_import: WorkforceImport) -> WorkforceImport:
    locked = _locked(workforce_import, actor, (ImportStatus.READY,), "loaded")
    before = snapshot(locked, ["status"])
    locked.status = ImportStatus.LOADING
    locked.progress = 0
    locked.confirmed_by, locked.confirmed_at = actor, timezone.now()
    locked.save(update_fields=["status", "progress", "confirmed_by", "confirmed_at"])
    record(
        actor=actor,
        action=WorkforceEvent.IMPORT_CONFIRM,
        target=locked,
        organisation=locked.organisation,
        before=before,
        after=snapshot(locked, ["status"]),
    )
    return locked


@transaction.atomic
def cancel(*, actor, workforce_import: WorkforceImport) -> WorkforceImport:
    """A checked import that will not be loaded: CANCELLED, its staging rows (and any file left) deleted."""
    allowed = (ImportStatus.QUEUED, ImportStatus.READY, ImportStatus.REFUSED, ImportStatus.UNCHANGED)
    locked = _locked(workforce_import, actor, (*allowed, ImportStatus.FAILED), "cancelled")
    before = snapshot(locked, ["status"])
    store.delete_staging(locked)
    store.delete_upload(locked)
    locked.status = ImportStatus.CANCELLED
    locked.save(update_fields=["status"])
    record(
        actor=actor,
        action=WorkforceEvent.IMPORT_CANCEL,
        target=locked,
        organisation=locked.organisation,
        before=before,
        after=snapshot(locked, ["status"]),
    )
    return locked


@transaction.atomic
def roll_back(*, actor, workforce_import: WorkforceImport) -> WorkforceImport:
    """LOADED -> ROLLED_BACK: its figures stop being shown and, for each period it held, the
    figures of the most recent other loaded import of the same owner are shown again."""
    locked = _locked(workforce_import, actor, (ImportStatus.LOADED,), "rolled back")
    before = snapshot(locked, ["status"])
    restored = store.swap_out(locked)
    locked.status = ImportStatus.ROLLED_BACK
    locked.rolled_back_by, locked.rolled_back_at = actor, timezone.now()
    locked.save(update_fields=["status", "rolled_back_by", "rolled_back_at"])
    record(
        actor=actor,
        action=WorkforceEvent.IMPORT_ROLLBACK,
        target=locked,
        organisation=locked.organisation,
        before=before,
        after={**snapshot(locked, ["status"]), "restored": restored},
    )
    return locked


# ------------------------------------------------------------------------------ mappings


@transaction.atomic
def save_mapping(*, actor, organisation: Organisation, name: str, mapping: dict) -> ColumnMapping:
    """Save (or replace) ``organisation``'s column mapping called ``name``."""
    _require_manager(actor, organisation)
    name = (name or "").strip()
    problems = Problems()
    if problems.require(name, "name", "Enter a name for the mapping"):
        problems.text(name, "name", "The name", MAPPING_NAME_MAX)
    _check_mapping(mapping, problems)
    problems.raise_any()
    existing = ColumnMapping.objects.filter(organisation=organisation, name=name).first()
    before = snapshot(existing, ["name", "mapping"]) if existing else None
    saved, _ = ColumnMapping.objects.update_or_create(
        organisation=organisation, name=name, defaults={"mapping": dict(mapping)}
    )
    record(
        actor=actor,
        action=WorkforceEvent.MAPPING_SAVE,
        target=saved,
        organisation=organisation,
        before=before,
        after=snapshot(saved, ["name", "mapping"]),
    )
    return saved


# ------------------------------------------------------------------------------ all at once


def run_now(
    *,
    actor,
    file_name: str,
    data: bytes,
    organisation: Organisation | None,
    source: str = "",
    options: dict | None = None,
) -> WorkforceImport:
    """Upload, check and (when the check finds it ready) load at once, without the worker."""
    workforce_import = check(_upload(actor, file_name, data, organisation, source, options).pk)
    if workforce_import.status != ImportStatus.READY:
        return workforce_import
    _confirm(actor, workforce_import)
    return load(workforce_import.pk)

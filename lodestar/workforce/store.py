"""Staging, swapping and restoring an import's figure rows (ADR 0025).

* ``write_staging`` stores a checked file's tidy frames as rows with ``live`` false, in bulk
  (multi-row INSERTs of up to 1,000 rows: a national monthly file's ~26,000 rows take about half a
  second on SQLite).
  It deletes the import's own earlier staging rows first, so a check run twice stores one copy.
* ``swap_in`` (inside the load's one transaction) makes this import's rows live and the rows of
  other imports of the same owner (organisation, or none for national files) with the same
  period and staff group (``Figure.REPLACED_BY``: sex and area for population, area for
  vacancies, practice for GP) not live: a new period adds to the series, a period loaded
  again is replaced, and an edition split into several files (medical and other staff) loads
  side by side.
* ``swap_out`` (rolling back) makes this import's rows not live and, for what it held live,
  the most recent other loaded import of the same owner with rows for it live again.
* ``same_file_loaded`` finds a loaded import of the same file (sha256), source and owner whose
  rows are still live: loading it again would change nothing.
"""

from __future__ import annotations

import datetime
import os
import sqlite3
import time
import uuid
from pathlib import Path

import polars as pl
from django.conf import settings
from django.db import connection
from django.db.models import Q

from lodestar.ingest import linking
from lodestar.workforce.matching import CODE_COLUMN
from lodestar.workforce.models import (
    FIGURE_TABLES,
    Figure,
    ImportStatus,
    Population,
    Source,
    StaffFlow,
    StaffInPost,
    Turnover,
    WorkforceImport,
)

ROWS_PER_STATEMENT = 1000
UPLOAD_MAX_HOURS = 24  # an upload not checked within a day is deleted


# ------------------------------------------------------------------------------ the uploaded file


def save_upload(data: bytes, extension: str) -> str:
    """Write ``data`` to a new private file (0600, in a 0700 folder) named by a random uuid;
    returns its name (kept in the import's ``options["upload"]`` until the check deletes it)."""
    folder = Path(settings.LODESTAR_IMPORT_DIR)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    name = f"{uuid.uuid4().hex}.{extension}"
    descriptor = os.open(folder / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)
    return name


def sweep_uploads(max_age_hours: float = UPLOAD_MAX_HOURS) -> int:
    """Delete uploaded files older than ``max_age_hours`` (a check that never ran or was killed
    and not run again): record-level data must not stay (ADR 0026). Returns how many."""
    folder = Path(settings.LODESTAR_IMPORT_DIR)
    cutoff = time.time() - max_age_hours * 3600
    swept = 0
    for path in folder.glob("*.*") if folder.is_dir() else ():
        if path.is_file() and path.suffix in (".csv", ".xlsx") and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
            swept += 1
    return swept


def upload_path(workforce_import: WorkforceImport) -> Path:
    name = Path(workforce_import.options.get("upload") or "missing").name  # never a path out of the folder
    return Path(settings.LODESTAR_IMPORT_DIR) / name


def delete_upload(workforce_import: WorkforceImport) -> None:
    upload_path(workforce_import).unlink(missing_ok=True)


def tables(source: str) -> tuple[type[Figure], ...]:
    return FIGURE_TABLES.get(source, ())


def owner_filter(workforce_import: WorkforceImport, prefix: str = "") -> Q:
    """Imports (or, with ``prefix="load__"``, figure rows) with the same owner as ``workforce_import``."""
    if workforce_import.organisation_id is None:
        return Q(**{f"{prefix}organisation__isnull": True})
    return Q(**{f"{prefix}organisation_id": workforce_import.organisation_id})


# ------------------------------------------------------------------------------ frames


def _fields(model: type[Figure]) -> list[str]:
    """The model's own columns, in the order the frame gives them."""
    skip = {"id", "load", "live", "organisation"}
    return [f.name for f in model._meta.concrete_fields if f.name not in skip]


def prepared(model: type[Figure], frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` with the model's columns only: text never null (blank columns are NOT NULL),
    Population dated 1 January of its year."""
    if model is Population and "period" not in frame.columns:
        frame = frame.with_columns(pl.date(pl.col("year"), 1, 1).alias("period"))
    text = {f.name for f in model._meta.concrete_fields if f.get_internal_type() == "CharField"}
    columns = [
        (pl.col(c).fill_null("") if c in frame.columns else pl.lit("")).alias(c) if c in text else pl.col(c)
        for c in _fields(model)
    ]
    return frame.select(columns)


def figure_frames(source_name: str, frame: pl.DataFrame) -> dict[type[Figure], pl.DataFrame]:
    """The tidy frame(s) to store for each figure table. For staff records ``frame`` is the
    record-level extract (``schemas.STAFF_RECORDS``, held in memory only): cohorts, and with two
    or more snapshots the flows and turnover between them (``lodestar.ingest.linking``)."""
    if source_name != Source.STAFF_RECORDS:
        return {tables(source_name)[0]: frame}
    frames = {StaffInPost: linking.aggregate(frame)}
    if linking.snapshot_pairs(frame):
        frames[StaffFlow], frames[Turnover] = linking.link_all(frame)  # each pair of snapshots joined once
    return frames


def records_summary(records: pl.DataFrame, frames: dict[type[Figure], pl.DataFrame]) -> dict:
    snapshots = sorted(records.get_column("snapshot").drop_nulls().unique().to_list())
    return {
        "snapshots": [d.isoformat() for d in snapshots],
        "persons": records.get_column("person_id").n_unique(),
        "cohorts": frames[StaffInPost].height,
        "flows": frames[StaffFlow].height if StaffFlow in frames else 0,
    }


# ------------------------------------------------------------------------------ staging


def delete_staging(workforce_import: WorkforceImport) -> None:
    for model in set(FIGURE_TABLES_ALL):
        model.objects.filter(load=workforce_import, live=False).delete()


def write_staging(
    workforce_import: WorkforceImport, frames: dict[type[Figure], pl.DataFrame], ids: dict[str, int]
) -> int:
    """Store ``frames`` (already ``prepared``) as this import's rows, not live; ``ids`` maps a code
    to its organisation. Returns the rows written."""
    delete_staging(workforce_import)
    written = 0
    for model, frame in frames.items():
        written += _insert(model, frame, workforce_import.pk, ids)
    return written


def _insert(model: type[Figure], frame: pl.DataFrame, load_id: int, ids: dict[str, int]) -> int:
    if frame.is_empty():
        return 0
    code = CODE_COLUMN[model]
    dates = [c for c, t in frame.schema.items() if t == pl.Date]
    frame = frame.with_columns(
        *(pl.col(c).dt.to_string("%Y-%m-%d") for c in dates),  # ISO text: every backend casts it
        pl.lit(load_id, dtype=pl.Int64).alias("load_id"),
        pl.lit(False).alias("live"),
        pl.col(code).replace_strict(ids, default=None, return_dtype=pl.Int64).alias("organisation_id"),
    )
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in frame.columns)
    row = "(" + ", ".join(["%s"] * frame.width) + ")"
    per_statement = _rows_per_statement(frame.width)
    with connection.cursor() as cursor:
        for start in range(0, frame.height, per_statement):
            values = frame.slice(start, per_statement).rows()
            sql = f"INSERT INTO {quote(model._meta.db_table)} ({names}) VALUES {', '.join([row] * len(values))}"
            cursor.execute(sql, [value for one in values for value in one])
    return frame.height


def _rows_per_statement(width: int) -> int:
    """Rows in each multi-row INSERT (about twice as fast as ``executemany`` on SQLite), within
    the database's limit on parameters (SQLite's own, not Django's conservative 999)."""
    limit = connection.features.max_query_params or 65535
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        limit = connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    return max(1, min(ROWS_PER_STATEMENT, limit // width))


# ------------------------------------------------------------------------------ swapping


def lock_owner(workforce_import: WorkforceImport) -> WorkforceImport:
    """Lock ``workforce_import`` and its owner's loading and loaded imports, in id order (inside
    a transaction), and return it fresh. Two loads or rollbacks for one owner then run one after
    the other: without it, on PostgreSQL, two loads of the same period at once could each miss
    the other's rows and leave both live. Locking in one order means two never wait for each
    other; imports still being checked are not locked (their jobs are not held up)."""
    swappable = Q(status__in=[ImportStatus.LOADING, ImportStatus.LOADED]) | Q(pk=workforce_import.pk)
    locked = WorkforceImport.objects.select_for_update().filter(owner_filter(workforce_import), swappable)
    return {row.pk: row for row in locked.order_by("pk")}[workforce_import.pk]


def _keys(rows, model: type[Figure]) -> set[tuple]:
    """The distinct values of ``model.REPLACED_BY`` among ``rows``."""
    return set(rows.values_list(*model.REPLACED_BY).distinct())


def _matching(model: type[Figure], keys: set[tuple]) -> list[Q]:
    """Filters that together select the rows with any of ``keys`` (``REPLACED_BY`` values): one
    per value of all but the last field, the last one matched with IN."""
    *leading, last = model.REPLACED_BY
    grouped: dict[tuple, list] = {}
    for key in keys:
        grouped.setdefault(key[:-1], []).append(key[-1])
    return [Q(**dict(zip(leading, lead, strict=True)), **{f"{last}__in": values}) for lead, values in grouped.items()]


def swap_in(workforce_import: WorkforceImport) -> None:
    """This import's rows live; other imports' rows of the same owner and the same
    ``REPLACED_BY`` values (period and staff group, for most tables) not live."""
    others = WorkforceImport.objects.filter(owner_filter(workforce_import)).exclude(pk=workforce_import.pk)
    for model in tables(workforce_import.source):
        mine = model.objects.filter(load=workforce_import)
        for match in _matching(model, _keys(mine, model)):
            model.objects.filter(match, live=True, load__in=others).update(live=False)
        mine.update(live=True)


def swap_out(workforce_import: WorkforceImport) -> dict[str, list[int]]:
    """This import's rows not live; for what it held live (each ``REPLACED_BY`` value), the
    most recent other loaded import of the same owner with rows for it live again. Returns, per
    table, the imports made live again."""
    others = (
        WorkforceImport.objects.filter(owner_filter(workforce_import), status=ImportStatus.LOADED)
        .exclude(pk=workforce_import.pk)
        .order_by("-loaded_at", "-pk")
    )
    restored: dict[str, list[int]] = {}
    for model in tables(workforce_import.source):
        uncovered = _keys(model.objects.filter(load=workforce_import, live=True), model)
        model.objects.filter(load=workforce_import).update(live=False)
        for other in others.values_list("pk", flat=True):
            if not uncovered:
                break
            theirs = model.objects.filter(load_id=other)
            found = set()
            for match in _matching(model, uncovered):
                found |= _keys(theirs.filter(match), model)
            for match in _matching(model, found):
                theirs.filter(match).update(live=True)
            if found:
                restored.setdefault(model.__name__, []).append(other)
            uncovered -= found
    return restored


def same_file_loaded(workforce_import: WorkforceImport) -> WorkforceImport | None:
    """A loaded import of the same file, source, owner and choices (the month given, the column
    mapping) whose rows are still live."""
    candidates = WorkforceImport.objects.filter(
        owner_filter(workforce_import),
        status=ImportStatus.LOADED,
        sha256=workforce_import.sha256,
        source=workforce_import.source,
    ).exclude(pk=workforce_import.pk)
    for other in candidates.order_by("-loaded_at", "-pk"):
        if _choices(other) != _choices(workforce_import):
            continue
        if any(model.objects.filter(load=other, live=True).exists() for model in tables(other.source)):
            return other
    return None


def _choices(workforce_import: WorkforceImport) -> dict:
    return {key: workforce_import.options.get(key) or None for key in ("period", "mapping")}


def replaced(workforce_import: WorkforceImport) -> list[dict]:
    """The live imports whose figures this one would replace, with the periods of each."""
    others = WorkforceImport.objects.filter(owner_filter(workforce_import)).exclude(pk=workforce_import.pk)
    found: dict[int, set[str]] = {}
    for model in tables(workforce_import.source):
        live = model.objects.filter(live=True, load__in=others)
        for match in _matching(model, _keys(model.objects.filter(load=workforce_import), model)):
            for load_id, period in live.filter(match).values_list("load_id", "period").distinct():
                found.setdefault(load_id, set()).add(period.isoformat())
    loads = WorkforceImport.objects.in_bulk(list(found))
    out = []
    for load_id in sorted(found):
        other = loads[load_id]
        when = other.loaded_at or other.uploaded_at
        months = sorted(found[load_id])
        out.append(
            {
                "import": load_id,
                "file_name": other.file_name,
                "loaded_at": when.isoformat(),
                "periods": months,
                "text": (
                    f"Replaces the data for {_periods_text(months)} loaded by import {load_id} "
                    f"({other.file_name}) on {_day_text(when)}"
                ),
            }
        )
    return out


def _periods_text(periods: list[str]) -> str:
    names = [f"{datetime.date.fromisoformat(p):%B %Y}" for p in periods]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _day_text(when: datetime.datetime) -> str:
    return f"{when.day} {when:%B %Y}"


FIGURE_TABLES_ALL = {model for models in FIGURE_TABLES.values() for model in models}

"""Backing up and restoring Lodestar: the database and the uploaded files, consistent together.

A backup is one ``.tar.gz`` holding

- ``manifest.json``: format, when, which database it came from, the latest migration of each
  app, and the SHA-256 of every other member, so a damaged or edited backup is refused;
- ``data.json``: every row of every Lodestar table (Django's serialisation, so a backup taken
  on SQLite restores on PostgreSQL and the other way round);
- ``media/...``: every uploaded file (workshop evidence).

The rows are read in one transaction (a snapshot on PostgreSQL; SQLite holds its write lock),
and the files are copied inside it, so the files match the rows. ``restore`` refuses a
database that already holds data unless told to replace it, and writes the rows in one
transaction: a failed restore leaves the database as it was.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import shutil
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder

FORMAT = 1
# Rebuilt by `migrate` or worthless in a restored copy.
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "admin.logentry"]


class BackupError(Exception):
    """The backup cannot be made or restored; the message says why in plain words."""


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _latest_migrations() -> dict[str, str]:
    latest: dict[str, str] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        latest[app] = max(latest.get(app, ""), name)
    return dict(sorted(latest.items()))


def _dump_rows() -> bytes:
    out = io.StringIO()
    call_command(
        "dumpdata",
        exclude=EXCLUDED,
        natural_foreign=True,
        natural_primary=False,
        format="json",
        indent=None,
        stdout=out,
    )
    return out.getvalue().encode()


def _media_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def _add(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(datetime.datetime.now().timestamp())
    info.mode = 0o600
    tar.addfile(info, io.BytesIO(data))


def backup(path: str | Path) -> dict:
    """Write a backup to ``path``; return its manifest."""
    path = Path(path)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:  # one snapshot for every table we read
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        rows = _dump_rows()
        media_root = Path(settings.MEDIA_ROOT)
        files = {f"media/{p.relative_to(media_root).as_posix()}": p.read_bytes() for p in _media_files()}
        manifest = {
            "format": FORMAT,
            "created_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "database": connection.vendor,
            "migrations": _latest_migrations(),
            "rows": len(json.loads(rows)),
            "sha256": {"data.json": _sha256(rows), **{name: _sha256(data) for name, data in files.items()}},
        }
    partial = path.with_name(path.name + ".partial")
    with tarfile.open(partial, "w:gz") as tar:
        _add(tar, "manifest.json", json.dumps(manifest, indent=2).encode())
        _add(tar, "data.json", rows)
        for name, data in files.items():
            _add(tar, name, data)
    partial.replace(path)  # a backup cut short never looks complete
    return manifest


def _read_backup(path: Path) -> tuple[dict, bytes, dict[str, bytes]]:
    try:
        with tarfile.open(path, "r:gz") as tar:
            members = {m.name: m for m in tar.getmembers() if m.isfile()}
            if "manifest.json" not in members or "data.json" not in members:
                raise BackupError(f"{path} is not a Lodestar backup: it has no manifest.json and data.json.")
            manifest = json.loads(tar.extractfile(members["manifest.json"]).read())
            rows = tar.extractfile(members["data.json"]).read()
            files = {n: tar.extractfile(m).read() for n, m in members.items() if n.startswith("media/")}
    except (OSError, tarfile.TarError, json.JSONDecodeError) as exc:
        raise BackupError(f"{path} cannot be read as a Lodestar backup ({exc}).") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{path} is a backup of format {manifest.get('format')!r}; this Lodestar reads {FORMAT}.")
    expected = manifest.get("sha256", {})
    for name, data in {"data.json": rows, **files}.items():
        if expected.get(name) != _sha256(data):
            raise BackupError(f"{path} is damaged or was changed: {name} does not match its checksum.")
    for name in files:
        if ".." in Path(name).parts or Path(name).is_absolute():
            raise BackupError(f"{path} holds a file outside the media folder ({name}); refusing it.")
    return manifest, rows, files


def _database_has_data() -> bool:
    from lodestar.orgs.models import Organisation

    return Organisation.objects.exists()


def restore(path: str | Path, *, replace: bool = False) -> dict:
    """Restore ``path`` into this database and media folder; return the backup's manifest."""
    path = Path(path)
    manifest, rows, files = _read_backup(path)
    call_command("migrate", verbosity=0, interactive=False)
    if _database_has_data() and not replace:
        raise BackupError("This database already holds data. Restore into an empty database, or use --replace.")
    with transaction.atomic(), tempfile.TemporaryDirectory() as folder:
        if replace:
            call_command("flush", verbosity=0, interactive=False)
        fixture = Path(folder) / "lodestar-backup.json"
        fixture.write_bytes(rows)
        # loaddata checks every foreign key and moves PostgreSQL's id sequences past the rows.
        call_command("loaddata", str(fixture), verbosity=0)
    media_root = Path(settings.MEDIA_ROOT)
    if replace and media_root.exists():
        shutil.rmtree(media_root)
    for name, data in files.items():
        target = media_root / Path(name).relative_to("media")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return manifest

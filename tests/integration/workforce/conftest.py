"""Fixtures for workforce imports, shared by every workforce integration test.

* ``import_dir`` (automatic): uploaded files go to a temporary folder, never var/imports.
* ``immediate_tasks``: tasks run as soon as they are enqueued (after commit).
* ``load_file(user, org, path_or_bytes, source=..., options=..., file_name=...)``: the whole
  journey at once (``actions.run_now``); returns the import.
* ``staff_in_post_csv(rows, date=...)``: a staff in post file in the published layout, as bytes.
* ``national_loader``: a platform staff member, who may load national files.
* ``analyst(org)``: someone with the Workforce analyst role at ``org``.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from lodestar.workforce import actions
from tests.factories import UserFactory, member

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "workforce"

STAFF_IN_POST_HEADER = [
    "Date",
    "NHSE_Region_Name",
    "ICS name",
    "Org code",
    "Org name",
    "Main Staff Group",
    "Staff Group 1",
    "Staff Group 2",
    "Care Setting",
    "Level",
    "AfC Band",
    "Total FTE",
    "Total Headcount",
]


def staff_in_post_csv(rows, date: str = "2024-09-30") -> bytes:
    """``rows`` of (org code, org name, staff group, band, FTE, headcount) as a published CSV."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(STAFF_IN_POST_HEADER)
    for code, name, group, band, fte, headcount in rows:
        writer.writerow(
            [
                date,
                "Test Region",
                "ICS A",
                code,
                name,
                "01_Professionally qualified clinical staff",
                f"005_{group}",
                "012_Acute nurses",
                "Acute",
                "Registered",
                band,
                fte,
                headcount,
            ]
        )
    return out.getvalue().encode()


@pytest.fixture(autouse=True)
def import_dir(settings, tmp_path):
    folder = tmp_path / "imports"
    settings.LODESTAR_IMPORT_DIR = folder
    return folder


@pytest.fixture
def immediate_tasks(settings):
    """Tasks run as soon as they are enqueued (after commit), instead of waiting for db_worker."""
    settings.TASKS = IMMEDIATE
    return settings


@pytest.fixture
def national_loader(db):
    return UserFactory(is_platform_staff=True, email="platform@example.nhs.uk")


@pytest.fixture
def analyst(db):
    def make(org, **kwargs):
        return member(org, "analyst", **kwargs)

    return make


@pytest.fixture
def load_file(db):
    """``load_file(user, org, path_or_bytes, source="", options=None, file_name=None)``."""

    def load(user, org, file, *, source: str = "", options: dict | None = None, file_name: str | None = None):
        if isinstance(file, (str, Path)):
            path = Path(file)
            data, file_name = path.read_bytes(), file_name or path.name
        else:
            data, file_name = bytes(file), file_name or "upload.csv"
        return actions.run_now(
            actor=user, file_name=file_name, data=data, organisation=org, source=source, options=options
        )

    return load

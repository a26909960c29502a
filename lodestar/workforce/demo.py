"""Demo workforce data: the synthetic files in ``data/demo/`` (written by
``scripts/make_workforce_demo.py``), imported the way a person would import them.

Published national files (staff in post, turnover, vacancies, general practice, population)
are loaded as national imports by the demo platform user; the ESR-like extract is Riverside
Hospitals NHS Foundation Trust's own records, loaded by the demo organisation administrator
(Riverside ICS, above the trust). Every file goes through ``actions.run_now``: detected,
checked, matched to the demo organisations by ODS code and loaded, each step audited.

Called by the demo-data command after the organisations and the demo people. Idempotent: a
file already loaded (the same bytes, the same owner) is skipped, so running it again adds no
import and changes no figure.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from lodestar.accounts.models import User
from lodestar.orgs.models import Organisation
from lodestar.workforce import actions
from lodestar.workforce.models import ImportStatus, WorkforceImport

DEMO_DIR = Path(__file__).resolve().parent / "data" / "demo"
NATIONAL_LOADER = "platform@demo.lodestar.test"  # platform staff load published files
OWN_RECORDS_LOADER = "admin@demo.lodestar.test"  # manages Riverside ICS's workforce data
OWN_RECORDS = {"Riverside Hospitals ESR extract September 2025 and September 2026.csv": "RVX"}


class DemoDataError(RuntimeError):
    """A demo file was not loaded: the files and the importers disagree (a bug to fix)."""


def demo_files() -> list[Path]:
    """The demo files, oldest-first where it matters (GP months by date in the name sort fine
    either way: each is its own period)."""
    return sorted(p for p in DEMO_DIR.iterdir() if p.suffix == ".csv")


def _already_loaded(data: bytes, organisation: Organisation | None) -> bool:
    sha256 = hashlib.sha256(data).hexdigest()
    return WorkforceImport.objects.filter(sha256=sha256, organisation=organisation, status=ImportStatus.LOADED).exists()


def _load_file(path: Path, people: dict[str, User]) -> WorkforceImport | None:
    code = OWN_RECORDS.get(path.name)
    organisation = Organisation.objects.get(ods_code=code) if code else None
    data = path.read_bytes()
    if _already_loaded(data, organisation):
        return None
    actor = people[OWN_RECORDS_LOADER if organisation else NATIONAL_LOADER]
    result = actions.run_now(actor=actor, file_name=path.name, data=data, organisation=organisation)
    if result.status not in (ImportStatus.LOADED, ImportStatus.UNCHANGED):
        problems = "; ".join(p["message"] for p in (result.problems or [])[:3]) or result.error
        raise DemoDataError(f"{path.name} was not loaded ({result.get_status_display()}): {problems}")
    return result


def load() -> list[WorkforceImport]:
    """Import every demo file not yet loaded; the imports made (none when all were loaded)."""
    people = {u.email: u for u in User.objects.filter(email__in=[NATIONAL_LOADER, OWN_RECORDS_LOADER])}
    made = []
    for path in demo_files():
        result = _load_file(path, people)
        if result is not None:
            made.append(result)
    return made

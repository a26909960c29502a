"""`lodestar backup FILE` and `lodestar restore FILE [--replace]` (lodestar/cli/commands/backup.py): a round
trip through the command line brings the rows and the uploaded files back; a refusal is a message and exit
code 2, never a traceback, and changes nothing. Runs on SQLite and on PostgreSQL (DATABASE_URL)."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command

from lodestar.plans.models import Action
from lodestar.workshops.models import EvidenceItem, EvidenceKind
from tests.factories import member
from tests.factories.plans import ActionFactory, ActionPlanFactory
from tests.factories.workshops import WorkshopFactory
from tests.unit.cli.helpers import run_cli

pytestmark = pytest.mark.django_db(transaction=True)

REPORT = b"staff group,vacancies\nNurses,12\n"


@pytest.fixture
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def filled(orgs, media):
    facilitator = member(orgs["trust_a"], "facilitator")
    workshop = WorkshopFactory(lead_organisation=orgs["trust_a"], facilitator=facilitator)
    item = EvidenceItem(workshop=workshop, kind=EvidenceKind.FILE, title="Vacancy report")
    item.file.save("report.csv", ContentFile(REPORT), save=True)
    ActionFactory(plan=ActionPlanFactory(organisation=orgs["trust_a"]), title="Return to practice campaign")
    return item.file.name


def _empty(media):
    call_command("flush", verbosity=0, interactive=False)
    for path in sorted(media.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()


def test_backup_then_restore_on_an_empty_server_brings_back_rows_and_files(filled, media, tmp_path, capsys):
    target = tmp_path / "lodestar.tar.gz"
    code, out, err = run_cli(capsys, "backup", target)
    assert (code, err) == (0, "")
    assert "Backed up" in out and "1 uploaded files" in out and str(target) in out
    _empty(media)

    code, out, err = run_cli(capsys, "restore", target)

    assert (code, err) == (0, "")
    assert out.startswith("Restored ")
    assert Action.objects.get().title == "Return to practice campaign"
    assert (media / filled).read_bytes() == REPORT


def test_restore_over_data_is_refused_with_a_message_unless_replace(filled, tmp_path, capsys):
    target = tmp_path / "lodestar.tar.gz"
    assert run_cli(capsys, "backup", target)[0] == 0
    Action.objects.update(title="Changed after the backup")

    code, out, err = run_cli(capsys, "restore", target)
    assert code == 2
    assert err.startswith("lodestar restore: This database already holds data.")
    assert "--replace" in err and "Traceback" not in err
    assert Action.objects.get().title == "Changed after the backup"

    code, out, err = run_cli(capsys, "restore", target, "--replace")
    assert (code, err) == (0, "")
    assert Action.objects.get().title == "Return to practice campaign"


def test_a_file_that_is_not_a_backup_is_refused(filled, tmp_path, capsys):
    bogus = tmp_path / "notes.tar.gz"
    bogus.write_bytes(b"not a backup at all")
    code, out, err = run_cli(capsys, "restore", bogus)
    assert code == 2
    assert err.startswith(f"lodestar restore: {bogus} cannot be read as a Lodestar backup")
    assert Action.objects.get().title == "Return to practice campaign"


def test_a_backup_that_cannot_be_written_is_refused(filled, tmp_path, capsys):
    code, out, err = run_cli(capsys, "backup", tmp_path / "no-such-folder" / "lodestar.tar.gz")
    assert code == 2
    assert err.startswith("lodestar backup: ")
    assert not (tmp_path / "no-such-folder").exists()

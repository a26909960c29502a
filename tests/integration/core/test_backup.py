"""Backup and restore: the database and the uploaded files come back together, on SQLite and on
PostgreSQL; a damaged backup or a database that already holds data is refused and nothing changes."""

from __future__ import annotations

import io
import tarfile

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command

from lodestar.core.models import AuditEvent
from lodestar.orgs.models import Organisation
from lodestar.plans.models import Action
from lodestar.workshops.models import EvidenceItem, EvidenceKind
from tests.factories import member
from tests.factories.plans import ActionFactory, ActionPlanFactory
from tests.factories.workshops import WorkshopFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def filled(orgs, media):
    facilitator = member(orgs["trust_a"], "facilitator", full_name="Fay Facilitator")
    workshop = WorkshopFactory(lead_organisation=orgs["trust_a"], facilitator=facilitator)
    item = EvidenceItem(workshop=workshop, kind=EvidenceKind.FILE, title="Vacancy report")
    item.file.save("report.csv", ContentFile(b"staff group,vacancies\nNurses,12\n"), save=True)
    plan = ActionPlanFactory(organisation=orgs["trust_a"])
    ActionFactory(plan=plan, title="Return to practice campaign")
    return {"evidence_name": item.file.name}


def _wipe(media):
    call_command("flush", verbosity=0, interactive=False)
    for path in sorted(media.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()


def test_a_backup_restores_the_rows_and_the_files_together(filled, media, tmp_path):
    counts = (Organisation.objects.count(), Action.objects.count(), AuditEvent.objects.count())
    target = tmp_path / "lodestar.tar.gz"
    call_command("backup", str(target), verbosity=0)
    _wipe(media)
    assert not Organisation.objects.exists() and not (media / filled["evidence_name"]).exists()

    call_command("restore", str(target), verbosity=0)

    assert (Organisation.objects.count(), Action.objects.count(), AuditEvent.objects.count()) == counts
    assert Action.objects.get().title == "Return to practice campaign"
    evidence = EvidenceItem.objects.get()
    assert evidence.file.name == filled["evidence_name"]
    assert evidence.file.read() == b"staff group,vacancies\nNurses,12\n"
    # New rows after a restore get new ids (the id sequences moved past the restored rows).
    assert ActionFactory(plan=Action.objects.get().plan).pk > Action.objects.order_by("pk").first().pk


def test_restore_refuses_a_database_that_holds_data_and_changes_nothing(filled, tmp_path):
    target = tmp_path / "lodestar.tar.gz"
    call_command("backup", str(target), verbosity=0)
    Action.objects.update(title="Changed after the backup")
    with pytest.raises(CommandError, match="already holds data"):
        call_command("restore", str(target), verbosity=0)
    assert Action.objects.get().title == "Changed after the backup"
    call_command("restore", str(target), "--replace", verbosity=0)
    assert Action.objects.get().title == "Return to practice campaign"


def test_a_damaged_backup_is_refused(filled, media, tmp_path):
    target, damaged = tmp_path / "lodestar.tar.gz", tmp_path / "damaged.tar.gz"
    call_command("backup", str(target), verbosity=0)
    with tarfile.open(target) as source, tarfile.open(damaged, "w:gz") as out:
        for member_ in source.getmembers():
            data = source.extractfile(member_).read()
            if member_.name == "data.json":
                data = data.replace(b"Return to practice campaign", b"Something else entirely!!")
            member_.size = len(data)
            out.addfile(member_, io.BytesIO(data))
    _wipe(media)
    with pytest.raises(CommandError, match="damaged or was changed: data.json"):
        call_command("restore", str(damaged), verbosity=0)
    assert not Organisation.objects.exists()

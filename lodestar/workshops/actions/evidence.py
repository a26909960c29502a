"""The workshop's evidence pack: notes, and files checked by size, by content and by name (ADR 16)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction

from lodestar.core.audit import snapshot
from lodestar.core.validation import Problems, ValidationProblem
from lodestar.workshops import filetypes
from lodestar.workshops.actions._common import record_change, record_event, required_text
from lodestar.workshops.models import EvidenceItem, EvidenceKind, Workshop, WorkshopEvent

TITLE_MAX = 200
NOTE_MAX = 20_000


class EvidenceRejected(ValidationProblem):
    """The uploaded file is not allowed (field ``upload``); the message says why in plain words."""

    def __init__(self, message: str):
        super().__init__("upload", message)


def too_large_message() -> str:
    return f"The file must be smaller than {settings.EVIDENCE_MAX_BYTES // (1024 * 1024)} MB"


def check_evidence_file(data: bytes, name: str) -> filetypes.FileType:
    """The type of an upload's ``data`` (its file ``name`` must end in that type's extension);
    raises ``EvidenceRejected`` when it is not allowed (``filetypes.check`` has every rule)."""
    if len(data) > settings.EVIDENCE_MAX_BYTES:
        raise EvidenceRejected(too_large_message())
    if not data:
        raise EvidenceRejected("The file is empty")
    try:
        return filetypes.check(data, name)
    except filetypes.Refused as exc:
        raise EvidenceRejected(str(exc)) from exc


def check_evidence_note(*, title: str, text: str) -> None:
    problems = Problems()
    required_text(problems, title, "title", "Enter a title for the note", "The title", TITLE_MAX)
    required_text(problems, text, "text", "Enter the note", "The note", NOTE_MAX)
    problems.raise_any()


def check_evidence_title(title: str) -> None:
    """An uploaded file's title is optional (the file name stands in for it)."""
    problems = Problems()
    problems.text(title, "title", "The title", TITLE_MAX)
    problems.raise_any()


@transaction.atomic
def add_evidence_note(*, actor, workshop: Workshop, title: str, text: str) -> EvidenceItem:
    check_evidence_note(title=title, text=text)
    item = EvidenceItem.objects.create(
        workshop=workshop, kind=EvidenceKind.NOTE, title=title.strip(), text=text, added_by=actor
    )
    record_change(actor, WorkshopEvent.EVIDENCE_ADD, item, workshop, ["kind", "title"])
    return item


@transaction.atomic
def add_evidence_file(*, actor, workshop: Workshop, title: str, upload, text: str = "") -> EvidenceItem:
    """Store an uploaded file after checking its title, its size, its type by content and its name's ending.
    Raises ``ValidationProblem`` (``EvidenceRejected`` for the file) and stores nothing when it is not allowed."""
    check_evidence_title(title)
    if upload.size is not None and upload.size > settings.EVIDENCE_MAX_BYTES:
        raise EvidenceRejected(too_large_message())
    data = upload.read(settings.EVIDENCE_MAX_BYTES + 1)
    name = filetypes.clean_name(upload.name or "")
    kind = check_evidence_file(data, name)
    item = EvidenceItem(
        workshop=workshop,
        kind=EvidenceKind.FILE,
        title=(title or "").strip() or name[:TITLE_MAX],
        text=text,
        original_name=name,
        content_type=kind.content_type,
        size=len(data),
        added_by=actor,
    )
    item.file.save(uuid.uuid4().hex, ContentFile(data), save=False)
    try:
        item.save()
        record_change(actor, WorkshopEvent.EVIDENCE_ADD, item, workshop, ["kind", "title", "original_name", "size"])
    except Exception:
        item.file.delete(save=False)
        raise
    return item


@transaction.atomic
def delete_evidence(*, actor, item: EvidenceItem) -> None:
    before = snapshot(item, ["kind", "title", "original_name"])
    record_event(actor, WorkshopEvent.EVIDENCE_DELETE, item, item.workshop, before=before)
    stored = item.file.name if item.file else None
    storage = item.file.storage if item.file else None
    item.delete()
    if stored:
        transaction.on_commit(lambda: storage.delete(stored))

"""Pictures in a case study: the authors add a PNG, JPEG or GIF with words that describe it (alt
text, required) and an optional caption while the case study is a draft, and remove one.

The type is decided by the file's content, never its name or the browser's word for it: the first
bytes must be a PNG, JPEG or GIF signature and the picture's width and height must be readable from
its header (so a renamed program, an SVG, a web page or a truncated file are refused). The size
limit is ``settings.LEARNING_IMAGE_MAX_BYTES`` (5 MB). A refusal writes nothing: no row, no file,
no audit event. Files live in private storage and are served only through
``lodestar.learning.views.images``, which applies the case study's reading rule.
"""

from __future__ import annotations

import struct

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction

from lodestar.core.audit import record, snapshot
from lodestar.core.validation import Problems, ValidationProblem
from lodestar.learning.models import CaseStudy, CaseStudyImage, LearningEvent, Status
from lodestar.learning.queries import may_edit

ALT_MAX = 300
CAPTION_MAX = 300
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
STATE = ["alt_text", "caption", "content_type", "size", "width", "height"]
EXTENSIONS = {"image/png": "png", "image/jpeg": "jpg", "image/gif": "gif"}
# JPEG "start of frame" markers carry the picture's size (C4, C8 and CC are other segments).
_JPEG_FRAMES = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


def max_bytes() -> int:
    return int(getattr(settings, "LEARNING_IMAGE_MAX_BYTES", DEFAULT_MAX_BYTES))


def _png(data: bytes) -> tuple[int, int] | None:
    if len(data) < 24 or data[12:16] != b"IHDR":
        return None
    return struct.unpack(">II", data[16:24])


def _gif(data: bytes) -> tuple[int, int] | None:
    return struct.unpack("<HH", data[6:10]) if len(data) >= 13 else None


def _jpeg(data: bytes) -> tuple[int, int] | None:
    i = 2
    while i + 9 < len(data):
        if data[i] != 0xFF:
            return None
        marker = data[i + 1]
        if marker == 0xFF:  # padding
            i += 1
            continue
        length = struct.unpack(">H", data[i + 2 : i + 4])[0]
        if marker in _JPEG_FRAMES:
            height, width = struct.unpack(">HH", data[i + 5 : i + 9])
            return width, height
        i += 2 + length
    return None


def sniff(data: bytes) -> tuple[str, int, int] | None:
    """(content type, width, height) of a PNG, JPEG or GIF, read from its bytes; None otherwise."""
    for content_type, signature, reader in (
        ("image/png", b"\x89PNG\r\n\x1a\n", _png),
        ("image/jpeg", b"\xff\xd8\xff", _jpeg),
        ("image/gif", b"GIF87a", _gif),
        ("image/gif", b"GIF89a", _gif),
    ):
        if data.startswith(signature):
            size = reader(data)
            if size and size[0] > 0 and size[1] > 0:
                return content_type, size[0], size[1]
            return None
    return None


def _read(upload, problems: Problems) -> bytes | None:
    if upload is None:
        problems.add("file", "Choose a picture to add")
        return None
    limit = max_bytes()
    if (getattr(upload, "size", 0) or 0) > limit:
        problems.add("file", f"The picture must be smaller than {limit // (1024 * 1024)} MB")
        return None
    data = upload.read(limit + 1)
    if len(data) > limit:
        problems.add("file", f"The picture must be smaller than {limit // (1024 * 1024)} MB")
        return None
    if not data:
        problems.add("file", "The chosen file is empty")
        return None
    return data


def check_image(*, upload, alt_text: str, caption: str) -> tuple[Problems, bytes | None, tuple | None]:
    """Every rule for a new picture, at once: (problems, the file's bytes, (type, width, height))."""
    problems = Problems()
    data = _read(upload, problems)
    found = sniff(data) if data else None
    if data and found is None:
        problems.add("file", "The picture must be a PNG, JPEG or GIF (the file's content is not one of those)")
    if problems.require((alt_text or "").strip(), "alt_text", "Describe the picture for people who cannot see it"):
        problems.text(alt_text, "alt_text", "The description", ALT_MAX)
    problems.text(caption or "", "caption", "The caption", CAPTION_MAX)
    return problems, data, found


def _draft(case_study: CaseStudy, doing: str) -> CaseStudy:
    locked = CaseStudy.objects.select_for_update().get(pk=case_study.pk)
    if locked.status != Status.DRAFT:
        raise ValidationProblem("file", f"Pictures can be {doing} only while the case study is a draft")
    return locked


@transaction.atomic
def add_image(*, actor, case_study: CaseStudy, upload, alt_text: str, caption: str = "") -> CaseStudyImage:
    """A picture in ``case_study`` (a draft its organisation's editors may change)."""
    if not may_edit(actor, case_study):
        raise PermissionDenied
    case_study = _draft(case_study, "added")
    problems, data, found = check_image(upload=upload, alt_text=alt_text, caption=caption)
    problems.raise_any()
    content_type, width, height = found
    image = CaseStudyImage(
        case_study=case_study,
        alt_text=alt_text.strip(),
        caption=(caption or "").strip(),
        content_type=content_type,
        size=len(data),
        width=width,
        height=height,
        uploaded_by=actor,
    )
    image.file.save(f"picture.{EXTENSIONS[content_type]}", ContentFile(data), save=False)
    name = image.file.name
    try:
        image.save()
        record(
            actor=actor,
            action=LearningEvent.IMAGE_ADD,
            target=image,
            organisation=case_study.organisation,
            after=snapshot(image, STATE),
        )
    except Exception:
        image.file.storage.delete(name)
        raise
    return image


@transaction.atomic
def remove_image(*, actor, image: CaseStudyImage) -> None:
    """Remove a picture from a draft; its file goes once the removal is committed."""
    if not may_edit(actor, image.case_study):
        raise PermissionDenied
    case_study = _draft(image.case_study, "removed")
    storage, name = image.file.storage, image.file.name
    record(
        actor=actor,
        action=LearningEvent.IMAGE_REMOVE,
        target=image,
        organisation=case_study.organisation,
        before=snapshot(image, STATE),
    )
    image.delete()
    transaction.on_commit(lambda: storage.delete(name))

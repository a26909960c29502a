"""Pictures in a case study: the authors add a PNG, JPEG or GIF with words describing it while it
is a draft; readers see it on the page through the case study's reading rule (404 out of reach);
a renamed program, an SVG, an oversized or empty file, or no description are refused with a clear
message and nothing is written (no row, no file, no audit event); removing asks first.

The case study belongs to PCN A (Test Region > ICS A > PCN A > Practice A)."""

from __future__ import annotations

import struct
import zlib

import pytest
from django.urls import reverse

from lodestar.core.models import AuditEvent
from lodestar.learning import actions_images
from lodestar.learning.models import CaseStudyImage, LearningEvent, Status
from tests.factories.learning import case_study

pytestmark = pytest.mark.django_db

ALT = "The new rota board on Ward 7, with protected learning time in green"


def png(width: int = 3, height: int = 2, padding: int = 0) -> bytes:
    """A real PNG of ``width`` x ``height`` grey pixels (plus ``padding`` bytes after its end)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    body = chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + body + b"\x00" * padding


GIF = (
    b"GIF89a"
    + struct.pack("<HH", 4, 5)
    + b"\x80\x00\x00\x00\x00\x00\xff\xff\xff,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)
JPEG = (
    b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    + b"\xff\xc0\x00\x11\x08"
    + struct.pack(">HH", 480, 640)
    + b"\x03\x01\x22\x00\x02\x11\x01\x03\x11\x01\xff\xd9"
)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def files_in(media) -> list:
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


def upload(name: str, data: bytes, content_type: str = "image/png"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type=content_type)


@pytest.fixture
def draft(world):
    return case_study(world["orgs"]["pcn_a"], title="Protected learning time", author=world["people"]["editor"])


def add(client, cs, data: bytes | None, name="board.png", alt=ALT, caption=""):
    post = {"alt_text": alt, "caption": caption}
    if data is not None:
        post["file"] = upload(name, data)
    return client.post(reverse("learning:add-image", args=[cs.pk]), post)


def test_an_author_adds_a_picture_and_readers_see_it_on_the_page(client, world, draft, media):
    client.force_login(world["people"]["editor"])
    form = client.get(reverse("learning:add-image", args=[draft.pk]))
    assert form.status_code == 200 and "Describe the picture" in form.text
    response = add(client, draft, png(3, 2), caption="Ward 7, March 2025")
    assert response.status_code == 302
    image = CaseStudyImage.objects.get()
    assert (image.content_type, image.width, image.height, image.size) == ("image/png", 3, 2, len(png(3, 2)))
    assert len(files_in(media)) == 1
    [event] = AuditEvent.objects.filter(action=LearningEvent.IMAGE_ADD.value)
    assert event.after["alt_text"] == ALT and event.organisation == world["orgs"]["pcn_a"]
    page = client.get(reverse("learning:detail", args=[draft.pk])).text
    src = reverse("learning:image", args=[draft.pk, image.pk])
    assert f'src="{src}"' in page and f'alt="{ALT}"' in page and "Ward 7, March 2025" in page
    served = client.get(src)
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert b"".join(served.streaming_content) == png(3, 2)
    assert "/media/" not in page


@pytest.mark.parametrize(
    ("data", "content_type", "size"),
    [(GIF, "image/gif", (4, 5)), (JPEG, "image/jpeg", (640, 480))],
)
def test_gif_and_jpeg_are_recognised_by_their_content(world, draft, data, content_type, size):
    image = actions_images.add_image(
        actor=world["people"]["editor"], case_study=draft, upload=upload("x.bin", data), alt_text=ALT
    )
    assert (image.content_type, (image.width, image.height)) == (content_type, size)


@pytest.mark.parametrize(
    ("name", "data", "alt", "field", "message"),
    [
        ("board.png", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200, ALT, "file", "must be a PNG, JPEG or GIF"),
        (
            "board.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            ALT,
            "file",
            "must be a PNG, JPEG or GIF",
        ),
        ("board.png", b"\x89PNG\r\n\x1a\n", ALT, "file", "must be a PNG, JPEG or GIF"),  # cut short
        ("board.png", b"", ALT, "file", "The chosen file is empty"),
        ("board.png", None, ALT, "file", "Choose a picture to add"),
        ("board.png", png(), "   ", "alt_text", "Describe the picture for people who cannot see it"),
        ("board.png", png(), "x" * 301, "alt_text", "The description"),
    ],
)
def test_bad_pictures_are_refused_with_a_message_and_nothing_is_written(
    client, world, draft, media, name, data, alt, field, message
):
    client.force_login(world["people"]["editor"])
    response = add(client, draft, data, name=name, alt=alt)
    assert response.status_code == 200
    assert message in response.text and "There is a problem" in response.text
    assert f'href="#id_{field}"' in response.text  # the summary leads to the field, where the message is
    assert not CaseStudyImage.objects.exists()
    assert files_in(media) == []
    assert not AuditEvent.objects.filter(action=LearningEvent.IMAGE_ADD.value).exists()


def test_an_oversized_picture_is_refused(client, world, draft, media, settings):
    settings.LEARNING_IMAGE_MAX_BYTES = 1024 * 1024
    client.force_login(world["people"]["editor"])
    response = add(client, draft, png(padding=1024 * 1024))
    assert "The picture must be smaller than 1 MB" in response.text
    assert not CaseStudyImage.objects.exists() and files_in(media) == []


def test_pictures_are_added_only_to_a_draft(client, world, media):
    published = case_study(world["orgs"]["pcn_a"], status=Status.PUBLISHED, author=world["people"]["editor"])
    client.force_login(world["people"]["editor"])
    response = add(client, published, png())
    assert "Pictures can be added only while the case study is a draft" in response.text
    assert not CaseStudyImage.objects.exists() and files_in(media) == []


def test_a_picture_follows_the_case_studys_reading_rule(client, world, draft):
    image = actions_images.add_image(
        actor=world["people"]["editor"], case_study=draft, upload=upload("b.png", png()), alt_text=ALT
    )
    url = reverse("learning:image", args=[draft.pk, image.pk])
    for who in ("editor", "reviewer", "platform"):
        client.force_login(world["people"][who])
        assert client.get(url).status_code == 200, who
    for who in ("owner_viewer", "sibling", "other_region"):  # a draft: only its editors and reviewers
        client.force_login(world["people"][who])
        assert client.get(url).status_code == 404, who
        assert client.get(reverse("learning:add-image", args=[draft.pk])).status_code == 404, who
    client.logout()
    assert client.get(url).status_code == 302
    other = case_study(world["orgs"]["trust_a"], title="Another")
    client.force_login(world["people"]["editor"])
    assert client.get(reverse("learning:image", args=[other.pk, image.pk])).status_code == 404


def test_removing_a_picture_asks_first_then_removes_it_and_its_file(
    client, world, draft, media, django_capture_on_commit_callbacks
):
    image = actions_images.add_image(
        actor=world["people"]["editor"], case_study=draft, upload=upload("b.png", png()), alt_text=ALT
    )
    client.force_login(world["people"]["editor"])
    url = reverse("learning:remove-image", args=[draft.pk, image.pk])
    confirm = client.get(url)
    assert "Remove this picture?" in confirm.text and CaseStudyImage.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
    assert not CaseStudyImage.objects.exists() and files_in(media) == []
    assert AuditEvent.objects.filter(action=LearningEvent.IMAGE_REMOVE.value).count() == 1
    client.force_login(world["people"]["owner_viewer"])
    assert client.get(url).status_code == 404

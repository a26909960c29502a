"""The evidence pack: uploads checked by content and size, downloads only for participants."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lodestar.workshops.models import EvidenceItem
from tests.factories import member
from tests.factories.workshops import WorkshopFactory, participant, star_points
from tests.unit.workshops.test_filetypes import (
    CSV,
    FORMULA_CSV,
    HTML_AS_TEXT,
    POWERSHELL,
    ZIP_TOO_BIG,
    bomb,
    make_docx,
    make_jpeg,
    make_pdf,
    make_png,
    make_xlsx,
    read_back,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def world(orgs):
    star_points()
    facilitator = member(orgs["trust_a"], "facilitator")
    w = WorkshopFactory(lead_organisation=orgs["trust_a"], facilitator=facilitator)
    participant(w, "facilitator", user=facilitator)
    contributor = participant(w, "contributor", user=member(orgs["trust_a"], "contributor"))
    return dict(w=w, facilitator=facilitator, contributor=contributor, orgs=orgs)


def upload(client, w, name, data, title=""):
    return client.post(
        reverse("workshops:evidence", args=[w.pk]),
        {
            "form": "file",
            "title": title,
            "file": SimpleUploadedFile(name, data, content_type="application/octet-stream"),
        },
    )


@pytest.mark.parametrize(
    "name, data, content_type",
    [
        ("summary.pdf", make_pdf(), "application/pdf"),
        ("chart.png", make_png(), "image/png"),
        ("photo.jpg", make_jpeg(), "image/jpeg"),
        ("notes.docx", make_docx(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("wte.xlsx", make_xlsx(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("wte.csv", CSV, "text/csv"),
    ],
)
def test_upload_and_download(client, world, media, name, data, content_type):
    w = world["w"]
    client.force_login(world["contributor"])
    response = upload(client, w, name, data, title="Workforce data")
    assert response.status_code == 302
    item = EvidenceItem.objects.get()
    assert item.original_name == name and item.content_type == content_type and item.size == len(data)
    assert item.file.name.startswith(f"evidence/{w.pk}/") and name not in item.file.name
    download = client.get(reverse("workshops:evidence-download", args=[w.pk, item.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == data
    assert download["Content-Disposition"].startswith("attachment") and name in download["Content-Disposition"]
    assert download["X-Content-Type-Options"] == "nosniff" and download["Content-Type"] == content_type


@pytest.mark.parametrize(
    "name, data",
    [
        ("report.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 100),
        ("report.pdf", b"<html><script>alert(1)</script></html>"),
    ],
)
def test_renamed_files_are_refused_and_nothing_is_saved(client, world, media, name, data):
    client.force_login(world["contributor"])
    response = upload(client, world["w"], name, data)
    assert response.status_code == 200
    assert "The file is not a PDF, XLSX, CSV, DOCX, PNG or JPEG file" in response.content.decode()
    assert not EvidenceItem.objects.exists()
    assert not any(p.is_file() for p in media.rglob("*"))


def test_too_large_file_is_refused(client, world, media, settings):
    settings.EVIDENCE_MAX_BYTES = 1000
    client.force_login(world["contributor"])
    response = upload(client, world["w"], "big.csv", CSV * 100)
    assert "The file must be smaller than" in response.content.decode()
    assert not EvidenceItem.objects.exists()


def test_missing_file_and_empty_note_are_refused(client, world):
    client.force_login(world["contributor"])
    r = client.post(reverse("workshops:evidence", args=[world["w"].pk]), {"form": "file"})
    assert "Choose a file to upload" in r.content.decode()
    r = client.post(reverse("workshops:evidence", args=[world["w"].pk]), {"form": "note", "title": "", "text": ""})
    assert "Enter a title for the note" in r.content.decode()
    assert not EvidenceItem.objects.exists()


def test_note(client, world):
    client.force_login(world["contributor"])
    client.post(
        reverse("workshops:evidence", args=[world["w"].pk]), {"form": "note", "title": "Turnover", "text": "12% a year"}
    )
    assert "12% a year" in client.get(reverse("workshops:evidence", args=[world["w"].pk])).content.decode()


def test_evidence_is_for_participants_only(client, world):
    w = world["w"]
    client.force_login(world["contributor"])
    upload(client, w, "summary.pdf", make_pdf())
    item = EvidenceItem.objects.get()
    # A viewer of the lead organisation can see the workshop but is not a participant.
    viewer = member(world["orgs"]["trust_a"], "viewer")
    sibling = member(world["orgs"]["trust_b"], "org_admin")
    external_elsewhere = participant(
        WorkshopFactory(lead_organisation=world["orgs"]["trust_b"]), "contributor", is_external=True
    )
    for user in (viewer, sibling, external_elsewhere):
        client.force_login(user)
        assert client.get(reverse("workshops:evidence", args=[w.pk])).status_code == 404
        assert client.get(reverse("workshops:evidence-download", args=[w.pk, item.pk])).status_code == 404
    # Observers read but cannot add.
    observer = participant(w, "observer")
    client.force_login(observer)
    assert client.get(reverse("workshops:evidence-download", args=[w.pk, item.pk])).status_code == 200
    assert upload(client, w, "x.pdf", make_pdf()).status_code == 403
    assert EvidenceItem.objects.count() == 1


def test_remove_by_author_or_facilitator_only(client, world):
    w = world["w"]
    client.force_login(world["facilitator"])
    client.post(reverse("workshops:evidence", args=[w.pk]), {"form": "note", "title": "T", "text": "x"})
    item = EvidenceItem.objects.get()
    client.force_login(world["contributor"])
    assert client.post(reverse("workshops:evidence-delete", args=[w.pk, item.pk])).status_code == 403
    client.force_login(world["facilitator"])
    assert client.post(reverse("workshops:evidence-delete", args=[w.pk, item.pk])).status_code == 302
    assert not EvidenceItem.objects.exists()


def test_huge_note_is_refused_with_a_message_and_nothing_saved(client, world):
    client.force_login(world["contributor"])
    r = client.post(
        reverse("workshops:evidence", args=[world["w"].pk]),
        {"form": "note", "title": "Vacancies", "text": "x" * 20_001},
    )
    assert "The note must be 20,000 characters or fewer" in r.content.decode()
    assert not EvidenceItem.objects.exists()


def test_the_action_gives_the_pages_answers(world, media):
    """The rules the evidence page shows are the actions' own (no API adds evidence)."""
    from lodestar.core.validation import ValidationProblem
    from lodestar.workshops import actions

    kwargs = dict(actor=world["contributor"], workshop=world["w"])
    with pytest.raises(ValidationProblem) as caught:
        actions.add_evidence_note(**kwargs, title="", text="x" * 20_001)
    assert caught.value.by_field() == {
        "title": ["Enter a title for the note"],
        "text": ["The note must be 20,000 characters or fewer"],
    }
    renamed = SimpleUploadedFile("report.pdf", b"<html><script>alert(1)</script></html>")
    with pytest.raises(actions.EvidenceRejected) as caught:
        actions.add_evidence_file(**kwargs, title="", upload=renamed)
    assert caught.value.problems == [("upload", "The file is not a PDF, XLSX, CSV, DOCX, PNG or JPEG file")]
    with pytest.raises(ValidationProblem) as caught:
        actions.add_evidence_file(**kwargs, title="t" * 201, upload=SimpleUploadedFile("wte.csv", CSV))
    assert caught.value.by_field() == {"title": ["The title must be 200 characters or fewer"]}
    assert not EvidenceItem.objects.exists()
    assert not any(p.is_file() for p in media.rglob("*"))


def test_a_long_file_name_stands_in_for_the_title_within_its_limit(world, media):
    from lodestar.workshops import actions

    name = "n" * 250 + ".csv"
    item = actions.add_evidence_file(
        actor=world["contributor"], workshop=world["w"], title="", upload=SimpleUploadedFile(name, CSV)
    )
    assert item.title == name[:200] and item.original_name == name


# ---------------------------------------------------------------------------- hostile files (issue 8, item 5)

ENDINGS = "The file name must end in .pdf, .xlsx, .csv, .docx, .png, .jpg or .jpeg"


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("report.html", HTML_AS_TEXT, f"{ENDINGS} (this one ends in .html)"),
        ("run.bat", POWERSHELL, f"{ENDINGS} (this one ends in .bat)"),
        ("report.pdf", HTML_AS_TEXT, "The file name ends in .pdf but the file is a CSV file"),
        (
            "report.pdf",
            b"%PDF-1.7\n<html><body><script>alert(document.cookie)</script></body></html>\n",
            "The PDF file could not be read: it is damaged or is not really a PDF",
        ),
        ("wte.xlsx", bomb(make_xlsx(), "xl/worksheets/sheet2.xml"), ZIP_TOO_BIG),
    ],
    ids=["script-as-html", "powershell-as-bat", "text-as-pdf", "html-after-pdf-header", "xlsx-holding-1-gib"],
)
def test_hostile_files_are_refused_with_a_plain_message_and_nothing_is_saved(client, world, media, name, data, message):
    client.force_login(world["contributor"])
    response = upload(client, world["w"], name, data)
    assert response.status_code == 200
    assert message in response.content.decode().replace("&#39;", "'")
    assert not EvidenceItem.objects.exists()
    assert not any(p.is_file() for p in media.rglob("*"))


def test_the_action_gives_the_page_the_same_refusal(world, media):
    from lodestar.workshops import actions

    with pytest.raises(actions.EvidenceRejected) as caught:
        actions.add_evidence_file(
            actor=world["contributor"], workshop=world["w"], title="", upload=SimpleUploadedFile("run.bat", POWERSHELL)
        )
    assert caught.value.problems == [("upload", f"{ENDINGS} (this one ends in .bat)")]
    assert not EvidenceItem.objects.exists()


def download(client, w, item):
    response = client.get(reverse("workshops:evidence-download", args=[w.pk, item.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    return response, b"".join(response.streaming_content)


def test_a_csv_starting_with_a_formula_is_neutralised_on_download(client, world):
    w = world["w"]
    client.force_login(world["contributor"])
    assert upload(client, w, "wte.csv", FORMULA_CSV).status_code == 302
    item = EvidenceItem.objects.get()
    assert item.file.read() == FORMULA_CSV  # stored as uploaded
    response, body = download(client, w, item)
    assert response["Content-Type"] == "text/csv"
    assert read_back(body) == [["'=cmd|' /C calc'!A0", "vacancies"], ["ward 1", "3"]]
    assert not any(cell[:1] in "=+-@" for row in read_back(body) for cell in row)


def test_a_download_has_the_detected_type_and_its_ending_whatever_was_stored_before(client, world, media):
    """Files stored before names were checked (report.html holding CSV text) download as .csv attachments."""
    from django.core.files.base import ContentFile

    from lodestar.workshops.models import EvidenceKind

    w = world["w"]
    item = EvidenceItem(
        workshop=w, kind=EvidenceKind.FILE, title="Report", original_name="report.html", content_type="text/csv"
    )
    item.file.save("legacy", ContentFile(HTML_AS_TEXT), save=True)
    client.force_login(world["contributor"])
    response, body = download(client, w, item)
    assert response["Content-Type"] == "text/csv" and body == HTML_AS_TEXT
    assert 'filename="report.csv"' in response["Content-Disposition"]
    item.content_type = "text/html"  # never a type Lodestar detects
    item.save()
    response, _ = download(client, w, item)
    assert response["Content-Type"] == "application/octet-stream"
    assert 'filename="report.bin"' in response["Content-Disposition"]

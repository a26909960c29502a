"""Uploading a workforce file: who may, what is refused before anything is kept, the private
temporary file, the audit trail, and the journey through the jobs to live figures."""

from __future__ import annotations

import stat

import pytest
from django.core.exceptions import PermissionDenied

from lodestar.core.models import AuditEvent
from lodestar.core.validation import ValidationProblem
from lodestar.workforce import actions
from lodestar.workforce.models import ImportStatus, StaffInPost, WorkforceEvent, WorkforceImport
from tests.factories import member
from tests.integration.workforce.conftest import FIXTURES, staff_in_post_csv

NURSES = "Nurses & health visitors"


def trust_a_file(fte=10.5, headcount=12, date="2024-09-30") -> bytes:
    return staff_in_post_csv([("RA1", "Trust A", NURSES, "Band 5", fte, headcount)], date=date)


def upload(user, org, data=None, **kwargs):
    kwargs.setdefault("file_name", "staff.csv")
    return actions.upload(actor=user, data=trust_a_file() if data is None else data, organisation=org, **kwargs)


# ------------------------------------------------------------------------------ the journey


def test_an_upload_is_checked_and_loaded_by_the_jobs(
    orgs, analyst, immediate_tasks, django_capture_on_commit_callbacks
):
    person = analyst(orgs["trust_a"])
    with django_capture_on_commit_callbacks(execute=True):
        workforce_import = upload(person, orgs["trust_a"])
    workforce_import.refresh_from_db()
    assert workforce_import.status == ImportStatus.READY
    assert workforce_import.source == "staff_in_post"
    assert "staff in post" in workforce_import.detected
    assert workforce_import.summary["totals"] == {"2024-09-01": {"headcount": 12, "fte": 10.5}}
    assert not StaffInPost.objects.filter(live=True).exists()  # checked, not yet shown

    with django_capture_on_commit_callbacks(execute=True):
        actions.confirm(actor=person, workforce_import=workforce_import)
    workforce_import.refresh_from_db()
    assert workforce_import.status == ImportStatus.LOADED
    assert workforce_import.loaded_at is not None
    row = StaffInPost.objects.get(live=True)
    assert (row.org_code, row.organisation, row.fte, row.headcount) == ("RA1", orgs["trust_a"], 10.5, 12)


def test_the_upload_is_kept_in_a_private_file_named_by_a_uuid_until_checked(orgs, analyst, import_dir):
    workforce_import = upload(analyst(orgs["trust_a"]), orgs["trust_a"])
    [kept] = list(import_dir.iterdir())
    assert kept.name == workforce_import.options["upload"]
    assert "staff" not in kept.name and len(kept.stem) == 32
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert kept.read_bytes() == trust_a_file()
    assert workforce_import.status == ImportStatus.QUEUED
    assert len(workforce_import.sha256) == 64

    actions.check(workforce_import.pk)
    assert list(import_dir.iterdir()) == []


def test_every_step_records_an_audit_event_for_the_organisation(orgs, analyst, load_file):
    person = analyst(orgs["trust_a"])
    workforce_import = load_file(person, orgs["trust_a"], trust_a_file())
    events = AuditEvent.objects.filter(target_type="workforce.WorkforceImport", target_id=str(workforce_import.pk))
    assert list(events.order_by("pk").values_list("action", "organisation", "actor")) == [
        (WorkforceEvent.IMPORT_UPLOAD.value, orgs["trust_a"].pk, person.pk),
        (WorkforceEvent.IMPORT_CHECKED.value, orgs["trust_a"].pk, person.pk),
        (WorkforceEvent.IMPORT_CONFIRM.value, orgs["trust_a"].pk, person.pk),
        (WorkforceEvent.IMPORT_LOADED.value, orgs["trust_a"].pk, person.pk),
    ]


def test_a_national_file_is_audited_without_an_organisation(orgs, national_loader, load_file):
    workforce_import = load_file(national_loader, None, FIXTURES / "staff_in_post" / "good.csv")
    assert workforce_import.status == ImportStatus.LOADED
    events = AuditEvent.objects.filter(target_id=str(workforce_import.pk), target_type="workforce.WorkforceImport")
    assert events.count() == 4
    assert set(events.values_list("organisation", flat=True)) == {None}


# ------------------------------------------------------------------------------ who may


def test_someone_without_the_permission_at_the_organisation_is_refused(orgs, analyst):
    with pytest.raises(PermissionDenied):
        upload(analyst(orgs["trust_b"]), orgs["trust_a"])
    with pytest.raises(PermissionDenied):
        upload(member(orgs["trust_a"], "viewer"), orgs["trust_a"])
    assert not WorkforceImport.objects.exists()


def test_only_platform_staff_load_national_files(orgs, analyst, national_loader):
    with pytest.raises(PermissionDenied):
        upload(analyst(orgs["region"]), None)
    assert upload(national_loader, None).organisation is None


def test_an_ics_analyst_may_load_for_a_trust_beneath_it(orgs, analyst):
    assert upload(analyst(orgs["ics_a"]), orgs["trust_a"]).organisation == orgs["trust_a"]


# ------------------------------------------------------------------------------ refused at once


@pytest.mark.parametrize(
    ("file_name", "data", "message"),
    [
        ("staff.csv", b"", "The file is empty"),
        ("staff.txt", b"a,b,c\n", "The file must be a CSV (.csv) or Excel (.xlsx) file"),
        ("staff", b"a,b,c\n", "The file must be a CSV (.csv) or Excel (.xlsx) file"),
        ("", b"a,b,c\n", "Choose a file to upload"),
    ],
)
def test_a_bad_file_is_refused_naming_the_file(orgs, analyst, import_dir, file_name, data, message):
    with pytest.raises(ValidationProblem) as refused:
        upload(analyst(orgs["trust_a"]), orgs["trust_a"], data, file_name=file_name)
    assert refused.value.problems == [("file", message)]
    assert not WorkforceImport.objects.exists()
    assert not import_dir.exists() or list(import_dir.iterdir()) == []


def test_a_file_over_the_limit_is_refused_before_it_is_read(orgs, analyst, settings, import_dir):
    assert settings.LODESTAR_IMPORT_MAX_BYTES == 150 * 1024 * 1024
    settings.LODESTAR_IMPORT_MAX_BYTES = 1024 * 1024  # 1 MB, so the test need not build 200 MB
    data = b"x" * (2 * 1024 * 1024)
    with pytest.raises(ValidationProblem) as refused:
        upload(analyst(orgs["trust_a"]), orgs["trust_a"], data)
    assert refused.value.problems == [
        (
            "file",
            "The file is 2 MB: the largest Lodestar accepts is 1 MB. "
            "Split it (for example one file per month) and upload each part",
        )
    ]
    assert not WorkforceImport.objects.exists()


def test_an_unknown_source_is_refused_naming_the_source(orgs, analyst):
    with pytest.raises(ValidationProblem) as refused:
        upload(analyst(orgs["trust_a"]), orgs["trust_a"], source="sickness")
    assert refused.value.by_field() == {"source": ["Choose a kind of file from the list"]}


def test_staff_records_need_an_organisation(orgs, national_loader):
    with pytest.raises(ValidationProblem) as refused:
        upload(national_loader, None, source="staff_records")
    assert refused.value.by_field() == {"organisation": ["Choose the organisation the staff records belong to"]}


@pytest.mark.parametrize(
    ("options", "field"),
    [
        ({"period": "September"}, "period"),
        ({"period": "1999-09-01"}, "period"),
        ({"mapping": ["person_id"]}, "mapping"),
        ({"mapping": {"shoe_size": "Shoe"}}, "mapping"),
        ({"mapping": {"person_id": 7}}, "mapping"),
    ],
)
def test_bad_options_are_refused_naming_the_option(orgs, analyst, options, field):
    with pytest.raises(ValidationProblem) as refused:
        upload(analyst(orgs["trust_a"]), orgs["trust_a"], options=options)
    assert list(refused.value.by_field()) == [field]
    assert not WorkforceImport.objects.exists()


# ------------------------------------------------------------------------------ refused by the check


def test_a_file_with_problems_is_refused_and_writes_no_figures(orgs, national_loader, load_file, import_dir):
    workforce_import = load_file(national_loader, None, FIXTURES / "staff_in_post" / "negative_fte.csv")
    assert workforce_import.status == ImportStatus.REFUSED
    assert workforce_import.problems
    assert {p["row"] for p in workforce_import.problems} == {3}
    assert "Total FTE" in workforce_import.problems[0]["column"]
    assert not StaffInPost.objects.exists()
    assert list(import_dir.iterdir()) == []


def test_a_file_lodestar_cannot_tell_says_why(orgs, national_loader, load_file):
    workforce_import = load_file(national_loader, None, b"Name,Shoe size,Colour\nAda,5,Blue\n")
    assert workforce_import.status == ImportStatus.REFUSED
    assert workforce_import.detected.startswith("Lodestar could not tell what this file is")
    assert workforce_import.problems[0]["message"] == workforce_import.detected


def test_a_chosen_source_that_does_not_fit_says_what_is_missing(orgs, national_loader, load_file):
    data = (FIXTURES / "turnover" / "good.csv").read_bytes()
    workforce_import = load_file(national_loader, None, data, source="staff_in_post")
    assert workforce_import.status == ImportStatus.REFUSED
    assert workforce_import.detected.startswith("This is not a file of NHS Workforce Statistics: staff in post")
    assert "Total FTE" in workforce_import.detected  # what is missing


def test_an_organisation_outside_the_chosen_one_is_a_problem_naming_row_and_column(orgs, analyst, load_file):
    data = staff_in_post_csv(
        [
            ("RA1", "Trust A", NURSES, "Band 5", 10, 12),
            ("RB1", "Trust B", NURSES, "Band 5", 4, 4),
            ("ZZ9", "Nowhere", NURSES, "Band 6", 1, 1),
        ]
    )
    workforce_import = load_file(analyst(orgs["ics_a"]), orgs["ics_a"], data)
    assert workforce_import.status == ImportStatus.REFUSED
    assert workforce_import.problems == [
        {
            "row": 3,
            "column": "Org code",
            "message": '"RB1" is not ICS A or an organisation beneath it: '
            "a file loaded for ICS A may only hold its own figures",
        },
        {
            "row": 4,
            "column": "Org code",
            "message": '"ZZ9" is not ICS A or an organisation beneath it: '
            "a file loaded for ICS A may only hold its own figures",
        },
    ]
    assert not StaffInPost.objects.exists()


def test_an_xlsx_file_is_read(orgs, national_loader, load_file):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["NHS Workforce Statistics, September 2024"])
    for line in trust_a_file().decode().splitlines():
        sheet.append(line.split(","))
    import io

    out = io.BytesIO()
    book.save(out)
    workforce_import = load_file(national_loader, None, out.getvalue(), file_name="staff.xlsx")
    assert workforce_import.status == ImportStatus.LOADED, workforce_import.problems
    assert StaffInPost.objects.get(live=True).headcount == 12

"""The import journey on the pages: upload a file, see it checked (the preview, with every problem
by row and column), load it, see the result, roll it back. Jobs run at once (the immediate task
backend, after commit), as the worker would run them."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lodestar.workforce.models import ColumnMapping, ImportStatus, StaffInPost, WorkforceImport
from tests.factories import UserFactory, member

pytestmark = pytest.mark.django_db

HEADER = (
    "Date,NHSE_Region_Name,ICS name,Org code,Org name,Main Staff Group,Staff Group 1,Staff Group 2,"
    "Care Setting,Level,AfC Band,Total FTE,Total Headcount\n"
)
ROW = (
    "2024-09-30,London,ICS A,{code},Trust A,01_Professionally qualified clinical staff,"
    "005_Nurses & health visitors,012_Acute nurses,Acute,Registered,Band 5,{fte},{hc}\n"
)
GOOD = (
    HEADER
    + ROW.format(code="RA1", fte="120.5", hc="130")
    + ROW.format(code="RA1", fte="10", hc="11").replace("Band 5", "Band 6")
)
BAD = HEADER + ROW.format(code="RA1", fte="120.5", hc="130") + ROW.format(code="RA1", fte="eighty", hc="84")
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def jobs_at_once(settings, tmp_path):
    settings.TASKS = IMMEDIATE
    settings.LODESTAR_IMPORT_DIR = tmp_path / "imports"


@pytest.fixture
def analyst(orgs, client):
    person = member(orgs["trust_a"], "analyst", full_name="Ann Analyst")
    client.force_login(person)
    return person


def csv_file(text: str, name: str = "staff-in-post-september-2024.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def upload(client, orgs, file, capture, **extra):
    data = {"file": file, "source": "auto", "organisation": str(orgs["trust_a"].pk), **extra}
    with capture(execute=True):
        response = client.post(reverse("workforce:upload"), data)
    return response


def page_text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_upload_preview_confirm_and_loaded(client, orgs, analyst, django_capture_on_commit_callbacks):
    response = upload(client, orgs, csv_file(GOOD), django_capture_on_commit_callbacks)
    load = WorkforceImport.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("workforce:import", args=[load.pk])
    load.refresh_from_db()
    assert load.status == ImportStatus.READY

    preview = page_text(client.get(response["Location"]))
    assert "Checked: ready to load" in preview
    assert "NHS Workforce Statistics: staff in post" in preview
    assert "September 2024" in preview
    assert "1 organisation code in the file is an organisation in Lodestar" in preview
    assert "Load this data" in preview and "Cancel" in preview
    assert not StaffInPost.objects.filter(live=True).exists()  # nothing shown before confirming

    with django_capture_on_commit_callbacks(execute=True):
        confirmed = client.post(reverse("workforce:import-confirm", args=[load.pk]))
    assert confirmed.status_code == 302
    result = page_text(client.get(confirmed["Location"]))
    assert "The data is loaded" in result
    assert "Roll back this import" in result
    assert StaffInPost.objects.filter(live=True, load=load).count() == 2


def test_a_bad_file_lists_each_problem_by_row_and_column_and_loads_nothing(
    client, orgs, analyst, django_capture_on_commit_callbacks
):
    response = upload(client, orgs, csv_file(BAD), django_capture_on_commit_callbacks)
    load = WorkforceImport.objects.get()
    assert load.status == ImportStatus.REFUSED
    html = client.get(response["Location"]).content.decode()
    text = page_text(client.get(response["Location"]))
    assert "Nothing was loaded" in text
    assert "Load this data" not in text
    table = html[html.index('id="problems"') :]
    assert re.search(r"Row </span>3<.*?Column </span>Total FTE<", table, flags=re.S), table[:2000]
    assert not StaffInPost.objects.exists()


def test_a_file_of_the_wrong_type_is_refused_on_the_upload_page(
    client, orgs, analyst, django_capture_on_commit_callbacks
):
    file = SimpleUploadedFile("report.pdf", b"%PDF-1.4 not a table", content_type="application/pdf")
    response = upload(client, orgs, file, django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert "The file must be a CSV (.csv) or Excel (.xlsx) file" in page_text(response)
    assert not WorkforceImport.objects.exists()


def test_a_file_over_the_limit_is_refused_before_it_is_read(
    client, orgs, analyst, settings, django_capture_on_commit_callbacks
):
    settings.LODESTAR_IMPORT_MAX_BYTES = 1024  # as 200 MB is to the real limit of 150 MB
    big = GOOD + ROW.format(code="RA1", fte="1", hc="1") * 20
    response = upload(client, orgs, csv_file(big), django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert "The file must be smaller than" in page_text(response)
    assert not WorkforceImport.objects.exists()


def test_rolling_back_shows_a_confirmation_then_takes_the_figures_away(
    client, orgs, analyst, django_capture_on_commit_callbacks
):
    response = upload(client, orgs, csv_file(GOOD), django_capture_on_commit_callbacks)
    load = WorkforceImport.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("workforce:import-confirm", args=[load.pk]))
    page = client.get(reverse("workforce:import-roll-back", args=[load.pk]))
    assert "Roll back this import?" in page_text(page)
    assert StaffInPost.objects.filter(live=True).count() == 2  # looking at the question changes nothing
    done = client.post(reverse("workforce:import-roll-back", args=[load.pk]))
    assert done["Location"] == response["Location"]
    load.refresh_from_db()
    assert load.status == ImportStatus.ROLLED_BACK
    assert not StaffInPost.objects.filter(live=True).exists()
    assert "rolled back" in page_text(client.get(done["Location"]))


def test_cancelling_a_checked_import_loads_nothing(client, orgs, analyst, django_capture_on_commit_callbacks):
    upload(client, orgs, csv_file(GOOD), django_capture_on_commit_callbacks)
    load = WorkforceImport.objects.get()
    client.post(reverse("workforce:import-cancel", args=[load.pk]))
    load.refresh_from_db()
    assert load.status == ImportStatus.CANCELLED
    assert not StaffInPost.objects.exists()


def test_the_same_file_again_is_unchanged(client, orgs, analyst, django_capture_on_commit_callbacks):
    upload(client, orgs, csv_file(GOOD), django_capture_on_commit_callbacks)
    first = WorkforceImport.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("workforce:import-confirm", args=[first.pk]))
    again = upload(client, orgs, csv_file(GOOD), django_capture_on_commit_callbacks)
    text = page_text(client.get(again["Location"]))
    assert "This file is already loaded: nothing was changed" in text


def test_while_it_is_checked_the_page_shows_a_progress_bar_that_polls(client, orgs, analyst):
    response = client.post(
        reverse("workforce:upload"),
        {"file": csv_file(GOOD), "source": "auto", "organisation": str(orgs["trust_a"].pk)},
    )  # no commit callbacks run: the check waits
    html = client.get(response["Location"]).content.decode()
    load = WorkforceImport.objects.get()
    assert '<progress id="import-progress-bar"' in html
    assert f'hx-get="{reverse("workforce:import-progress", args=[load.pk])}"' in html
    assert 'hx-trigger="every 2s"' in html
    assert "Refresh this page" in html  # without JavaScript
    fragment = client.get(reverse("workforce:import-progress", args=[load.pk]), HTTP_HX_REQUEST="true")
    assert "<progress" in fragment.content.decode() and "<html" not in fragment.content.decode()


def test_the_progress_fragment_sends_htmx_to_the_page_once_checked(
    client, orgs, analyst, django_capture_on_commit_callbacks
):
    upload(client, orgs, csv_file(GOOD), django_capture_on_commit_callbacks)
    load = WorkforceImport.objects.get()
    fragment = client.get(reverse("workforce:import-progress", args=[load.pk]), HTTP_HX_REQUEST="true")
    assert fragment["HX-Redirect"] == reverse("workforce:import", args=[load.pk])


def test_the_imports_list_shows_who_when_file_fingerprint_rows_months_status(
    client, orgs, analyst, django_capture_on_commit_callbacks
):
    upload(client, orgs, csv_file(GOOD), django_capture_on_commit_callbacks)
    load = WorkforceImport.objects.get()
    html = client.get(reverse("workforce:imports")).content.decode()
    assert "staff-in-post-september-2024.csv" in html
    assert "Ann Analyst" in html
    assert f'title="{load.sha256}">{load.sha256[:12]}</code>' in html
    assert "September 2024" in html
    assert "Checked: ready to load" in html


def test_the_upload_form_offers_national_statistics_to_platform_staff_only(client, orgs, analyst):
    html = client.get(reverse("workforce:upload")).content.decode()
    assert "Trust A (RA1)" in html and "Published national statistics" not in html
    assert "Trust B" not in html
    staff = UserFactory(is_platform_staff=True)
    client.force_login(staff)
    assert (
        "Published national statistics (everyone can see them)"
        in client.get(reverse("workforce:upload")).content.decode()
    )


def test_a_viewer_cannot_upload(client, orgs):
    client.force_login(member(orgs["trust_a"], "viewer"))
    assert client.get(reverse("workforce:upload")).status_code == 404
    assert "Upload workforce data" not in client.get(reverse("workforce:index")).content.decode()


STAFF_RECORDS = (
    "Snapshot,Person,Org,Group,Pay band,Hours,Age\n"
    "2024-09-30,P1,RA1,Nurses & health visitors,Band 5,1.0,25-29\n"
    "2024-09-30,P2,RA1,Nurses & health visitors,Band 5,0.8,30-34\n"
)


def test_staff_records_go_through_the_column_mapping_which_can_be_saved(
    client, orgs, analyst, django_capture_on_commit_callbacks
):
    response = upload(
        client, orgs, csv_file(STAFF_RECORDS, "esr.csv"), django_capture_on_commit_callbacks, source="staff_records"
    )
    assert response["Location"] == reverse("workforce:upload-columns")
    page = page_text(client.get(response["Location"]))
    assert "Match the columns of your staff records" in page and "Pay band" in page
    mapping = {
        "field_snapshot": "snapshot",
        "field_person_id": "person",
        "field_org_code": "org",
        "field_staff_group": "group",
        "field_band": "pay_band",
        "field_wte": "hours",
        "field_age_band": "age",
        "save_as": "Our ESR extract",
    }
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(reverse("workforce:upload-columns"), mapping)
    assert done.status_code == 302, page_text(done)
    load = WorkforceImport.objects.get()
    assert load.options["mapping"]["wte"] == "hours"
    saved = ColumnMapping.objects.get(organisation=orgs["trust_a"])
    assert saved.name == "Our ESR extract" and saved.mapping["band"] == "pay_band"
    load.refresh_from_db()
    assert load.status == ImportStatus.READY, load.problems


def test_a_saved_mapping_is_offered_and_used_next_time(client, orgs, analyst, django_capture_on_commit_callbacks):
    from lodestar.workforce import actions

    saved = actions.save_mapping(
        actor=analyst,
        organisation=orgs["trust_a"],
        name="Our ESR extract",
        mapping={
            "snapshot": "Snapshot",
            "person_id": "Person",
            "org_code": "Org",
            "staff_group": "Group",
            "band": "Pay band",
            "wte": "Hours",
            "age_band": "Age",
        },
    )
    response = upload(
        client, orgs, csv_file(STAFF_RECORDS, "esr.csv"), django_capture_on_commit_callbacks, source="staff_records"
    )
    page = client.get(response["Location"]).content.decode()
    assert "Use a saved mapping (optional)" in page and "Our ESR extract" in page
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(reverse("workforce:upload-columns"), {"saved": str(saved.pk)})
    load = WorkforceImport.objects.get(pk=int(done["Location"].rstrip("/").rsplit("/", 1)[1]))
    assert load.options["mapping"] == saved.mapping
    assert load.status == ImportStatus.READY, load.problems
    # The file waited in a private folder only until it was uploaded.
    assert client.get(reverse("workforce:upload-columns"))["Location"] == reverse("workforce:upload")


def test_a_mapping_that_names_no_column_for_a_required_field_is_refused_with_the_reason(
    client, orgs, analyst, django_capture_on_commit_callbacks
):
    upload(client, orgs, csv_file(STAFF_RECORDS, "esr.csv"), django_capture_on_commit_callbacks, source="staff_records")
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(reverse("workforce:upload-columns"), {"field_snapshot": "snapshot"})
    load = WorkforceImport.objects.get()
    load.refresh_from_db()
    assert load.status == ImportStatus.REFUSED
    assert "person identifier" in page_text(client.get(done["Location"]))


def test_the_workforce_front_page_links_every_figure_page_and_the_recent_imports(
    client, orgs, analyst, django_capture_on_commit_callbacks
):
    from lodestar.workforce.presenters import figure_pages

    upload(client, orgs, csv_file(GOOD), django_capture_on_commit_callbacks)
    html = client.get(reverse("workforce:index")).content.decode()
    for title, url_name, _description in figure_pages():
        assert f'href="{reverse(url_name)}">{title}</a>' in html
    recent = html[html.index('id="recent-imports"') :]
    assert "staff-in-post-september-2024.csv" in recent and "Checked: ready to load" in recent
    assert f'href="{reverse("workforce:upload")}"' in html


def test_a_general_practice_file_without_a_date_takes_the_month_from_the_form(
    client, orgs, django_capture_on_commit_callbacks
):
    from tests.factories import UserFactory
    from tests.integration.workforce.conftest import FIXTURES

    client.force_login(UserFactory(is_platform_staff=True))
    data = (FIXTURES / "gp_practice" / "practice_level.csv").read_bytes()
    form = {"file": csv_file(data.decode(), "practice_level.csv"), "source": "auto", "organisation": "national"}
    with django_capture_on_commit_callbacks(execute=True):
        wrong = client.post(reverse("workforce:upload"), {**form, "period-month": "13", "period-year": "2024"})
    assert "The month must be a real month" in page_text(wrong)
    assert 'href="#id_period-month"' in wrong.content.decode()
    form["file"] = csv_file(data.decode(), "practice_level.csv")
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(reverse("workforce:upload"), {**form, "period-month": "9", "period-year": "2024"})
    load = WorkforceImport.objects.get()
    assert load.status == ImportStatus.READY, load.problems
    assert load.periods == ["2024-09-01"] and load.organisation is None
    preview = page_text(client.get(done["Location"]))
    assert "Published national statistics" in preview
    assert "Codes not in Lodestar" in preview and "A81001" in preview  # kept under their code

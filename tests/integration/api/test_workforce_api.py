"""The workforce API: upload a file (202 and where to follow it), follow its check, confirm,
roll back, and list what is loaded. Errors name the field (422) and anything out of reach is 404."""

from __future__ import annotations

import pytest

from lodestar.workforce.models import ImportStatus, StaffInPost, WorkforceImport
from tests.factories import UserFactory, member
from tests.factories.api import api_token, auth_header
from tests.factories.workforce import loaded_import

pytestmark = pytest.mark.django_db

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
HEADER = (
    "Date,NHSE_Region_Name,ICS name,Org code,Org name,Main Staff Group,Staff Group 1,Staff Group 2,"
    "Care Setting,Level,AfC Band,Total FTE,Total Headcount\n"
)
ROW = (
    "2024-09-30,London,ICS A,RA1,Trust A,01_Professionally qualified clinical staff,"
    "005_Nurses & health visitors,012_Acute nurses,Acute,Registered,{band},{fte},{hc}\n"
)
GOOD = HEADER + ROW.format(band="Band 5", fte="120.5", hc="130") + ROW.format(band="Band 6", fte=80, hc=84)
BAD = HEADER + ROW.format(band="Band 5", fte="120.5", hc="130") + ROW.format(band="Band 6", fte="eighty", hc=84)
URL = "/api/v1/workforce/imports"


@pytest.fixture(autouse=True)
def jobs_at_once(settings, tmp_path):
    settings.TASKS = IMMEDIATE
    settings.LODESTAR_IMPORT_DIR = tmp_path / "imports"


@pytest.fixture
def analyst(orgs):
    person = member(orgs["trust_a"], "analyst")
    return person, auth_header(api_token(person)[1])


def csv(text: str, name: str = "staff-in-post.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def post_file(client, headers, capture, text=GOOD, name="staff-in-post.csv", **fields):
    with capture(execute=True):
        return client.post(URL, {"file": csv(text, name), "organisation": "RA1", **fields}, **headers)


def test_upload_follow_confirm_and_list(client, analyst, django_capture_on_commit_callbacks):
    _, headers = analyst
    response = post_file(client, headers, django_capture_on_commit_callbacks)
    assert response.status_code == 202, response.content
    body = response.json()
    assert body["status_url"] == f"{URL}/{body['id']}"
    followed = client.get(body["status_url"], **headers).json()
    assert followed["status"] == "ready" and followed["progress"] == 100
    assert followed["source"] == "staff_in_post" and followed["rows"] == 2
    assert followed["periods"] == ["2024-09-01"] and followed["problems"] == []
    assert followed["organisation_ods_code"] == "RA1"
    assert followed["summary"]["organisations"]["matched"] == 1
    assert not StaffInPost.objects.filter(live=True).exists()

    with django_capture_on_commit_callbacks(execute=True):
        confirmed = client.post(f"{body['status_url']}/confirm", **headers)
    assert confirmed.status_code == 202
    assert client.get(body["status_url"], **headers).json()["status"] == "loaded"
    assert StaffInPost.objects.filter(live=True).count() == 2

    datasets = client.get("/api/v1/workforce/datasets", **headers).json()
    assert [(d["id"], d["source"], d["organisation_ods_code"], d["periods"], d["rows"]) for d in datasets["items"]] == [
        (body["id"], "staff_in_post", "RA1", ["2024-09-01"], 2)
    ]

    rolled = client.post(f"{body['status_url']}/rollback", **headers)
    assert rolled.status_code == 200 and rolled.json()["status"] == "rolled_back"
    assert not StaffInPost.objects.filter(live=True).exists()
    assert client.get("/api/v1/workforce/datasets", **headers).json()["items"] == []


def test_a_bad_file_is_refused_with_each_problem_by_row_and_column(client, analyst, django_capture_on_commit_callbacks):
    _, headers = analyst
    body = post_file(client, headers, django_capture_on_commit_callbacks, text=BAD).json()
    followed = client.get(body["status_url"], **headers).json()
    assert followed["status"] == "refused"
    [problem] = followed["problems"]
    assert (problem["row"], problem["column"]) == (3, "Total FTE")
    confirm = client.post(f"{body['status_url']}/confirm", **headers)
    assert confirm.status_code == 409
    assert not StaffInPost.objects.exists()


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"period": "Sept 2024"}, "body.period", "YYYY-MM"),
        ({"source": "payroll"}, "body.source", "Choose a kind of file from the list"),
    ],
)
def test_bad_values_are_422_naming_the_field(
    client, analyst, django_capture_on_commit_callbacks, fields, field, message
):
    _, headers = analyst
    response = post_file(client, headers, django_capture_on_commit_callbacks, **fields)
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert errors[0]["field"] == field and message in errors[0]["message"]
    assert not WorkforceImport.objects.exists()


def test_no_file_a_wrong_type_or_too_big_is_422_on_body_file(client, analyst, settings):
    _, headers = analyst
    response = client.post(URL, {"organisation": "RA1"}, **headers)
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "body.file"
    response = client.post(URL, {"organisation": "RA1", "file": csv("%PDF", "report.pdf")}, **headers)
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "body.file", "message": "The file must be a CSV (.csv) or Excel (.xlsx) file"}
    ]
    settings.LODESTAR_IMPORT_MAX_BYTES = 100
    response = client.post(URL, {"organisation": "RA1", "file": csv(GOOD)}, **headers)
    assert response.status_code == 422 and "smaller than" in response.json()["errors"][0]["message"]
    assert not WorkforceImport.objects.exists()


def test_national_files_need_platform_staff(client, analyst, django_capture_on_commit_callbacks):
    _, headers = analyst
    response = client.post(URL, {"file": csv(GOOD)}, **headers)
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "body.organisation"
    staff = UserFactory(is_platform_staff=True)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, {"file": csv(GOOD)}, **auth_header(api_token(staff)[1]))
    assert response.status_code == 202
    assert response.json()["organisation_id"] is None


def test_organisations_and_imports_out_of_reach_are_404(client, orgs, analyst, django_capture_on_commit_callbacks):
    _, headers = analyst
    assert post_file(client, headers, django_capture_on_commit_callbacks, organisation="RB1").status_code == 404
    theirs = loaded_import(organisation=orgs["trust_b"])
    for method, url in [
        ("get", f"{URL}/{theirs.pk}"),
        ("post", f"{URL}/{theirs.pk}/confirm"),
        ("post", f"{URL}/{theirs.pk}/cancel"),
        ("post", f"{URL}/{theirs.pk}/rollback"),
    ]:
        assert getattr(client, method)(url, **headers).status_code == 404, url
    listed = client.get("/api/v1/workforce/datasets", **headers).json()
    assert theirs.pk not in [d["id"] for d in listed["items"]]
    theirs.refresh_from_db()
    assert theirs.status == ImportStatus.LOADED


def test_a_viewer_sees_an_import_but_may_not_confirm_or_roll_it_back(client, orgs):
    load = loaded_import(organisation=orgs["trust_a"])
    headers = auth_header(api_token(member(orgs["trust_a"], "viewer"))[1])
    assert client.get(f"{URL}/{load.pk}", **headers).status_code == 200
    assert client.post(f"{URL}/{load.pk}/rollback", **headers).status_code == 404
    load.refresh_from_db()
    assert load.status == ImportStatus.LOADED


def test_anonymous_callers_get_401(client):
    assert client.get(URL).status_code == 401
    assert client.post(URL, {"file": csv(GOOD)}).status_code == 401
    assert client.get("/api/v1/workforce/datasets").status_code == 401


def test_figures_of_an_organisations_own_records_hide_small_numbers_outside_it(client, orgs):
    from lodestar.workforce.models import Source
    from tests.factories.workforce import staff_in_post

    load = loaded_import(Source.STAFF_RECORDS, organisation=orgs["trust_a"])
    staff_in_post(load, org=orgs["trust_a"], band="Band 5", fte=2.5, headcount=3)
    staff_in_post(load, org=orgs["trust_a"], band="Band 6", fte=20.0, headcount=22)
    url = f"/api/v1/workforce/datasets/{load.pk}/figures"

    def figures(person, **params):
        response = client.get(url, params, **auth_header(api_token(person)[1]))
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["table"] == params.get("table", "staff_in_post")
        return {item["band"]: (item["headcount"], item["fte"], item["suppressed"]) for item in body["items"]}

    inside = figures(member(orgs["trust_a"], "viewer"))
    assert inside == {"Band 5": (3, 2.5, False), "Band 6": (22, 20.0, False)}
    above = figures(member(orgs["ics_a"], "viewer"))
    assert above == {"Band 5": (None, None, True), "Band 6": (22, 20.0, False)}
    assert figures(UserFactory(is_platform_staff=True))["Band 5"] == (None, None, True)
    assert figures(member(orgs["trust_a"], "viewer"), table="staff_flows") == {}

    outsider = auth_header(api_token(member(orgs["trust_b"], "viewer"))[1])
    assert client.get(url, **outsider).status_code == 404
    wrong_table = client.get(url, {"table": "vacancies"}, **auth_header(api_token(member(orgs["trust_a"]))[1]))
    assert wrong_table.status_code == 422
    assert wrong_table.json()["errors"][0]["field"] == "query.table"


def test_a_national_files_figures_are_shown_whole(client, orgs):
    from tests.factories.workforce import staff_in_post

    load = loaded_import()
    staff_in_post(load, code="RZZ", headcount=2, fte=1.5)
    body = client.get(
        f"/api/v1/workforce/datasets/{load.pk}/figures", **auth_header(api_token(member(orgs["trust_b"]))[1])
    ).json()
    assert [(i["org_code"], i["headcount"], i["suppressed"]) for i in body["items"]] == [("RZZ", 2, False)]

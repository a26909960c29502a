"""The WISN pages: the worked example of docs/engine/wisn.md typed into the steps gives the
documented figures; bad input in each step names the field and saves nothing; the YAML download
is what the CLI reads (same numbers); an upload; a scenario's demand set from the result; other
organisations' calculations are 404."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lodestar.cli.parser import main as cli
from lodestar.core.models import AuditEvent
from lodestar.projections.actions import wisn as actions
from lodestar.projections.models import ProjectionEvent, WisnCalculation
from tests.factories import member
from tests.factories.projections import scenario as make_scenario

pytestmark = pytest.mark.django_db

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "wisn-community-nurses.yaml"

ABOUT = {
    "name": "Riverside nurses 2026",
    "staff_category": "Registered nurse",
    "facility": "Riverside community nursing team",
    "existing_staff": "12.4",
}
WORKING_TIME = {
    "working_days_per_week": "5",
    "weeks_per_year": "52",
    "possible_working_days": "",
    "public_holidays": "8",
    "annual_leave": "27",
    "sick_leave": "11",
    "other_leave": "5",
    "hours_per_day": "7.5",
}
ACTIVITIES = {
    "rows": "3",
    **{
        f"activity-0-{k}": v
        for k, v in {
            "name": "Home visit",
            "annual_workload": "18,000",
            "standard": "45",
            "unit": "time_per_unit_minutes",
        }.items()
    },
    **{
        f"activity-1-{k}": v
        for k, v in {
            "name": "Clinic appointment",
            "annual_workload": "9000",
            "standard": "20",
            "unit": "time_per_unit_minutes",
        }.items()
    },
    **{
        f"activity-2-{k}": v
        for k, v in {
            "name": "Telephone review",
            "annual_workload": "6000",
            "standard": "6",
            "unit": "rate_per_hour",
        }.items()
    },
}
CATEGORY = {
    "rows": "4",
    **{
        f"category-0-{k}": v
        for k, v in {"name": "Team meeting and handover", "amount": "2.5", "unit": "hours_per_week"}.items()
    },
    **{f"category-1-{k}": v for k, v in {"name": "Record keeping", "amount": "0.5", "unit": "hours_per_day"}.items()},
    **{f"category-2-{k}": v for k, v in {"name": "Mandatory training", "amount": "3", "unit": "days_per_year"}.items()},
    **{
        f"category-3-{k}": v
        for k, v in {"name": "Clinical supervision", "amount": "12", "unit": "hours_per_year"}.items()
    },
}
INDIVIDUAL = {
    "rows": "2",
    **{
        f"individual-0-{k}": v
        for k, v in {"name": "Team leader duties", "amount": "600", "unit": "hours_per_year", "staff": "1"}.items()
    },
    **{
        f"individual-1-{k}": v
        for k, v in {"name": "Student mentoring", "amount": "10", "unit": "days_per_year", "staff": "3"}.items()
    },
}
# The figures docs/engine/wisn.md gives for the worked example, as the page writes them.
DOCUMENTED = [
    ("Available working time (days a year)", "", "209"),
    ("Available working time (hours a year)", "", "1,567.5"),
    ("Weekly working hours", "", "37.5"),
    ("Standard workload (units one member of staff can do in a year)", "Home visit", "2,090.0"),
    ("Standard workload (units one member of staff can do in a year)", "Clinic appointment", "4,702.5"),
    ("Standard workload (units one member of staff can do in a year)", "Telephone review", "9,405.0"),
    ("Staff needed for the activity", "Home visit", "8.61"),
    ("Staff needed for the activity", "Clinic appointment", "1.91"),
    ("Staff needed for the activity", "Telephone review", "0.64"),
    ("Staff for all activities, before allowances", "", "11.16"),
    ("Category allowance standard (% of working time)", "Team meeting and handover", "6.67"),
    ("Category allowance standard (% of working time)", "Record keeping", "6.67"),
    ("Category allowance standard (% of working time)", "Mandatory training", "1.44"),
    ("Category allowance standard (% of working time)", "Clinical supervision", "0.77"),
    ("Total category allowance standard (% of working time)", "", "15.53"),
    ("Category allowance factor (CAF)", "", "1.184"),
    ("Individual allowance standard (hours a year)", "Team leader duties", "600"),
    ("Individual allowance standard (hours a year)", "Student mentoring", "225"),
    ("Individual allowance factor (IAF)", "", "0.526"),
    ("Required staff", "", "13.74"),
    ("Existing staff", "", "12.40"),
    ("WISN difference (existing - required)", "", "-1.34"),
    ("WISN ratio (existing / required)", "", "0.90"),
]


def text(response) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())))


def figures_table(response) -> list[tuple[str, str, str]]:
    html = response.content.decode()
    table = html[html.index('id="figures"') :]
    table = table[: table.index("</table>")]
    rows = re.findall(r"<tr class=\"nhsuk-table__row\">(.*?)</tr>", table, re.S)
    cells = [tuple(c.strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)) for row in rows]
    return [c for c in cells if c]


@pytest.fixture
def editor(orgs, client):
    person = member(orgs["trust_a"], "contributor", full_name="Cal Contributor")
    client.force_login(person)
    return person


def start(client) -> str:
    """Start a calculation: the draft's first step's address."""
    response = client.get(reverse("projections:wisn-start"))
    assert response.status_code == 302
    return response["Location"]


def step_url(first: str, step: str) -> str:
    return first.replace("/about/", f"/{step}/")


def walk(client, orgs) -> str:
    """Type the worked example into every step; the check page's address."""
    first = start(client)
    steps = [
        ("about", {**ABOUT, "organisation": str(orgs["trust_a"].pk)}),
        ("working-time", WORKING_TIME),
        ("activities", ACTIVITIES),
        ("category-allowances", CATEGORY),
        ("individual-allowances", INDIVIDUAL),
    ]
    for step, data in steps:
        response = client.post(step_url(first, step), data)
        assert response.status_code == 302, (step, text(response)[:2000])
    assert response["Location"].endswith("/check/")
    return response["Location"]


def test_the_worked_example_typed_into_the_steps_gives_the_documented_figures(client, orgs, editor):
    check = walk(client, orgs)
    page = text(client.get(check))
    assert "Check your answers" in page
    assert "209 days a year, 1,567.5 hours a year" in page
    assert (
        "The team has 12.4 staff for a workload that needs 13.74: it is 1.34 staff short, a WISN ratio of 0.90" in page
    )
    assert not WisnCalculation.objects.exists()  # nothing is saved before "Save the calculation"

    saved = client.post(check)
    wisn = WisnCalculation.objects.get()
    assert saved["Location"] == reverse("projections:wisn", kwargs={"wisn_id": wisn.pk})
    assert wisn.spec == yaml.safe_load(EXAMPLE.read_text())  # exactly the example file's mapping
    assert wisn.name == "Riverside nurses 2026" and wisn.organisation == orgs["trust_a"]
    assert AuditEvent.objects.filter(action=ProjectionEvent.WISN_SAVE.value).count() == 1

    result = client.get(saved["Location"])
    table = figures_table(result)
    assert [figure for figure in DOCUMENTED if figure not in table] == []
    assert ("Annual workload", "Home visit", "18,000") in table
    assert ("Total individual allowances (hours a year)", "", "825") in table
    assert len(table) == 27  # every figure of WisnResult.rows() but the staff category and the team
    page = text(result)
    assert "so staff are under workload pressure" in page
    assert "Download YAML" in page and "Edit" in page


def test_the_working_time_step_shows_the_available_working_time(client, orgs, editor):
    first = start(client)
    client.post(first, {**ABOUT, "organisation": str(orgs["trust_a"].pk)})
    response = client.post(step_url(first, "working-time"), {**WORKING_TIME, "work-out": "1"})
    assert response.status_code == 302 and response["Location"] == step_url(first, "working-time")
    page = text(client.get(response["Location"]))
    assert "Available working time: 209 days a year , 1,567.5 hours a year" in page


BAD_STEPS = [  # (step, data, messages, shown beside a field as well as in the summary)
    (
        "about",
        {"name": "", "staff_category": "", "existing_staff": "twelve"},
        ["Enter a name for the calculation", "Enter the staff category", "Existing staff must be a number"],
        True,
    ),
    ("about", {**ABOUT, "existing_staff": "-2"}, ["Existing staff must not be negative (got -2)"], True),
    (
        "working-time",
        {**WORKING_TIME, "hours_per_day": "seven", "sick_leave": ""},
        ["Working hours a day must be a number", "Enter the days of sick leave"],
        True,
    ),
    (
        "working-time",
        {**WORKING_TIME, "annual_leave": "-3", "hours_per_day": "25"},
        ["Days of annual leave must not be negative (got -3)", "Working hours a day must be at most 24 (got 25)"],
        True,
    ),
    (
        "working-time",
        {**WORKING_TIME, "annual_leave": "300"},
        ["Working time: leave and holidays add up to 324 days, which leaves no working time"],
        False,
    ),
    (
        "activities",
        {**ACTIVITIES, "activity-1-annual_workload": "", "activity-2-standard": "many"},
        ["Enter the annual workload of activity 2", "Activity 3: activity standard must be a number"],
        True,
    ),
    (
        "activities",
        {**ACTIVITIES, "activity-2-standard": "0", "activity-2-name": "Home visit"},
        [
            "Activity 3: units an hour must be more than 0 (got 0)",
            'Activity 3: name "Home visit" is already used by activity 1; names must differ',
        ],
        True,
    ),
    (
        "activities",
        {"rows": "1", "activity-0-name": "", "activity-0-annual_workload": "", "activity-0-standard": ""},
        ["Add at least one activity"],
        False,
    ),
    (
        "category-allowances",
        {**CATEGORY, "category-0-amount": "40", "category-0-unit": "hours_per_week"},
        ["Category allowances: total is"],
        False,
    ),
    (
        "category-allowances",
        {**CATEGORY, "category-3-amount": "lots"},
        ["Category allowance 4: time must be a number"],
        True,
    ),
    (
        "individual-allowances",
        {**INDIVIDUAL, "individual-1-staff": ""},
        ["Enter the number of staff who do it of individual allowance 2"],
        True,
    ),
    (
        "individual-allowances",
        {**INDIVIDUAL, "individual-0-amount": "-1"},
        ["Individual allowance 1: hours a year must not be negative (got -1)"],
        True,
    ),
]


@pytest.mark.parametrize(
    ("step", "data", "messages", "beside"), BAD_STEPS, ids=[f"{s}-{i}" for i, (s, *_r) in enumerate(BAD_STEPS)]
)
def test_bad_input_in_each_step_names_the_field_and_saves_nothing(client, orgs, editor, step, data, messages, beside):
    check = walk(client, orgs)
    first = check.replace("/check/", "/about/")
    if step == "about":
        data = {**data, "organisation": str(orgs["trust_a"].pk)}
    response = client.post(step_url(first, step), data)
    assert response.status_code == 400
    page = text(response)
    assert "There is a problem" in page
    for message in messages:
        assert page.count(message) >= (2 if beside else 1), (message, page[:3000])  # the summary (and the field)
    assert not WisnCalculation.objects.exists()
    # the draft keeps the answers it had: the check page still gives the worked example's result
    assert "needs 13.74" in text(client.get(check))


def test_rows_are_added_and_removed_without_javascript(client, orgs, editor):
    check = walk(client, orgs)
    activities = check.replace("/check/", "/activities/")
    added = client.post(activities, {**ACTIVITIES, "add": "1"})
    assert added.status_code == 200
    assert 'name="activity-3-name"' in added.content.decode()
    assert 'value="Telephone review"' in added.content.decode()  # what was typed is kept
    removed = client.post(activities, {**ACTIVITIES, "remove": "0"})
    html = removed.content.decode()
    assert 'name="activity-2-name"' not in html and 'value="Home visit"' not in html
    assert (
        'name="activity-0-name" type="text" value="Clinic appointment"' in html or 'value="Clinic appointment"' in html
    )
    # a blank row is ignored
    blank = {
        **ACTIVITIES,
        "rows": "4",
        "activity-3-name": "",
        "activity-3-annual_workload": "",
        "activity-3-standard": "",
    }
    assert client.post(activities, blank).status_code == 302


def test_the_yaml_download_is_what_the_cli_reads_with_the_same_numbers(client, orgs, editor, tmp_path, capsys):
    client.post(walk(client, orgs))
    wisn = WisnCalculation.objects.get()
    download = client.get(reverse("projections:wisn-yaml", kwargs={"wisn_id": wisn.pk}))
    assert download["Content-Type"].startswith("application/yaml")
    assert "attachment" in download["Content-Disposition"]
    file = tmp_path / "wisn.yaml"
    file.write_bytes(download.content)
    capsys.readouterr()
    assert cli(["wisn", str(file), "--format", "json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    page = {
        (m, i): v for m, i, v in figures_table(client.get(reverse("projections:wisn", kwargs={"wisn_id": wisn.pk})))
    }
    assert page[("Required staff", "")] == f"{figures['required_staff']:,.2f}"
    assert page[("WISN ratio (existing / required)", "")] == f"{figures['wisn_ratio']:,.2f}"
    assert page[("WISN difference (existing - required)", "")] == f"{figures['wisn_difference']:,.2f}"
    assert page[("Category allowance factor (CAF)", "")] == f"{figures['category_allowance_factor']:,.3f}"
    assert page[("Individual allowance factor (IAF)", "")] == f"{figures['individual_allowance_factor']:,.3f}"
    assert yaml.safe_load(download.content) == wisn.spec


def test_upload_saves_the_file_and_a_bad_file_saves_nothing(client, orgs, editor):
    url = reverse("projections:wisn-upload")
    bad = EXAMPLE.read_text().replace("annual_leave: 27", "annual_leave: -27")
    response = client.post(
        url,
        {
            "name": "From a file",
            "organisation": orgs["trust_a"].pk,
            "file": SimpleUploadedFile("wisn.yaml", bad.encode()),
        },
    )
    assert response.status_code == 200
    assert "working_time.annual_leave: must not be negative (got -27)" in text(response)
    assert not WisnCalculation.objects.exists()
    response = client.post(
        url,
        {
            "name": "From a file",
            "organisation": orgs["trust_a"].pk,
            "file": SimpleUploadedFile("wisn.yaml", EXAMPLE.read_bytes()),
        },
    )
    wisn = WisnCalculation.objects.get()
    assert response["Location"] == reverse("projections:wisn", kwargs={"wisn_id": wisn.pk})
    assert "needs 13.74" in text(client.get(response["Location"]))


def test_edit_changes_the_saved_calculation(client, orgs, editor):
    wisn = actions.save_wisn(
        actor=editor, organisation=orgs["trust_a"], name="Nurses", spec=yaml.safe_load(EXAMPLE.read_text())
    )
    check = client.get(reverse("projections:wisn-edit", kwargs={"wisn_id": wisn.pk}))["Location"]
    assert "Riverside community nursing team" in text(client.get(check))
    client.post(
        check.replace("/check/", "/about/"), {**ABOUT, "existing_staff": "14", "organisation": orgs["trust_a"].pk}
    )
    client.post(check)
    wisn.refresh_from_db()
    assert wisn.spec["existing_staff"] == 14 and WisnCalculation.objects.count() == 1


def test_use_as_a_scenarios_demand_makes_a_new_version(client, orgs, editor):
    wisn = actions.save_wisn(
        actor=editor, organisation=orgs["trust_a"], name="Riverside", spec=yaml.safe_load(EXAMPLE.read_text())
    )
    scenario = make_scenario(orgs["trust_a"], name="Community nursing")
    page = client.get(reverse("projections:wisn", kwargs={"wisn_id": wisn.pk}))
    assert "Community nursing (Trust A): registered-nurses" in text(page)
    url = reverse("projections:wisn-demand", kwargs={"wisn_id": wisn.pk})
    refused = client.post(url, {"target": ""})
    assert refused.status_code == 400 and "Choose a scenario and staff group" in text(refused)
    assert scenario.versions.count() == 1
    response = client.post(url, {"target": f"{scenario.pk}:registered-nurses"}, follow=True)
    version = scenario.latest
    assert version.number == 2
    assert version.spec["demand"]["base_fte"]["registered-nurses"] == pytest.approx(13.7438, abs=1e-4)
    assert "Demand base for registered-nurses from WISN Riverside: 13.74 FTE" in text(response)


def test_shared_in_reach_and_404_for_other_organisations(client, orgs, editor):
    wisn = actions.save_wisn(
        actor=editor, organisation=orgs["trust_a"], name="Riverside", spec=yaml.safe_load(EXAMPLE.read_text())
    )
    pages = [reverse(f"projections:{name}", kwargs={"wisn_id": wisn.pk}) for name in ("wisn", "wisn-yaml")]
    ics_viewer = member(orgs["ics_a"], "viewer")
    client.force_login(ics_viewer)
    assert all(client.get(p).status_code == 200 for p in pages)
    assert "Riverside" in text(client.get(reverse("projections:wisn-list")))
    assert client.get(reverse("projections:wisn-edit", kwargs={"wisn_id": wisn.pk})).status_code == 404
    client.force_login(member(orgs["trust_b"], "contributor"))
    assert all(client.get(p).status_code == 404 for p in pages)
    for name in ("wisn-edit", "wisn-delete"):
        assert client.get(reverse(f"projections:{name}", kwargs={"wisn_id": wisn.pk})).status_code == 404
    assert client.post(reverse("projections:wisn-delete", kwargs={"wisn_id": wisn.pk})).status_code == 404
    assert "Riverside" not in text(client.get(reverse("projections:wisn-list")))
    assert WisnCalculation.objects.count() == 1


def test_delete_asks_first(client, orgs, editor):
    wisn = actions.save_wisn(
        actor=editor, organisation=orgs["trust_a"], name="Riverside", spec=yaml.safe_load(EXAMPLE.read_text())
    )
    url = reverse("projections:wisn-delete", kwargs={"wisn_id": wisn.pk})
    assert "Delete Riverside?" in text(client.get(url))
    assert client.post(url)["Location"] == reverse("projections:wisn-list")
    assert not WisnCalculation.objects.exists()

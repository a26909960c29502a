"""The plan as XLSX and CSV, and importing the same template with row-level validation."""

from __future__ import annotations

import csv
import datetime
import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from lodestar.core import tabular
from lodestar.plans.exports import HEADINGS
from lodestar.plans.models import Action, Status
from lodestar.plans.tabular import COLUMNS
from tests.factories import member
from tests.factories.plans import ActionFactory, ActionPlanFactory, InterventionFactory, star_point

pytestmark = pytest.mark.django_db

FIELDS = [
    "title",
    "intervention_id",
    "point_id",
    "owner_user_id",
    "owner_name",
    "organisation_id",
    "start_date",
    "due_date",
    "status",
    "priority_rank",
    "description",
]


@pytest.fixture
def setup(orgs):
    plan = ActionPlanFactory(organisation=orgs["trust_a"], title="Source plan")
    owner = member(orgs["trust_a"], "contributor", email="owner@trust-a.nhs.uk")
    intervention = InterventionFactory(code="supply-return-to-practice", title="Return to practice")
    ActionFactory(
        plan=plan,
        title="Return to practice drive",
        intervention=intervention,
        owner_user=owner,
        status=Status.AT_RISK,
        priority_rank=1,
        start_date=datetime.date(2027, 1, 4),
        due_date=datetime.date(2027, 9, 30),
        description="Two cohorts a year",
    )
    ActionFactory(
        plan=plan,
        title='=HYPERLINK("http://evil")',
        owner_name="Pat Named",
        point=star_point("leadership"),
        organisation=orgs["pcn_a"],
        status=Status.NOT_STARTED,
        start_date=None,
        due_date=datetime.date(2027, 12, 1),
    )
    target = ActionPlanFactory(organisation=orgs["trust_a"], title="Target plan")
    return {"plan": plan, "target": target, "owner": owner, "editor": member(orgs["ics_a"], "contributor")}


def values(plan):
    return [tuple(getattr(a, f) for f in FIELDS) for a in plan.actions.order_by("title")]


def upload(client, plan, name, data):
    return client.post(reverse("plans:import", kwargs={"plan_id": plan.pk}), {"file": SimpleUploadedFile(name, data)})


def imported(client, plan, name, data):
    """Upload a file, check its preview offers the import, and confirm it (as a person would)."""
    preview = upload(client, plan, name, data)
    page = preview.content.decode()
    assert "Import these changes" in page, page[-3000:]
    hidden = dict(re.findall(r'<input type="hidden" name="(token|fingerprint)" value="([^"]*)"', page))
    return client.post(reverse("plans:import-confirm", kwargs={"plan_id": plan.pk}), hidden)


def without_references(fmt: str, content: bytes) -> bytes:
    """The download with its Reference column emptied: every row becomes a new action."""
    if fmt == "xlsx":
        workbook = load_workbook(io.BytesIO(content))
        for row in workbook["Actions"].iter_rows(min_row=2):
            row[0].value = None
        out = io.BytesIO()
        workbook.save(out)
        return out.getvalue()
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    return tabular.to_csv(rows[0], [["", *row[1:]] for row in rows[1:]]).encode()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_then_import_into_another_plan_reproduces_the_actions(client, setup, fmt):
    client.force_login(setup["editor"])
    response = client.get(reverse(f"plans:export-{fmt}", kwargs={"plan_id": setup["plan"].pk}))
    assert response.status_code == 200
    assert f'.{fmt}"' in response["Content-Disposition"]
    refused = upload(client, setup["target"], f"plan.{fmt}", response.content).content.decode()
    assert "is not an action in this plan" in refused, "a reference names an action of its own plan only"
    response = imported(client, setup["target"], f"plan.{fmt}", without_references(fmt, response.content))
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert values(setup["target"]) == values(setup["plan"])


def test_csv_export_has_the_template_columns_and_defuses_formulas(client, setup):
    client.force_login(setup["editor"])
    body = client.get(reverse("plans:export-csv", kwargs={"plan_id": setup["plan"].pk})).content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body)))
    assert list(rows[0].keys()) == HEADINGS
    assert [tabular.normalise_header(h) for h in HEADINGS] == ["reference", "version", *COLUMNS]
    by_title = {r["Title"]: r for r in rows}
    action = Action.objects.get(title="Return to practice drive")
    assert by_title["Return to practice drive"]["Reference"] == action.reference == f"A{action.pk:05d}"
    assert by_title["Return to practice drive"]["Version"] == "1"
    assert by_title["Return to practice drive"]["Status"] == "At risk"
    assert by_title["Return to practice drive"]["Owner email"] == "owner@trust-a.nhs.uk"
    assert '\'=HYPERLINK("http://evil")' in by_title


def test_xlsx_export_opens_in_a_spreadsheet(client, setup):
    client.force_login(setup["editor"])
    content = client.get(reverse("plans:export-xlsx", kwargs={"plan_id": setup["plan"].pk})).content
    ws = load_workbook(io.BytesIO(content)).active
    assert [c.value for c in ws[1]] == HEADINGS
    assert ws.max_row == 3


def test_import_with_any_bad_row_writes_nothing_and_names_each_problem(client, orgs, setup):
    client.force_login(setup["editor"])
    text = "\r\n".join(
        [
            ",".join(COLUMNS),
            "Good row,supply-return-to-practice,,,,,2027-01-01,2027-06-30,On track,1,",
            "Bad date,,supply,,,,,31/02/2027,,,",
            "Bad status,,supply,,,,,2027-06-30,Green,,",
            "Backwards,,supply,,,,2027-06-30,2027-01-01,,,",
            "Unknown code,no-such-thing,,,,,,2027-06-30,,,",
            "Stranger,,supply,stranger@nowhere.test,,,,2027-06-30,,,",
            "Far away,,supply,,,RB1,,2027-06-30,,,",
            ",,supply,,,,,2027-06-30,,,",
        ]
    )
    response = upload(client, setup["target"], "plan.csv", text.encode())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nothing was imported" in html
    for message in [
        "Row 3: due_date &#39;31/02/2027&#39; is not a real date",
        "Row 4: status &#39;Green&#39; is not a status",
        "Row 5: due_date &#39;2027-01-01&#39;: The due date must be on or after the start date",
        "Row 6: intervention_code &#39;no-such-thing&#39; is not an intervention",
        "Row 7: owner_email &#39;stranger@nowhere.test&#39; is not a Lodestar user",
        "Row 8: organisation_code &#39;RB1&#39; is not an organisation you can see",
        "Row 9: title: Enter a title for the action",
    ]:
        assert message in html, message
    assert "Row 2" not in html
    assert not Action.objects.filter(plan=setup["target"]).exists()


@pytest.mark.parametrize(
    "name,data,message",
    [
        ("plan.txt", b"title,due_date\nx,2027-01-01\n", "must be a CSV (.csv) or Excel (.xlsx) file"),
        ("plan.csv", b"name,when\nx,2027-01-01\n", "missing: title, due_date"),
        ("plan.csv", b"title,due_date\n", "has a header row but no actions"),
        ("plan.xlsx", b"not really a spreadsheet", "could not be opened"),
    ],
)
def test_unreadable_files_are_refused_with_a_message(client, setup, name, data, message):
    client.force_login(setup["editor"])
    html = upload(client, setup["target"], name, data).content.decode()
    assert message in html
    assert not Action.objects.filter(plan=setup["target"]).exists()


def test_uk_dates_and_named_owners_import(client, setup):
    star_point("new-ways-of-working")
    client.force_login(setup["editor"])
    text = ",".join(COLUMNS) + "\r\nRota review,,new-ways-of-working,,Sam Smith,,01/04/2027,30/09/2027,at risk,,\r\n"
    assert imported(client, setup["target"], "plan.csv", text.encode()).status_code == 302
    action = Action.objects.get(plan=setup["target"])
    assert (action.start_date, action.due_date, action.owner_name, action.status, action.point.key) == (
        datetime.date(2027, 4, 1),
        datetime.date(2027, 9, 30),
        "Sam Smith",
        "at_risk",
        "new-ways-of-working",
    )


def test_viewers_cannot_import(client, orgs, setup):
    client.force_login(member(orgs["trust_a"], "viewer"))
    text = ",".join(COLUMNS) + "\r\nX,,supply,,,,,2027-06-30,,,\r\n"
    assert upload(client, setup["target"], "plan.csv", text.encode()).status_code == 403
    assert not Action.objects.filter(plan=setup["target"]).exists()


def test_import_refuses_a_huge_description_and_writes_nothing(client, setup):
    client.force_login(setup["editor"])
    text = (
        ",".join(COLUMNS) + "\r\nOK row,,supply,,,,,2027-06-30,,,\r\nLong one,,supply,,,,,2027-06-30,,," + "d" * 10_001
    )
    html = upload(client, setup["target"], "plan.csv", text.encode()).content.decode()
    assert "Row 3: description: The description must be 10,000 characters or fewer" in html
    assert not Action.objects.filter(plan=setup["target"]).exists()


def test_import_refuses_dates_outside_2000_to_2099(client, setup):
    client.force_login(setup["editor"])
    text = ",".join(COLUMNS) + "\r\nFar off,,supply,,,,,31/12/9999,,,\r\n"
    html = upload(client, setup["target"], "plan.csv", text.encode()).content.decode()
    assert "Row 2: due_date &#39;31/12/9999&#39;: The due date must be between 2000 and 2099" in html
    assert not Action.objects.filter(plan=setup["target"]).exists()


def test_xlsx_import_messages_name_the_spreadsheet_row_and_column(client, setup):
    client.force_login(setup["editor"])
    blank = dict.fromkeys(COLUMNS, "")
    rows = [
        {**blank, "title": "Fine", "star_point": "supply", "due_date": "2027-06-30"},
        {**blank, "title": "Backwards", "star_point": "supply", "start_date": "2027-06-30", "due_date": "2027-01-01"},
    ]
    html = upload(client, setup["target"], "plan.xlsx", tabular.to_xlsx(COLUMNS, rows)).content.decode()
    assert "Row 3: due_date (H) &#39;2027-01-01&#39;: The due date must be on or after the start date." in html
    assert not Action.objects.filter(plan=setup["target"]).exists()


def test_a_hostile_spreadsheet_is_refused_with_a_message_and_nothing_is_written(client, setup):
    """A 100,000-row CSV and an Excel file claiming the whole sheet (A1:XFD1048576) used to hold
    or exhaust a worker; both are refused with a plain message and change nothing."""
    client.force_login(setup["editor"])
    before = values(setup["target"])
    rows = "title,due_date\n" + "".join(f"Action {i},2027-01-01\n" for i in range(100_000))
    response = upload(client, setup["target"], "plan.csv", rows.encode())
    assert response.status_code == 200
    assert "the most is 1,000" in response.content.decode()

    workbook = tabular.to_xlsx(["title", "due_date"], [["Action", "2027-01-01"]])
    whole_sheet = _with_dimension(workbook, "A1:XFD1048576")
    response = upload(client, setup["target"], "plan.xlsx", whole_sheet)
    assert response.status_code == 200
    assert "says it uses 1,048,576 rows and 16,384 columns" in response.content.decode()
    assert values(setup["target"]) == before


def _with_dimension(data: bytes, ref: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                body = re.sub(rb'<dimension ref="[^"]+"', b'<dimension ref="' + ref.encode() + b'"', body)
            dst.writestr(info.filename, body)
    return out.getvalue()

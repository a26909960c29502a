"""The regional dashboard: each regional programme app's table as a grey chart with the table
beneath, filtered by ICS, and downloadable as CSV (one table) or XLSX (every table)."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories.programmes import programme

pytestmark = pytest.mark.django_db

TITLES = ["Programmes by theme and status", "Pilots by stage", "New roles", "Learners", "pipeline", "Networks"]


def test_every_section_is_a_chart_with_its_table(client, world):
    client.force_login(world["people"]["region_viewer"])
    page = client.get(reverse("programmes:dashboard")).text
    for key in ("programmes", "pilots", "roles", "pathways", "talent", "networks"):
        assert f'id="{key}"' in page, key
    assert 'role="img"' in page and "<title" in page and "<desc" in page  # the programmes chart
    assert "<td>1</td>" in page  # one active programme in the table beneath


def test_the_ics_filter_narrows_every_table(client, world):
    programme(world["orgs"]["ics_b"], theme_=world["theme"], name="ICS B's programme", status="proposed")
    client.force_login(world["people"]["region_viewer"])
    url = reverse("programmes:dashboard-csv", args=["programmes"])
    everything = client.get(url).content.decode("utf-8-sig")
    assert everything.splitlines()[1] == "New medical and non-medical roles,1,1,0,0,2"
    only_b = client.get(url, {"ics": world["orgs"]["ics_b"].pk}).content.decode("utf-8-sig")
    assert only_b.splitlines()[1] == "New medical and non-medical roles,1,0,0,0,1"
    page = client.get(reverse("programmes:dashboard"), {"ics": "nonsense"})
    assert "Choose an ICS from the list" in page.text


def test_the_xlsx_holds_a_sheet_per_table(client, world):
    client.force_login(world["people"]["region_viewer"])
    response = client.get(reverse("programmes:dashboard-xlsx"))
    book = load_workbook(io.BytesIO(response.content))
    assert len(book.sheetnames) == 6
    sheet = book[book.sheetnames[0]]
    assert [c.value for c in sheet[1]] == ["Theme", "Proposed", "Active", "Paused", "Closed", "Total"]
    assert client.get(reverse("programmes:dashboard-csv", args=["nothing"])).status_code == 404

"""Comparing 2 to 4 finished runs: one chart and one table of the gap by year, a plan run's
"without the plan" line, downloads, the choice limits and runs out of reach."""

from __future__ import annotations

import csv
import io

import openpyxl
import polars as pl
import pytest
from django.urls import reverse

from lodestar.projections import results
from lodestar.projections.models import RunKind
from lodestar.projections.presenters.runs import fte
from tests.factories.projections import finished_run, scenario, small_spec
from tests.integration.projections.runs_fixtures import *  # noqa: F403 - the fixtures
from tests.integration.projections.runs_fixtures import spec_with_intervention

pytestmark = pytest.mark.django_db


def words(response) -> str:
    import re

    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


@pytest.fixture
def three(scen):
    do_nothing = finished_run(scen.latest, runs=30, seed=1, spec=small_spec())
    plan = finished_run(scen.latest, runs=30, seed=1, spec=spec_with_intervention(), kind=RunKind.PLAN)
    bigger = finished_run(scen.latest, runs=30, seed=2)
    return do_nothing, plan, bigger


def compare_url(*runs, name="projections:compare", **kwargs) -> str:
    return reverse(name, kwargs=kwargs) + "?" + "&".join(f"run={r.pk}" for r in runs)


def gap(run, year) -> dict:
    summary = results.table(run.result, "summary")
    return summary.filter(
        (pl.col("year") == year) & (pl.col("staff_group") == "all") & (pl.col("measure") == "gap_fte")
    ).row(0, named=True)


def test_the_form_lists_finished_runs_in_reach(client, editor, three, other_org):
    outside = finished_run(scenario(other_org).latest, runs=10, seed=1)
    client.force_login(editor)
    page = words(client.get(reverse("projections:compare")))
    for run in three:
        assert f"Run {run.pk}:" in page
    assert f"Run {outside.pk}:" not in page
    assert "Compare these runs" in page


def test_two_runs_side_by_side(client, editor, three):
    do_nothing, plan, _ = three
    client.force_login(editor)
    response = client.get(compare_url(do_nothing, plan))
    assert response.status_code == 200
    page = words(response)
    assert "The gap by year in each run (FTE)" in page
    assert f"Run {plan.pk} without the plan" in page  # the plan run's step 0
    first = gap(do_nothing, 2036)
    assert f"2036 {fte(first['mean'])} {fte(first['p5'])} {fte(first['p95'])}" in page
    assert "<svg" in response.content.decode()


def test_a_plan_runs_without_the_plan_line_is_its_step_0(client, editor, three):
    do_nothing, plan, _ = three
    client.force_login(editor)
    body = client.get(compare_url(plan, do_nothing, name="projections:compare-download", format="csv"))
    rows = list(csv.reader(io.StringIO(body.content.decode("utf-8-sig"))))
    header, data = rows[0], rows[1:]
    assert header[0] == "Year"
    assert header[4] == f"Run {plan.pk} without the plan: gap, average"
    steps = results.table(plan.result, "steps").filter(pl.col("step") == 0).sort("year")
    assert [float(r[4]) for r in data] == pytest.approx(steps["gap_after_mean"].to_list())
    assert header[7] == f"Run {do_nothing.pk}: {do_nothing.scenario.name}, version 1: gap, average"


def test_the_xlsx_has_the_table_and_what_each_run_is(client, editor, three):
    client.force_login(editor)
    response = client.get(compare_url(*three, name="projections:compare-download", format="xlsx"))
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Compare runs", "About"]
    assert workbook["Compare runs"].max_row == 11 + 1  # 2026 to 2036
    assert workbook["About"].max_row == 3 + 1


@pytest.mark.parametrize("count", [1, 5])
def test_fewer_than_2_or_more_than_4_runs_are_refused(client, editor, scen, count):
    runs = [finished_run(scen.latest, runs=5, seed=i) for i in range(count)]
    client.force_login(editor)
    response = client.get(compare_url(*runs))
    assert response.status_code == 400
    assert "Choose between 2 and 4 runs to compare" in words(response)
    assert client.get(compare_url(*runs, name="projections:compare-download", format="csv")).status_code == 404


def test_a_run_out_of_reach_is_404(client, editor, three, other_org):
    outside = finished_run(scenario(other_org).latest, runs=10, seed=1)
    client.force_login(editor)
    assert client.get(compare_url(three[0], outside)).status_code == 404
    assert (
        client.get(compare_url(three[0], outside, name="projections:compare-download", format="csv")).status_code == 404
    )
    assert client.get(reverse("projections:compare") + "?run=abc").status_code == 404

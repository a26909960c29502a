"""The run pages: the run form, progress without JavaScript (and the HTMX fragment), results whose
numbers are the stored tables', failures in words, replays, downloads that parse, and 404 for
anyone outside the organisation."""

from __future__ import annotations

import csv
import io
import json
import re
from html.parser import HTMLParser

import openpyxl
import polars as pl
import pytest
from django.urls import reverse

from lodestar.projections import results
from lodestar.projections.models import Run, RunStatus
from lodestar.projections.presenters.runs import fte, percent
from tests.factories.projections import finished_run
from tests.integration.projections.runs_fixtures import *  # noqa: F403 - the fixtures

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return " ".join(response.content.decode().split())


def words(response) -> str:
    """The page as a person reads it: tags taken out, spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


class _Table(HTMLParser):
    def __init__(self, table_id):
        super().__init__()
        self.table_id, self.inside, self.rows, self.cell = table_id, False, [], None

    def handle_starttag(self, tag, attrs):
        if tag == "table" and dict(attrs).get("id") == self.table_id:
            self.inside = True
        elif self.inside and tag == "tr":
            self.rows.append([])
        elif self.inside and tag in ("td", "th"):
            self.cell = ""

    def handle_endtag(self, tag):
        if tag == "table":
            self.inside = False
        elif self.inside and tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(" ".join(self.cell.split()))
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data


def table(response, table_id) -> list[list[str]]:
    """The rows of the table with this id (the heading row first), each cell's text."""
    parser = _Table(table_id)
    parser.feed(response.content.decode())
    return parser.rows


@pytest.fixture
def done(scen):
    return finished_run(scen.latest, runs=40, seed=3)


def run_url(run, name="projections:run", **kwargs) -> str:
    return reverse(name, kwargs={"run_id": run.pk, **kwargs})


# ---------------------------------------------------------------------- asking for a run


def test_the_run_form_asks_for_runs_and_seed(client, scen, editor):
    client.force_login(editor)
    response = client.get(reverse("projections:run-request", kwargs={"scenario_id": scen.pk}))
    assert response.status_code == 200
    page = text(response)
    assert "Number of runs" in page and "Seed (optional)" in page
    assert 'value="1000"' in page


def test_asking_for_a_run_goes_to_its_progress_page(client, scen, editor, queued_tasks):
    client.force_login(editor)
    response = client.post(
        reverse("projections:run-request", kwargs={"scenario_id": scen.pk}), {"runs": "500", "seed": "9"}
    )
    run = Run.objects.get()
    assert response.status_code == 302 and response.url == run_url(run)
    assert (run.runs, run.seed, run.status) == (500, 9, RunStatus.QUEUED)
    page = text(client.get(response.url))
    assert "Waiting to start" in page
    assert '<progress id="run-progress-bar"' in page
    assert "Refresh this page" in page  # without JavaScript
    assert f'hx-get="{run_url(run, "projections:run-progress")}"' in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"runs": "0"}, "Number of runs must be between 1 and 10,000"),
        ({"runs": "lots"}, "The number of runs must be a whole number"),
        ({"runs": ""}, "Enter the number of runs"),
        ({"runs": "100", "seed": "-3"}, "The seed must be a whole number, 0 or more"),
    ],
)
def test_bad_input_is_shown_beside_the_field_and_nothing_is_saved(client, scen, editor, data, message):
    client.force_login(editor)
    response = client.post(reverse("projections:run-request", kwargs={"scenario_id": scen.pk}), data)
    assert response.status_code == 400
    page = text(response)
    assert "There is a problem" in page
    assert message in page
    assert Run.objects.count() == 0


def test_a_run_too_large_is_refused_with_the_limit(client, scen, editor, settings):
    settings.LODESTAR_PROJECTION_MAX_SIZE = 10_000
    client.force_login(editor)
    response = client.post(reverse("projections:run-request", kwargs={"scenario_id": scen.pk}), {"runs": "1000"})
    assert response.status_code == 400
    assert "more than the limit of 10,000. Choose at most 200 runs." in text(response)
    assert Run.objects.count() == 0


def test_a_viewer_cannot_ask_for_a_run(client, scen, viewer):
    client.force_login(viewer)
    url = reverse("projections:run-request", kwargs={"scenario_id": scen.pk})
    assert client.get(url).status_code == 404
    assert client.post(url, {"runs": "10"}).status_code == 404
    assert Run.objects.count() == 0


# ---------------------------------------------------------------------- progress


def test_the_progress_fragment_polls_and_hands_over_when_done(client, scen, editor, queued_tasks, done):
    client.force_login(editor)
    running = Run.objects.create(
        scenario_version=scen.latest, spec=scen.latest.spec, spec_hash="x", runs=400, seed=1,
        status=RunStatus.RUNNING, progress_done=100, progress_total=400,
    )  # fmt: skip
    fragment = client.get(run_url(running, "projections:run-progress"), headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    body = text(fragment)
    assert "Projecting: 100 of 400 runs done: 25% done" in body
    assert 'value="25"' in body
    finished = client.get(run_url(done, "projections:run-progress"), headers={"HX-Request": "true"})
    assert finished["HX-Redirect"] == run_url(done)
    plain = client.get(run_url(running, "projections:run-progress"))
    assert plain.status_code == 302 and plain.url == run_url(running)


# ---------------------------------------------------------------------- results


def test_the_results_show_the_stored_tables_numbers(client, done, editor):
    client.force_login(editor)
    page = words(client.get(run_url(done)))
    summary = results.table(done.result, "summary")
    final = summary["year"].max()
    gap = summary.filter(
        (pl.col("year") == final) & (pl.col("staff_group") == "all") & (pl.col("measure") == "gap_fte")
    )
    row = gap.row(0, named=True)
    chance = results.table(done.result, "probability_meets_demand").filter(
        (pl.col("year") == final) & (pl.col("staff_group") == "all")
    )["probability"][0]
    assert f"In {final}" in page
    assert f"a shortfall of {fte(row['mean'])} FTE on average" in page
    assert f"lowest {fte(row['p5'])}, highest {fte(row['p95'])} FTE" in page
    assert f"The probability that supply meets demand in {final} is {percent(chance)}" in page
    assert "Supply against demand" in page
    assert "The gap by year" in page
    assert "Retention programme" in page  # cost and the steps
    assert "Registered nurses" in page and "Support workers" in page
    assert "Number of runs 40" in page and "Seed 3" in page
    assert "Replay this run" in page


def test_the_gap_table_rows_are_the_stored_figures(client, done, editor):
    client.force_login(editor)
    response = client.get(run_url(done) + "?group=registered-nurses")
    page = text(response)
    summary = (
        results.table(done.result, "summary")
        .filter((pl.col("staff_group") == "registered-nurses") & (pl.col("measure") == "gap_fte"))
        .sort("year")
    )
    chances = (
        results.table(done.result, "probability_meets_demand")
        .filter(pl.col("staff_group") == "registered-nurses")
        .sort("year")
    )
    expected = [
        [str(r["year"]), fte(r["mean"]), fte(r["p5"]), fte(r["p95"]), percent(p)]
        for r, p in zip(summary.iter_rows(named=True), chances["probability"], strict=True)
    ]
    assert table(response, "gap-table")[1:] == expected
    assert "<svg" in page and 'role="img"' in page
    assert "The gap by year and the probability supply meets demand, Registered nurses" in page


def test_an_unknown_staff_group_shows_all_groups(client, done, editor):
    client.force_login(editor)
    page = text(client.get(run_url(done) + "?group=<script>"))
    assert "Supply against demand, All staff groups" in page
    assert "<script>" not in page.split("Supply against demand")[1][:200]


def test_a_failed_run_says_why(client, scen, editor):
    failed = Run.objects.create(
        scenario_version=scen.latest, spec=scen.latest.spec, spec_hash="x", runs=10, seed=1,
        status=RunStatus.FAILED, error="The scenario has a problem, so it could not be projected.",
    )  # fmt: skip
    client.force_login(editor)
    page = text(client.get(run_url(failed)))
    assert "The run failed" in page
    assert "The scenario has a problem, so it could not be projected." in page
    assert "Download the results" not in page


def test_replay_runs_the_same_inputs_and_seed_again(client, done, editor, queued_tasks):
    client.force_login(editor)
    response = client.post(run_url(done, "projections:run-replay"))
    again = Run.objects.exclude(pk=done.pk).get()
    assert response.url == run_url(again)
    assert (again.spec_hash, again.runs, again.seed) == (done.spec_hash, done.runs, done.seed)


def test_a_viewer_sees_results_but_cannot_replay(client, done, viewer):
    client.force_login(viewer)
    page = text(client.get(run_url(done)))
    assert "In 2036" in page
    assert "Replay this run" not in page
    assert client.post(run_url(done, "projections:run-replay")).status_code == 404
    assert Run.objects.count() == 1


# ---------------------------------------------------------------------- downloads


def download(client, run, format, query=""):
    response = client.get(reverse("projections:run-download", kwargs={"run_id": run.pk, "format": format}) + query)
    assert response.status_code == 200
    assert f"projection-run-{run.pk}" in response["Content-Disposition"]
    return response


def test_the_csv_is_the_summary_table(client, done, editor):
    client.force_login(editor)
    body = download(client, done, "csv").content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body)))
    summary = results.table(done.result, "summary")
    assert len(rows) == summary.height
    assert list(rows[0]) == summary.columns
    assert float(rows[5]["mean"]) == pytest.approx(summary["mean"][5])


def test_the_xlsx_has_every_table_and_the_inputs(client, done, editor):
    client.force_login(editor)
    workbook = openpyxl.load_workbook(io.BytesIO(download(client, done, "xlsx").content))
    assert workbook.sheetnames == [
        "Summary", "Probability meets demand", "Waterfall (final year)", "Cost", "Steps by year", "Inputs",
    ]  # fmt: skip
    inputs = {row[0]: row[1] for row in workbook["Inputs"].iter_rows(min_row=2, values_only=True)}
    assert inputs["seed"] == 3 and inputs["runs"] == 40
    assert workbook["Summary"].max_row == results.table(done.result, "summary").height + 1


def test_the_json_has_the_tables_and_the_exact_inputs(client, done, editor):
    client.force_login(editor)
    data = json.loads(download(client, done, "json").content)
    assert data["inputs"]["spec"] == done.spec
    assert (data["inputs"]["runs"], data["inputs"]["seed"]) == (40, 3)
    assert data["tables"] == done.result


def test_the_svg_is_the_fan_chart(client, done, editor):
    client.force_login(editor)
    body = download(client, done, "svg", "?group=support-workers").content.decode()
    assert body.startswith("<?xml")
    assert "<title" in body and "Support workers" in body
    assert "Supply against demand" in body


def test_the_gap_chart_svg(client, done, editor):
    client.force_login(editor)
    response = download(client, done, "svg", "?chart=gap&group=all")
    assert f"projection-run-{done.pk}-gap-all.svg" in response["Content-Disposition"]
    assert "The gap by year: all staff groups" in response.content.decode()


def test_unknown_formats_and_unfinished_runs_have_no_download(client, scen, done, editor):
    client.force_login(editor)
    assert (
        client.get(reverse("projections:run-download", kwargs={"run_id": done.pk, "format": "pdf"})).status_code == 404
    )
    waiting = Run.objects.create(scenario_version=scen.latest, spec=scen.latest.spec, spec_hash="x", runs=10, seed=1)
    assert (
        client.get(reverse("projections:run-download", kwargs={"run_id": waiting.pk, "format": "csv"})).status_code
        == 404
    )


# ---------------------------------------------------------------------- another organisation


def test_another_organisations_people_get_404_everywhere(client, scen, done, outsider):
    client.force_login(outsider)
    urls = [
        run_url(done),
        run_url(done, "projections:run-progress"),
        *(run_url(done, "projections:run-download", format=f) for f in ("csv", "xlsx", "json", "svg")),
        reverse("projections:run-request", kwargs={"scenario_id": scen.pk}),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    assert client.post(run_url(done, "projections:run-replay")).status_code == 404
    assert (
        client.post(reverse("projections:run-request", kwargs={"scenario_id": scen.pk}), {"runs": "5"}).status_code
        == 404
    )
    assert Run.objects.count() == 1


def test_signed_out_people_cannot_see_runs(client, done):
    response = client.get(run_url(done))
    assert response.status_code in (302, 404)


def test_the_results_page_reads_only_the_stored_tables(
    client, done, editor, django_assert_max_num_queries, monkeypatch
):
    """No engine work and a few queries: the page is drawn from ``Run.result`` alone."""
    from lodestar.engine import projection

    def no_engine(*args, **kwargs):
        raise AssertionError("the results page must not run the engine")

    monkeypatch.setattr(projection, "run", no_engine)
    client.force_login(editor)
    client.get(run_url(done))  # the session and the person, loaded once
    with django_assert_max_num_queries(8):
        response = client.get(run_url(done))
    assert response.status_code == 200


def test_a_candidates_run_points_to_its_workshop(client, scen, editor):
    from lodestar.projections.models import RunKind

    run = Run.objects.create(
        scenario_version=scen.latest, spec=scen.latest.spec, spec_hash="x", runs=10, seed=1, kind=RunKind.CANDIDATES,
        status=RunStatus.DONE, result={"candidates": {"Retention programme": {"gap_closed_mean": 3.0}}},
    )  # fmt: skip
    client.force_login(editor)
    page = words(client.get(run_url(run)))
    assert "This run modelled each of a workshop's candidate interventions on its own." in page
    assert "Download the results" not in page

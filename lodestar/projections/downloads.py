"""A finished run's downloads, built from its stored tables (``Run.result``) and its inputs.

* CSV: the summary table (year, staff group, measure, mean and percentiles), one row a line.
* XLSX: every stored table as a sheet, and an "Inputs" sheet (scenario, version, runs, seed).
* JSON: ``{"inputs": {... "spec": the exact scenario mapping, "runs", "seed"}, "tables": {...}}``,
  enough to replay the run anywhere (the CLI gives the same tables for the same spec and seed).
* SVG: the fan chart of supply against demand (or the gap chart) for the chosen staff group.

Compare downloads (``compare_csv``, ``compare_xlsx``) take the compare page's headings and rows.
"""

from __future__ import annotations

import json
import re

from django.http import HttpResponse

from lodestar.core import tabular
from lodestar.projections import results
from lodestar.projections.models import Run

CSV_TYPE = "text/csv; charset=utf-8"
SHEET_TITLES = {
    "summary": "Summary",
    "probability_meets_demand": "Probability meets demand",
    "waterfall": "Waterfall (final year)",
    "cost": "Cost",
    "steps": "Steps by year",
}


def _attach(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _name(run: Run, extension: str) -> str:
    return f"projection-run-{run.pk}.{extension}"


def inputs(run: Run) -> dict:
    version = run.scenario_version
    return {
        "run": run.pk,
        "scenario": version.scenario.name,
        "scenario_version": version.number,
        "kind": run.kind,
        "runs": run.runs,
        "seed": run.seed,
        "spec_hash": run.spec_hash,
        "spec": run.spec,
    }


def _columns(run: Run, name: str) -> tuple[list[str], list[list]]:
    stored = (run.result or {}).get(name) or {}
    headings = list(stored)
    rows = [list(values) for values in zip(*stored.values(), strict=True)] if stored else []
    return headings, rows


def to_csv(run: Run) -> str:
    headings, rows = _columns(run, "summary")
    return tabular.to_csv(headings, rows)


def to_xlsx(run: Run) -> bytes:
    sheets = []
    for name in results.TABLES:
        headings, rows = _columns(run, name)
        if headings:
            sheets.append(tabular.Sheet(SHEET_TITLES[name], headings, rows, [18] * len(headings)))
    about = inputs(run)
    about_rows = [[key, value] for key, value in about.items() if key != "spec"]
    sheets.append(tabular.Sheet("Inputs", ["Input", "Value"], about_rows, [22, 60]))
    return tabular.to_workbook(sheets, title=f"Projection run {run.pk}")


def to_json(run: Run) -> str:
    return json.dumps({"inputs": inputs(run), "tables": run.result or {}}, ensure_ascii=False, indent=1)


def csv_response(run: Run) -> HttpResponse:
    body = "\ufeff" + to_csv(run)
    return _attach(HttpResponse(body.encode("utf-8"), content_type=CSV_TYPE), _name(run, "csv"))


def xlsx_response(run: Run) -> HttpResponse:
    return _attach(HttpResponse(to_xlsx(run), content_type=tabular.XLSX_CONTENT_TYPE), _name(run, "xlsx"))


def json_response(run: Run) -> HttpResponse:
    return _attach(HttpResponse(to_json(run).encode("utf-8"), content_type="application/json"), _name(run, "json"))


def svg_response(run: Run, chart: str, name: str) -> HttpResponse:
    body = '<?xml version="1.0" encoding="UTF-8"?>\n' + str(chart)
    filename = f"projection-run-{run.pk}-{re.sub(r'[^A-Za-z0-9_-]+', '-', name)}.svg"
    return _attach(HttpResponse(body.encode("utf-8"), content_type="image/svg+xml"), filename)


def compare_csv_response(headings, rows, filename: str) -> HttpResponse:
    body = "\ufeff" + tabular.to_csv(headings, rows)
    return _attach(HttpResponse(body.encode("utf-8"), content_type=CSV_TYPE), filename + ".csv")


def compare_xlsx_response(headings, rows, filename: str, about: list[list]) -> HttpResponse:
    data = tabular.to_workbook(
        [
            tabular.Sheet("Compare runs", headings, rows, [18] * len(headings)),
            tabular.Sheet("About", ["Run", "What it is"], about, [10, 80]),
        ],
        title="Projection runs compared",
    )
    return _attach(HttpResponse(data, content_type=tabular.XLSX_CONTENT_TYPE), filename + ".xlsx")

"""The leadership pipeline in figures for everyone with a view of organisations (ICS and regional
users above all): counts only, no names, small counts hidden; and the same tables as a CSV."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path

from lodestar.core.tabular_writer import to_csv
from lodestar.talent import queries
from lodestar.talent.presenters import csv_rows, table_rows


def pipeline(request):
    tables = [(t, table_rows(t)) for t in queries.pipeline_tables(request.user)]
    return render(request, "talent/pipeline.jinja", {"tables": tables})


def pipeline_csv(request):
    rows = csv_rows(queries.pipeline_tables(request.user))
    body = to_csv(["Leadership pipeline (counts only)"], rows).encode("utf-8-sig")
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="leadership-pipeline.csv"'
    return response


ROUTES = [
    path("pipeline/", pipeline, name="pipeline"),
    path("pipeline/leadership-pipeline.csv", pipeline_csv, name="pipeline-download"),
]

"""Compare 2 to 4 finished runs side by side (do nothing, the plan, the plan plus an extra lever).

``projections:compare`` is a GET form: a checkbox per finished run in reach; with 2 to 4 chosen
the page shows one chart of the gap by year (each run's average and likely range; a plan run
also its gap without the plan) and one table. ``projections:compare-download`` (format csv or
xlsx) gives the table for the same choice. A run out of reach is never listed, and choosing one
by its number is 404.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from lodestar.projections import downloads, queries
from lodestar.projections.presenters.runs import COMPARE_MAX, COMPARE_MIN, ComparePresenter, run_label

LISTED = 100  # finished runs offered, most recent first


def _chosen(request) -> list[int]:
    ids = []
    for value in request.GET.getlist("run"):
        if not value.isdigit():
            raise Http404
        if int(value) not in ids:
            ids.append(int(value))
    return ids


def _runs(request, ids: list[int]):
    found = {r.pk: r for r in queries.finished_runs(request.user).filter(pk__in=ids).select_related("requested_by")}
    if len(found) != len(ids):
        raise Http404
    return [found[i] for i in ids]


@require_GET
def compare(request):
    ids = _chosen(request)
    error = None
    page = None
    if ids and not COMPARE_MIN <= len(ids) <= COMPARE_MAX:
        error = f"Choose between {COMPARE_MIN} and {COMPARE_MAX} runs to compare"
    elif ids:
        page = ComparePresenter(_runs(request, ids))
    offered = list(queries.finished_runs(request.user).defer("own_spec", "result")[:LISTED])
    choices = [{"value": r.pk, "text": run_label(r), "checked": r.pk in ids} for r in offered]
    context = {"page": page, "error": error, "choices": choices, "query": request.GET.urlencode()}
    return render(request, "projections/compare/compare.jinja", context, status=400 if error else 200)


@require_GET
def compare_download(request, format: str):  # noqa: A002 - the URL's word
    ids = _chosen(request)
    if format not in ("csv", "xlsx") or not COMPARE_MIN <= len(ids) <= COMPARE_MAX:
        raise Http404
    page = ComparePresenter(_runs(request, ids))
    name = "projection-runs-" + "-".join(str(i) for i in ids)
    if format == "csv":
        return downloads.compare_csv_response(page.headings, page.download_rows, name)
    return downloads.compare_xlsx_response(page.headings, page.download_rows, name, page.about)


ROUTES: list = [
    path("compare/", compare, name="compare"),
    path("compare/download/<str:format>/", compare_download, name="compare-download"),
]

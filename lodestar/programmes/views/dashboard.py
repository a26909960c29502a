"""The regional dashboard: programmes by theme and status and the other regional programme
apps' tables, each a grey chart with its table; a filter by ICS (GET), and each table as CSV or
all of them as one XLSX. For people with a role at an ICS, a region or a national body (and
platform staff); anyone else is not found."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import path

from lodestar.core.tabular import XLSX_CONTENT_TYPE
from lodestar.programmes import dashboard as tables_
from lodestar.programmes import queries
from lodestar.programmes.forms import DashboardFilterForm


def _filtered(request):
    queries.require_dashboard(request.user)
    icss = list(queries.icss(request.user))
    form = DashboardFilterForm(request.GET or None, icss=icss)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    ics = next((i for i in icss if str(i.pk) == data.get("ics")), None)
    return form, ics, tables_.tables(tables_.organisation_ids(request.user, ics))


def dashboard(request):
    form, ics, found = _filtered(request)
    sections = [{"table": t, "chart": tables_.chart(t), "cell": tables_.cell} for t in found]
    context = {"form": form, "ics": ics, "sections": sections, "query": request.GET.urlencode()}
    return render(request, "programmes/dashboard.jinja", context)


def download_csv(request, key: str):
    _form, _ics, found = _filtered(request)
    table = next((t for t in found if t.key == key), None)
    if table is None:
        raise Http404("No such table")
    response = HttpResponse(tables_.csv_body(table), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="regional-{table.key}.csv"'
    return response


def download_xlsx(request):
    _form, _ics, found = _filtered(request)
    response = HttpResponse(tables_.xlsx_body(found), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="regional-dashboard.xlsx"'
    return response


ROUTES = [
    path("dashboard/", dashboard, name="dashboard"),
    path("dashboard/regional-dashboard.xlsx", download_xlsx, name="dashboard-xlsx"),
    path("dashboard/<slug:key>.csv", download_csv, name="dashboard-csv"),
]

"""The regional view: new roles in reach by ICS and sector, as a table and a grey bar chart, with a
CSV or XLSX download of the same rows."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path

from lodestar.core.tabular_writer import to_csv, to_xlsx
from lodestar.roles import presenters, queries
from lodestar.roles.forms import RegionalFilterForm

TYPES = {"csv": "text/csv; charset=utf-8", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def _regional(request):
    roles = queries.roles(request.user)
    names = sorted(set(roles.values_list("name", flat=True)))
    form = RegionalFilterForm(request.GET or None, names=names)
    name = form.cleaned_data.get("role") if form.is_bound and form.is_valid() else ""
    if name:
        roles = roles.filter(name=name)
    presenter = presenters.RegionalPresenter(
        roles, queries.current_by_role(request.user), queries.icss_in_reach(request.user)
    )
    return form, name, presenter


def regional(request):
    form, name, presenter = _regional(request)
    context = {"form": form, "name": name, "p": presenter, "query": request.GET.urlencode()}
    return render(request, "roles/regional.jinja", context)


def download(request, fmt: str = "csv"):
    _form, name, presenter = _regional(request)
    columns = presenters.REGIONAL_COLUMNS
    if fmt == "xlsx":
        body = to_xlsx(columns, presenter.rows(), sheet_title="New roles", title="New roles by ICS and sector")
    else:
        body = to_csv(columns, presenter.rows()).encode("utf-8-sig")
    response = HttpResponse(body, content_type=TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="new-roles-by-ics-and-sector.{fmt}"'
    return response


ROUTES = [
    path("regional/", regional, name="regional"),
    path("regional/new-roles-by-ics-and-sector.csv", download, name="regional-csv"),
    path("regional/new-roles-by-ics-and-sector.xlsx", download, {"fmt": "xlsx"}, name="regional-xlsx"),
]

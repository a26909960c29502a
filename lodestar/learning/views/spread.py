"""The spread dashboard for ICS, regional and national users: which interventions are adopted
where, the adoption curve, time from piloting to adopted, what was discontinued and why; filters
by ICS, intervention and stage (GET) and a CSV or XLSX download of the same rows."""

from __future__ import annotations

from django import forms
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path

from lodestar.learning import exports, queries_adoption, queries_spread
from lodestar.learning.models import Stage
from lodestar.learning.presenters_spread import SpreadPresenter


class SpreadFilterForm(forms.Form):
    ics = forms.ChoiceField(label="ICS", required=False, choices=[])
    intervention = forms.ChoiceField(label="Intervention", required=False, choices=[])
    stage = forms.ChoiceField(label="Stage", required=False, choices=[("", "Any stage"), *Stage.choices])

    def __init__(self, *args, icss=(), interventions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ics"].choices = [("", "Every ICS you can see"), *((str(i.pk), i.name) for i in icss)]
        self.fields["intervention"].choices = [("", "Every intervention"), *((i.code, i.title) for i in interventions)]
        for name, words in (("ics", "an ICS"), ("intervention", "an intervention"), ("stage", "a stage")):
            self.fields[name].error_messages["invalid_choice"] = f"Choose {words} from the list"


def _filtered(request):
    icss = list(queries_spread.icss(request.user))
    form = SpreadFilterForm(request.GET or None, icss=icss, interventions=queries_adoption.interventions(request.user))
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    ics = next((i for i in icss if str(i.pk) == data.get("ics")), None)
    rows = queries_spread.records(request.user, ics=ics, code=data.get("intervention", ""), stage=data.get("stage", ""))
    return form, SpreadPresenter(rows, icss)


def dashboard(request):
    queries_spread.require(request.user)
    form, presenter = _filtered(request)
    context = {"form": form, "p": presenter, "query": request.GET.urlencode()}
    return render(request, "learning/spread.jinja", context)


def download(request, fmt: str = "csv"):
    queries_spread.require(request.user)
    _form, presenter = _filtered(request)
    body = exports.spread_file(fmt, presenter.csv_rows(), title="Adoption spread")
    response = HttpResponse(body, content_type=exports.FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="adoption-spread.{fmt}"'
    return response


ROUTES = [
    path("spread/", dashboard, name="spread"),
    path("spread/adoption-spread.csv", download, name="spread-download"),
    path("spread/adoption-spread.xlsx", download, {"fmt": "xlsx"}, name="spread-download-xlsx"),
]

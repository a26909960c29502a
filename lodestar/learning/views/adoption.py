"""Adoption: an organisation's records, recording a stage, a record's page with its history and
RE-AIM measures."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods

from lodestar.core.forms import add_problems
from lodestar.core.validation import ValidationProblem
from lodestar.learning import actions_adoption, queries_adoption, queries_spread
from lodestar.learning.forms_adoption import MeasuresForm, StageForm
from lodestar.learning.presenters_adoption import AdoptionPresenter, AdoptionRow

STAGE_FIELDS = ("stage", "since", "reason", "note")


def index(request):
    """Organisations in reach with adoption records, and those where the reader records."""
    context = {
        "with_records": list(queries_adoption.organisations_with_records(request.user)),
        "to_record": list(queries_adoption.organisations_to_record(request.user)),
        "may_see_spread": queries_spread.may_see(request.user),
    }
    return render(request, "learning/adoption/index.jinja", context)


def organisation(request, organisation_id: int):
    org = queries_adoption.organisation(request.user, organisation_id)
    rows = [AdoptionRow(r) for r in queries_adoption.records_of(request.user, org)]
    context = {"org": org, "rows": rows, "may_record": queries_adoption.may_record(request.user, org)}
    return render(request, "learning/adoption/organisation.jinja", context)


def _initial_subject(request) -> str:
    code, pk = request.GET.get("intervention", ""), request.GET.get("case_study", "")
    if queries_adoption.intervention_by_code(request.user, code):
        return f"i:{code}"
    if queries_adoption.case_study_by_pk(request.user, pk):
        return f"c:{pk}"
    return ""


def _subject(request, value: str) -> dict:
    kind, _, key = (value or "").partition(":")
    if kind == "i":
        return {"intervention": queries_adoption.intervention_by_code(request.user, key)}
    if kind == "c":
        return {"case_study": queries_adoption.case_study_by_pk(request.user, key)}
    return {}


@require_http_methods(["GET", "POST"])
def new(request):
    organisations = queries_adoption.organisations_to_record(request.user)
    if not organisations.exists():
        raise PermissionDenied("You need to be able to contribute at an organisation to record its stage.")
    initial = {"subject": _initial_subject(request), "organisation": request.GET.get("organisation")}
    form = StageForm(
        request.POST or None,
        organisations=organisations,
        interventions=queries_adoption.interventions(request.user),
        case_studies=queries_adoption.case_studies(request.user),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            adoption = actions_adoption.record_stage(
                actor=request.user,
                organisation=data["organisation"],
                **_subject(request, data["subject"]),
                **{name: data[name] for name in STAGE_FIELDS},
            )
        except ValidationProblem as problem:
            add_problems(form, problem)
        else:
            messages.success(request, f"Stage recorded: {adoption.get_stage_display()}")
            return redirect("learning:adoption-record", record_id=adoption.pk)
    return render(request, "learning/adoption/stage_form.jinja", {"form": form, "adoption": None})


def record(request, record_id: int):
    adoption = queries_adoption.adoption(request.user, record_id)
    return render(
        request, "learning/adoption/record.jinja", {"p": AdoptionPresenter(adoption, request.user), "a": adoption}
    )


def _recordable(request, record_id: int):
    adoption = queries_adoption.adoption(request.user, record_id)
    if not queries_adoption.may_record(request.user, adoption.organisation):
        raise Http404("No such adoption record")
    return adoption


@require_http_methods(["GET", "POST"])
def change(request, record_id: int):
    adoption = _recordable(request, record_id)
    form = StageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions_adoption.change_stage(
                actor=request.user, adoption=adoption, **{name: form.cleaned_data[name] for name in STAGE_FIELDS}
            )
        except ValidationProblem as problem:
            add_problems(form, problem)
        else:
            messages.success(request, "Stage recorded")
            return redirect("learning:adoption-record", record_id=adoption.pk)
    context = {"form": form, "adoption": adoption, "p": AdoptionRow(adoption)}
    return render(request, "learning/adoption/stage_form.jinja", context)


@require_http_methods(["GET", "POST"])
def measures(request, record_id: int):
    adoption = _recordable(request, record_id)
    initial = {name: getattr(adoption, name) for name in actions_adoption.MEASURES}
    form = MeasuresForm(request.POST or None, initial={k: ("" if v is None else v) for k, v in initial.items()})
    if request.method == "POST" and form.is_valid():
        try:
            actions_adoption.update_measures(actor=request.user, adoption=adoption, **form.cleaned_data)
        except ValidationProblem as problem:
            add_problems(form, problem)
        else:
            messages.success(request, "Measures saved")
            return redirect("learning:adoption-record", record_id=adoption.pk)
    context = {"form": form, "adoption": adoption, "p": AdoptionRow(adoption)}
    return render(request, "learning/adoption/measures_form.jinja", context)


ROUTES = [
    path("adoption/", index, name="adoption"),
    path("adoption/new/", new, name="adoption-new"),
    path("adoption/organisations/<int:organisation_id>/", organisation, name="adoption-organisation"),
    path("adoption/<int:record_id>/", record, name="adoption-record"),
    path("adoption/<int:record_id>/stage/", change, name="adoption-change"),
    path("adoption/<int:record_id>/measures/", measures, name="adoption-measures"),
]

"""The pilots list, a pilot's page, proposing a pilot, changing the proposal and adding measures."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods

from lodestar.core.forms import add_problems
from lodestar.core.validation import ValidationProblem
from lodestar.pilots import actions, queries
from lodestar.pilots.forms import FilterForm, MeasureForm, ProposalForm
from lodestar.pilots.presenters import PilotPresenter, PilotRow

PROPOSAL_FIELDS = ("title", "programme", "hypothesis", "aims", "sites", "cohort_size", "budget")


def form_page(request, form, *, pilot, heading: str, intro: str, button: str):
    """The one template every pilot form uses: a heading, a sentence, the fields and a button."""
    context = {"form": form, "pilot": pilot, "heading": heading, "intro": intro, "button": button}
    return render(request, "pilots/form.jinja", context)


def index(request):
    organisations = queries.organisations_in_reach(request.user)
    filters = FilterForm(request.GET or None, organisations=organisations)
    stage, organisation_id = "", None
    if filters.is_valid():
        stage, organisation_id = filters.cleaned_data["stage"], filters.cleaned_data["organisation"]
    found = queries.pilots(request.user, stage=stage, organisation_id=organisation_id).order_by("title", "pk")
    context = {
        "filters": filters,
        "rows": [PilotRow(p) for p in found],
        "may_propose": queries.organisations_to_run(request.user).exists(),
        "filtered": bool(stage or organisation_id),
    }
    return render(request, "pilots/index.jinja", context)


def detail(request, pilot_id: int):
    pilot = queries.pilot(request.user, pilot_id)
    return render(request, "pilots/detail.jinja", {"p": PilotPresenter(pilot, request.user), "pilot": pilot})


def _proposal(form) -> dict:
    return {name: form.cleaned_data[name] for name in PROPOSAL_FIELDS}


@require_http_methods(["GET", "POST"])
def new(request):
    organisations = queries.organisations_to_run(request.user)
    if not organisations.exists():
        raise PermissionDenied("You need to be a facilitator at an organisation to propose a pilot.")
    form = ProposalForm(
        request.POST or None,
        organisations=organisations,
        sites=queries.organisations_in_reach(request.user),
        programmes=queries.programmes(request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            pilot = actions.propose(
                actor=request.user, organisation=form.cleaned_data["organisation"], data=_proposal(form)
            )
        except ValidationProblem as problem:
            add_problems(form, problem)
        else:
            messages.success(request, "Pilot proposed. Add the measures you will use, each with its baseline.")
            return redirect("pilots:detail", pilot_id=pilot.pk)
    intro = "Say what you will test and where. You can add the measures next, and change this until the pilot runs."
    return form_page(request, form, pilot=None, heading="Propose a pilot", intro=intro, button="Propose the pilot")


@require_http_methods(["GET", "POST"])
def edit(request, pilot_id: int):
    pilot = queries.pilot_to_run(request.user, pilot_id)
    initial = {name: getattr(pilot, name) for name in PROPOSAL_FIELDS if name != "sites"}
    initial["sites"] = list(pilot.sites.values_list("pk", flat=True))
    form = ProposalForm(
        request.POST or None,
        sites=queries.organisations_in_reach(request.user),
        programmes=queries.programmes(request.user),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_proposal(actor=request.user, pilot=pilot, data=_proposal(form))
        except ValidationProblem as problem:
            add_problems(form, problem)
        else:
            messages.success(request, "Proposal saved")
            return redirect("pilots:detail", pilot_id=pilot.pk)
    return form_page(request, form, pilot=pilot, heading="Change the proposal", intro="", button="Save the proposal")


@require_http_methods(["GET", "POST"])
def add_measure(request, pilot_id: int):
    pilot = queries.pilot_to_run(request.user, pilot_id)
    form = MeasureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.add_measure(actor=request.user, pilot=pilot, **form.cleaned_data)
        except ValidationProblem as problem:
            add_problems(form, problem)
        else:
            messages.success(request, f"Measure added: {form.cleaned_data['name']}")
            return redirect("pilots:detail", pilot_id=pilot.pk)
    intro = "Something you can count before and after the pilot. Give its value now, the baseline."
    return form_page(request, form, pilot=pilot, heading="Add a measure", intro=intro, button="Add the measure")


ROUTES = [
    path("", index, name="index"),
    path("new/", new, name="new"),
    path("<int:pilot_id>/", detail, name="detail"),
    path("<int:pilot_id>/proposal/", edit, name="edit"),
    path("<int:pilot_id>/measures/new/", add_measure, name="add-measure"),
]

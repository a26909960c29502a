"""Training pathways: the list, adding and changing a pathway, its page, and adding stages,
competencies and placements."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_http_methods

from lodestar.core.forms import add_problems
from lodestar.core.validation import ValidationProblem
from lodestar.pathways import actions, presenters, queries
from lodestar.pathways.forms import CompetencyForm, PathwayForm, PlacementForm, StageForm


def index(request):
    context = {
        "rows": presenters.list_rows(queries.listing(request.user)),
        "may_add": queries.organisations_to_change(request.user).exists(),
    }
    return render(request, "pathways/index.jinja", context)


def pathway(request, pathway_id: int):
    found = queries.pathway(request.user, pathway_id)
    return render(request, "pathways/pathway.jinja", {"p": presenters.PathwayPresenter(found, request.user)})


def _form_page(request, form, *, heading, button, back, caption="", intro=""):
    context = {"form": form, "heading": heading, "button": button, "back": back, "caption": caption, "intro": intro}
    return render(request, "pathways/form.jinja", context)


@require_http_methods(["GET", "POST"])
def new(request):
    organisations = queries.organisations_to_change(request.user)
    if not organisations.exists():
        raise PermissionDenied("Only facilitators can add training pathways.")
    form = PathwayForm(request.POST or None, organisations=organisations, initial={"intakes_per_year": "1"})
    if request.method == "POST" and form.is_valid():
        try:
            made = actions.create_pathway(actor=request.user, **form.cleaned_data)
        except ValidationProblem as problem:
            add_problems(form, problem)
        else:
            messages.success(request, "Pathway added. Now add its stages.")
            return redirect("pathways:pathway", pathway_id=made.pk)
    back = (reverse("pathways:index"), "Training pathways")
    return _form_page(request, form, heading="Add a training pathway", button="Add the pathway", back=back)


@require_http_methods(["GET", "POST"])
def edit(request, pathway_id: int):
    found = queries.changeable(request.user, pathway_id)
    initial = {name: getattr(found, name) for name in actions.PATHWAY_FIELDS}
    initial["professions"] = "\n".join(found.professions)
    form = PathwayForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_pathway(actor=request.user, pathway=found, **form.cleaned_data)
        except ValidationProblem as problem:
            add_problems(form, problem)
        else:
            messages.success(request, "Pathway saved")
            return redirect("pathways:pathway", pathway_id=found.pk)
    back = (reverse("pathways:pathway", args=[found.pk]), found.name)
    return _form_page(
        request, form, heading="Change the pathway", button="Save the pathway", back=back, caption=found.name
    )


@require_http_methods(["GET", "POST"])
def stage_new(request, pathway_id: int):
    found = queries.changeable(request.user, pathway_id)
    form = StageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            stage = actions.add_stage(actor=request.user, pathway=found, **form.cleaned_data)
        except ValidationProblem as problem:
            add_problems(form, problem)
        else:
            messages.success(request, f"Stage {stage.order} added: {stage.name}")
            return redirect("pathways:pathway", pathway_id=found.pk)
    back = (reverse("pathways:pathway", args=[found.pk]), found.name)
    intro = "Stages follow one another in the order you add them. The pathway's length is their months added up."
    return _form_page(
        request, form, heading="Add a stage", button="Add the stage", back=back, caption=found.name, intro=intro
    )


@require_http_methods(["GET", "POST"])
def competency_new(request, pathway_id: int, stage_id: int):
    found = queries.changeable(request.user, pathway_id)
    stage = queries.stage(found, stage_id)
    form = CompetencyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.add_competency(actor=request.user, stage=stage, **form.cleaned_data)
        except ValidationProblem as problem:
            add_problems(form, problem)
        else:
            messages.success(request, f"Competency added to {stage.name}")
            return redirect(reverse("pathways:pathway", args=[found.pk]) + f"#stage-{stage.pk}")
    back = (reverse("pathways:pathway", args=[found.pk]), found.name)
    intro = (
        "A task learners do at this stage, who may do it, how risky it is and how closely they are supervised "
        "(as in a Calderdale task analysis)."
    )
    return _form_page(
        request,
        form,
        heading="Add a competency",
        button="Add the competency",
        back=back,
        caption=f"{found.name}: {stage.name}",
        intro=intro,
    )


@require_http_methods(["GET", "POST"])
def placement_new(request, pathway_id: int, stage_id: int):
    found = queries.changeable(request.user, pathway_id)
    stage = queries.stage(found, stage_id)
    form = PlacementForm(
        request.POST or None, organisations=queries.organisations_in_reach(request.user).order_by("name")
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.add_placement(actor=request.user, stage=stage, **form.cleaned_data)
        except ValidationProblem as problem:
            add_problems(form, problem)
        else:
            messages.success(request, f"Placement added to {stage.name}")
            return redirect(reverse("pathways:pathway", args=[found.pk]) + f"#stage-{stage.pk}")
    back = (reverse("pathways:pathway", args=[found.pk]), found.name)
    return _form_page(
        request,
        form,
        heading="Add a placement",
        button="Add the placement",
        back=back,
        caption=f"{found.name}: {stage.name}",
        intro="Where learners go during this stage, for how long and how many.",
    )


ROUTES = [
    path("", index, name="index"),
    path("new/", new, name="new"),
    path("<int:pathway_id>/", pathway, name="pathway"),
    path("<int:pathway_id>/edit/", edit, name="edit"),
    path("<int:pathway_id>/stages/new/", stage_new, name="stage-new"),
    path("<int:pathway_id>/stages/<int:stage_id>/competencies/new/", competency_new, name="competency-new"),
    path("<int:pathway_id>/stages/<int:stage_id>/placements/new/", placement_new, name="placement-new"),
]

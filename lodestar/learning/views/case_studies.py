"""Reading a case study, starting and editing a draft, and its results."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods, require_POST

from lodestar.core.forms import add_problems
from lodestar.core.validation import ValidationProblem
from lodestar.learning import actions, presenters_adoption, queries, queries_images
from lodestar.learning.forms import CaseStudyForm, ResultForm, ReviewForm
from lodestar.learning.presenters import CaseStudyPresenter
from lodestar.learning.presenters_discussion import discussion


def detail(request, case_study_id: int):
    case_study = queries.case_study(request.user, case_study_id)
    context = {"cs": case_study, "p": CaseStudyPresenter(case_study, request.user), "review_form": ReviewForm()}
    context["images"] = queries_images.images(request.user, case_study)
    context.update(discussion(request.user, case_study))  # questions, answers, follow (published only)
    if case_study.status == "published":
        context["adoption"] = presenters_adoption.where_adopted(request.user, case_study=case_study)
    return render(request, "learning/detail.jinja", context)


def _form(request, data=None, *, editing=False, initial=None) -> CaseStudyForm:
    return CaseStudyForm(
        data,
        organisations=queries.organisations_to_write(request.user),
        interventions=queries.interventions(request.user),
        partners=queries.organisations_to_name(request.user),
        editing=editing,
        initial=initial,
    )


@require_http_methods(["GET", "POST"])
def start(request):
    organisations = queries.organisations_to_write(request.user)
    if not organisations.exists():
        raise PermissionDenied("You need to be able to contribute at an organisation to write a case study.")
    form = _form(request, request.POST or None, initial={"sector": "nhs", "visibility": "organisation"})
    if request.method == "POST" and form.is_valid():
        try:
            case_study = actions.start_case_study(
                actor=request.user,
                organisation=form.cleaned_data["organisation"],
                data=form.action_data(queries.star_points()),
            )
        except ValidationProblem as problem:
            add_problems(form, problem)
        else:
            messages.success(request, f"Draft case study saved: {case_study.title}")
            return redirect("learning:detail", case_study_id=case_study.pk)
    return render(request, "learning/form.jinja", {"form": form, "cs": None})


def _editable(request, case_study_id: int):
    case_study = queries.case_study(request.user, case_study_id)
    if not queries.may_edit(request.user, case_study):
        raise Http404("No such case study")
    return case_study


def _initial(case_study) -> dict:
    return {
        **{name: getattr(case_study, name) for name in actions.TEXT_FIELDS},
        "sector": case_study.sector,
        "visibility": case_study.visibility,
        "points": [p.key for p in case_study.points.all()],
        "interventions": list(case_study.interventions.all()),
        "staff_groups": case_study.staff_groups,
        "care_settings": case_study.care_settings,
        "organisations_involved": list(case_study.organisations_involved.all()),
    }


@require_http_methods(["GET", "POST"])
def edit(request, case_study_id: int):
    case_study = _editable(request, case_study_id)
    form = _form(request, request.POST or None, editing=True, initial=_initial(case_study))
    if request.method == "POST" and form.is_valid():
        try:
            actions.edit_case_study(
                actor=request.user, case_study=case_study, data=form.action_data(queries.star_points())
            )
        except ValidationProblem as problem:
            add_problems(form, problem)
        else:
            messages.success(request, "Case study saved")
            return redirect("learning:detail", case_study_id=case_study.pk)
    return render(request, "learning/form.jinja", {"form": form, "cs": case_study})


@require_http_methods(["GET", "POST"])
def add_result(request, case_study_id: int):
    case_study = _editable(request, case_study_id)
    form = ResultForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.add_result(actor=request.user, case_study=case_study, **form.cleaned_data)
        except ValidationProblem as problem:
            add_problems(form, problem, {"status": ""})
        else:
            messages.success(request, f"Result added: {form.cleaned_data['measure']}")
            return redirect("learning:detail", case_study_id=case_study.pk)
    return render(request, "learning/result_form.jinja", {"form": form, "cs": case_study})


@require_POST
def remove_result(request, case_study_id: int, result_id: int):
    case_study = _editable(request, case_study_id)
    result = case_study.results.filter(pk=result_id).first()
    if result is None:
        raise Http404("No such result")
    try:
        actions.remove_result(actor=request.user, result=result)
    except ValidationProblem as problem:
        messages.error(request, problem.message)
    else:
        messages.success(request, f"Result removed: {result.measure}")
    return redirect("learning:detail", case_study_id=case_study.pk)


ROUTES = [
    path("case-studies/new/", start, name="start"),
    path("case-studies/<int:case_study_id>/", detail, name="detail"),
    path("case-studies/<int:case_study_id>/edit/", edit, name="edit"),
    path("case-studies/<int:case_study_id>/results/new/", add_result, name="add-result"),
    path("case-studies/<int:case_study_id>/results/<int:result_id>/remove/", remove_result, name="remove-result"),
]

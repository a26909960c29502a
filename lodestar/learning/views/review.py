"""The review journey: the authors submit, a reviewer comments back or marks it reviewed, and
it is published. Each is a POST from the case study's page; a refusal comes back as a message."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_POST

from lodestar.core.forms import add_problems
from lodestar.core.validation import ValidationProblem
from lodestar.learning import actions, queries
from lodestar.learning.forms import ReviewForm
from lodestar.learning.presenters import CaseStudyPresenter

SUBMIT_FIELDS = {"challenge": "The challenge", "what_changed": "What was changed"}


def _back(case_study):
    return redirect("learning:detail", case_study_id=case_study.pk)


@require_POST
def submit(request, case_study_id: int):
    case_study = queries.case_study(request.user, case_study_id)
    if not queries.may_edit(request.user, case_study):
        raise Http404("No such case study")
    try:
        actions.submit(actor=request.user, case_study=case_study)
    except ValidationProblem as problem:
        for _field, message in problem.problems:
            messages.error(request, message)
    else:
        messages.success(request, "Case study submitted for review")
    return _back(case_study)


@require_POST
def review(request, case_study_id: int):
    """Comment back to the authors (``decision=comment``) or mark as reviewed (``decision=reviewed``)."""
    case_study = queries.case_study(request.user, case_study_id)
    if not queries.may_review(request.user, case_study):
        raise Http404("No such case study")
    form = ReviewForm(request.POST)
    form.is_valid()
    text = form.cleaned_data.get("text", "")
    try:
        if request.POST.get("decision") == "reviewed":
            actions.mark_reviewed(actor=request.user, case_study=case_study, text=text)
            done = "Case study marked as reviewed: it can now be published"
        else:
            actions.comment(actor=request.user, case_study=case_study, text=text)
            done = "Your comments were sent to the authors and the case study is back with them as a draft"
    except ValidationProblem as problem:
        add_problems(form, problem)
        context = {"cs": case_study, "p": CaseStudyPresenter(case_study, request.user), "review_form": form}
        return render(request, "learning/detail.jinja", context, status=400)
    messages.success(request, done)
    return _back(case_study)


@require_POST
def publish(request, case_study_id: int):
    case_study = queries.case_study(request.user, case_study_id)
    if not (queries.may_edit(request.user, case_study) or queries.may_review(request.user, case_study)):
        raise Http404("No such case study")
    try:
        actions.publish(actor=request.user, case_study=case_study)
    except ValidationProblem as problem:
        messages.error(request, problem.message)
    else:
        messages.success(request, "Case study published")
    return _back(case_study)


ROUTES = [
    path("case-studies/<int:case_study_id>/submit/", submit, name="submit"),
    path("case-studies/<int:case_study_id>/review/", review, name="review"),
    path("case-studies/<int:case_study_id>/publish/", publish, name="publish"),
]

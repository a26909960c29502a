"""Readiness to adopt: start an assessment (one page, a fieldset per factor), its result (the
factors needing most action, each can become an action in a plan), the list of assessments with
bookmarks, and two assessments of the same subject compared. The result's URL is its share link:
it opens for anyone in reach of the organisation."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_http_methods, require_POST

from lodestar.core.forms import add_problems
from lodestar.core.validation import ValidationProblem
from lodestar.learning import actions_readiness as actions
from lodestar.learning import presenters_readiness as presenters
from lodestar.learning import queries_readiness as queries
from lodestar.learning import readiness
from lodestar.learning.forms_readiness import AssessmentForm

PER_PAGE = 50


def index(request):
    organisations = queries.organisations(request.user)
    rows = queries.assessments(request.user)
    chosen = (
        organisations.filter(pk=request.GET.get("organisation")).first()
        if request.GET.get("organisation", "").isdigit()
        else None
    )
    if chosen is not None:
        rows = rows.filter(organisation=chosen)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "rows": [(a, presenters.subject(a)) for a in page.object_list],
        "bookmarks": [(a, presenters.subject(a)) for a in queries.bookmarked(request.user)[:50]],
        "organisations": organisations,
        "chosen": chosen,
        "may_start": queries.organisations_to_assess(request.user).exists(),
    }
    return render(request, "learning/readiness/index.jinja", context)


def _subject(request):
    source = request.POST if request.method == "POST" else request.GET
    intervention = queries.intervention(request.user, source.get("intervention", ""))
    case_study = None if intervention else queries.case_study(request.user, source.get("case_study"))
    return intervention, case_study


def _initial(request, intervention, case_study) -> dict:
    name = intervention.title if intervention else case_study.title if case_study else ""
    return {"title": f"Readiness to adopt {name}"[:200] if name else ""}


@require_http_methods(["GET", "POST"])
def start(request):
    organisations = queries.organisations_to_assess(request.user)
    if not organisations.exists():
        raise PermissionDenied("You need to be able to contribute at an organisation to assess its readiness.")
    intervention, case_study = _subject(request)
    form = AssessmentForm(
        request.POST or None, organisations=organisations, initial=_initial(request, intervention, case_study)
    )
    if request.method == "POST" and form.is_valid():
        try:
            assessment = actions.save_assessment(
                actor=request.user,
                organisation=form.cleaned_data["organisation"],
                title=form.cleaned_data["title"],
                intervention=intervention,
                case_study=case_study,
                ratings=form.ratings(),
            )
        except ValidationProblem as problem:
            add_problems(form, problem, AssessmentForm.action_fields())
        else:
            messages.success(request, f"Readiness assessment saved: {assessment.title}")
            return redirect("learning:readiness-result", assessment_id=assessment.pk)
    context = {"form": form, "intervention": intervention, "case_study": case_study, "readiness": readiness}
    return render(request, "learning/readiness/form.jinja", context)


def result(request, assessment_id: int):
    assessment = queries.assessment(request.user, assessment_id)
    p = presenters.ResultPresenter(assessment, queries.ratings(assessment))
    context = {
        "a": assessment,
        "p": p,
        "share_url": request.build_absolute_uri(reverse("learning:readiness-result", args=[assessment.pk])),
        "bookmarked": queries.is_bookmarked(request.user, assessment),
        "may_delete": queries.may_assess(request.user, assessment.organisation),
        "plans": list(queries.plans_to_edit(request.user)[:200]),
        "points": list(queries.star_points()) if p.needs_point else [],
        "earlier": [(other, presenters.when(other)) for other in queries.same_subject(request.user, assessment)[:20]],
    }
    return render(request, "learning/readiness/result.jinja", context)


@require_POST
def bookmark(request, assessment_id: int):
    assessment = queries.assessment(request.user, assessment_id)
    if request.POST.get("remove"):
        actions.unbookmark(actor=request.user, assessment=assessment)
        messages.success(request, "Bookmark removed")
    else:
        actions.bookmark(actor=request.user, assessment=assessment)
        messages.success(request, "Assessment bookmarked: find it under your bookmarks")
    return redirect("learning:readiness-result", assessment_id=assessment.pk)


@require_http_methods(["GET", "POST"])
def delete(request, assessment_id: int):
    """GET asks to confirm; POST deletes."""
    assessment = queries.assessment(request.user, assessment_id)
    if not queries.may_assess(request.user, assessment.organisation):
        raise Http404("No such readiness assessment")
    if request.method == "GET":
        return render(request, "learning/readiness/delete.jinja", {"a": assessment})
    title = assessment.title
    actions.delete_assessment(actor=request.user, assessment=assessment)
    messages.success(request, f"Readiness assessment deleted: {title}")
    return redirect("learning:readiness")


@require_POST
def to_action(request, assessment_id: int, factor: str):
    assessment = queries.assessment(request.user, assessment_id)
    plan = queries.plan_to_edit(request.user, request.POST.get("plan"))
    point = queries.star_points().filter(key=request.POST.get("point", "")).first()
    try:
        action = actions.turn_factor_into_action(
            actor=request.user, assessment=assessment, factor=factor, plan=plan, point=point
        )
    except ValidationProblem as problem:
        messages.error(request, problem.message)
        return redirect(reverse("learning:readiness-result", args=[assessment.pk]) + f"#need-{factor}")
    messages.success(request, f"Action added to {plan.title}: {action.title}")
    return redirect("plans:action", action_id=action.pk)


def compare(request, assessment_id: int, other_id: int):
    now = queries.assessment(request.user, assessment_id)
    then = queries.same_subject(request.user, now).filter(pk=other_id).first()
    if then is None:
        raise Http404("No earlier assessment of the same subject")
    if then.created_at > now.created_at:
        then, now = now, then
    context = {
        "then": then,
        "now": now,
        "then_when": presenters.when(then),
        "now_when": presenters.when(now),
        "rows": presenters.compare(queries.ratings(then), queries.ratings(now)),
        "subject": presenters.subject(now),
    }
    return render(request, "learning/readiness/compare.jinja", context)


ROUTES = [
    path("readiness/", index, name="readiness"),
    path("readiness/new/", start, name="readiness-start"),
    path("readiness/<int:assessment_id>/", result, name="readiness-result"),
    path("readiness/<int:assessment_id>/bookmark/", bookmark, name="readiness-bookmark"),
    path("readiness/<int:assessment_id>/delete/", delete, name="readiness-delete"),
    path("readiness/<int:assessment_id>/factors/<slug:factor>/action/", to_action, name="readiness-action"),
    path("readiness/<int:assessment_id>/compare/<int:other_id>/", compare, name="readiness-compare"),
]

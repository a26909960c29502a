"""The Star assessment: scores for each point, the Star chart, and contributions (with curation)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from lodestar.workshops import actions, charts, forms, queries
from lodestar.workshops.presenters import AssessmentPointPresenter, assessment_points
from lodestar.workshops.views.common import contributable, facilitated, render_workshop, workshop_or_404


def assessment(request, pk):
    workshop = workshop_or_404(request, pk)
    rows = charts.chart_rows(workshop)
    visible = workshop.contributions.filter(hidden=False).select_related("point")
    return render_workshop(
        request,
        "assessment.jinja",
        workshop,
        rows=rows,
        chart=charts.star_chart_svg(workshop, rows),
        points=assessment_points(rows, visible),
    )


def _point(key):
    point = queries.star_point(key)
    if point is None:
        raise Http404("No such Star point")
    return point


def _score_form(assessment) -> forms.AssessmentForm:
    return forms.AssessmentForm(
        initial={
            "current_score": str(assessment.current_score) if assessment and assessment.current_score else None,
            "target_score": str(assessment.target_score) if assessment and assessment.target_score else None,
            "evidence": assessment.evidence if assessment else "",
        }
    )


def assessment_point(request, pk, point_key, *, score_form=None, contribution_form=None, status=200):
    workshop = workshop_or_404(request, pk)
    point = _point(point_key)
    current = workshop.assessments.filter(point=point).first()
    score_form = score_form or _score_form(current)
    contribution_form = contribution_form or forms.ContributionForm()
    contributions = workshop.contributions.filter(point=point).select_related("author", "merged_into")
    if not workshop.can_facilitate(request.user):
        contributions = contributions.filter(hidden=False)
    points = list(queries.star_points())
    index = next((i for i, p in enumerate(points) if p.pk == point.pk), 0)
    return render_workshop(
        request,
        "assessment_point.jinja",
        workshop,
        status=status,
        point=point,
        page=AssessmentPointPresenter(point, current, contributions, score_form=score_form),
        score_form=score_form,
        contribution_form=contribution_form,
        form=score_form if score_form.errors else contribution_form,
        previous_point=points[index - 1] if index > 0 else None,
        next_point=points[index + 1] if index + 1 < len(points) else None,
    )


@require_POST
def assessment_scores(request, pk, point_key):
    workshop = facilitated(request, pk)
    point = _point(point_key)
    form = forms.AssessmentForm(request.POST)
    if not form.is_valid():
        return assessment_point(request, pk, point_key, score_form=form, status=400)
    data = form.cleaned_data
    actions.save_assessment(
        actor=request.user,
        workshop=workshop,
        point=point,
        current_score=data["current_score"],
        target_score=data["target_score"],
        evidence=data["evidence"],
    )
    messages.success(request, f"Scores saved for {point.name}")
    return redirect("workshops:assessment-point", workshop.pk, point.key)


@require_POST
def contribution_add(request, pk, point_key):
    workshop = contributable(request, pk)
    point = _point(point_key)
    form = forms.ContributionForm(request.POST)
    if not form.is_valid():
        return assessment_point(request, pk, point_key, contribution_form=form, status=400)
    actions.add_contribution(actor=request.user, workshop=workshop, point=point, **form.cleaned_data)
    messages.success(request, "Thank you: your contribution has been added")
    return redirect("workshops:assessment-point", workshop.pk, point.key)


def _contribution(workshop, cid):
    contribution = workshop.contributions.select_related("point").filter(pk=cid).first()
    if contribution is None:
        raise Http404("No such contribution")
    return contribution


def _edit_form(contribution, data=None) -> forms.ContributionForm:
    return forms.ContributionForm(data, initial={"kind": contribution.kind, "text": contribution.text})


def contribution_edit(request, pk, cid):
    workshop = facilitated(request, pk)
    contribution = _contribution(workshop, cid)
    form = _edit_form(contribution, request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.edit_contribution(
            actor=request.user,
            contribution=contribution,
            text=form.cleaned_data["text"],
            kind=form.cleaned_data["kind"],
        )
        messages.success(request, "Contribution saved")
        return redirect("workshops:assessment-point", workshop.pk, contribution.point.key)
    merge_form = forms.MergeForm(source=contribution)
    return render_workshop(
        request, "contribution_edit.jinja", workshop, contribution=contribution, form=form, merge_form=merge_form
    )


@require_POST
def contribution_hide(request, pk, cid):
    workshop = facilitated(request, pk)
    contribution = _contribution(workshop, cid)
    hidden = request.POST.get("hidden") != "0"
    actions.set_contribution_hidden(actor=request.user, contribution=contribution, hidden=hidden)
    messages.success(request, "Contribution hidden" if hidden else "Contribution shown again")
    return redirect("workshops:assessment-point", workshop.pk, contribution.point.key)


@require_POST
def contribution_merge(request, pk, cid):
    workshop = facilitated(request, pk)
    contribution = _contribution(workshop, cid)
    merge_form = forms.MergeForm(request.POST, source=contribution)
    if merge_form.is_valid():
        actions.merge_contribution(actor=request.user, source=contribution, into=merge_form.cleaned_data["into"])
        messages.success(request, "Contributions merged")
        return redirect("workshops:assessment-point", workshop.pk, contribution.point.key)
    return render_workshop(
        request,
        "contribution_edit.jinja",
        workshop,
        status=400,
        contribution=contribution,
        form=merge_form,
        edit_form=_edit_form(contribution),
        merge_form=merge_form,
    )

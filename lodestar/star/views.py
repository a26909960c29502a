"""The Star and the intervention catalogue: browse, filter, search, read, and manage local entries."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from lodestar.learning import presenters_adoption
from lodestar.learning import queries as learning_queries
from lodestar.learning.presenters_discussion import follow_button
from lodestar.star import actions, presenters, queries, vocab
from lodestar.star.forms import FilterForm, InterventionForm, form_lever_values


def _point_links(user) -> list[dict]:
    return [
        {
            "key": p.key,
            "name": p.name,
            "summary": p.summary,
            "count": p.intervention_count,
            "href": reverse("star:point", args=[p.key]),
        }
        for p in queries.points_with_counts(user)
    ]


def index(request):
    links = _point_links(request.user)
    return render(
        request,
        "star/index.jinja",
        {
            "points": links,
            "star": presenters.star_geometry(links) if len(links) == 5 else None,
            "can_add": queries.catalogue_organisations(request.user).exists(),
            "latest_load": queries.latest_load(),
        },
    )


def _browse(request, *, template: str, point=None) -> object:
    form = FilterForm(request.GET, with_point=point is None)
    filters = form.filters()
    if point is not None:
        filters["points"] = [point.key]
    results = list(queries.search_interventions(request.user, **filters))
    return render(
        request,
        template,
        {
            "point": point,
            "form": form,
            "results": results,
            "filtered": form.active,
            "can_add": queries.catalogue_organisations(request.user).exists(),
            "vocab": vocab,
        },
    )


def point(request, key: str):
    star_point = get_object_or_404(queries.points(), key=key)
    return _browse(request, template="star/point.jinja", point=star_point)


def intervention_list(request):
    return _browse(request, template="star/interventions.jinja")


def _get(request, code: str):
    return get_object_or_404(queries.interventions(request.user, include_retired=True), code=code)


def detail(request, code: str):
    intervention = _get(request, code)
    return render(
        request,
        "star/detail.jinja",
        {
            "intervention": intervention,
            "rows": presenters.detail_rows(intervention),
            "lever_descriptions": [presenters.describe_lever(lever) for lever in intervention.levers],
            "can_edit": queries.can_edit(request.user, intervention),
            "vocab": vocab,
            "case_studies": list(learning_queries.for_intervention(request.user, intervention)),
            "adoption": presenters_adoption.where_adopted(request.user, intervention=intervention),
            "follow": follow_button(request.user, intervention=intervention) if intervention.is_active else None,
        },
    )


@require_http_methods(["GET", "POST"])
def create(request):
    organisations = queries.catalogue_organisations(request.user)
    if not organisations.exists():
        raise PermissionDenied("You need permission to manage your organisation's catalogue.")
    form = InterventionForm(request.POST or None, organisations=organisations, initial={"ramp_up_years": 1})
    if request.method == "POST" and form.is_valid():
        data = form.action_data()
        intervention = actions.create_local_intervention(
            actor=request.user, organisation=data["organisation"], data=data
        )
        messages.success(request, f"Local intervention added: {intervention.title}")
        return redirect("star:detail", code=intervention.code)
    return render(request, "star/form.jinja", {"form": form, "intervention": None})


@require_http_methods(["GET", "POST"])
def edit(request, code: str):
    intervention = _get(request, code)
    if not queries.can_edit(request.user, intervention):
        raise PermissionDenied("You cannot edit this intervention.")
    lever_values = form_lever_values(intervention.levers)
    initial = {
        "title": intervention.title,
        "summary": intervention.summary,
        "description": intervention.description,
        "point": intervention.point.key,
        "staff_groups": intervention.staff_groups,
        "care_settings": intervention.care_settings,
        "evidence_level": intervention.evidence_level,
        "time_to_impact": intervention.time_to_impact,
        "cost_band": intervention.cost_band,
        **(lever_values or {}),
    }
    form = InterventionForm(request.POST or None, initial=initial, lock_levers=lever_values is None)
    if request.method == "POST" and form.is_valid():
        actions.update_intervention(actor=request.user, intervention=intervention, data=form.action_data())
        messages.success(request, "Changes saved")
        return redirect("star:detail", code=intervention.code)
    return render(
        request,
        "star/form.jinja",
        {
            "form": form,
            "intervention": intervention,
            "lever_descriptions": [presenters.describe_lever(lever) for lever in intervention.levers],
        },
    )


@require_http_methods(["GET", "POST"])
def retire(request, code: str):
    intervention = _get(request, code)
    if not queries.can_edit(request.user, intervention):
        raise PermissionDenied("You cannot retire this intervention.")
    if not intervention.is_active:
        return redirect("star:detail", code=code)
    if request.method == "POST":
        actions.set_intervention_active(actor=request.user, intervention=intervention, active=False)
        messages.success(request, f"{intervention.title} has been retired")
        return redirect("star:detail", code=code)
    return render(request, "star/retire.jinja", {"intervention": intervention})


@require_POST
def restore(request, code: str):
    intervention = _get(request, code)
    if not queries.can_edit(request.user, intervention):
        raise PermissionDenied("You cannot restore this intervention.")
    actions.set_intervention_active(actor=request.user, intervention=intervention, active=True)
    messages.success(request, f"{intervention.title} has been restored")
    return redirect("star:detail", code=code)

"""Prioritisation: everyone rates the candidates for impact and effort; the facilitator confirms the shortlist."""

from __future__ import annotations

from django.contrib import messages
from django.db import IntegrityError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from lodestar.core.forms import add_problems
from lodestar.core.validation import ValidationProblem
from lodestar.workshops import actions, forms, queries, scoring
from lodestar.workshops.presenters import PrioritisationPresenter, RankedCandidate
from lodestar.workshops.views.common import contributable, facilitated, render_workshop, workshop_or_404


def _ranked(request, workshop, rating_forms) -> list[RankedCandidate]:
    """Candidates in ranked order with their aggregate ratings, the user's own rating and form."""
    rows = []
    for c in workshop.candidates.select_related("intervention", "intervention__point").prefetch_related("ratings"):
        rows.append((c, scoring.aggregate([(r.impact, r.effort) for r in c.ratings.all()])))
    rows.sort(key=lambda row: scoring.rank_key(row[0].intervention.title, row[1].impact_median, row[1].effort_median))
    mine = {r.candidate_id: r for r in request.user.workshop_ratings.filter(candidate__workshop=workshop)}
    ranked = []
    for rank, (c, agg) in enumerate(rows, start=1):
        r = mine.get(c.pk)
        form = rating_forms.get(c.pk) or forms.RatingForm(
            prefix=f"c{c.pk}", initial={"impact": str(r.impact), "effort": str(r.effort)} if r else None
        )
        ranked.append(RankedCandidate(c, agg, rank=rank, mine=r, rating_form=form))
    return ranked


def prioritisation(request, pk, *, rating_forms=None, shortlist_form=None, status=200):
    workshop = workshop_or_404(request, pk)
    rows = _ranked(request, workshop, rating_forms or {})
    shortlist_error = None
    if shortlist_form is not None and shortlist_form.errors:
        shortlist_error = next(e for errors in shortlist_form.errors.values() for e in errors)
    generate_href = reverse("plans:generate", kwargs={"workshop_id": workshop.pk})
    return render_workshop(
        request,
        "prioritisation.jinja",
        workshop,
        status=status,
        page=PrioritisationPresenter(workshop, rows),
        shortlist_error=shortlist_error,
        form=next((r.rating_form for r in rows if r.rating_form.errors), None),
        generate_href=generate_href,
        plan=queries.action_plan(workshop, request.user),
    )


@require_POST
def rate(request, pk, cid):
    workshop = contributable(request, pk)
    candidate = workshop.candidates.filter(pk=cid).first()
    if candidate is None:
        raise Http404("No such candidate")
    form = forms.RatingForm(request.POST, prefix=f"c{candidate.pk}")
    if not form.is_valid():
        return prioritisation(request, pk, rating_forms={candidate.pk: form}, status=400)
    actions.rate_candidate(actor=request.user, candidate=candidate, **form.cleaned_data)
    messages.success(request, f"Your rating is saved: {candidate.intervention.title}")
    return redirect(reverse("workshops:prioritisation", args=[workshop.pk]) + f"#candidate-{candidate.pk}")


def _confirm(request, workshop, form) -> bool:
    """Confirm the shortlist the form read; False (with the action's reason on the form) when refused."""
    try:
        actions.confirm_shortlist(
            actor=request.user, workshop=workshop, ordered_candidate_ids=form.cleaned_data["ordered_candidate_ids"]
        )
    except ValidationProblem as exc:
        add_problems(form, exc, fields={"ordered_candidate_ids": "include"})
        return False
    except (ValueError, IntegrityError) as exc:
        form.add_error("include", str(exc))
        return False
    return True


@require_POST
def shortlist_confirm(request, pk):
    workshop = facilitated(request, pk)
    form = forms.ShortlistConfirmForm(request.POST, workshop=workshop)
    if not (form.is_valid() and _confirm(request, workshop, form)):
        return prioritisation(request, pk, shortlist_form=form, status=400)
    n = len(form.cleaned_data["ordered_candidate_ids"])
    messages.success(request, f"Shortlist confirmed: {n} candidates in priority order")
    return redirect(reverse("workshops:prioritisation", args=[workshop.pk]) + "#shortlist")

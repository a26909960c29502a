"""Prioritisation: everyone rates the candidates for impact and effort, without seeing the group's
ratings until they have rated them all (or the facilitator shows them, ADR 0022); the facilitator
confirms the shortlist."""

from __future__ import annotations

from django.contrib import messages
from django.db import IntegrityError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from lodestar.core.forms import add_problems
from lodestar.core.validation import ValidationProblem
from lodestar.core.words import plural
from lodestar.plans import presenters as plan_presenters
from lodestar.workshops import actions, forms, queries, scoring
from lodestar.workshops.presenters import (
    PrioritisationPresenter,
    RankedCandidate,
    group_figures_visible,
    rating_status,
)
from lodestar.workshops.views.common import contributable, facilitated, is_htmx, render_workshop, workshop_or_404


def _candidates(workshop):
    return workshop.candidates.select_related("intervention", "intervention__point").prefetch_related("ratings")


def _ranked(request, workshop, rating_forms) -> list[RankedCandidate]:
    """Candidates in ranked order with their aggregate ratings, the user's own rating and form."""
    rows = []
    for c in _candidates(workshop):
        rows.append((c, scoring.aggregate([(r.impact, r.effort) for r in c.ratings.all()])))
    rows.sort(key=lambda row: scoring.rank_key(row[0].intervention.title, row[1].impact_median, row[1].effort_median))
    ranked = []
    for rank, (c, agg) in enumerate(rows, start=1):
        # The person's own rating is among the candidate's prefetched ratings: no second query.
        r = next((x for x in c.ratings.all() if x.user_id == request.user.pk), None)
        form = rating_forms.get(c.pk) or forms.RatingForm(
            prefix=f"c{c.pk}", initial={"impact": str(r.impact), "effort": str(r.effort)} if r else None
        )
        ranked.append(RankedCandidate(c, agg, rank=rank, mine=r, rating_form=form))
    return ranked


def _page(request, workshop, rating_forms=None) -> PrioritisationPresenter:
    rows = _ranked(request, workshop, rating_forms or {})
    return PrioritisationPresenter(workshop, rows, can_rate=workshop.can_contribute(request.user))


def _modelling(request, workshop, page):
    """The candidates' modelled effects (lodestar.projections), given to each row; with ``sort=effect``
    the ranked list puts the most gap closed first."""
    from lodestar.projections.presenters.workshops import WorkshopModelling

    modelling = WorkshopModelling(workshop, request.user)
    modelling.attach(page.rows)
    modelling.sorted_by_effect = request.GET.get("sort") == "effect" and modelling.has_effects
    if modelling.sorted_by_effect:
        page.rows = modelling.by_effect(page.rows)
    return modelling


def _context(request, workshop, page) -> dict:
    return {
        "page": page,
        "modelling": _modelling(request, workshop, page),
        "generate_href": reverse("plans:generate", kwargs={"workshop_id": workshop.pk}),
        "plan": queries.action_plan(workshop, request.user),
        "due_dates": plan_presenters.due_dates_explained(),
    }


def prioritisation(request, pk, *, rating_forms=None, shortlist_form=None, status=200):
    workshop = workshop_or_404(request, pk)
    page = _page(request, workshop, rating_forms)
    shortlist_error = None
    if shortlist_form is not None and shortlist_form.errors:
        shortlist_error = next(e for errors in shortlist_form.errors.values() for e in errors)
    return render_workshop(
        request,
        "prioritisation.jinja",
        workshop,
        status=status,
        shortlist_error=shortlist_error,
        **_context(request, workshop, page),
    )


def _posted_ratings(data, candidates) -> dict:
    """A ``RatingForm`` for each candidate the browser sent a rating for (``c<id>-impact``, ``c<id>-effort``)."""
    return {
        c.pk: forms.RatingForm(data, prefix=f"c{c.pk}")
        for c in candidates
        if data.get(f"c{c.pk}-impact") or data.get(f"c{c.pk}-effort")
    }


def _anchor(request, workshop, n_candidates: int) -> str:
    """Where the page opens after saving: the group's figures once this person may see them
    (the page's rule, from one count rather than every candidate's ratings and aggregates)."""
    n_rated = request.user.workshop_ratings.filter(candidate__workshop=workshop).count()
    can_rate = workshop.can_contribute(request.user)
    visible = group_figures_visible(workshop, can_rate=can_rate, n_candidates=n_candidates, n_rated=n_rated)
    return "#ranked" if visible else "#your-ratings"


@require_POST
def rate_all(request, pk):
    """Every rating on the page in one form and one POST: all saved, or none (with the problems)."""
    workshop = contributable(request, pk)
    candidates = {c.pk: c for c in workshop.candidates.select_related("intervention")}
    rating_forms = _posted_ratings(request.POST, candidates.values())
    if not rating_forms:
        messages.info(request, "Nothing to save yet: choose an impact and an effort rating for a candidate")
        return redirect(reverse("workshops:prioritisation", args=[workshop.pk]) + "#your-ratings")
    if not all(form.is_valid() for form in rating_forms.values()):
        return prioritisation(request, pk, rating_forms=rating_forms, status=400)
    ratings = [(candidates[pk], f.cleaned_data["impact"], f.cleaned_data["effort"]) for pk, f in rating_forms.items()]
    actions.rate_candidates(actor=request.user, ratings=ratings)
    messages.success(request, f"Your ratings are saved: {plural(len(ratings), 'candidate')}")
    return redirect(
        reverse("workshops:prioritisation", args=[workshop.pk]) + _anchor(request, workshop, len(candidates))
    )


def _saved_status(request, workshop, candidate, form, *, status=200):
    """The words announced beside one candidate's radios after HTMX saved (or could not save) its
    rating, and, once the person may see them, the group's figures swapped in below."""
    page = _page(request, workshop)
    words = rating_status(form, candidate.intervention.title)
    return render_workshop(
        request, "_rating_status.jinja", workshop, status=status, words=words, **_context(request, workshop, page)
    )


@require_POST
def rate(request, pk, cid):
    """One candidate's rating: saved as it changes by HTMX, or by a browser without the page's script."""
    workshop = contributable(request, pk)
    candidate = workshop.candidates.select_related("intervention").filter(pk=cid).first()
    if candidate is None:
        raise Http404("No such candidate")
    form = forms.RatingForm(request.POST, prefix=f"c{candidate.pk}")
    if not form.is_valid():
        if is_htmx(request):
            return _saved_status(request, workshop, candidate, form)
        return prioritisation(request, pk, rating_forms={candidate.pk: form}, status=400)
    impact, effort = form.cleaned_data["impact"], form.cleaned_data["effort"]
    actions.rate_candidates(actor=request.user, ratings=[(candidate, impact, effort)])
    if is_htmx(request):
        return _saved_status(request, workshop, candidate, form)
    messages.success(request, f"Your rating is saved: {candidate.intervention.title}")
    return redirect(reverse("workshops:prioritisation", args=[workshop.pk]) + f"#candidate-{candidate.pk}")


@require_POST
def reveal(request, pk):
    """The facilitator shows the group's ratings to everyone."""
    workshop = facilitated(request, pk)
    actions.reveal_ratings(actor=request.user, workshop=workshop)
    messages.success(request, "The group's ratings are now shown to everyone")
    return redirect(reverse("workshops:prioritisation", args=[workshop.pk]) + "#ranked")


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

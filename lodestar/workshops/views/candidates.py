"""Candidates: catalogue interventions linked to the workshop's challenges, found by suggestion or search."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from lodestar.learning.presenters_recommendations import for_workshop as learn_from_others
from lodestar.star.queries import search_interventions
from lodestar.workshops import actions, forms, queries, suggest
from lodestar.workshops.models import ContributionKind
from lodestar.workshops.presenters import IdeaPresenter, InterventionCard, suggestion_cards
from lodestar.workshops.views.common import contributable, facilitated, is_htmx, render_workshop, workshop_or_404

MAX_RESULTS = 25


def _search(user, form) -> tuple[list[InterventionCard], bool]:
    """The catalogue search (the catalogue's own rule), as (results, whether anything was searched for)."""
    if not (form.is_valid() and any(form.cleaned_data.values())):
        return [], False
    data = form.cleaned_data
    found = search_interventions(
        user,
        q=data["q"],
        points=[data["point"]] if data["point"] else [],
        staff_groups=[data["staff_group"]] if data["staff_group"] else [],
        care_settings=[data["care_setting"]] if data["care_setting"] else [],
    )
    return [InterventionCard(i) for i in found[:MAX_RESULTS]], True


def _chosen(request, challenges):
    """The challenge picked in "Suggest interventions for", if any."""
    for_id = request.GET.get("for")
    if for_id and for_id.isdigit():
        return next((c for c in challenges if c.pk == int(for_id)), None)
    return None


def _suggestions(user, workshop, chosen, linked_ids):
    pool = [i for i in queries.visible_interventions(user) if i.pk not in linked_ids]
    text = f"{chosen.text if chosen else ''} {workshop.challenge}"
    ranked = suggest.rank(pool, text=text, staff_groups=workshop.staff_groups, care_settings=workshop.care_settings)
    return suggestion_cards(ranked)


def candidates(request, pk):
    workshop = workshop_or_404(request, pk)
    form = forms.CandidateSearchForm(request.GET or None)
    results, searched = _search(request.user, form)
    linked_ids = set(workshop.candidates.values_list("intervention_id", flat=True))
    challenges = list(
        workshop.contributions.filter(kind=ContributionKind.CHALLENGE, hidden=False).select_related("point")
    )
    context = {"results": results, "searched": searched, "linked_ids": linked_ids, "challenges": challenges}
    if is_htmx(request):
        return render_workshop(request, "_search_results.jinja", workshop, **context)
    chosen = _chosen(request, challenges)
    linked = list(workshop.candidates.select_related("intervention", "intervention__point", "challenge"))
    challenge_ids = {c.pk for c in challenges}
    from_idea = {c.idea_id: c for c in linked if c.idea_id}
    ideas = workshop.contributions.filter(kind=ContributionKind.IDEA, hidden=False).select_related("point")
    return render_workshop(
        request,
        "candidates.jinja",
        workshop,
        form=form,
        chosen=chosen,
        suggestions=_suggestions(request.user, workshop, chosen, linked_ids),
        by_challenge=[(c, [x for x in linked if x.challenge_id == c.pk]) for c in challenges],
        unlinked=[x for x in linked if x.challenge_id not in challenge_ids],
        n_linked=len(linked),
        ideas=[IdeaPresenter(idea, from_idea.get(idea.pk)) for idea in ideas],
        recommendations=learn_from_others(request.user, workshop),
        **context,
    )


@require_POST
def candidate_add(request, pk):
    workshop = contributable(request, pk)
    form = forms.AddCandidateForm(request.POST, workshop=workshop, user=request.user)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("workshops:candidates", workshop.pk)
    candidate = actions.add_candidate(
        actor=request.user,
        workshop=workshop,
        intervention=form.cleaned_data["intervention"],
        challenge=form.cleaned_data["challenge"],
    )
    messages.success(request, f"Added as a candidate: {candidate.intervention.title}")
    return redirect("workshops:candidates", workshop.pk)


@require_POST
def candidate_remove(request, pk, cid):
    workshop = facilitated(request, pk)
    candidate = workshop.candidates.select_related("intervention").filter(pk=cid).first()
    if candidate is None:
        raise Http404("No such candidate")
    actions.remove_candidate(actor=request.user, candidate=candidate)
    messages.success(request, f"Removed from the candidates: {candidate.intervention.title}")
    return redirect("workshops:candidates", workshop.pk)


@require_POST
def idea_candidate(request, pk, idea_id):
    """ "Make this a candidate": one of the group's ideas becomes a candidate, once (through a new
    local intervention when no catalogue intervention says the same)."""
    workshop = contributable(request, pk)
    idea = workshop.contributions.filter(pk=idea_id, kind=ContributionKind.IDEA, hidden=False).first()
    if idea is None:
        raise Http404("No such idea")
    candidate, changed = actions.make_idea_a_candidate(actor=request.user, idea=idea)
    title = candidate.intervention.title
    messages.success(request, f"Added as a candidate: {title}" if changed else f"Already a candidate: {title}")
    return redirect(reverse("workshops:candidates", args=[workshop.pk]) + "#ideas")

"""The group's own ideas as candidates: one step from an idea raised in the Star assessment to a
candidate the group rates, through a local intervention when the catalogue has none that matches."""

from __future__ import annotations

from django.db import transaction

from lodestar.core.audit import snapshot
from lodestar.core.validation import ValidationProblem
from lodestar.star import actions as star_actions
from lodestar.star import words
from lodestar.star.actions import SUMMARY_MAX, TITLE_MAX
from lodestar.star.models import Intervention
from lodestar.workshops.actions._common import record_event
from lodestar.workshops.models import Candidate, Contribution, ContributionKind, WorkshopEvent

IDEA_MESSAGE = "Choose an idea from this workshop"
# What a new local intervention made from an idea says until someone who manages the
# catalogue edits it: the group's own idea is expert opinion; time and cost are not known yet.
IDEA_DEFAULTS = {"evidence_level": "expert", "time_to_impact": "1-2-years", "cost_band": "medium"}


def _same_words(text: str) -> str:
    """``text`` compared without case, punctuation or extra spaces: its words as the catalogue
    search splits them (``star.words.search_words``)."""
    return " ".join(words.search_words(text))


def _shorten(text: str, limit: int) -> str:
    """``text`` on one line, cut at a word to at most ``limit`` characters (with "...")."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[: limit - 3].rsplit(" ", 1)[0].rstrip(" ,;:.") + "..."


def matching_intervention(user, idea: Contribution) -> Intervention | None:
    """An active intervention ``user`` may see whose title says what the idea says (ignoring
    case and punctuation), preferring the national catalogue."""
    wanted = _same_words(idea.text)
    visible = Intervention.objects.visible_to(user).filter(is_active=True).order_by("organisation_id", "pk")
    for pk, title in visible.values_list("pk", "title"):
        if _same_words(title) == wanted:
            return Intervention.objects.get(pk=pk)
    return None


def _new_local_intervention(actor, idea: Contribution) -> Intervention:
    workshop = idea.workshop
    title = _shorten(idea.text.strip().splitlines()[0], TITLE_MAX)
    data = {
        "point": idea.point,
        "title": title,
        "summary": _shorten(idea.text, SUMMARY_MAX),
        "description": f"{idea.text.strip()}\n\nRaised as an idea in the workshop \u201c{workshop.title}\u201d.",
        "staff_groups": list(workshop.staff_groups),
        "care_settings": list(workshop.care_settings),
        **IDEA_DEFAULTS,
    }
    return star_actions.create_local_intervention(actor=actor, organisation=workshop.lead_organisation, data=data)


@transaction.atomic
def make_idea_a_candidate(*, actor, idea: Contribution) -> tuple[Candidate, bool]:
    """Make the group's ``idea`` a candidate of its workshop, once.

    The candidate is the catalogue intervention whose title matches the idea when there is one;
    otherwise a new local intervention owned by the workshop's lead organisation, saying what the
    idea says. Returns (candidate, whether anything was written): an idea that is already a
    candidate changes nothing.
    """
    idea = Contribution.objects.select_for_update().select_related("workshop", "point").filter(pk=idea.pk).first()
    if idea is None or idea.kind != ContributionKind.IDEA or idea.hidden:
        raise ValidationProblem("idea", IDEA_MESSAGE)
    workshop = idea.workshop
    existing = Candidate.objects.filter(workshop=workshop, idea=idea).first()
    if existing is not None:
        return existing, False
    intervention = matching_intervention(actor, idea)
    created_intervention = intervention is None
    if created_intervention:
        intervention = _new_local_intervention(actor, idea)
    candidate, created = Candidate.objects.get_or_create(
        workshop=workshop, intervention=intervention, defaults={"idea": idea, "added_by": actor}
    )
    before = None if created else snapshot(candidate, ["idea_id"])
    if not created:
        candidate.idea = idea
        candidate.save(update_fields=["idea"])
    after = {**snapshot(candidate, ["intervention_id", "idea_id"]), "new_local_intervention": created_intervention}
    record_event(actor, WorkshopEvent.IDEA_CANDIDATE, candidate, workshop, before, after)
    return candidate, True

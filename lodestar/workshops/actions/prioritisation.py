"""Candidate interventions, everyone's impact and effort ratings, and the confirmed shortlist."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from lodestar.core.audit import snapshot
from lodestar.core.validation import Problems, ValidationProblem
from lodestar.workshops.actions._common import record_change, record_event
from lodestar.workshops.models import Candidate, Contribution, ContributionKind, Rating, Workshop, WorkshopEvent

NOTE_MAX = 4000
RATINGS = range(1, 6)
IMPACT_MESSAGE = "Choose an impact rating from 1 to 5"
EFFORT_MESSAGE = "Choose an effort rating from 1 to 5"
CHALLENGE_MESSAGE = "Choose a challenge from this workshop"
SHORTLIST_FIELD = "ordered_candidate_ids"


def check_candidate(*, workshop: Workshop, intervention, challenge: Contribution | None, note: str = "") -> None:
    problems = Problems()
    if intervention is None:
        problems.add("intervention", "Choose an intervention")
    if challenge is not None and (challenge.workshop_id != workshop.pk or challenge.kind != ContributionKind.CHALLENGE):
        problems.add("challenge", CHALLENGE_MESSAGE)
    problems.text(note, "note", "The note", NOTE_MAX)
    problems.raise_any()


@transaction.atomic
def add_candidate(
    *, actor, workshop: Workshop, intervention, challenge: Contribution | None = None, note: str = ""
) -> Candidate:
    """Add ``intervention`` as a candidate (or, when it already is one, update its challenge and note)."""
    check_candidate(workshop=workshop, intervention=intervention, challenge=challenge, note=note)
    candidate, created = Candidate.objects.get_or_create(
        workshop=workshop, intervention=intervention, defaults={"challenge": challenge, "note": note, "added_by": actor}
    )
    if created:
        fields = ["intervention_id", "challenge_id"]
        record_change(actor, WorkshopEvent.CANDIDATE_ADD, candidate, workshop, fields)
        return candidate
    fields = ["challenge_id", "note"]
    before = snapshot(candidate, fields)
    if challenge is not None:
        candidate.challenge = challenge
    if note:
        candidate.note = note
    candidate.save()
    record_change(actor, WorkshopEvent.CANDIDATE_UPDATE, candidate, workshop, fields, before)
    return candidate


@transaction.atomic
def remove_candidate(*, actor, candidate: Candidate) -> None:
    before = snapshot(candidate, ["intervention_id", "challenge_id"])
    record_event(actor, WorkshopEvent.CANDIDATE_REMOVE, candidate, candidate.workshop, before=before)
    candidate.delete()


def _check_rating(problems: Problems, value, field: str, message: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value not in RATINGS:
        problems.add(field, message)


def check_rating(*, impact, effort) -> None:
    problems = Problems()
    _check_rating(problems, impact, "impact", IMPACT_MESSAGE)
    _check_rating(problems, effort, "effort", EFFORT_MESSAGE)
    problems.raise_any()


@transaction.atomic
def rate_candidate(*, actor, candidate: Candidate, impact: int, effort: int) -> Rating:
    """Save ``actor``'s own rating of ``candidate`` (1 to 5 for impact and for effort)."""
    check_rating(impact=impact, effort=effort)
    # Lock the candidate so two saves of one person's rating at once (the page's "Save all" and an
    # HTMX save of the same radios) run one after the other: the second finds the first's row and
    # updates it, rather than both inserting and the second failing the one-rating-per-rater rule.
    list(Candidate.objects.select_for_update().filter(pk=candidate.pk).values_list("pk", flat=True))
    rating = Rating.objects.filter(candidate=candidate, user=actor).first()
    before = snapshot(rating, ["impact", "effort"]) if rating else None
    if rating is None:
        rating = Rating(candidate=candidate, user=actor)
    rating.impact = impact
    rating.effort = effort
    rating.save()
    fields = ["candidate_id", "impact", "effort"]
    record_change(actor, WorkshopEvent.RATING_SAVE, rating, candidate.workshop, fields, before)
    return rating


@transaction.atomic
def rate_candidates(*, actor, ratings: list[tuple[Candidate, int, int]]) -> list[Rating]:
    """Save several of ``actor``'s ratings at once, as (candidate, impact, effort): all or none.
    Each is checked first (``ValidationProblem`` naming ``c<candidate id>-impact`` or
    ``-effort``); a rating that did not change writes nothing."""
    problems = Problems()
    for candidate, impact, effort in ratings:
        _check_rating(problems, impact, f"c{candidate.pk}-impact", IMPACT_MESSAGE)
        _check_rating(problems, effort, f"c{candidate.pk}-effort", EFFORT_MESSAGE)
    problems.raise_any()
    mine = {r.candidate_id: r for r in Rating.objects.filter(user=actor, candidate__in=[c for c, _, _ in ratings])}
    saved = []
    for candidate, impact, effort in ratings:
        current = mine.get(candidate.pk)
        if current is not None and (current.impact, current.effort) == (impact, effort):
            saved.append(current)
            continue
        saved.append(rate_candidate(actor=actor, candidate=candidate, impact=impact, effort=effort))
    return saved


@transaction.atomic
def reveal_ratings(*, actor, workshop: Workshop) -> Workshop:
    """Show the group's ratings to everyone in ``workshop`` (the facilitator's choice, ADR 0022).
    Once shown they stay shown; showing them again changes nothing."""
    workshop = Workshop.objects.select_for_update().get(pk=workshop.pk)
    if workshop.ratings_revealed_at is not None:
        return workshop
    workshop.ratings_revealed_at = timezone.now()
    workshop.save(update_fields=["ratings_revealed_at", "updated_at"])
    after = {"ratings_revealed_at": workshop.ratings_revealed_at}
    record_event(actor, WorkshopEvent.RATINGS_REVEAL, workshop, workshop, {"ratings_revealed_at": None}, after)
    return workshop


def check_shortlist(ordered_candidate_ids, known_ids) -> None:
    if not ordered_candidate_ids:
        raise ValidationProblem(SHORTLIST_FIELD, "Choose at least one candidate for the shortlist")
    if len(set(ordered_candidate_ids)) != len(ordered_candidate_ids):
        raise ValidationProblem(SHORTLIST_FIELD, "Each candidate can be on the shortlist only once")
    if any(pk not in known_ids for pk in ordered_candidate_ids):
        raise ValidationProblem(SHORTLIST_FIELD, "Choose candidates from this workshop")


def _shortlist_state(candidates) -> dict:
    return {str(c.pk): [c.shortlisted, c.priority_rank] for c in candidates}


@transaction.atomic
def confirm_shortlist(*, actor, workshop: Workshop, ordered_candidate_ids: list[int]) -> list[Candidate]:
    """Shortlist exactly these candidates, in this order (first = priority 1)."""
    candidates = {c.pk: c for c in workshop.candidates.select_for_update()}
    check_shortlist(list(ordered_candidate_ids or ()), candidates)
    before = _shortlist_state(candidates.values())
    for c in candidates.values():
        c.shortlisted = False
        c.priority_rank = None
    for rank, pk in enumerate(ordered_candidate_ids, start=1):
        candidates[pk].shortlisted = True
        candidates[pk].priority_rank = rank
    Candidate.objects.bulk_update(candidates.values(), ["shortlisted", "priority_rank"])
    workshop.shortlist_confirmed_at = timezone.now()
    workshop.save(update_fields=["shortlist_confirmed_at", "updated_at"])
    after = _shortlist_state(candidates.values())
    after["shortlist_confirmed_at"] = workshop.shortlist_confirmed_at
    record_event(actor, WorkshopEvent.SHORTLIST_CONFIRM, workshop, workshop, before, after)
    return [candidates[pk] for pk in ordered_candidate_ids]

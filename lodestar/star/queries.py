"""Reads for the Star pages, always through what the user may see."""

from __future__ import annotations

from django.db.models import Count, Q

from lodestar.orgs.models import Organisation
from lodestar.orgs.permissions import Permission
from lodestar.orgs.queries import has_permission
from lodestar.star import vocab, words
from lodestar.star.models import CatalogueLoad, Intervention, StarPoint


def points():
    return StarPoint.objects.all()


def interventions(user, *, include_retired: bool = False):
    qs = Intervention.objects.visible_to(user).select_related("point", "organisation")
    return qs if include_retired else qs.filter(is_active=True)


def points_with_counts(user) -> list[StarPoint]:
    counts = dict(
        interventions(user).order_by().values_list("point__key").annotate(n=Count("id")).values_list("point__key", "n")
    )
    result = list(points())
    for point in result:
        point.intervention_count = counts.get(point.key, 0)
    return result


def _matches_any(values: list[str], wanted: list[str], include_all: bool) -> bool:
    if include_all and "all" in values:
        return True
    return any(v in values for v in wanted)


def _tag_keys(part: str, choices) -> set[str]:
    """The keys of the staff groups or care settings with a word in their label starting with ``part``."""
    return {key for key, label in choices if any(w.startswith(part) for w in words.search_words(label))}


def _word_matches(qs, part: str, tags: list) -> Q:
    """Where ``part`` (a stem) is in the title, summary or description, or starts a word of one of
    the intervention's staff groups or care settings (its tags)."""
    match = Q(title__icontains=part) | Q(summary__icontains=part) | Q(description__icontains=part)
    groups, settings = _tag_keys(part, vocab.STAFF_GROUPS), _tag_keys(part, vocab.CARE_SETTINGS)
    if groups or settings:
        if not tags:
            tags.extend(qs.values_list("pk", "staff_groups", "care_settings"))
        ids = [pk for pk, g, s in tags if groups.intersection(g or []) or settings.intersection(s or [])]
        match |= Q(pk__in=ids)
    return match


def search_interventions(user, *, q: str = "", points=(), staff_groups=(), care_settings=(), evidence_levels=()):
    """The catalogue search: one rule for the catalogue pages, a workshop's candidate search and the API.

    Only active interventions ``user`` may see. Several choices within one filter widen the
    results (any of them); different filters narrow them (all must match). Interventions for
    "All staff" match every staff group. Search matches every word somewhere in the title,
    summary or description, or in the names of its staff groups and care settings (its tags),
    ignoring case, by its stem: "nurses" finds "nurse" and "nursing". Hyphens and punctuation
    split words, in the search and in the text: "night" finds "night-time", and "night-time"
    finds "night time".
    """
    qs = interventions(user)
    if points:
        qs = qs.filter(point__key__in=points)
    if evidence_levels:
        qs = qs.filter(evidence_level__in=evidence_levels)
    tags: list = []
    base = qs
    for word in words.search_words(q):
        part = words.stem(word, prefix=True) if len(word) > 3 else word
        qs = qs.filter(_word_matches(base, part, tags))
    if staff_groups or care_settings:
        # Lists are JSON: filter in Python so SQLite and PostgreSQL behave the same.
        keep = [
            pk
            for pk, groups, settings in qs.values_list("pk", "staff_groups", "care_settings")
            if (not staff_groups or _matches_any(groups or [], staff_groups, include_all=True))
            and (not care_settings or _matches_any(settings or [], care_settings, include_all=False))
        ]
        qs = qs.filter(pk__in=keep)
    return qs


def catalogue_organisations(user):
    """Organisations whose local interventions ``user`` may add and edit."""
    return Organisation.objects.in_reach(user, Permission.MANAGE_CATALOGUE)


def can_edit(user, intervention: Intervention) -> bool:
    if intervention.is_national:
        return bool(user.is_authenticated and user.is_platform_staff)
    return has_permission(user, Permission.MANAGE_CATALOGUE, org=intervention.organisation)


def latest_load() -> CatalogueLoad | None:
    """The last load of the national catalogue that changed something."""
    return CatalogueLoad.objects.first()

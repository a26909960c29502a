"""Reads of case studies, scoped: what a person may read, edit and review.

* A **published** case study is read by everyone its ``visibility`` reaches: people with a
  membership at its ``scope`` organisation (the owner, its ICS or its region) or anywhere
  beneath it, people whose membership is above it (their reach covers it), and, for
  ``everyone``, every person signed in. Platform staff read everything.
* An **unpublished** one (draft, submitted, reviewed) is read only by its organisation's
  editors (``CONTRIBUTE`` at the organisation, by the one reach rule) and by reviewers in
  reach: people with a role at a region above the organisation, and platform staff.
* Anything else is not found (404) on every page.

Views read through these functions only, never ``Model.objects`` (tests/unit/test_architecture.py).
"""

from __future__ import annotations

import functools
import operator

from django.db import connection
from django.db.models import BooleanField, Case, Q, QuerySet, Value, When
from django.http import Http404

from lodestar.core.request_cache import once_per_request
from lodestar.learning import search_index
from lodestar.learning.models import CaseStudy, CaseStudyVersion, ReviewComment, Status, Visibility
from lodestar.orgs.models import Membership, Organisation, OrganisationType, holds_everything, is_signed_in
from lodestar.orgs.permissions import Permission
from lodestar.orgs.queries import has_permission
from lodestar.star.models import Intervention, StarPoint

QUERY_MAX = 200  # characters of search words
WORDS_MAX = 10  # words the simpler (SQLite) match looks for


# ---------------------------------------------------------------------------------- who


def _membership_paths(user) -> list[str]:
    return once_per_request(
        ("learning-paths", user.pk),
        lambda: list(Membership.objects.filter(user=user).values_list("organisation__path", flat=True)),
    )


def _region_paths(user) -> list[str]:
    return once_per_request(
        ("learning-regions", user.pk),
        lambda: list(
            Membership.objects.filter(user=user, organisation__type=OrganisationType.REGION).values_list(
                "organisation__path", flat=True
            )
        ),
    )


def is_reviewer(user) -> bool:
    """Reviewers are people with a role at a region, and platform staff."""
    return is_signed_in(user) and (holds_everything(user) or bool(_region_paths(user)))


def may_review(user, case_study: CaseStudy) -> bool:
    """A reviewer whose region is above the case study's organisation (or platform staff)."""
    if holds_everything(user):
        return True
    if not is_signed_in(user):
        return False
    return any(case_study.organisation.path.startswith(p) for p in _region_paths(user))


def may_edit(user, case_study: CaseStudy) -> bool:
    """The authors' organisation's editors: ``CONTRIBUTE`` at the organisation."""
    return has_permission(user, Permission.CONTRIBUTE, case_study.organisation)


def organisations_to_write(user) -> QuerySet[Organisation]:
    """Organisations whose case studies ``user`` may start and edit."""
    if not is_signed_in(user):
        return Organisation.objects.none()
    return Organisation.objects.in_reach(user, Permission.CONTRIBUTE)


def organisations_to_name(user) -> QuerySet[Organisation]:
    """Organisations ``user`` may tag as involved: those in their reach."""
    if not is_signed_in(user):
        return Organisation.objects.none()
    return Organisation.objects.in_reach(user, Permission.VIEW)


# ---------------------------------------------------------------------------------- what


def _prefixes(path: str) -> list[str]:
    """ "/1/4/9/" -> ["/1/", "/1/4/", "/1/4/9/"]: the paths of an organisation and those above."""
    parts = [p for p in path.strip("/").split("/") if p]
    return ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


def _any(conditions: list[Q]) -> Q:
    return functools.reduce(operator.or_, conditions) if conditions else Q(pk__in=[])


def _published_filter(user) -> Q:
    paths = _membership_paths(user)
    above_or_at = [q for p in paths for q in _prefixes(p)]  # scope at or above a membership
    reach = [Q(scope__path__startswith=p) for p in paths]  # scope beneath a membership
    return Q(status=Status.PUBLISHED) & (
        Q(visibility=Visibility.EVERYONE) | Q(scope__path__in=above_or_at) | _any(reach)
    )


def _unpublished_filter(user) -> Q:
    editing = Q(organisation__in=Organisation.objects.in_reach(user, Permission.CONTRIBUTE))
    reviewing = _any([Q(organisation__path__startswith=p) for p in _region_paths(user)])
    return ~Q(status=Status.PUBLISHED) & (editing | reviewing)


def case_studies(user) -> QuerySet[CaseStudy]:
    """Every case study ``user`` may read (any status)."""
    if not is_signed_in(user):
        return CaseStudy.objects.none()
    rows = CaseStudy.objects.all()
    if not holds_everything(user):
        rows = rows.filter(_published_filter(user) | _unpublished_filter(user))
    return rows.select_related("organisation", "scope")


def published(user) -> QuerySet[CaseStudy]:
    """The library: published case studies ``user`` may read (``case_studies`` narrowed to the
    published ones, without asking who edits or reviews what: that cannot widen them)."""
    if not is_signed_in(user):
        return CaseStudy.objects.none()
    rows = CaseStudy.objects.filter(status=Status.PUBLISHED)
    if not holds_everything(user):
        rows = rows.filter(_published_filter(user))
    return rows.select_related("organisation", "scope")


def case_study(user, pk: int) -> CaseStudy:
    """The case study, or 404 when it does not exist or ``user`` may not read it."""
    found = case_studies(user).filter(pk=pk).first()
    if found is None:
        raise Http404("No such case study")
    return found


def my_case_studies(user) -> QuerySet[CaseStudy]:
    """Unpublished case studies of organisations where ``user`` edits."""
    if not is_signed_in(user):
        return CaseStudy.objects.none()
    return (
        case_studies(user)
        .exclude(status=Status.PUBLISHED)
        .filter(organisation__in=Organisation.objects.in_reach(user, Permission.CONTRIBUTE))
    )


def to_review(user) -> QuerySet[CaseStudy]:
    """Submitted case studies waiting for ``user`` to review them."""
    if not is_reviewer(user):
        return CaseStudy.objects.none()
    rows = case_studies(user).filter(status=Status.SUBMITTED)
    if not holds_everything(user):
        rows = rows.filter(_any([Q(organisation__path__startswith=p) for p in _region_paths(user)]))
    return rows


def for_intervention(user, intervention: Intervention) -> QuerySet[CaseStudy]:
    """Published case studies ``user`` may read that are tagged with ``intervention``."""
    return published(user).filter(interventions=intervention).order_by("title", "pk")


def versions(case_study: CaseStudy) -> QuerySet[CaseStudyVersion]:
    return CaseStudyVersion.objects.filter(case_study=case_study).select_related("created_by")


def comments(case_study: CaseStudy) -> QuerySet[ReviewComment]:
    return ReviewComment.objects.filter(case_study=case_study).select_related("author")


def star_points() -> QuerySet[StarPoint]:
    return StarPoint.objects.order_by("order")


def interventions(user) -> QuerySet[Intervention]:
    """Catalogue interventions ``user`` may tag a case study with or search by."""
    return Intervention.objects.visible_to(user).filter(is_active=True).select_related("point").order_by("title")


# -------------------------------------------------------------------------------- search


def clean_words(q: str) -> str:
    """The search words as the search uses them: spaces collapsed, at most ``QUERY_MAX``
    characters, no control characters (the form refuses those with a message first)."""
    text = "".join(ch if ch.isprintable() else " " for ch in str(q or ""))
    return " ".join(text.split())[:QUERY_MAX]


def _match_words(rows: QuerySet, words: str) -> QuerySet:
    if connection.vendor == "postgresql":
        return _full_text(rows, words)
    return _simple_match(rows, words)


def _full_text(rows: QuerySet, words: str) -> QuerySet:
    """PostgreSQL: full-text search in English, ranked (the title counts most: ADR 0032), over the
    stored, GIN-indexed vector the actions keep (ADR 0034)."""
    return search_index.match(rows, words)


TEXT_FIELDS = ("title", "summary", "challenge", "what_changed", "who_led", "costs", "lessons")


def _simple_match(rows: QuerySet, words: str) -> QuerySet:
    """SQLite: every word appears (any case) in the title or a section; title hits first."""
    for word in words.split()[:WORDS_MAX]:
        rows = rows.filter(_any([Q(**{f"{field}__icontains": word}) for field in TEXT_FIELDS]))
    first = words.split()[0]
    title_hit = Case(When(title__icontains=first, then=Value(True)), default=Value(False), output_field=BooleanField())
    return rows.annotate(title_hit=title_hit).order_by("-title_hit", "title", "pk")


def _in_lists(rows: QuerySet, staff_groups, care_settings) -> QuerySet:
    """Lists are JSON: filter in Python so SQLite and PostgreSQL behave the same."""
    keep = [
        pk
        for pk, groups, settings in rows.values_list("pk", "staff_groups", "care_settings")
        if (not staff_groups or set(groups or []) & set(staff_groups))
        and (not care_settings or set(settings or []) & set(care_settings))
    ]
    return rows.filter(pk__in=keep)


def search(
    user, *, q: str = "", points=(), interventions=(), staff_groups=(), care_settings=(), sectors=()
) -> QuerySet[CaseStudy]:
    """The library's search: published case studies ``user`` may read that match the words (all
    of them) and every facet (several choices within one facet widen it)."""
    rows = published(user)
    if points:
        rows = rows.filter(pk__in=CaseStudy.objects.filter(points__key__in=list(points)).values("pk"))
    if interventions:
        rows = rows.filter(pk__in=CaseStudy.objects.filter(interventions__code__in=list(interventions)).values("pk"))
    if sectors:
        rows = rows.filter(sector__in=list(sectors))
    if staff_groups or care_settings:
        rows = _in_lists(rows, staff_groups, care_settings)
    words = clean_words(q)
    if words:
        return _match_words(rows, words)
    return rows.order_by("title", "pk")

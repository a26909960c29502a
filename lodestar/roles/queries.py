"""Reads of the new roles register, scoped: an entry belongs to its organisation, so everyone whose
reach covers that organisation (``Organisation.objects.in_reach(user, VIEW)``) reads it, and people
with ``FACILITATE`` there change it. Anything else is not found (404)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from lodestar.orgs.models import Organisation, OrganisationType, is_signed_in
from lodestar.orgs.permissions import Permission
from lodestar.orgs.queries import has_permission
from lodestar.roles.models import NewRole, PostCount


def current_posts(counts: QuerySet[PostCount]) -> QuerySet[PostCount]:
    """Only each entry's newest counts (the latest date; the latest recorded on a tie)."""
    newer = PostCount.objects.filter(role=OuterRef("role")).filter(
        Q(on__gt=OuterRef("on")) | Q(on=OuterRef("on"), pk__gt=OuterRef("pk"))
    )
    return counts.filter(~Exists(newer))


def may_change(user, organisation: Organisation) -> bool:
    return is_signed_in(user) and has_permission(user, Permission.FACILITATE, organisation)


def organisations_in_reach(user) -> QuerySet[Organisation]:
    if not is_signed_in(user):
        return Organisation.objects.none()
    return Organisation.objects.in_reach(user, Permission.VIEW)


def organisations_to_change(user) -> QuerySet[Organisation]:
    if not is_signed_in(user):
        return Organisation.objects.none()
    return Organisation.objects.in_reach(user, Permission.FACILITATE).order_by("name")


def roles(user) -> QuerySet[NewRole]:
    """Every register entry ``user`` may read."""
    return NewRole.objects.filter(organisation__in=organisations_in_reach(user)).select_related("organisation")


def role(user, pk: int) -> NewRole:
    found = roles(user).filter(pk=pk).first()
    if found is None:
        raise Http404("No such new role")
    return found


def changeable(user, pk: int) -> NewRole:
    found = role(user, pk)
    if not may_change(user, found.organisation):
        raise Http404("No such new role")
    return found


def history(role: NewRole) -> QuerySet[PostCount]:
    return PostCount.objects.filter(role=role).select_related("recorded_by").order_by("-on", "-pk")


def latest(role: NewRole) -> PostCount | None:
    return history(role).first()


def current_by_role(user) -> dict[int, PostCount]:
    """Each readable entry's newest counts, by entry id (one query)."""
    rows = current_posts(PostCount.objects.filter(role__in=roles(user)))
    return {c.role_id: c for c in rows}


def icss_in_reach(user) -> dict[int, str]:
    """ICS organisations ``user`` reaches, or that sit above an organisation they reach: id -> name."""
    reach = organisations_in_reach(user)
    ids: set[int] = set()
    for path in reach.values_list("path", flat=True):
        ids.update(int(p) for p in path.strip("/").split("/") if p)
    return dict(Organisation.objects.filter(pk__in=ids, type=OrganisationType.ICS).values_list("pk", "name"))

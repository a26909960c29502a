"""Reads of pilots, scoped to the reader: a pilot is read by everyone whose reach covers its
organisation (``Organisation.objects.in_reach(user, VIEW)``) and changed by people with
``FACILITATE`` there. Anything else is not found (404). Views and the API read through these."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from lodestar.orgs.models import Organisation, is_signed_in
from lodestar.orgs.permissions import Permission
from lodestar.orgs.queries import has_permission
from lodestar.pilots.models import Pilot
from lodestar.programmes.models import Programme


def organisations_in_reach(user) -> QuerySet[Organisation]:
    if not is_signed_in(user):
        return Organisation.objects.none()
    return Organisation.objects.in_reach(user, Permission.VIEW).order_by("name")


def organisations_to_run(user) -> QuerySet[Organisation]:
    """Organisations where ``user`` may propose and run pilots."""
    if not is_signed_in(user):
        return Organisation.objects.none()
    return Organisation.objects.in_reach(user, Permission.FACILITATE).order_by("name")


def may_run(user, organisation: Organisation) -> bool:
    return is_signed_in(user) and has_permission(user, Permission.FACILITATE, organisation)


def programmes(user) -> QuerySet[Programme]:
    """Programmes a pilot may belong to: those ``user`` can see."""
    return Programme.objects.visible_to(user).order_by("name")


def pilots(user, *, stage: str = "", organisation_id: int | None = None) -> QuerySet[Pilot]:
    """The pilots ``user`` may read, newest change first, optionally of one stage or organisation."""
    found = Pilot.objects.filter(organisation__in=organisations_in_reach(user)).select_related("organisation")
    if stage:
        found = found.filter(stage=stage)
    if organisation_id:
        found = found.filter(organisation_id=organisation_id)
    return found


def pilot(user, pk: int) -> Pilot:
    found = pilots(user).select_related("approved_by", "case_study", "intervention", "programme").filter(pk=pk).first()
    if found is None:
        raise Http404("No such pilot")
    return found


def pilot_to_run(user, pk: int) -> Pilot:
    """A pilot ``user`` may change; one they may only read is as good as missing."""
    found = pilot(user, pk)
    if not may_run(user, found.organisation):
        raise Http404("No such pilot")
    return found

"""What every workshop page shares: finding the workshop (404 out of reach, 403 for the wrong role) and rendering."""

from __future__ import annotations

import functools

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render

from lodestar.workshops import queries, steps
from lodestar.workshops.models import Workshop


def workshop_or_404(request, pk) -> Workshop:
    """The workshop, when ``request.user`` may see it, answering what they may do there
    (``can_facilitate``, ``is_participant``, ``can_contribute``) from one lookup each."""
    workshop = queries.get_visible_workshop(request.user, pk)
    if workshop is None:
        raise Http404("No such workshop")
    return remember_access(workshop)


def remember_access(workshop: Workshop) -> Workshop:
    """Keep the answers of ``workshop``'s two permission lookups (is the person a facilitator;
    their participant row) on this instance, which lives for one request: the page, its
    presenters and ``can_contribute`` ask several times, and each asked the database again.
    Every write redirects, so a request never needs a fresh answer after changing one."""
    for lookup in ("can_facilitate", "_participant"):
        setattr(workshop, lookup, functools.cache(getattr(workshop, lookup)))
    return workshop


def facilitated(request, pk) -> Workshop:
    workshop = workshop_or_404(request, pk)
    if not workshop.can_facilitate(request.user):
        raise PermissionDenied("Only the workshop's facilitators can do this.")
    return workshop


def contributable(request, pk) -> Workshop:
    workshop = workshop_or_404(request, pk)
    if not workshop.can_contribute(request.user):
        raise PermissionDenied("Only the workshop's contributors and facilitators can do this.")
    return workshop


def participant_or_facilitator(request, pk) -> Workshop:
    """Evidence is for the workshop's participants only: others get a 404."""
    workshop = workshop_or_404(request, pk)
    if not workshop.can_see_evidence(request.user):
        raise Http404("No such workshop")
    return workshop


def render_workshop(request, template, workshop, *, status=200, **context):
    """A page inside one workshop, told what the user may do there, with links to the steps
    before and after it (``step_nav``)."""
    can_facilitate = workshop.can_facilitate(request.user)
    is_participant = workshop.is_participant(request.user)
    context.update(
        workshop=workshop,
        can_facilitate=can_facilitate,
        can_contribute=workshop.can_contribute(request.user),
        is_participant=is_participant,
        step_nav=steps.step_nav(
            workshop,
            template,
            can_facilitate=can_facilitate,
            can_see_evidence=workshop.can_see_evidence(request.user),
            plan=context.get("plan"),
        ),
    )
    return render(request, f"workshops/{template}", context, status=status)


def is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true" and "HX-History-Restore-Request" not in request.headers

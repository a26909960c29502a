"""A network's page (its description to everyone who can find it; discussions, events and
resources to those who may read it), joining and leaving, and its reach by ICS and sector."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from lodestar.core.forms import add_problems
from lodestar.core.validation import ValidationProblem
from lodestar.networks import actions, presenters, queries, reach
from lodestar.networks.forms import JoinForm
from lodestar.networks.models import MemberStatus


def _join_form(request, data=None) -> JoinForm:
    return JoinForm(data, organisations=queries.organisations_to_join_from(request.user))


def _inside(request, network) -> dict:
    coordinator = queries.is_coordinator(request.user, network)
    return {
        "threads": list(queries.threads(network)[:20]),
        "events": [presenters.event_row(e) for e in queries.events(network).filter(ends_at__gt=timezone.now())[:10]],
        "resources": [
            {**presenters.resource_row(r), "may_remove": queries.may_remove(request.user, r, coordinator=coordinator)}
            for r in queries.resources(request.user, network)[:20]
        ],
        "requests": queries.requests(network).count() if coordinator else 0,
    }


def _page(request, network, join_form=None):
    place = queries.place(request.user, network)
    may_read = queries.may_read(request.user, network)
    context = {
        "network": network,
        "card": presenters.NetworkCard(network),
        "place": place,
        "place_words": presenters.place_words(place),
        "is_member": place is not None and place.status == MemberStatus.MEMBER,
        "may_ask": place is None or place.status in (MemberStatus.DECLINED, MemberStatus.LEFT),
        "coordinator": queries.is_coordinator(request.user, network),
        "may_read": may_read,
        "join_form": join_form or _join_form(request),
        "reach": reach.of(network).sentence(),
    }
    if may_read:
        context.update(_inside(request, network))
    return render(request, "networks/detail.jinja", context)


def detail(request, network_id: int):
    return _page(request, queries.network(request.user, network_id))


@require_POST
def join(request, network_id: int):
    network = queries.network(request.user, network_id)
    form = _join_form(request, request.POST)
    if form.is_valid():
        try:
            place = actions.join(actor=request.user, network=network, **form.cleaned_data)
        except ValidationProblem as problem:
            add_problems(form, problem)
        else:
            joined = place.status == MemberStatus.MEMBER
            messages.success(request, "You have joined the network" if joined else "Your request to join has been sent")
            return redirect("networks:detail", network_id=network.pk)
    return _page(request, network, join_form=form)


@require_POST
def leave(request, network_id: int):
    network = queries.network(request.user, network_id)
    try:
        actions.leave(actor=request.user, network=network)
    except ValidationProblem as problem:
        messages.error(request, problem.message)
    else:
        messages.success(request, f"You have left {network.name}")
    return redirect("networks:detail", network_id=network.pk)


@require_http_methods(["GET"])
def reach_page(request, network_id: int):
    network = queries.network(request.user, network_id)
    p = presenters.ReachPresenter(reach.of(network))
    return render(request, "networks/reach.jinja", {"network": network, "p": p})


ROUTES = [
    path("<int:network_id>/", detail, name="detail"),
    path("<int:network_id>/join/", join, name="join"),
    path("<int:network_id>/leave/", leave, name="leave"),
    path("<int:network_id>/reach/", reach_page, name="reach"),
]

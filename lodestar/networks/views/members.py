"""A network's members (to those who may read it) and the coordinators' decisions: accept or
decline a request, make a member a coordinator, remove a member."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_POST

from lodestar.core.validation import ValidationProblem
from lodestar.networks import actions, presenters, queries


def members(request, network_id: int):
    network = queries.readable(request.user, network_id)
    coordinator = queries.is_coordinator(request.user, network)
    context = {
        "network": network,
        "coordinator": coordinator,
        "members": presenters.member_rows(queries.members(network), coordinator=coordinator),
        "requests": list(queries.requests(network)) if coordinator else [],
    }
    return render(request, "networks/members.jinja", context)


DECISIONS = {
    "accept": (actions.accept, "{name} is now a member"),
    "decline": (actions.decline, "You declined the request from {name}"),
    "appoint": (actions.appoint, "{name} is now a coordinator"),
    "remove": (actions.remove, "{name} was removed from the network"),
}


@require_POST
def decide(request, network_id: int, member_id: int, decision: str):
    network = queries.coordinated(request.user, network_id)
    place = queries.member_place(network, member_id)
    action, words = DECISIONS[decision]
    try:
        action(actor=request.user, network=network, member=place)
    except ValidationProblem as problem:
        messages.error(request, problem.message)
    else:
        messages.success(request, words.format(name=place.user.display_name))
    return redirect("networks:members", network_id=network.pk)


ROUTES = [
    path("<int:network_id>/members/", members, name="members"),
    *[
        path(f"<int:network_id>/members/<int:member_id>/{name}/", decide, {"decision": name}, name=f"member-{name}")
        for name in DECISIONS
    ],
]

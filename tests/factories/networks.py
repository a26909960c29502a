"""Networks made through their actions, so the places, ICSs and sectors are the real ones."""

from __future__ import annotations

from lodestar.networks import actions
from lodestar.networks.models import Joining, Visibility
from tests.factories import member


def network(host, *, coordinator=None, name="Nursing associates community of practice", **kwargs):
    """A network hosted by ``host``, started by ``coordinator`` (a new facilitator at ``host`` by default)."""
    coordinator = coordinator or member(host, "facilitator", full_name="Cora Coordinator")
    kwargs.setdefault("purpose", "Share what works in training and supporting nursing associates.")
    kwargs.setdefault("topic", "nursing")
    kwargs.setdefault("visibility", Visibility.EVERYONE)
    kwargs.setdefault("joining", Joining.REQUEST)
    return actions.start_network(actor=coordinator, host=host, name=name, **kwargs)


def join(network, person, organisation=None):
    """``person`` joins (or asks to join) from their first organisation."""
    organisation = organisation or person.memberships.first().organisation
    return actions.join(actor=person, network=network, organisation=organisation)


def add_member(network, person, organisation=None):
    """``person`` is a member: joined, and accepted by a coordinator when the network is by request."""
    place = join(network, person, organisation)
    if place.status == "requested":
        coordinator = network.members.filter(is_coordinator=True).first().user
        place = actions.accept(actor=coordinator, network=network, member=place)
    return place

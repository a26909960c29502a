"""Writes about networks and who is in them. Each is keyword-only, runs in one transaction,
checks its input (``ValidationProblem`` naming the field) and records an audit event.

* ``start_network``: someone who may facilitate at the host organisation starts a network and
  becomes its first coordinator.
* ``join``: anyone who can find a network joins it (open) or asks to (by request), from one of
  the organisations they work for.
* ``accept`` / ``decline`` / ``remove`` / ``appoint``: the coordinators' decisions.
* ``leave``: a member leaves (the last coordinator cannot).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from lodestar.core.audit import record
from lodestar.core.validation import Problems, ValidationProblem
from lodestar.networks import queries
from lodestar.networks.models import (
    Joining,
    MemberStatus,
    Network,
    NetworkEvent,
    NetworkMember,
    Topic,
    Visibility,
)
from lodestar.networks.sectors import ancestor_of_type, sector_of
from lodestar.orgs.models import OrganisationType
from lodestar.orgs.permissions import Permission
from lodestar.orgs.queries import has_permission


def _scope_for(host, visibility: str, problems: Problems):
    if visibility == Visibility.ICS:
        scope = ancestor_of_type(host, OrganisationType.ICS)
        if scope is None:
            problems.add("visibility", "The host organisation is not in an integrated care system: choose another")
        return scope
    if visibility == Visibility.REGION:
        scope = ancestor_of_type(host, OrganisationType.REGION)
        if scope is None:
            problems.add("visibility", "The host organisation is not in a region: choose another")
        return scope
    return None


def check_network(*, actor, host, name, purpose, topic, visibility, joining) -> Problems:
    problems = Problems()
    hosted = problems.require(host, "host", "Choose the organisation that hosts the network")
    if hosted and not has_permission(actor, Permission.FACILITATE, host):
        problems.add("host", "You can only start a network for an organisation where you run workshops")
    if problems.require(name, "name", "Enter a name for the network"):
        problems.text(name, "name", "The name", 200)
    if problems.require(purpose, "purpose", "Say what the network is for"):
        problems.text(purpose, "purpose", "The purpose", 5000)
    if topic not in Topic.values:
        problems.add("topic", "Choose a topic from the list")
    if visibility not in Visibility.values:
        problems.add("visibility", "Choose who can find the network")
    if joining not in Joining.values:
        problems.add("joining", "Choose how people join")
    return problems


def _place(network, user, organisation, status, *, coordinator=False) -> NetworkMember:
    ics = ancestor_of_type(organisation, OrganisationType.ICS)
    found, _ = NetworkMember.objects.update_or_create(
        network=network,
        user=user,
        defaults={
            "organisation": organisation,
            "ics": ics,
            "sector": sector_of(organisation),
            "status": status,
            "is_coordinator": coordinator,
            "decided_at": timezone.now() if status == MemberStatus.MEMBER else None,
        },
    )
    return found


def _home(actor, host):
    """Where the network's creator comes from: the host when they work there, else the nearest
    organisation above it where they hold a role (an ICS facilitator hosting for a trust)."""
    theirs = queries.organisations_to_join_from(actor).filter(pk__in=host.ancestor_ids(include_self=True))
    return max(theirs, key=lambda o: len(o.path), default=host)


@transaction.atomic
def start_network(
    *, actor, host, name, purpose, topic=Topic.OTHER, visibility=Visibility.EVERYONE, joining=Joining.REQUEST
):
    name, purpose = (name or "").strip(), (purpose or "").strip()
    problems = check_network(
        actor=actor, host=host, name=name, purpose=purpose, topic=topic, visibility=visibility, joining=joining
    )
    scope = _scope_for(host, visibility, problems) if host is not None and not problems.has("visibility") else None
    problems.raise_any()
    network = Network.objects.create(
        name=name,
        purpose=purpose,
        topic=topic,
        host=host,
        visibility=visibility,
        scope=scope,
        joining=joining,
        created_by=actor,
    )
    _place(network, actor, _home(actor, host), MemberStatus.MEMBER, coordinator=True)
    after = {"name": name, "host_id": host.pk, "visibility": visibility, "joining": joining, "topic": topic}
    record(actor=actor, action=NetworkEvent.CREATE, target=network, organisation=host, after=after)
    return network


@transaction.atomic
def join(*, actor, network, organisation, message=""):
    """Join an open network at once, or ask to join one by request. Returns the person's place."""
    message = (message or "").strip()
    problems = Problems()
    chosen = problems.require(organisation, "organisation", "Choose the organisation you work for")
    if chosen and not queries.organisations_to_join_from(actor).filter(pk=organisation.pk).exists():
        problems.add("organisation", "Choose one of the organisations you work for")
    problems.text(message, "message", "Your message", 500)
    current = queries.place(actor, network)
    if current is not None and current.status in (MemberStatus.MEMBER, MemberStatus.REQUESTED):
        problems.add("", "You are already a member or have already asked to join")
    if current is not None and current.status == MemberStatus.REMOVED:
        problems.add("", "A coordinator removed you from this network: ask them to add you again")
    problems.raise_any()
    status = MemberStatus.MEMBER if network.joining == Joining.OPEN else MemberStatus.REQUESTED
    found = _place(network, actor, organisation, status)
    if message:
        NetworkMember.objects.filter(pk=found.pk).update(message=message)
    event = NetworkEvent.JOIN if status == MemberStatus.MEMBER else NetworkEvent.REQUEST
    after = {"user_id": actor.pk, "organisation_id": organisation.pk, "status": status}
    record(actor=actor, action=event, target=network, organisation=network.host, after=after)
    return found


def _decide(*, actor, network, member, allowed_from, status, event, coordinator=None):
    if not queries.is_coordinator(actor, network):
        raise ValidationProblem("", "Only the network's coordinators can do that")
    if member.network_id != network.pk or member.status not in allowed_from:
        raise ValidationProblem("", "That person's place has already changed: look at the list again")
    before = {"user_id": member.user_id, "status": member.status, "is_coordinator": member.is_coordinator}
    member.status = status
    member.decided_at = timezone.now()
    if coordinator is not None:
        member.is_coordinator = coordinator
    member.save(update_fields=["status", "decided_at", "is_coordinator"])
    after = {"user_id": member.user_id, "status": member.status, "is_coordinator": member.is_coordinator}
    record(actor=actor, action=event, target=network, organisation=network.host, before=before, after=after)
    return member


@transaction.atomic
def accept(*, actor, network, member):
    return _decide(
        actor=actor,
        network=network,
        member=member,
        allowed_from=[MemberStatus.REQUESTED],
        status=MemberStatus.MEMBER,
        event=NetworkEvent.ACCEPT,
    )


@transaction.atomic
def decline(*, actor, network, member):
    return _decide(
        actor=actor,
        network=network,
        member=member,
        allowed_from=[MemberStatus.REQUESTED],
        status=MemberStatus.DECLINED,
        event=NetworkEvent.DECLINE,
    )


def _other_coordinators(network, member) -> bool:
    return queries.members(network).filter(is_coordinator=True).exclude(pk=member.pk).exists()


@transaction.atomic
def remove(*, actor, network, member):
    if member.is_coordinator and not _other_coordinators(network, member):
        raise ValidationProblem("", "The network needs at least one coordinator: appoint another first")
    return _decide(
        actor=actor,
        network=network,
        member=member,
        allowed_from=[MemberStatus.MEMBER],
        status=MemberStatus.REMOVED,
        event=NetworkEvent.REMOVE,
        coordinator=False,
    )


@transaction.atomic
def appoint(*, actor, network, member):
    """Make a member a coordinator too."""
    return _decide(
        actor=actor,
        network=network,
        member=member,
        allowed_from=[MemberStatus.MEMBER],
        status=MemberStatus.MEMBER,
        event=NetworkEvent.APPOINT,
        coordinator=True,
    )


@transaction.atomic
def leave(*, actor, network):
    member = queries.place(actor, network)
    if member is None or member.status not in (MemberStatus.MEMBER, MemberStatus.REQUESTED):
        raise ValidationProblem("", "You are not a member of this network")
    if member.is_coordinator and not _other_coordinators(network, member):
        raise ValidationProblem("", "You are the network's only coordinator: appoint another before you leave")
    before = {"user_id": actor.pk, "status": member.status}
    member.status, member.is_coordinator, member.decided_at = MemberStatus.LEFT, False, timezone.now()
    member.save(update_fields=["status", "is_coordinator", "decided_at"])
    after = {"user_id": actor.pk, "status": member.status}
    record(
        actor=actor, action=NetworkEvent.LEAVE, target=network, organisation=network.host, before=before, after=after
    )

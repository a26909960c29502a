"""Reads of networks, scoped to the person reading.

* **Finding** a network: everyone signed in finds a network open to everyone; a network for the
  host's ICS or region (its ``scope``) is found by people with a role at, beneath or above that
  ICS or region. People who have a place in it (asked, member) always find it. Platform staff
  find every network. Anything else is not found (404).
* **Reading** its discussions, events, members and resources: its members; for an open network,
  everyone who can find it. A by-request network shows others only its description.
* **Coordinating**: the network's coordinators (and platform staff).

Views and the API read through these functions only, never ``Model.objects``.
"""

from __future__ import annotations

import functools
import operator

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from lodestar.core.request_cache import once_per_request
from lodestar.learning import queries as learning_queries
from lodestar.networks.models import (
    Event,
    EventSignup,
    Joining,
    MemberStatus,
    Network,
    NetworkMember,
    Post,
    Resource,
    ResourceKind,
    Thread,
    Visibility,
)
from lodestar.orgs.models import Membership, Organisation, holds_everything, is_signed_in
from lodestar.orgs.permissions import Permission
from lodestar.star import queries as star_queries

QUERY_MAX = 200


def _membership_paths(user) -> list[str]:
    return once_per_request(
        ("networks-paths", user.pk),
        lambda: list(Membership.objects.filter(user=user).values_list("organisation__path", flat=True)),
    )


def _prefixes(path: str) -> list[str]:
    parts = [p for p in path.strip("/").split("/") if p]
    return ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


def _any(conditions: list[Q]) -> Q:
    return functools.reduce(operator.or_, conditions) if conditions else Q(pk__in=[])


def findable(user) -> QuerySet[Network]:
    """Every network ``user`` can find."""
    if not is_signed_in(user):
        return Network.objects.none()
    rows = Network.objects.all()
    if not holds_everything(user):
        paths = _membership_paths(user)
        above_or_at = [q for p in paths for q in _prefixes(p)]
        beneath = [Q(scope__path__startswith=p) for p in paths]
        placed = Q(members__user=user, members__status__in=[MemberStatus.MEMBER, MemberStatus.REQUESTED])
        rows = rows.filter(
            Q(visibility=Visibility.EVERYONE) | Q(scope__path__in=above_or_at) | _any(beneath) | placed
        ).distinct()
    return rows.select_related("host", "scope")


def network(user, pk: int) -> Network:
    """The network, or 404 when it does not exist or ``user`` cannot find it."""
    found = findable(user).filter(pk=pk).first()
    if found is None:
        raise Http404("No such network")
    return found


def place(user, network: Network) -> NetworkMember | None:
    """``user``'s place in ``network`` (asked, member, declined...), or None."""
    if not is_signed_in(user):
        return None
    return network.members.filter(user=user).first()


def is_member(user, network: Network) -> bool:
    found = place(user, network)
    return found is not None and found.status == MemberStatus.MEMBER


def is_coordinator(user, network: Network) -> bool:
    if holds_everything(user):
        return True
    found = place(user, network)
    return found is not None and found.status == MemberStatus.MEMBER and found.is_coordinator


def may_read(user, network: Network) -> bool:
    """Members read the discussions, events, members and resources; anyone who finds an open network too."""
    return holds_everything(user) or network.joining == Joining.OPEN or is_member(user, network)


def readable(user, pk: int) -> Network:
    """The network whose insides ``user`` may read, or 404 (a by-request network to a non-member)."""
    found = network(user, pk)
    if not may_read(user, found):
        raise Http404("No such network")
    return found


def coordinated(user, pk: int) -> Network:
    """The network ``user`` coordinates, or 404."""
    found = network(user, pk)
    if not is_coordinator(user, found):
        raise Http404("No such network")
    return found


# ------------------------------------------------------------------------------ finding


def clean_words(q: str) -> list[str]:
    return [w for w in (q or "")[:QUERY_MAX].split() if w][:10]


def search(user, *, q: str = "", sector: str = "", topic: str = "") -> QuerySet[Network]:
    """Networks ``user`` can find, matching every word (name or purpose), with members from
    ``sector`` and on ``topic``; with their member counts."""
    rows = findable(user)
    for word in clean_words(q):
        rows = rows.filter(Q(name__icontains=word) | Q(purpose__icontains=word))
    if topic:
        rows = rows.filter(topic=topic)
    if sector:
        ids = NetworkMember.objects.filter(status=MemberStatus.MEMBER, sector=sector).values("network_id")
        rows = rows.filter(pk__in=ids)
    return rows.annotate(
        member_count=Count("members", filter=Q(members__status=MemberStatus.MEMBER), distinct=True)
    ).order_by("name", "pk")


def my_networks(user) -> QuerySet[Network]:
    if not is_signed_in(user):
        return Network.objects.none()
    ids = NetworkMember.objects.filter(user=user, status=MemberStatus.MEMBER).values("network_id")
    return findable(user).filter(pk__in=ids)


def organisations_to_host(user) -> QuerySet[Organisation]:
    """Organisations where ``user`` may start a network: FACILITATE by the reach rule."""
    if not is_signed_in(user):
        return Organisation.objects.none()
    return Organisation.objects.in_reach(user, Permission.FACILITATE)


def organisations_to_join_from(user) -> QuerySet[Organisation]:
    """The organisations ``user`` works for (their memberships): a member comes from one of them."""
    if not is_signed_in(user):
        return Organisation.objects.none()
    return Organisation.objects.in_reach(user, Permission.VIEW).filter(memberships__user=user).distinct()


# ---------------------------------------------------------------------- inside a network


def members(network: Network) -> QuerySet[NetworkMember]:
    return network.members.filter(status=MemberStatus.MEMBER).select_related("user", "organisation", "ics")


def requests(network: Network) -> QuerySet[NetworkMember]:
    return network.members.filter(status=MemberStatus.REQUESTED).select_related("user", "organisation")


def member_place(network: Network, pk: int) -> NetworkMember:
    found = network.members.filter(pk=pk).select_related("user").first()
    if found is None:
        raise Http404("No such member")
    return found


def threads(network: Network) -> QuerySet[Thread]:
    return network.threads.select_related("author").annotate(
        reply_count=Count("posts", filter=Q(posts__hidden_at__isnull=True))
    )


def thread(user, pk: int) -> Thread:
    """The thread, or 404 when ``user`` may not read its network."""
    found = Thread.objects.filter(pk=pk, network__in=findable(user)).select_related("network").first()
    if found is None or not may_read(user, found.network):
        raise Http404("No such discussion")
    return found


def posts(thread: Thread) -> QuerySet[Post]:
    return thread.posts.select_related("author", "hidden_by")


def post(user, pk: int) -> Post:
    found = Post.objects.filter(pk=pk, thread__network__in=findable(user)).select_related("thread__network").first()
    if found is None or not may_read(user, found.thread.network):
        raise Http404("No such post")
    return found


def events(network: Network) -> QuerySet[Event]:
    return network.events.annotate(taken=Count("signups"))


def event(user, pk: int) -> Event:
    found = Event.objects.filter(pk=pk, network__in=findable(user)).select_related("network").first()
    if found is None or not may_read(user, found.network):
        raise Http404("No such event")
    return found


def may_change_event(user, event: Event) -> bool:
    """The member who added an event changes it, and so do the network's coordinators; not once it
    has ended."""
    if event.ends_at <= timezone.now():
        return False
    if event.created_by_id is not None and event.created_by_id == user.pk and is_member(user, event.network):
        return True
    return is_coordinator(user, event.network)


def changeable_event(user, pk: int) -> Event:
    """An event ``user`` may change; 404 for everyone else."""
    found = event(user, pk)
    if not may_change_event(user, found):
        raise Http404("No such event")
    return found


def signed_up(user, event: Event) -> bool:
    return is_signed_in(user) and EventSignup.objects.filter(event=event, user=user).exists()


def resources(user, network: Network) -> QuerySet[Resource]:
    """The network's resources; a case study only when ``user`` may read it."""
    readable_case_studies = learning_queries.case_studies(user).values("pk")
    return (
        network.resources.filter(~Q(kind=ResourceKind.CASE_STUDY) | Q(case_study__in=readable_case_studies))
        .select_related("case_study", "intervention", "added_by")
        .order_by("-created_at", "-pk")
    )


def resource(user, pk: int) -> Resource:
    found = Resource.objects.filter(pk=pk, network__in=findable(user)).select_related("network").first()
    if found is None or not may_read(user, found.network):
        raise Http404("No such resource")
    if not resources(user, found.network).filter(pk=found.pk).exists():
        raise Http404("No such resource")
    return found


def may_remove(user, resource: Resource, *, coordinator: bool | None = None) -> bool:
    """The member who shared a resource removes it, and so do the network's coordinators
    (``coordinator``: already worked out for this network, to save asking again for each resource)."""
    if resource.added_by_id is not None and resource.added_by_id == user.pk:
        return True
    return is_coordinator(user, resource.network) if coordinator is None else coordinator


def removable(user, pk: int) -> Resource:
    """A resource ``user`` may remove; 404 for everyone else (readers who may not remove it too)."""
    found = resource(user, pk)
    if not may_remove(user, found):
        raise Http404("No such resource")
    return found


def case_studies_to_link(user):
    return learning_queries.published(user).order_by("title")


def interventions_to_link(user):
    return star_queries.interventions(user).order_by("title")

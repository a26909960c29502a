"""Networks shaped for the pages: words for values, the reach chart and table, events with their
places left, posts as a reader may see them. Templates never compute."""

from __future__ import annotations

from django.utils import timezone
from django.utils.dateformat import format as date_format

from lodestar.config.jinja2 import format_date, format_datetime
from lodestar.core.words import plural
from lodestar.networks.models import Joining, MemberStatus
from lodestar.networks.reach import Reach
from lodestar.networks.sectors import sector_label
from lodestar.workforce import charts


class NetworkCard:
    def __init__(self, network):
        self.network = network
        self.pk = network.pk
        self.name = network.name
        self.purpose = network.purpose if len(network.purpose) <= 240 else network.purpose[:237] + "..."
        self.topic = network.get_topic_display()
        self.host = network.host.name
        self.joining = "Open to join" if network.joining == Joining.OPEN else "Join by request"
        count = getattr(network, "member_count", None)
        self.members = plural(count, "member") if count is not None else ""


def place_words(place) -> str:
    """What the network page says about the reader's place in it."""
    if place is None:
        return ""
    if place.status == MemberStatus.MEMBER:
        return "You are a coordinator of this network." if place.is_coordinator else "You are a member of this network."
    return {
        MemberStatus.REQUESTED: "You have asked to join. A coordinator will accept or decline your request.",
        MemberStatus.DECLINED: "A coordinator declined your request to join. You can ask again.",
        MemberStatus.REMOVED: "A coordinator removed you from this network.",
        MemberStatus.LEFT: "You left this network. You can join again.",
    }[place.status]


class ReachPresenter:
    def __init__(self, reach: Reach):
        self.reach = reach
        self.sentence = reach.sentence()

    def _chart(self, uid: str, title: str, rows: list[tuple[str, int]]):
        if not rows:
            return None
        return charts.hbar_chart(
            uid=uid,
            title=title,
            description="Each bar is the number of members; the table beneath gives the same figures.",
            labels=[name for name, _n in rows],
            series=[charts.Series("Members", [n for _name, n in rows])],
        )

    def ics_chart(self):
        return self._chart("reach-ics", "Members by integrated care system", self.reach.by_ics)

    def sector_chart(self):
        return self._chart("reach-sector", "Members by sector", self.reach.by_sector)


def member_rows(members, *, coordinator: bool) -> list[dict]:
    return [
        {
            "pk": m.pk,
            "name": m.user.display_name,
            "organisation": m.organisation.name,
            "ics": m.ics.name if m.ics else "",
            "sector": sector_label(m.sector),
            "role": "Coordinator" if m.is_coordinator else "Member",
            "may_appoint": coordinator and not m.is_coordinator,
            "may_remove": coordinator,
        }
        for m in members
    ]


def when(event) -> str:
    """ "Thursday 1 July 2027, 10:00 to 12:30" in UK time."""
    start, end = timezone.localtime(event.starts_at), timezone.localtime(event.ends_at)
    if start.date() == end.date():
        return f"{date_format(start, 'l j F Y')}, {start:%H:%M} to {end:%H:%M}"
    return f"{format_datetime(event.starts_at)} to {format_datetime(event.ends_at)}"


def places_left(event) -> str:
    taken = getattr(event, "taken", None)
    if taken is None:
        taken = event.signups.count()
    if event.capacity is None:
        return f"{plural(taken, 'person', 'people')} signed up, no limit on places"
    left = max(event.capacity - taken, 0)
    return "Full" if not left else f"{plural(left, 'place')} left of {event.capacity}"


def event_row(event) -> dict:
    return {
        "pk": event.pk,
        "title": event.title,
        "when": when(event),
        "where": event.place or "Online",
        "online": bool(event.online_url),
        "places": places_left(event),
        "past": event.ends_at <= timezone.now(),
    }


def post_row(post, *, coordinator: bool) -> dict:
    hidden = post.hidden_at is not None
    return {
        "pk": post.pk,
        "author": post.author.display_name if post.author else "A former member",
        "posted": format_datetime(post.created_at),
        "body": "" if hidden and not coordinator else post.body,
        "hidden": hidden,
        "hidden_note": f"Hidden by a coordinator: {post.hidden_reason}" if hidden else "",
        "may_hide": coordinator and not hidden,
        "may_restore": coordinator and hidden,
    }


def size_words(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{max(size // 1024, 1)} KB"


def resource_row(resource) -> dict:
    kind = resource.get_kind_display()
    if resource.kind == "file":
        kind = f"File ({resource.file_name}, {size_words(resource.size)})"
    return {
        "pk": resource.pk,
        "title": resource.title,
        "kind": kind,
        "description": resource.description,
        "added": format_date(timezone.localtime(resource.created_at).date()),
        "added_by": resource.added_by.display_name if resource.added_by else "",
        "is_file": resource.kind == "file",
        "case_study_id": resource.case_study_id,
        "intervention_code": resource.intervention.code if resource.intervention_id else "",
    }

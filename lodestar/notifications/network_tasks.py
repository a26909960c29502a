"""Emails about networks: a reply to a discussion you took part in, and the weekly network digest.

* A reply is emailed to the thread's other participants (who started it or posted a visible
  post in it) who are still members; once per reply (``send_once`` keyed on the post).
* A change to an event's time or place is emailed to the people with a place, except whoever
  changed it; once per version of the event (``send_once`` keyed on the event and its sequence).
* The digest goes to each member on the digest's weekday: per network, the new discussions, the
  replies, the events and the resources added since their last network digest (or in the last
  seven days), only from networks they are a member of, resources only those they may read, and
  not their own posts. Nothing new, no email. Once per ISO week.
"""

from __future__ import annotations

import dataclasses
import datetime

from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from lodestar.accounts.models import User
from lodestar.config.jinja2 import format_date
from lodestar.core.words import plural
from lodestar.networks import presenters as network_presenters
from lodestar.networks import queries as network_queries
from lodestar.networks.models import Event, MemberStatus, Network, NetworkMember, Post
from lodestar.notifications.delivery import Email, link, send_once
from lodestar.notifications.models import NotificationKind, SentNotification
from lodestar.notifications.queries import iso_week

WEEK = datetime.timedelta(days=7)


# ------------------------------------------------------------------------------- replies


def reply_recipients(post: Post) -> list[User]:
    thread = post.thread
    authors = set(thread.posts.filter(hidden_at__isnull=True).values_list("author_id", flat=True))
    authors.add(thread.author_id)
    authors.discard(post.author_id)
    authors.discard(None)
    members = NetworkMember.objects.filter(network=thread.network, status=MemberStatus.MEMBER, user_id__in=authors)
    return [m.user for m in members.select_related("user").order_by("user_id")]


def reply_email(post: Post) -> Email:
    thread = post.thread
    who = post.author.display_name if post.author else "Someone"
    excerpt = post.body if len(post.body) <= 300 else post.body[:297] + "..."
    return Email(
        f"New reply in {thread.title}",
        [
            f'{who} replied to the discussion "{thread.title}" in the network {thread.network.name}:',
            "",
            excerpt,
            "",
            f"Read and reply: {link(reverse('networks:thread', args=[thread.pk]))}",
        ],
    )


@task()
def send_network_reply(post_id: int) -> int:
    post = Post.objects.select_related("thread__network", "author").filter(pk=post_id).first()
    if post is None or post.hidden_at is not None:
        return 0
    return sum(
        send_once(
            kind=NotificationKind.NETWORK_REPLY,
            recipient=person,
            subject=post,
            build=lambda: reply_email(post),
        )
        for person in reply_recipients(post)
    )


# ------------------------------------------------------------------------- event changes


def event_changed_email(event: Event) -> Email:
    where = ", ".join(p for p in [event.place, "online" if event.online_url else ""] if p)
    return Email(
        f"Changed: {event.title}",
        [
            f'The event "{event.title}" in the network {event.network.name} has changed. You still have a place.',
            "",
            f"When: {network_presenters.when(event)}",
            f"Where: {where}",
            "",
            "If you added it to your calendar, download it again from the event's page to replace the old one.",
            f"See the event: {link(reverse('networks:event', args=[event.pk]))}",
        ],
    )


@task()
def send_event_changed(event_id: int, sequence: int, actor_id: int | None = None) -> int:
    """Only for the version that was changed: a later change sends its own email."""
    event = Event.objects.select_related("network").filter(pk=event_id, sequence=sequence).first()
    if event is None or event.ends_at <= timezone.now():
        return 0
    people = (
        User.objects.filter(pk__in=event.signups.values("user_id"), is_active=True).exclude(pk=actor_id).order_by("pk")
    )
    return sum(
        send_once(
            kind=NotificationKind.NETWORK_EVENT_CHANGED,
            recipient=person,
            subject=event,
            period=str(sequence),
            build=lambda: event_changed_email(event),
        )
        for person in people
    )


# -------------------------------------------------------------------------------- digest


@dataclasses.dataclass(frozen=True)
class NetworkNews:
    network: Network
    lines: list[str]


def _since(person, now) -> datetime.datetime:
    last = (
        SentNotification.objects.filter(kind=NotificationKind.NETWORK_DIGEST, recipient=person)
        .order_by("-sent_at")
        .values_list("sent_at", flat=True)
        .first()
    )
    return max(last, now - WEEK) if last else now - WEEK


def _news(person, network: Network, since, now) -> list[str]:
    lines = []
    threads = network.threads.filter(created_at__gt=since, created_at__lte=now).exclude(author=person)
    lines += [f"New discussion: {t.title}" for t in threads.order_by("created_at")]
    replies = (
        Post.objects.filter(thread__network=network, hidden_at__isnull=True, created_at__gt=since, created_at__lte=now)
        .exclude(author=person)
        .exclude(thread__in=threads)
        .count()
    )
    if replies:
        lines.append(f"{plural(replies, 'new reply', 'new replies')} in discussions")
    events = network.events.filter(created_at__gt=since, created_at__lte=now, ends_at__gt=now)
    lines += [f"New event: {e.title}, {format_date(timezone.localtime(e.starts_at).date())}" for e in events]
    resources = network_queries.resources(person, network).filter(created_at__gt=since, created_at__lte=now)
    lines += [f"New resource: {r.title}" for r in resources]
    return lines


def digest_for(person, now) -> list[NetworkNews]:
    """What is new for ``person`` in each network they are a member of."""
    since = _since(person, now)
    ids = NetworkMember.objects.filter(user=person, status=MemberStatus.MEMBER).values("network_id")
    news = []
    for network in Network.objects.filter(pk__in=ids).order_by("name"):
        if lines := _news(person, network, since, now):
            news.append(NetworkNews(network, lines))
    return news


def digest_email(news: list[NetworkNews], week: str) -> Email:
    lines = ["What is new in the networks you belong to."]
    for item in news:
        lines += ["", item.network.name, link(reverse("networks:detail", args=[item.network.pk]))]
        lines += [f"- {line}" for line in item.lines]
    return Email(f"Your networks this week ({week})", lines)


def digest_recipients():
    ids = NetworkMember.objects.filter(status=MemberStatus.MEMBER).values("user_id")
    return User.objects.filter(pk__in=ids, is_active=True).order_by("pk")


def network_digests(on: datetime.date, send_all) -> tuple[int, int]:
    """Each member's network digest for the week of ``on``; ``send_all`` is tasks._send_all."""
    end_of_day = timezone.make_aware(datetime.datetime.combine(on, datetime.time.max))
    now = min(timezone.now(), end_of_day)
    week = iso_week(on)

    def digests():
        for person in digest_recipients():
            if news := digest_for(person, now):
                yield {
                    "kind": NotificationKind.NETWORK_DIGEST,
                    "recipient": person,
                    "subject": person,
                    "period": week,
                    "build": lambda news=news: digest_email(news, week),
                }

    return send_all(digests())

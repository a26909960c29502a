"""The hook the networks app calls when someone replies in a discussion: nothing is sent from
inside the reply's transaction; the task is enqueued once it has committed (ADR 0021)."""

from __future__ import annotations

from django.db import transaction

from lodestar.notifications import network_tasks


def notify_event_changed(*, event, actor) -> None:
    """``event`` moved to another time or place: tell the people with a place (after commit)."""
    sequence, actor_id = event.sequence, actor.pk
    transaction.on_commit(lambda: network_tasks.send_event_changed.enqueue(event.pk, sequence, actor_id))


def notify_network_reply(*, post, actor=None) -> None:
    """``post`` is a reply: tell the thread's other participants (after commit)."""
    transaction.on_commit(lambda: network_tasks.send_network_reply.enqueue(post.pk))

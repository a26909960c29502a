"""Writes inside a network: discussions, events and shared resources (see ``actions`` for the
rules' shape). Members post, add events and share resources; coordinators hide and restore posts
and remove resources. A reply tells the thread's other participants by email, after commit."""

from __future__ import annotations

import os
from urllib.parse import urlsplit

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from lodestar.core.audit import record
from lodestar.core.validation import Problems, ValidationProblem
from lodestar.networks import files, queries
from lodestar.networks.models import Event, EventSignup, NetworkEvent, Post, Resource, ResourceKind, Thread
from lodestar.notifications.network_hooks import notify_event_changed, notify_network_reply


def _must_be_member(actor, network) -> None:
    if not queries.is_member(actor, network):
        raise ValidationProblem("", "Join the network first")


def _must_coordinate(actor, network) -> None:
    if not queries.is_coordinator(actor, network):
        raise ValidationProblem("", "Only the network's coordinators can do that")


def _audit(actor, event, target, network, **snapshots) -> None:
    record(actor=actor, action=event, target=target, organisation=network.host, **snapshots)


# --------------------------------------------------------------------------- discussions


@transaction.atomic
def start_thread(*, actor, network, title, body) -> Thread:
    title, body = (title or "").strip(), (body or "").strip()
    problems = Problems()
    if problems.require(title, "title", "Enter a title for the discussion"):
        problems.text(title, "title", "The title", 200)
    if problems.require(body, "body", "Write your message"):
        problems.text(body, "body", "Your message", 10000)
    problems.raise_any()
    _must_be_member(actor, network)
    thread = Thread.objects.create(network=network, title=title, author=actor)
    Post.objects.create(thread=thread, author=actor, body=body)
    _audit(actor, NetworkEvent.THREAD_START, thread, network, after={"title": title, "network_id": network.pk})
    return thread


@transaction.atomic
def reply(*, actor, thread, body) -> Post:
    body = (body or "").strip()
    problems = Problems()
    if problems.require(body, "body", "Write your reply"):
        problems.text(body, "body", "Your reply", 10000)
    problems.raise_any()
    _must_be_member(actor, thread.network)
    post = Post.objects.create(thread=thread, author=actor, body=body)
    Thread.objects.filter(pk=thread.pk).update(last_post_at=post.created_at)
    _audit(actor, NetworkEvent.REPLY, post, thread.network, after={"thread_id": thread.pk})
    notify_network_reply(post=post, actor=actor)
    return post


@transaction.atomic
def hide_post(*, actor, post, reason) -> Post:
    reason = (reason or "").strip()
    problems = Problems()
    if problems.require(reason, "reason", "Say why you are hiding it"):
        problems.text(reason, "reason", "The reason", 300)
    problems.raise_any()
    network = post.thread.network
    _must_coordinate(actor, network)
    if post.hidden_at is not None:
        raise ValidationProblem("", "That post is already hidden")
    post.hidden_at, post.hidden_reason, post.hidden_by = timezone.now(), reason, actor
    post.save(update_fields=["hidden_at", "hidden_reason", "hidden_by"])
    _audit(
        actor, NetworkEvent.POST_HIDE, post, network, before={"hidden": False}, after={"hidden": True, "reason": reason}
    )
    return post


@transaction.atomic
def restore_post(*, actor, post) -> Post:
    network = post.thread.network
    _must_coordinate(actor, network)
    if post.hidden_at is None:
        raise ValidationProblem("", "That post is not hidden")
    before = {"hidden": True, "reason": post.hidden_reason}
    post.hidden_at, post.hidden_reason, post.hidden_by = None, "", None
    post.save(update_fields=["hidden_at", "hidden_reason", "hidden_by"])
    _audit(actor, NetworkEvent.POST_RESTORE, post, network, before=before, after={"hidden": False})
    return post


# -------------------------------------------------------------------------------- events


def check_event(
    *, title, starts_at, ends_at, place="", online_url="", capacity=None, description=""
) -> tuple[dict, Problems]:
    """An event's values as they are stored (text trimmed) and what is wrong with them: the rules
    adding and changing an event share."""
    title, place, online_url = (title or "").strip(), (place or "").strip(), (online_url or "").strip()
    description = (description or "").strip()
    problems = Problems()
    if problems.require(title, "title", "Enter a title for the event"):
        problems.text(title, "title", "The title", 200)
    if problems.require(starts_at, "starts_at", "Enter when the event starts"):
        problems.date_in_range(starts_at.date(), "starts_at", "The start")
    if problems.require(ends_at, "ends_at", "Enter when the event ends"):
        problems.date_in_range(ends_at.date(), "ends_at", "The end")
    if starts_at and ends_at and not problems.has("ends_at") and ends_at <= starts_at:
        problems.add("ends_at", "The event must end after it starts")
    problems.text(place, "place", "The place", 300)
    if online_url:
        parts = urlsplit(online_url)
        if parts.scheme != "https" or not parts.hostname or " " in online_url:
            problems.add("online_url", "Enter the online link as a full web address starting with https://")
        problems.max_length(online_url, "online_url", "The online link", 500)
    if not place and not online_url and not problems.has("online_url"):
        problems.add("place", "Enter where the event is, or an online link, or both")
    if capacity is not None and capacity < 1:
        problems.add("capacity", "The number of places must be 1 or more, or leave it empty for no limit")
    problems.text(description, "description", "The description", 5000)
    values = {"title": title, "description": description, "starts_at": starts_at, "ends_at": ends_at}
    return values | {"place": place, "online_url": online_url, "capacity": capacity}, problems


@transaction.atomic
def add_event(*, actor, network, **fields) -> Event:
    """A member adds an event: ``title``, ``starts_at``, ``ends_at``, ``place`` and/or
    ``online_url``, ``capacity`` (None for no limit), ``description``."""
    values, problems = check_event(**fields)
    problems.raise_any()
    _must_be_member(actor, network)
    event = Event.objects.create(network=network, created_by=actor, **values)
    after = {name: values[name] for name in ("title", "capacity")}
    after |= {"starts_at": event.starts_at.isoformat(), "ends_at": event.ends_at.isoformat()}
    _audit(actor, NetworkEvent.EVENT_ADD, event, network, after=after)
    return event


EVENT_FIELDS = ("title", "description", "starts_at", "ends_at", "place", "online_url", "capacity")
MOVED = ("starts_at", "ends_at", "place", "online_url")  # what the people with a place are emailed about


def _event_snapshot(event) -> dict:
    values = {name: getattr(event, name) for name in EVENT_FIELDS}
    return {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in values.items()}


@transaction.atomic
def change_event(*, actor, event, **fields) -> Event:
    """The member who added an event, or a coordinator, changes it before it ends (the same fields
    and rules as ``add_event``, and never fewer places than people who have one). If it moves to
    another time or place, the people with a place are emailed once the change is saved."""
    event = Event.objects.select_for_update().select_related("network__host").get(pk=event.pk)
    if not queries.may_change_event(actor, event):
        raise ValidationProblem(
            "", "Only the member who added the event or a coordinator can change it, before it ends"
        )
    values, problems = check_event(**fields)
    taken = event.signups.count()
    capacity = values["capacity"]
    if capacity is not None and not problems.has("capacity") and capacity < taken:
        problems.add("capacity", f"The number of places cannot be fewer than the {taken} people who already have one")
    problems.raise_any()
    before = _event_snapshot(event)
    if all(getattr(event, name) == value for name, value in values.items()):
        return event  # nothing changed: no new version, no email
    moved = any(getattr(event, name) != values[name] for name in MOVED)
    for name, value in values.items():
        setattr(event, name, value)
    event.sequence += 1
    event.changed_at = timezone.now()
    event.save()
    _audit(actor, NetworkEvent.EVENT_CHANGE, event, event.network, before=before, after=_event_snapshot(event))
    if moved:
        notify_event_changed(event=event, actor=actor)
    return event


@transaction.atomic
def sign_up(*, actor, event) -> EventSignup:
    event = Event.objects.select_for_update().select_related("network__host").get(pk=event.pk)
    _must_be_member(actor, event.network)
    if event.ends_at <= timezone.now():
        raise ValidationProblem("", "This event has already happened")
    if EventSignup.objects.filter(event=event, user=actor).exists():
        raise ValidationProblem("", "You already have a place at this event")
    if event.capacity is not None and event.signups.count() >= event.capacity:
        raise ValidationProblem("", "This event is full")
    signup = EventSignup.objects.create(event=event, user=actor)
    _audit(actor, NetworkEvent.SIGN_UP, event, event.network, after={"user_id": actor.pk})
    return signup


@transaction.atomic
def cancel_sign_up(*, actor, event) -> None:
    deleted, _ = EventSignup.objects.filter(event=event, user=actor).delete()
    if not deleted:
        raise ValidationProblem("", "You do not have a place at this event")
    _audit(actor, NetworkEvent.CANCEL, event, event.network, before={"user_id": actor.pk})


# ----------------------------------------------------------------------------- resources


def _clean_name(name: str) -> str:
    base = os.path.basename((name or "").replace("\\", "/")).strip()
    return "".join(c for c in base if c.isprintable())[:200] or "file"


@transaction.atomic
def share_file(*, actor, network, title, upload, description="") -> Resource:
    """Share a file: its type is read from its content, its size limited."""
    title, description = (title or "").strip(), (description or "").strip()
    problems = Problems()
    if problems.require(title, "title", "Enter a title for the file"):
        problems.text(title, "title", "The title", 200)
    problems.text(description, "description", "The description", 500)
    kind = None
    if problems.require(upload, "upload", "Choose a file to share"):
        if upload.size > files.MAX_BYTES:
            problems.add("upload", f"The file must be {files.MAX_TEXT} or smaller")
        else:
            kind = files.sniff(upload.read())
            upload.seek(0)
            if kind is None:
                problems.add("upload", "The file must be a PDF, Word, Excel, PowerPoint, PNG, JPEG or text file")
    problems.raise_any()
    _must_be_member(actor, network)
    resource = Resource(
        network=network,
        kind=ResourceKind.FILE,
        title=title,
        description=description,
        file_name=_clean_name(upload.name),
        content_type=kind[0],
        size=upload.size,
        added_by=actor,
    )
    resource.file.save("upload", ContentFile(upload.read()), save=False)
    resource.save()
    after = {"title": title, "file_name": resource.file_name, "content_type": kind[0], "size": upload.size}
    _audit(actor, NetworkEvent.RESOURCE_ADD, resource, network, after=after)
    return resource


@transaction.atomic
def share_link(*, actor, network, case_study=None, intervention=None, description="") -> Resource:
    """Share a case study the person may read, or a catalogue intervention."""
    description = (description or "").strip()
    problems = Problems()
    if (case_study is None) == (intervention is None):
        problems.add("case_study", "Choose a case study or an intervention")
    elif case_study is not None and not queries.case_studies_to_link(actor).filter(pk=case_study.pk).exists():
        problems.add("case_study", "Choose a published case study you can read")
    elif intervention is not None and not queries.interventions_to_link(actor).filter(pk=intervention.pk).exists():
        problems.add("intervention", "Choose an intervention from the catalogue")
    problems.text(description, "description", "The description", 500)
    problems.raise_any()
    _must_be_member(actor, network)
    target = case_study or intervention
    resource = Resource.objects.create(
        network=network,
        kind=ResourceKind.CASE_STUDY if case_study else ResourceKind.INTERVENTION,
        title=target.title,
        description=description,
        case_study=case_study,
        intervention=intervention,
        added_by=actor,
    )
    _audit(actor, NetworkEvent.RESOURCE_ADD, resource, network, after={"kind": resource.kind, "title": resource.title})
    return resource


@transaction.atomic
def remove_resource(*, actor, resource) -> None:
    """Removes a shared file or link (a file is deleted from storage once the removal is saved)."""
    network = resource.network
    if not queries.may_remove(actor, resource):
        raise ValidationProblem("", "Only the member who shared it or a coordinator can remove it")
    before = {"kind": resource.kind, "title": resource.title}
    _audit(actor, NetworkEvent.RESOURCE_REMOVE, resource, network, before=before)
    stored = resource.file.name if resource.file else ""
    resource.delete()
    if stored:
        transaction.on_commit(lambda: resource.file.storage.delete(stored))

"""Networks for shared learning: communities of practice that cross organisations and sectors.

* ``Network``: a name, a purpose, a topic, a host organisation, who can find it (everyone signed
  in, or people in the host's ICS or region: ``scope``) and how people join (at once, or by
  request to its coordinators).
* ``NetworkMember``: one person's place in a network: asked to join, a member, declined, removed
  or left; coordinators are members with ``is_coordinator``. The organisation they come from is
  kept with its ICS and sector, so the network's reach is a couple of counts.
* ``Thread`` and ``Post``: discussions; coordinators hide a post with a reason and restore it.
* ``Event``: a meeting at a place or online, with a capacity and sign-ups (``EventSignup``).
* ``Resource``: a file (checked by its content, served only to those who may read the network),
  a case study from shared learning or a catalogue intervention.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from lodestar.core.events import AuditEventType


class NetworkEvent(AuditEventType):
    """What the audit log records about networks (``Event`` below is a network's meeting)."""

    CREATE = "networks.network.create", "Network started"
    JOIN = "networks.member.join", "Joined a network"
    REQUEST = "networks.member.request", "Asked to join a network"
    ACCEPT = "networks.member.accept", "Request to join a network accepted"
    DECLINE = "networks.member.decline", "Request to join a network declined"
    REMOVE = "networks.member.remove", "Member removed from a network"
    LEAVE = "networks.member.leave", "Left a network"
    APPOINT = "networks.member.appoint", "Member made a coordinator of a network"
    THREAD_START = "networks.thread.start", "Discussion started in a network"
    REPLY = "networks.post.reply", "Reply posted in a network discussion"
    POST_HIDE = "networks.post.hide", "Network post hidden by a coordinator"
    POST_RESTORE = "networks.post.restore", "Network post shown again by a coordinator"
    EVENT_ADD = "networks.event.add", "Network event added"
    EVENT_CHANGE = "networks.event.change", "Network event changed"
    SIGN_UP = "networks.event.sign_up", "Signed up to a network event"
    CANCEL = "networks.event.cancel", "Cancelled a place at a network event"
    RESOURCE_ADD = "networks.resource.add", "Resource shared in a network"
    RESOURCE_REMOVE = "networks.resource.remove", "Resource removed from a network"


class Topic(models.TextChoices):
    NURSING = "nursing", "Nursing and midwifery"
    SOCIAL_CARE = "social_care", "Social care"
    PRIMARY_CARE = "primary_care", "Primary care"
    ALLIED_HEALTH = "allied_health", "Allied health professions"
    DIGITAL = "digital", "Digital and workforce planning"
    LEADERSHIP = "leadership", "Leadership"
    EDUCATION = "education", "Education and training"
    OTHER = "other", "Other"


class Visibility(models.TextChoices):
    EVERYONE = "everyone", "Everyone signed in to Lodestar"
    ICS = "ics", "People in the host's integrated care system"
    REGION = "region", "People in the host's region"


class Joining(models.TextChoices):
    OPEN = "open", "Open: people join at once"
    REQUEST = "request", "By request: a coordinator accepts each person"


class MemberStatus(models.TextChoices):
    REQUESTED = "requested", "Asked to join"
    MEMBER = "member", "Member"
    DECLINED = "declined", "Request declined"
    REMOVED = "removed", "Removed"
    LEFT = "left", "Left"


class Network(models.Model):
    name = models.CharField(max_length=200)
    purpose = models.TextField()
    topic = models.CharField(max_length=20, choices=Topic.choices, default=Topic.OTHER)
    host = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="hosted_networks")
    visibility = models.CharField(max_length=20, choices=Visibility.choices, default=Visibility.EVERYONE)
    scope = models.ForeignKey(
        "orgs.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )  # the ICS or region people must be in to find it; empty = everyone
    joining = models.CharField(max_length=20, choices=Joining.choices, default=Joining.REQUEST)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class NetworkMember(models.Model):
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="network_places")
    organisation = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    ics = models.ForeignKey("orgs.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    sector = models.CharField(max_length=20)  # lodestar.networks.sectors
    status = models.CharField(max_length=20, choices=MemberStatus.choices)
    is_coordinator = models.BooleanField(default=False)
    message = models.CharField(max_length=500, blank=True)  # why they ask to join
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["network_id", "user__full_name", "pk"]
        constraints = [models.UniqueConstraint(fields=["network", "user"], name="one_place_per_network")]
        indexes = [models.Index(fields=["network", "status"])]

    def __str__(self) -> str:
        return f"{self.user} in {self.network}"


class Thread(models.Model):
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="threads")
    title = models.CharField(max_length=200)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    last_post_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-last_post_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class Post(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_reason = models.CharField(max_length=300, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Post {self.pk} in {self.thread}"


class Event(models.Model):
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="events")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    place = models.CharField(max_length=300, blank=True)
    online_url = models.URLField(max_length=500, blank=True)
    capacity = models.PositiveIntegerField(null=True, blank=True)  # empty = no limit
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # One more at each change, sent in the .ics file so calendar programs replace their old copy.
    sequence = models.PositiveIntegerField(default=0)
    changed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at", "pk"]

    def __str__(self) -> str:
        return self.title


class EventSignup(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="signups")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["event", "user"], name="one_place_per_event")]

    def __str__(self) -> str:
        return f"{self.user} at {self.event}"


class ResourceKind(models.TextChoices):
    FILE = "file", "File"
    CASE_STUDY = "case_study", "Case study"
    INTERVENTION = "intervention", "Catalogue intervention"


def resource_file_path(instance, filename: str) -> str:
    return f"networks/{instance.network_id}/{uuid.uuid4().hex}"


class Resource(models.Model):
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="resources")
    kind = models.CharField(max_length=20, choices=ResourceKind.choices)
    title = models.CharField(max_length=200)
    description = models.CharField(max_length=500, blank=True)
    file = models.FileField(upload_to=resource_file_path, max_length=255, blank=True)
    file_name = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    case_study = models.ForeignKey("learning.CaseStudy", null=True, blank=True, on_delete=models.CASCADE)
    intervention = models.ForeignKey("star.Intervention", null=True, blank=True, on_delete=models.CASCADE)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

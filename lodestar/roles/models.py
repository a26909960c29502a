"""The new roles register: roles being introduced, posts planned, funded and filled (issue 13, item 4).

* ``NewRole``: one role being introduced at one organisation in one care setting (a physician
  associate at a trust's emergency department, advanced clinical practitioners in a PCN ...): its
  supervision and governance, the named supervisor role, and the work it takes on from another
  staff group as an equivalence (1 FTE of the role covers ``equivalence`` FTE of that group's
  demand), which is what the projection engine's ``substitution`` lever needs.
* ``PostCount``: posts planned, funded and filled on a date. Counts are never overwritten: the
  newest is the current one and the older ones are the history.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from lodestar.core.events import AuditEventType
from lodestar.pathways.models import Setting

__all__ = ["KNOWN_ROLES", "NewRole", "PostCount", "RoleEvent", "Setting"]

# The roles most regions introduce; people may type any other.
KNOWN_ROLES = (
    "Physician associate",
    "Advanced clinical practitioner",
    "Nursing associate",
    "First contact practitioner",
    "Anaesthesia associate",
    "Assistant practitioner",
    "Clinical pharmacist in primary care",
    "Paramedic in primary care",
    "Social prescribing link worker",
    "Care coordinator",
    "Health and wellbeing coach",
    "Mental health practitioner in primary care",
)


class RoleEvent(AuditEventType):
    ROLE_CREATE = "roles.role.create", "New role added to the register"
    ROLE_UPDATE = "roles.role.update", "New role changed"
    POSTS_RECORD = "roles.posts.record", "Posts planned, funded and filled recorded"
    USE_IN_PROJECTION = "roles.role.projection", "New role used in a projection"


class NewRole(models.Model):
    organisation = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="new_roles")
    name = models.CharField(max_length=200)
    setting = models.CharField(max_length=20, choices=Setting.choices)
    supervision = models.TextField(blank=True)  # supervision and governance arrangements
    supervisor_role = models.CharField(max_length=200, blank=True)  # e.g. "Consultant in emergency medicine"
    covers_group = models.CharField(max_length=100, blank=True)  # the staff group whose work it takes on
    equivalence = models.DecimalField(max_digits=4, decimal_places=2, null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "organisation__name", "pk"]

    def __str__(self) -> str:
        return self.name


class PostCount(models.Model):
    role = models.ForeignKey(NewRole, on_delete=models.CASCADE, related_name="counts")
    on = models.DateField()
    planned = models.DecimalField(max_digits=8, decimal_places=1)
    funded = models.DecimalField(max_digits=8, decimal_places=1)
    filled = models.DecimalField(max_digits=8, decimal_places=1)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["role", "-on", "-pk"]
        indexes = [models.Index(fields=["role", "-on"], name="post_count_latest")]

    def __str__(self) -> str:
        return f"Posts on {self.on:%-d %B %Y}"

"""Organisations (one model with a parent), roles (data), memberships, and the reach rule.

A role held at an organisation applies to it and to every organisation beneath it (a region
reaches its ICSs and their providers), never upwards or sideways. Platform staff hold every
permission everywhere. The rule lives in ``MembershipQuerySet.granting`` (which memberships
count, through ``Role.grants``); ``Organisation.objects.in_reach`` and
``lodestar.orgs.queries.has_permission`` both read it.
"""

from __future__ import annotations

import functools
import operator

from django.conf import settings
from django.db import models
from django.db.models import Q

from lodestar.core.events import AuditEventType
from lodestar.core.request_cache import once_per_request
from lodestar.orgs.permissions import Permission


class OrganisationType(models.TextChoices):
    NATIONAL_BODY = "national_body", "National body"
    REGION = "region", "Region"
    ICS = "ics", "Integrated care system"
    NHS_TRUST = "nhs_trust", "NHS trust"
    PCN = "pcn", "Primary care network"
    GP_PRACTICE = "gp_practice", "GP practice"
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    CARE_PROVIDER = "care_provider", "Care provider"
    VOLUNTARY = "voluntary", "Voluntary organisation"
    EDUCATION = "education", "Education provider"


def is_signed_in(user) -> bool:
    """A real, active person: anonymous visitors and deactivated accounts hold nothing."""
    return user is not None and user.is_authenticated and user.is_active


def holds_everything(user) -> bool:
    """Platform staff hold every permission at every organisation."""
    return is_signed_in(user) and user.is_platform_staff


class OrganisationQuerySet(models.QuerySet):
    def in_reach(self, user, permission: Permission | str = Permission.VIEW) -> OrganisationQuerySet:
        """Organisations where ``user`` holds ``permission``: the organisations of their
        memberships whose role grants it (``Membership.objects.granting``), and every
        organisation beneath those."""
        if holds_everything(user):
            return self.all()
        paths = once_per_request(
            ("reach", user.pk, Permission(permission)),
            lambda: list(Membership.objects.granting(user, permission).values_list("organisation__path", flat=True)),
        )
        if not paths:
            return self.none()
        return self.filter(functools.reduce(operator.or_, (Q(path__startswith=p) for p in paths)))


class Organisation(models.Model):
    """Any body that takes part: a national body, region, ICS, provider, council, charity...

    ``parent`` builds the hierarchy (region > ICS > trust or PCN > practice). ``path``
    is derived from it ("/1/4/9/") so that "this organisation and everything beneath
    it" is one indexed prefix query.
    """

    name = models.CharField(max_length=200)
    type = models.CharField(max_length=32, choices=OrganisationType.choices)
    ods_code = models.CharField(
        "ODS code",
        max_length=12,
        unique=True,
        null=True,
        blank=True,
        help_text="Organisation Data Service code, where the organisation has one.",
    )
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    path = models.CharField(max_length=255, editable=False, db_index=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if self.ods_code is not None:
            self.ods_code = self.ods_code.strip().upper() or None
        old_path = self.path
        super().save(*args, **kwargs)
        new_path = (self.parent.path if self.parent_id else "/") + f"{self.pk}/"
        if new_path != old_path:
            if self.parent_id and new_path.startswith(old_path or "\0"):
                raise ValueError("An organisation cannot sit beneath itself.")
            Organisation.objects.filter(pk=self.pk).update(path=new_path)
            self.path = new_path
            if old_path:
                for child in Organisation.objects.filter(path__startswith=old_path).exclude(pk=self.pk):
                    Organisation.objects.filter(pk=child.pk).update(path=new_path + child.path[len(old_path) :])

    def ancestor_ids(self, include_self: bool = False) -> list[int]:
        ids = [int(p) for p in self.path.strip("/").split("/") if p]
        return ids if include_self else ids[:-1]

    @property
    def ancestors(self) -> list[Organisation]:
        by_id = Organisation.objects.in_bulk(self.ancestor_ids())
        return [by_id[i] for i in self.ancestor_ids() if i in by_id]

    def descendants(self, include_self: bool = False) -> OrganisationQuerySet:
        qs = Organisation.objects.filter(path__startswith=self.path)
        return qs if include_self else qs.exclude(pk=self.pk)


class Role(models.Model):
    """A named set of permissions. Roles are data: add one without a code change."""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=100)
    description = models.TextField(blank=True)
    permissions = models.JSONField(default=list, help_text="Values of lodestar.orgs.permissions.Permission")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def grants(self, permission: Permission | str) -> bool:
        return Permission(permission).value in self.permissions


class MembershipQuerySet(models.QuerySet):
    """The reach rule, written once: a membership whose role grants a permission gives it at
    the membership's organisation and every organisation beneath, never up or sideways."""

    def granting(self, user, permission: Permission | str) -> MembershipQuerySet:
        """``user``'s memberships whose role grants ``permission`` (none for anonymous or
        deactivated people). Platform staff need no membership: see ``holds_everything``."""
        permission = Permission(permission)
        if not is_signed_in(user):
            return self.none()
        every_role = once_per_request("roles", lambda: list(Role.objects.only("pk", "permissions")))
        roles = [role.pk for role in every_role if role.grants(permission)]
        return self.filter(user=user, role_id__in=roles)

    def reaching(self, organisation: Organisation) -> MembershipQuerySet:
        """Memberships held at ``organisation`` or at any organisation above it."""
        return self.filter(organisation_id__in=organisation.ancestor_ids(include_self=True))


class Membership(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="memberships")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_per_org")]
        ordering = ["organisation__name"]

    def __str__(self) -> str:
        return f"{self.user} - {self.role} at {self.organisation}"


def scoped(queryset: models.QuerySet, user, permission: Permission | str = Permission.VIEW, via: str = "organisation"):
    """Restrict ``queryset`` to rows whose organisation (reached through ``via``) is in the user's reach."""
    return queryset.filter(**{f"{via}__in": Organisation.objects.in_reach(user, permission)})


class OrgEvent(AuditEventType):
    """What the audit log records about organisations and memberships."""

    CREATE = "organisation.create", "Organisation added"
    UPDATE = "organisation.update", "Organisation details changed"
    IMPORT = "organisation.import", "Organisation imported from a file"
    MEMBERSHIP_ADD = "membership.add", "Member added"
    MEMBERSHIP_CHANGE_ROLE = "membership.change_role", "Role changed"
    MEMBERSHIP_REMOVE = "membership.remove", "Member removed"

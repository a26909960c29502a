from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone

from lodestar.core.events import AuditEventType


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra):
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.update(is_staff=True, is_superuser=True, is_platform_staff=True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with their email address.

    ``is_platform_staff`` marks the people who run the Lodestar platform: they may
    do everything everywhere (edit the national catalogue, manage any organisation).
    Everyone else gets their permissions from memberships (see ``lodestar.orgs``).
    """

    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=200)
    job_title = models.CharField(max_length=200, blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False, help_text="May use the Django admin site.")
    is_platform_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name", "email"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.full_name or self.email


class InvitationQuerySet(models.QuerySet):
    def open(self):
        """Neither accepted nor withdrawn (expired ones included: an admin may send them again)."""
        return self.filter(accepted_at__isnull=True, withdrawn_at__isnull=True)

    def pending(self):
        return self.open().filter(expires_at__gt=timezone.now())

    def for_organisations(self):
        """Invitations to join an organisation with a role."""
        return self.filter(plan__isnull=True)

    def for_plans(self):
        """Invitations to see one action plan (ADR 0024)."""
        return self.filter(plan__isnull=False)


class Invitation(models.Model):
    """An organisation admin's invitation for someone to join an organisation with a role, or
    (with ``plan``, ADR 0024) an invitation for someone outside Lodestar to see one action plan
    as the owner of ``action``: no role, no membership; ``organisation`` is the plan's.

    The link in the email carries a random token; only its digest is stored
    (``lodestar.core.tokens``, purpose ``accounts.invitation``), so neither the database nor
    the audit log can be used to accept an invitation.
    A token works once and until ``expires_at``.
    """

    email = models.EmailField()
    organisation = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="invitations")
    role = models.ForeignKey("orgs.Role", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    plan = models.ForeignKey(
        "plans.ActionPlan", null=True, blank=True, on_delete=models.CASCADE, related_name="invitations"
    )
    action = models.ForeignKey("plans.Action", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="invitations_sent"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="invitations_accepted"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        if self.plan_id:
            return f"Invitation for {self.email} to see {self.plan}"
        return f"Invitation for {self.email} to {self.organisation}"

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_used(self) -> bool:
        return self.accepted_at is not None

    def existing_user(self):
        """The account that already uses the invited email address, if any."""
        return User.objects.filter(email__iexact=self.email).first()


class AccountEvent(AuditEventType):
    """What the audit log records about people and their invitations."""

    PERSON_CREATE = "person.create", "Account created"
    PASSWORD_CHANGE = "person.password_change", "Password changed"
    PASSWORD_RESET = "person.password_reset", "Password reset"
    INVITATION_SEND = "invitation.send", "Invitation sent"
    INVITATION_ACCEPT = "invitation.accept", "Invitation accepted"
    INVITATION_RESEND = "invitation.resend", "Invitation sent again"
    INVITATION_WITHDRAW = "invitation.withdraw", "Invitation withdrawn"
    PLAN_INVITATION_SEND = "invitation.plan_send", "Invitation to see an action plan sent"
    PLAN_INVITATION_ACCEPT = "invitation.plan_accept", "Invitation to see an action plan accepted"
    PROFILE_UPDATE = "person.profile_update", "Name or job title changed"

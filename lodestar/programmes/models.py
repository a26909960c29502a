"""Regional transformation programmes: themes, programmes, milestones, measures, risks (issue 13).

* ``Theme``: one of a region's (or an ICS's) transformation themes, e.g. "New medical and
  non-medical roles". The owning organisation is the region or ICS that defined it.
* ``Programme``: work under a theme: aims, a lead (a person), partner organisations of any sector,
  budget, dates and status; linked Star workshops and action plans roll up into it. Its owning
  organisation is its theme's.
* ``ProgrammeMilestone``: a due date and, once done, the date it was done.
* ``BenefitMeasure``: a measure with a baseline (value and date), a target and the latest value.
* ``Risk``: description, likelihood and impact (1 to 5), owner, mitigation, open or closed.

Who sees a programme (ADR 0037): anyone holding VIEW at its owning organisation (or above it),
and members of its partner organisations (a role at a partner, or above one). FACILITATE at the
owning organisation edits it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from lodestar.core.events import AuditEventType
from lodestar.orgs.models import Membership, Organisation, holds_everything, is_signed_in
from lodestar.orgs.permissions import Permission


class ProgrammeEvent(AuditEventType):
    THEME_CREATE = "programmes.theme.create", "Programme theme added"
    THEME_UPDATE = "programmes.theme.update", "Programme theme changed"
    PROGRAMME_CREATE = "programmes.programme.create", "Programme added"
    PROGRAMME_UPDATE = "programmes.programme.update", "Programme changed"
    LINKS_UPDATE = "programmes.programme.links", "Programme's linked workshops and plans changed"
    MILESTONE_ADD = "programmes.milestone.add", "Programme milestone added"
    MILESTONE_UPDATE = "programmes.milestone.update", "Programme milestone changed"
    MEASURE_ADD = "programmes.measure.add", "Programme benefit measure added"
    MEASURE_UPDATE = "programmes.measure.update", "Programme benefit measure changed"
    RISK_ADD = "programmes.risk.add", "Programme risk added"
    RISK_UPDATE = "programmes.risk.update", "Programme risk changed"


class ProgrammeStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    ACTIVE = "active", "Active"
    PAUSED = "paused", "Paused"
    CLOSED = "closed", "Closed"


def above(user, permission: Permission = Permission.VIEW) -> set[int]:
    """The organisations where ``user`` holds ``permission`` and every organisation above them:
    a provider's people may read (and put programmes under) their ICS's and region's themes."""
    paths = Membership.objects.granting(user, permission).values_list("organisation__path", flat=True)
    return {int(part) for path in paths for part in path.strip("/").split("/") if part}


class ThemeQuerySet(models.QuerySet):
    def visible_to(self, user) -> ThemeQuerySet:
        """Themes of organisations the user reaches with VIEW or sits beneath, and themes with a
        programme the user sees as a member of a partner organisation."""
        if not is_signed_in(user):
            return self.none()
        if holds_everything(user):
            return self.all()
        reach = Organisation.objects.in_reach(user, Permission.VIEW)
        seen = Programme.objects.visible_to(user).values("theme_id")
        return self.filter(Q(organisation__in=reach) | Q(organisation_id__in=above(user)) | Q(pk__in=seen))


class Theme(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="programme_themes")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ThemeQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name", "pk"]
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="one_theme_name_per_organisation")]

    def __str__(self) -> str:
        return self.name


class ProgrammeQuerySet(models.QuerySet):
    def visible_to(self, user) -> ProgrammeQuerySet:
        """Programmes whose owning organisation the user reaches with VIEW, or with a partner
        organisation the user reaches with VIEW (ADR 0037)."""
        if not is_signed_in(user):
            return self.none()
        if holds_everything(user):
            return self.all()
        reach = Organisation.objects.in_reach(user, Permission.VIEW)
        partnered = Programme.partners.through.objects.filter(organisation__in=reach).values("programme_id")
        return self.filter(Q(organisation__in=reach) | Q(pk__in=partnered))

    def editable_by(self, user) -> ProgrammeQuerySet:
        """Programmes the user may change: FACILITATE at the owning organisation (or above it)."""
        if not is_signed_in(user):
            return self.none()
        return self.filter(organisation__in=Organisation.objects.in_reach(user, Permission.FACILITATE))


class Programme(models.Model):
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="programmes")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="programmes")
    name = models.CharField(max_length=200)
    aims = models.TextField(blank=True)
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="led_programmes"
    )
    partners = models.ManyToManyField(Organisation, blank=True, related_name="partner_programmes")
    budget = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)  # pounds
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=ProgrammeStatus.choices, default=ProgrammeStatus.PROPOSED)
    workshops = models.ManyToManyField("workshops.Workshop", blank=True, related_name="programmes")
    plans = models.ManyToManyField("plans.ActionPlan", blank=True, related_name="programmes")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["organisation", "status"])]

    def __str__(self) -> str:
        return self.name


class ProgrammeMilestone(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=200)
    due_date = models.DateField()
    done_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_date", "pk"]

    def __str__(self) -> str:
        return self.title


class BenefitMeasure(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="measures")
    name = models.CharField(max_length=200)
    unit = models.CharField(max_length=40, blank=True)
    baseline = models.DecimalField(max_digits=14, decimal_places=2)
    baseline_date = models.DateField()
    target = models.DecimalField(max_digits=14, decimal_places=2)
    latest = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    latest_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class Risk(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="risks")
    description = models.TextField()
    likelihood = models.PositiveSmallIntegerField()  # 1 (rare) to 5 (almost certain)
    impact = models.PositiveSmallIntegerField()  # 1 (negligible) to 5 (catastrophic)
    owner = models.CharField(max_length=200, blank=True)
    mitigation = models.TextField(blank=True)
    is_open = models.BooleanField(default=True)

    class Meta:
        ordering = ["-is_open", "pk"]

    def __str__(self) -> str:
        return self.description[:60]

    @property
    def score(self) -> int:
        return self.likelihood * self.impact

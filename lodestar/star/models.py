from __future__ import annotations

from django.conf import settings
from django.db import models

from lodestar.core.events import AuditEventType
from lodestar.star import vocab


class StarPoint(models.Model):
    key = models.SlugField(unique=True, choices=vocab.STAR_POINTS)
    name = models.CharField(max_length=100)
    order = models.PositiveSmallIntegerField()
    summary = models.CharField(max_length=300)
    description = models.TextField()

    class Meta:
        ordering = ["order"]

    def __str__(self) -> str:
        return self.name


class InterventionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """National interventions, and local ones owned by an organisation the user can see
        or by an organisation above one they can see (local entries are visible to the
        owner's whole hierarchy)."""
        from lodestar.orgs.models import Organisation

        if user is None or not user.is_authenticated:
            return self.none()
        national = models.Q(organisation__isnull=True)
        if user.is_platform_staff:
            return self.all()
        reach = list(Organisation.objects.in_reach(user))
        ids: set[int] = set()
        for org in reach:
            ids.update(org.ancestor_ids(include_self=True))
        return self.filter(national | models.Q(organisation_id__in=ids))


class Intervention(models.Model):
    """An intervention in the catalogue: national (organisation is empty) or local."""

    code = models.SlugField(max_length=40, unique=True, help_text="Stable identifier, e.g. supply-return-to-practice")
    point = models.ForeignKey(StarPoint, on_delete=models.PROTECT, related_name="interventions")
    title = models.CharField(max_length=200)
    summary = models.CharField(max_length=400)
    description = models.TextField()
    staff_groups = models.JSONField(default=list)
    care_settings = models.JSONField(default=list)
    evidence_level = models.CharField(max_length=20, choices=vocab.EVIDENCE_LEVELS)
    time_to_impact = models.CharField(max_length=20, choices=vocab.TIME_TO_IMPACT)
    cost_band = models.CharField(max_length=10, choices=vocab.COST_BANDS)
    levers = models.JSONField(default=list, help_text="Model lever templates; see lodestar.engine.levers")
    organisation = models.ForeignKey(
        "orgs.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="local_interventions",
        help_text="Empty for the national catalogue; set for an organisation's local intervention.",
    )
    catalogue_version = models.CharField(max_length=20, blank=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = InterventionQuerySet.as_manager()

    class Meta:
        ordering = ["point__order", "title"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_national(self) -> bool:
        return self.organisation_id is None

    def staff_group_labels(self) -> list[str]:
        return [vocab.label(vocab.STAFF_GROUPS, k) for k in self.staff_groups]

    def care_setting_labels(self) -> list[str]:
        return [vocab.label(vocab.CARE_SETTINGS, k) for k in self.care_settings]


class CatalogueLoad(models.Model):
    """One load of the national catalogue data file that changed something (see load_catalogue)."""

    version = models.CharField(max_length=20)
    source = models.CharField(max_length=500, help_text="The file loaded")
    sha256 = models.CharField(max_length=64)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    retired = models.PositiveIntegerField(default=0)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-loaded_at", "-id"]
        get_latest_by = "loaded_at"

    def __str__(self) -> str:
        return f"Catalogue {self.version}"


class CatalogueEvent(AuditEventType):
    """What the audit log records about the intervention catalogue."""

    LOAD = "catalogue.load", "National catalogue loaded"
    CREATE = "intervention.create", "Intervention added"
    UPDATE = "intervention.update", "Intervention changed"
    RETIRE = "intervention.retire", "Intervention retired"
    RESTORE = "intervention.restore", "Intervention restored"

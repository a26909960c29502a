"""Workforce data: imports (what was loaded, by whom, from which file) and the figures they hold.

* ``WorkforceImport``: one uploaded file's journey: queued -> checked (a preview, or refused
  with its problems) -> confirmed -> loaded (or failed), and perhaps rolled back. It records
  who, when, the file's name and sha256, rows, periods, the source detected and why.
  ``organisation`` is the owner of the data: empty for a published national file (visible to
  everyone signed in), set for an organisation's own figures (visible within its reach, with
  small numbers suppressed outside it: ADR 0027).
* The figure tables (``StaffInPost``, ``Turnover``, ``Vacancy``, ``GPPractice``, ``Population``,
  ``StaffFlow``) hold the tidy frames of ``lodestar.ingest.schemas``, one row per observation,
  each row tied to its import. Rows are written while the import is checked, with ``live``
  false (the staging area); confirming swaps them in, in one transaction: this import's rows
  become live and the rows of earlier imports for the same source, owner and periods stop being
  live (ADR 0025). A failed or killed job leaves only rows nobody reads; rolling back swaps the
  earlier import's rows back.
* Record-level staff records are never stored: only cohort aggregates (``StaffInPost`` with age
  bands, ``StaffFlow``) and the file's hash (ADR 0026).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from lodestar.core.events import AuditEventType


class WorkforceEvent(AuditEventType):
    IMPORT_UPLOAD = "workforce.import.upload", "Workforce file uploaded"
    IMPORT_CHECKED = "workforce.import.checked", "Workforce file checked"
    IMPORT_CONFIRM = "workforce.import.confirm", "Workforce import confirmed"
    IMPORT_LOADED = "workforce.import.loaded", "Workforce data loaded"
    IMPORT_FAILED = "workforce.import.failed", "Workforce import failed"
    IMPORT_CANCEL = "workforce.import.cancel", "Workforce import cancelled"
    IMPORT_ROLLBACK = "workforce.import.rollback", "Workforce import rolled back"
    MAPPING_SAVE = "workforce.mapping.save", "Staff records column mapping saved"


class Source(models.TextChoices):
    """The ``NAME`` of each ``lodestar.ingest.sources`` module, with the words people use."""

    STAFF_IN_POST = "staff_in_post", "NHS Workforce Statistics: staff in post"
    TURNOVER = "turnover", "NHS Workforce Statistics: turnover"
    VACANCIES = "vacancies", "NHS Vacancy Statistics"
    GP_PRACTICE = "gp_practice", "General Practice Workforce (practice level)"
    POPULATION = "population", "ONS subnational population projections"
    STAFF_RECORDS = "staff_records", "Your organisation's staff records (ESR extract)"


class ImportStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to be checked"
    CHECKING = "checking", "Being checked"
    REFUSED = "refused", "Not loaded: the file has problems"
    UNCHANGED = "unchanged", "Not loaded: this file is already loaded"
    READY = "ready", "Checked: ready to load"
    LOADING = "loading", "Loading"
    LOADED = "loaded", "Loaded"
    FAILED = "failed", "Failed: nothing was changed"
    CANCELLED = "cancelled", "Cancelled"
    ROLLED_BACK = "rolled_back", "Rolled back"


class WorkforceImport(models.Model):
    source = models.CharField(max_length=32, choices=Source.choices, blank=True)  # blank until detected
    organisation = models.ForeignKey(
        "orgs.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="workforce_imports"
    )
    status = models.CharField(max_length=16, choices=ImportStatus.choices, default=ImportStatus.QUEUED)
    file_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField(default=0)  # bytes
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    options = models.JSONField(default=dict, blank=True)  # chosen source, period, column mapping
    detected = models.TextField(blank=True)  # which source was detected and why (or why none)
    progress = models.PositiveSmallIntegerField(default=0)  # per cent, for the progress bar
    rows = models.PositiveIntegerField(default=0)  # data rows read from the file
    figures = models.PositiveIntegerField(default=0)  # rows of figures stored
    periods = models.JSONField(default=list, blank=True)  # ISO dates of the periods it holds
    summary = models.JSONField(default=dict, blank=True)  # preview: organisations matched, totals
    problems = models.JSONField(default=list, blank=True)  # [{"row", "column", "message"}]
    error = models.TextField(blank=True)  # why a job failed, for people
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    confirmed_at = models.DateTimeField(null=True, blank=True)
    loaded_at = models.DateTimeField(null=True, blank=True)
    rolled_back_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    rolled_back_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        indexes = [models.Index(fields=["source", "organisation", "status"])]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def private(self) -> bool:
        """Figures an organisation loaded about itself (not a published national file)."""
        return self.organisation_id is not None


class ColumnMapping(models.Model):
    """An organisation's saved mapping from its extract's column names to Lodestar's
    (``lodestar.ingest.schemas.STAFF_RECORDS``), offered again on its next upload."""

    organisation = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="column_mappings")
    name = models.CharField(max_length=100)
    mapping = models.JSONField(default=dict)  # {"person_id": "Unique Nhs identifier", ...}
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="one_mapping_name_per_org")]

    def __str__(self) -> str:
        return self.name


class Figure(models.Model):
    """Fields every figure row has: its import, whether it is live, and its organisation when
    its code matches one in Lodestar (by ODS code)."""

    # What a newer import of the same owner replaces: rows with the same values of these fields
    # (ADR 0025). Not the period alone, so that an edition published as several files for one
    # month (staff excluding medical, then medical staff; population by sex; vacancies by region
    # and by organisation) loads as several imports that stand side by side. The last field is
    # the one with most values (the swap filters it with IN).
    REPLACED_BY: tuple[str, ...] = ("period", "staff_group")

    load = models.ForeignKey(WorkforceImport, on_delete=models.CASCADE, related_name="+")
    live = models.BooleanField(default=False)
    organisation = models.ForeignKey("orgs.Organisation", null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{type(self).__name__} {self.pk} of import {self.load_id}"


class StaffInPost(Figure):
    period = models.DateField()
    org_code = models.CharField(max_length=12)
    org_name = models.CharField(max_length=200, blank=True)
    staff_group = models.CharField(max_length=100)
    band = models.CharField(max_length=40, blank=True)
    age_band = models.CharField(max_length=20, blank=True)
    fte = models.FloatField()
    headcount = models.IntegerField()

    class Meta:
        indexes = [
            models.Index(fields=["live", "organisation", "period"]),
            models.Index(fields=["load", "period"]),
            # Covers the figure pages' grouped query for an ICS (read from the index alone, about
            # half the time of reading the rows on SQLite: benchmarks/workforce_pages.py).
            models.Index(
                fields=[
                    "organisation",
                    "live",
                    "load",
                    "period",
                    "staff_group",
                    "band",
                    "age_band",
                    "fte",
                    "headcount",
                ],
                name="staffinpost_covering",
            ),
        ]


class Turnover(Figure):
    period = models.DateField()
    org_code = models.CharField(max_length=12)
    org_name = models.CharField(max_length=200, blank=True)
    staff_group = models.CharField(max_length=100)
    joiners_hc = models.FloatField()
    leavers_hc = models.FloatField()
    denom_hc = models.FloatField()
    joiners_fte = models.FloatField()
    leavers_fte = models.FloatField()
    denom_fte = models.FloatField()
    opening_hc = models.FloatField(null=True)
    stayers_hc = models.FloatField(null=True)

    class Meta:
        indexes = [
            models.Index(fields=["live", "organisation", "period"]),
            models.Index(fields=["load", "period"]),
        ]


class Vacancy(Figure):
    REPLACED_BY = ("period", "staff_group", "area_code")

    period = models.DateField()
    area_code = models.CharField(max_length=12)
    area_name = models.CharField(max_length=200, blank=True)
    staff_group = models.CharField(max_length=100)
    vacancies_fte = models.FloatField()
    vacancy_rate = models.FloatField()

    class Meta:
        indexes = [
            models.Index(fields=["live", "organisation", "period"]),
            models.Index(fields=["load", "period"]),
        ]


class GPPractice(Figure):
    REPLACED_BY = ("period", "prac_code")

    period = models.DateField()
    prac_code = models.CharField(max_length=12)
    prac_name = models.CharField(max_length=200, blank=True)
    pcn_code = models.CharField(max_length=12, blank=True)
    pcn_name = models.CharField(max_length=200, blank=True)
    icb_code = models.CharField(max_length=12, blank=True)
    total_patients = models.IntegerField()
    gp_fte = models.FloatField(null=True)
    nurses_fte = models.FloatField(null=True)
    dpc_fte = models.FloatField(null=True)
    admin_fte = models.FloatField(null=True)
    gp_hc = models.IntegerField(null=True)
    nurses_hc = models.IntegerField(null=True)
    dpc_hc = models.IntegerField(null=True)
    admin_hc = models.IntegerField(null=True)

    class Meta:
        indexes = [
            models.Index(fields=["live", "organisation", "period"]),
            models.Index(fields=["load", "period"]),
        ]


class Population(Figure):
    """``period`` is 1 January of ``year`` (so swaps and rollbacks work by period for every table)."""

    REPLACED_BY = ("period", "sex", "area_code")

    period = models.DateField()
    area_code = models.CharField(max_length=12)
    area_name = models.CharField(max_length=200, blank=True)
    sex = models.CharField(max_length=10)
    age_band = models.CharField(max_length=20)
    year = models.IntegerField()
    population = models.FloatField()

    class Meta:
        indexes = [
            models.Index(fields=["live", "area_code", "year"]),
            models.Index(fields=["load", "period"]),
        ]


class StaffFlow(Figure):
    period_from = models.DateField()
    period = models.DateField()
    org_code = models.CharField(max_length=12)
    staff_group = models.CharField(max_length=100)
    band = models.CharField(max_length=40, blank=True)
    age_band = models.CharField(max_length=20, blank=True)
    flow = models.CharField(max_length=12)
    headcount = models.IntegerField()
    fte = models.FloatField()

    class Meta:
        indexes = [
            models.Index(fields=["live", "organisation", "period"]),
            models.Index(fields=["load", "period"]),
        ]


# Which figure tables each source fills (the staff records give cohorts and, linked, flows and turnover).
FIGURE_TABLES: dict[str, tuple[type[Figure], ...]] = {
    Source.STAFF_IN_POST: (StaffInPost,),
    Source.TURNOVER: (Turnover,),
    Source.VACANCIES: (Vacancy,),
    Source.GP_PRACTICE: (GPPractice,),
    Source.POPULATION: (Population,),
    Source.STAFF_RECORDS: (StaffInPost, StaffFlow, Turnover),
}

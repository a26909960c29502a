"""Training pathways shaped for the pages: summary-list rows, stage tables and cohort counts in words.
Templates never compute."""

from __future__ import annotations

from django.urls import reverse

from lodestar.pathways import queries
from lodestar.pathways.actions_projection import total_months
from lodestar.pathways.models import Cohort, Pathway, Stage


def months_words(months: int) -> str:
    years, rest = divmod(months, 12)
    parts = []
    if years:
        parts.append(f"{years} year{'s' if years != 1 else ''}")
    if rest or not years:
        parts.append(f"{rest} month{'s' if rest != 1 else ''}")
    return " and ".join(parts)


def _row(key: str, value: str) -> dict:
    return {"key": {"text": key}, "value": {"text": value}}


class StagePresenter:
    def __init__(self, stage: Stage, may_change: bool):
        self.stage = stage
        self.may_change = may_change
        self.title = f"Stage {stage.order}: {stage.name}"
        self.competencies = list(stage.competencies.all())
        self.placements = list(stage.placements.all())

    def rows(self) -> list[dict]:
        return [
            _row("How long", months_words(self.stage.months)),
            _row("Setting", self.stage.get_setting_display()),
        ]

    def competency_rows(self) -> list[list[str]]:
        return [[c.task, c.who, c.get_risk_display(), c.get_supervision_display()] for c in self.competencies]

    def placement_rows(self) -> list[list[str]]:
        return [[p.organisation.name, p.get_setting_display(), str(p.weeks), str(p.places)] for p in self.placements]


class CohortRow:
    def __init__(self, cohort: Cohort, counts: list):
        self.cohort = cohort
        self.name = str(cohort)
        self.counts = counts  # current counts at each stage, in stage order
        self.enrolled = sum(c.enrolled for c in counts)
        self.progressing = sum(c.progressing for c in counts)
        self.completed = sum(c.completed for c in counts)
        self.withdrawn = sum(c.withdrawn for c in counts)
        self.as_of = max((c.on for c in counts), default=None)
        self.as_of_words = f"{self.as_of:%-d %B %Y}" if self.as_of else "No counts yet"


class PathwayPresenter:
    def __init__(self, pathway: Pathway, user):
        self.pathway = pathway
        self.may_change = queries.may_change(user, pathway.organisation)
        self.stages = [StagePresenter(s, self.may_change) for s in queries.stages(pathway)]
        self.months = total_months(pathway)

    def rows(self) -> list[dict]:
        p = self.pathway
        rows = [
            _row("Run by", p.organisation.name),
            _row("Professions that may join", ", ".join(p.professions) or "None given"),
            _row(
                "Capacity",
                f"{p.capacity} learners an intake, {p.intakes_per_year} intake"
                f"{'s' if p.intakes_per_year != 1 else ''} a year ({p.places_per_year} places a year)",
            ),
            _row("Total length", months_words(self.months) if self.months else "No stages yet"),
            _row("Trains into", p.staff_group or "Not given"),
        ]
        if p.source_group:
            rows.append(_row("Learners come from", p.source_group))
        return rows

    def cohorts(self) -> list[CohortRow]:
        by_cohort: dict[int, list] = {}
        for count in queries.latest_counts(self.pathway).order_by("stage__order"):
            by_cohort.setdefault(count.cohort_id, []).append(count)
        return [CohortRow(c, by_cohort.get(c.pk, [])) for c in queries.cohorts(self.pathway)]

    def outcome_words(self) -> str:
        outcomes = queries.outcomes(self.pathway)
        done = sum(d for d, _g in outcomes)
        gone = sum(g for _d, g in outcomes)
        if not done + gone:
            return "No cohort has finished yet."
        return f"Of {done + gone} learners in cohorts that have finished, {done} completed and {gone} withdrawn ({gone / (done + gone):.0%})."

    @property
    def projection_url(self) -> str:
        return reverse("pathways:projection", args=[self.pathway.pk])


def list_rows(pathways) -> list[dict]:
    """The index table: one row per pathway (from ``queries.listing``)."""
    out = []
    for p in pathways:
        months = p.total_months or 0
        out.append(
            {
                "url": reverse("pathways:pathway", args=[p.pk]),
                "name": p.name,
                "organisation": p.organisation.name,
                "places": str(p.places_per_year),
                "length": months_words(months) if months else "No stages yet",
            }
        )
    return out


def history_rows(counts) -> list[list[str]]:
    return [
        [
            f"{c.on:%-d %B %Y}",
            c.stage.name,
            str(c.enrolled),
            str(c.progressing),
            str(c.completed),
            str(c.withdrawn),
            c.recorded_by.full_name if c.recorded_by else "Lodestar",
        ]
        for c in counts
    ]

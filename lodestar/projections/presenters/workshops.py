"""A workshop's candidates' modelled effects, in words, for the prioritisation step and the
workshop's modelling page (lodestar.projections.candidates computes them in the worker)."""

from __future__ import annotations

from functools import cached_property

from django.core.exceptions import ObjectDoesNotExist
from django.urls import NoReverseMatch, reverse

from lodestar.projections import candidates, queries
from lodestar.projections.models import RunStatus
from lodestar.star import vocab
from lodestar.workshops.presenters import moment

ADDED_LATER = "it was added after the candidates were modelled"


def fte(value: float) -> str:
    return f"{value:,.1f}"


def pounds(value: float) -> str:
    return f"£{round(value, -2):,.0f}" if value >= 1000 else f"£{value:,.0f}"


def run_href(run) -> str | None:
    """The run's results page, once the runs journey has one."""
    try:
        return reverse("projections:run", kwargs={"run_id": run.pk})
    except NoReverseMatch:
        return None


def linked_scenario(workshop):
    """The workshop's ``WorkshopScenario``, or None: already loaded when the workshop came from
    ``lodestar.workshops.queries.get_visible_workshop``, else one query."""
    try:
        return workshop.scenario_link
    except ObjectDoesNotExist:
        return None


class Effect:
    """One candidate's modelled effect, or why it has none."""

    def __init__(self, year: int, figures: dict | None, reason: str = ""):
        self.modelled = bool(figures and figures.get("modelled", True))
        self.figures = figures or {}
        self.year = year
        self.reason = reason or self.figures.get("reason", "")

    @property
    def sort_value(self) -> float | None:
        return self.figures.get("gap_closed_mean") if self.modelled else None

    @property
    def short(self) -> str:
        """The effect for a table whose column says the year: "Closes 6.6 FTE of the gap (range ...), £C per FTE"."""
        if not self.modelled:
            return f"Not modelled: {self.reason}"
        f = self.figures
        low, high = fte(f["gap_closed_p5"]), fte(f["gap_closed_p95"])
        mean = f["gap_closed_mean"]
        if mean < 0.05:
            return f"Closes none of the gap (range {low} to {high} FTE)"
        words = f"Closes {fte(mean)} FTE of the gap (range {low} to {high})"
        if f.get("cost_per_fte") is not None:
            words += f", {pounds(f['cost_per_fte'])} per FTE"
        return words

    @property
    def text(self) -> str:
        """The effect on its own: "Modelled effect by 2031: closes ..." or "Not modelled: why"."""
        if not self.modelled:
            return self.short
        return f"Modelled effect by {self.year}: {self.short[0].lower()}{self.short[1:]}"


class WorkshopModelling:
    """What the projections app knows about one workshop: its linked scenario, its latest candidates
    run, and each candidate's effect from the latest finished run against the linked scenario."""

    cost_words = candidates.COST_WORDS

    def __init__(self, workshop, user):
        self.workshop = workshop
        self.user = user
        self.link = linked_scenario(workshop)

    @cached_property
    def latest_run(self):
        return queries.latest_run(queries.workshop_runs(self.workshop))

    @cached_property
    def finished(self):
        """The latest finished run against the linked scenario (none without a link)."""
        if self.link is None:
            return None
        runs = queries.workshop_runs(self.workshop)
        return queries.latest_run(runs.filter(status=RunStatus.DONE, scenario_version__scenario=self.link.scenario))

    @cached_property
    def can_facilitate(self) -> bool:
        return self.workshop.can_facilitate(self.user)

    @cached_property
    def staff_group(self) -> str:
        """The linked staff group in words (the catalogue's name for it where there is one)."""
        return vocab.label(vocab.STAFF_GROUPS, self.link.staff_group) if self.link else ""

    @property
    def href(self) -> str:
        return reverse("projections:workshop", kwargs={"workshop_id": self.workshop.pk})

    @cached_property
    def result(self) -> dict | None:
        r = self.finished.result if self.finished is not None else None
        return r if isinstance(r, dict) and "candidates" in r else None

    @property
    def has_effects(self) -> bool:
        return self.result is not None

    @property
    def year(self) -> int | None:
        return self.result["year"] if self.result else None

    @cached_property
    def _candidates(self) -> list:
        return list(self.workshop.candidates.select_related("intervention"))

    @cached_property
    def out_of_date(self) -> bool:
        """The run is older than the candidate list or than the link (scenario and staff group)."""
        if self.finished is None:
            return False
        at = self.finished.requested_at
        if self.link is not None and self.link.updated_at > at:
            return True
        return any(c.created_at > at for c in self._candidates)

    @cached_property
    def finished_at(self) -> str:
        return moment(self.finished.finished_at or self.finished.requested_at) if self.finished else ""

    @cached_property
    def by_candidate(self) -> dict[int, Effect]:
        """Candidate id -> its effect (only when there is a finished run)."""
        if not self.has_effects:
            return {}
        found = self.result["candidates"]
        out: dict[int, Effect] = {}
        for c in self._candidates:
            code = c.intervention.code
            if code in found:
                out[c.pk] = Effect(self.year, found[code])
            else:
                out[c.pk] = Effect(self.year, None, self._reason(c))
        return out

    def _reason(self, candidate) -> str:
        if not candidate.intervention.levers:
            return candidates.NO_LEVERS
        if candidate.created_at > self.finished.requested_at:
            return ADDED_LATER
        spec = self.finished.scenario_version.spec
        reasons = candidates.not_modelled(
            spec,
            [candidate.intervention],
            staff_group=self.link.staff_group,
            start_year=int(spec["start_year"]) + 1,
        )
        return reasons.get(candidate.intervention.code, ADDED_LATER)

    def attach(self, rows) -> None:
        """Give each prioritisation row (``RankedCandidate``) its ``effect`` (None without a run)."""
        effects = self.by_candidate
        for row in rows:
            row.effect = effects.get(row.pk)

    @staticmethod
    def by_effect(rows) -> list:
        """Rows with the most gap closed first; candidates not modelled last, in their ranked order."""
        modelled = [r for r in rows if getattr(r, "effect", None) is not None and r.effect.sort_value is not None]
        rest = [r for r in rows if r not in modelled]
        return sorted(modelled, key=lambda r: -r.effect.sort_value) + rest

    @cached_property
    def latest_status(self) -> str:
        run = self.latest_run
        if run is None:
            return "The candidates have not been modelled yet."
        when = moment(run.requested_at)
        if run.status == RunStatus.DONE:
            return f"Last modelled {moment(run.finished_at or run.requested_at)} ({run.runs:,} runs)."
        if run.status == RunStatus.FAILED:
            return f"The run asked for on {when} failed: {run.error or 'no reason was given'}"
        done = f" ({run.progress_done:,} of {run.progress_total:,})" if run.progress_total else ""
        return f"{run.get_status_display()}{done}: asked for on {when}."

    @cached_property
    def latest_href(self) -> str | None:
        """The run's own page while it is waiting, running or has failed (its progress, its
        reason); a finished candidates run's figures are on this page and in prioritisation."""
        run = self.latest_run
        if run is None or run.status == RunStatus.DONE:
            return None
        return run_href(run)

    @cached_property
    def rows(self) -> list[dict]:
        """The modelling page's table: each candidate and its effect."""
        effects = self.by_candidate
        rows = []
        for c in self._candidates:
            effect = effects.get(c.pk)
            rows.append(
                {
                    "title": c.intervention.title,
                    "effect": effect.short if effect else "Not modelled yet",
                    "sort": effect.sort_value if effect and effect.sort_value is not None else float("-inf"),
                }
            )
        return sorted(rows, key=lambda r: -r["sort"])

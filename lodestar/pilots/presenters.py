"""What the pilot pages show, worked out here so templates never compute."""

from __future__ import annotations

from django.urls import reverse

from lodestar.config.jinja2 import format_date
from lodestar.engine.levers import LEVER_TYPES
from lodestar.learning.presenters import number
from lodestar.pilots import lifecycle, queries
from lodestar.pilots.models import Decision, Pilot, Stage

STAGE_TAGS = {
    Stage.PROPOSED: "nhsuk-tag--grey",
    Stage.APPROVED: "nhsuk-tag--blue",
    Stage.RUNNING: "nhsuk-tag--yellow",
    Stage.EVALUATING: "nhsuk-tag--purple",
    Stage.DECIDED: "nhsuk-tag--green",
}
# move -> (button words, URL name, whether it is the main thing to do next)
MOVES = {
    "cycle": ("Log a PDSA cycle", "pilots:cycle"),
    "approve": ("Approve the pilot", "pilots:approve"),
    "start": ("Start running the pilot", "pilots:start"),
    "evaluate": ("Evaluate the pilot", "pilots:evaluate"),
    "decide": ("Record the decision", "pilots:decide"),
}


def stage_words(pilot: Pilot) -> str:
    if pilot.stage == Stage.DECIDED and pilot.decision:
        return f"Decided: {Decision(pilot.decision).label.lower()}"
    return pilot.get_stage_display()


class PilotRow:
    def __init__(self, pilot: Pilot):
        self.pk = pilot.pk
        self.title = pilot.title
        self.organisation = pilot.organisation.name
        self.stage = stage_words(pilot)
        self.stage_class = STAGE_TAGS[Stage(pilot.stage)]
        self.url = reverse("pilots:detail", args=[pilot.pk])


def _row(key: str, value: str) -> dict:
    return {"key": {"text": key}, "value": {"text": value or "Not given"}}


class PilotPresenter(PilotRow):
    """A pilot's page: the proposal, measures, PDSA cycles, decision, links and history."""

    def __init__(self, pilot: Pilot, user):
        super().__init__(pilot)
        self.pilot = pilot
        self.may_run = queries.may_run(user, pilot.organisation)
        self.measures = list(pilot.measures.all())
        self.cycles = list(pilot.cycles.all())
        self.programme = queries.programmes(user).filter(pk=pilot.programme_id).first() if pilot.programme_id else None
        self.programme_url = reverse("programmes:detail", args=[self.programme.pk]) if self.programme else ""

    def proposal_rows(self) -> list[dict]:
        p = self.pilot
        rows = [
            _row("Organisation", p.organisation.name),
            _row("Hypothesis", p.hypothesis),
            _row("Aims", p.aims),
            _row("Sites", ", ".join(s.name for s in p.sites.order_by("name"))),
            _row("Cohort size", "" if p.cohort_size is None else f"{p.cohort_size:,}"),
            _row("Budget", "" if p.budget is None else f"£{p.budget:,.0f}"),
        ]
        if p.approved_on:
            who = p.approved_by.display_name if p.approved_by else "someone no longer here"
            rows.append(_row("Approved", f"{format_date(p.approved_on)} by {who}"))
        if p.started_on:
            rows.append(_row("Started", format_date(p.started_on)))
        return rows

    def measure_rows(self) -> list[dict]:
        return [
            {
                "name": m.name,
                "baseline": number(m.baseline, m.unit),
                "before": number(m.before, m.unit) or "Not yet",
                "after": number(m.after, m.unit) or "Not yet",
            }
            for m in self.measures
        ]

    def cycle_rows(self) -> list[dict]:
        return [
            {
                "number": c.number,
                "dates": format_date(c.started_on) + (f" to {format_date(c.ended_on)}" if c.ended_on else ""),
                "parts": [
                    (label, text)
                    for label, text in (("Plan", c.plan), ("Do", c.do), ("Study", c.study), ("Act", c.act))
                    if text
                ],
            }
            for c in self.cycles
        ]

    def history(self) -> list[dict]:
        rows = []
        for change in self.pilot.changes.select_related("by"):
            stage = Stage(change.to_stage).label
            if change.decision:
                stage = f"Decided: {Decision(change.decision).label.lower()}"
            rows.append(
                {
                    "stage": stage,
                    "on": format_date(change.on),
                    "who": change.by.display_name if change.by else "",
                    "note": change.note,
                }
            )
        return rows

    def moves(self) -> list[dict]:
        if not self.may_run:
            return []
        return [
            {"text": MOVES[m][0], "href": reverse(MOVES[m][1], args=[self.pk])}
            for m in lifecycle.moves_from(self.pilot.stage)
        ]

    @property
    def may_change_proposal(self) -> bool:
        return self.may_run and self.pilot.stage in (Stage.PROPOSED, Stage.APPROVED)

    @property
    def may_add_measure(self) -> bool:
        return self.may_run and self.pilot.stage in (Stage.PROPOSED, Stage.APPROVED, Stage.RUNNING)

    def lever_words(self) -> list[str]:
        """The local intervention's modelled effect, in words."""
        intervention = self.pilot.intervention
        if intervention is None:
            return []
        words = []
        for lever in intervention.levers:
            effect = lever.get("effect") or {}
            label = LEVER_TYPES[lever["type"]].label if lever.get("type") in LEVER_TYPES else lever.get("type")
            if isinstance(effect, dict) and {"low", "mode", "high"} <= effect.keys():
                words.append(
                    f"{label}: most likely {abs(effect['mode']):.1%}, between {abs(effect['high']):.1%} and {abs(effect['low']):.1%}"
                    if lever["type"] in ("leaver_rate_change", "retirement_deferral")
                    else f"{label}: most likely {effect['mode']:.1%}, between {effect['low']:.1%} and {effect['high']:.1%}"
                )
        return words

"""What a programme's page and the programme list show, worked out here so templates never
compute: the RAG with its words, milestones, measures against baseline, linked plans' status
and risks, each as rows of words."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from lodestar.config.jinja2 import format_date
from lodestar.programmes import queries
from lodestar.programmes.models import Programme
from lodestar.programmes.rag import Rag, measure_progress, risk_band
from lodestar.workforce.charts import number


def money(value) -> str:
    return "Not set" if value is None else f"£{value:,.0f}"


def _date(value) -> str:
    return format_date(value) if value else "Not set"


def milestone_words(milestone, on: datetime.date) -> str:
    if milestone.done_date:
        return f"Done on {format_date(milestone.done_date)}"
    if milestone.due_date < on:
        days = (on - milestone.due_date).days
        return f"Late: due {format_date(milestone.due_date)} ({days} {'day' if days == 1 else 'days'} ago)"
    return f"Due {format_date(milestone.due_date)}"


def _value(value, unit: str) -> str:
    if value is None:
        return "Not recorded"
    text = number(float(value))
    return f"{text}%" if unit == "%" else f"{text} {unit}".strip()


@dataclass
class ProgrammeRow:
    """One programme in a list: its name, theme, owner, status and RAG in words."""

    programme: Programme
    rag: Rag


class ProgrammePresenter:
    def __init__(self, programme: Programme, plans: list[dict], readable_plans: set[int], *, may_edit: bool):
        self.programme = programme
        self.today = queries.today()
        self.plans = plans
        self.readable_plans = readable_plans
        self.may_edit = may_edit
        self.rag = queries.programme_rag(programme, plans, self.today)

    def details(self) -> list[dict]:
        """Summary-list rows."""
        p = self.programme
        partners = ", ".join(o.name for o in p.partners.all()) or "None named"
        dates = f"{_date(p.start_date)} to {_date(p.end_date)}"
        return [
            {"key": {"text": "Theme"}, "value": {"text": p.theme.name}},
            {"key": {"text": "Run by"}, "value": {"text": p.organisation.name}},
            {"key": {"text": "Status"}, "value": {"text": p.get_status_display()}},
            {"key": {"text": "Lead"}, "value": {"text": p.lead.display_name if p.lead else "No lead named yet"}},
            {"key": {"text": "Partner organisations"}, "value": {"text": partners}},
            {"key": {"text": "Budget"}, "value": {"text": money(p.budget)}},
            {"key": {"text": "Dates"}, "value": {"text": dates}},
        ]

    def milestones(self) -> list[dict]:
        return [
            {
                "milestone": m,
                "words": milestone_words(m, self.today),
                "late": not m.done_date and m.due_date < self.today,
            }
            for m in self.programme.milestones.all()
        ]

    def measures(self) -> list[dict]:
        rows = []
        for m in self.programme.measures.all():
            latest = None if m.latest is None else float(m.latest)
            _percent, words = measure_progress(baseline=float(m.baseline), target=float(m.target), latest=latest)
            rows.append(
                {
                    "measure": m,
                    "baseline": f"{_value(m.baseline, m.unit)} ({format_date(m.baseline_date)})",
                    "target": _value(m.target, m.unit),
                    "latest": f"{_value(m.latest, m.unit)} ({format_date(m.latest_date)})"
                    if m.latest_date
                    else "Not recorded",
                    "progress": words,
                }
            )
        return rows

    def linked_plans(self) -> dict:
        """The plans the reader may open, by name, and how many others are linked (counted in the
        RAG, but not named to someone who cannot open them)."""
        shown = [
            {
                **plan,
                "words": f"{plan['done']} of {plan['total']} actions done; "
                + (f"{plan['overdue']} overdue" if plan["overdue"] else "none overdue"),
            }
            for plan in self.plans
            if plan["pk"] in self.readable_plans
        ]
        return {"shown": shown, "others": len(self.plans) - len(shown)}

    def workshops(self) -> list:
        return list(self.programme.workshops.all())

    def risks(self) -> list[dict]:
        return [
            {
                "risk": r,
                "score": f"{r.score} ({risk_band(r.score)}): likelihood {r.likelihood}, impact {r.impact}",
                "state": "Open" if r.is_open else "Closed",
            }
            for r in self.programme.risks.all()
        ]


def list_rows(programmes_: list[Programme]) -> list[ProgrammeRow]:
    """Programmes with their RAG, in three queries however many there are."""
    plans = queries.plan_status(programmes_)
    on = queries.today()
    return [ProgrammeRow(p, queries.programme_rag(p, plans.get(p.pk, []), on)) for p in programmes_]


# The parts of the Programmes section, each with its front page (``<app>:index``) and guide page.
SECTIONS = [
    ("Pilots and tests of concept", "pilots:index", "Pilots from proposal to a decision: scale up, adapt or stop."),
    (
        "Training pathways",
        "pathways:index",
        "Multi-disciplinary pathways across community, primary and secondary care.",
    ),
    ("New roles", "roles:index", "Posts planned, funded and filled for new medical and non-medical roles."),
    ("Workforce leaders", "talent:index", "Talent conversations and succession plans for critical posts."),
    ("Networks", "networks:index", "Communities of practice for shared learning across boundaries."),
    ("Regional dashboard", "programmes:dashboard", "Everything above in charts and tables, by ICS."),
]


def sections(*, dashboard: bool) -> list[dict]:
    """The section's parts that are open (a part not built yet is left out); the dashboard only
    for those who may open it."""
    out = []
    for title, name, description in SECTIONS:
        if name == "programmes:dashboard" and not dashboard:
            continue
        try:
            href = reverse(name)
        except NoReverseMatch:
            continue
        out.append({"title": title, "href": href, "description": description})
    return out

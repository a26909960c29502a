"""Talent records and figures shaped for pages: words for values, rows for NHS.UK components."""

from __future__ import annotations

from dataclasses import dataclass

from lodestar.core.summary import SummaryTable
from lodestar.talent.models import EQUALITY_FIELDS, SuccessionPlan, TalentConversation
from lodestar.talent.suppression import FEWER_THAN_5, shown


def _row(key: str, value: str) -> dict:
    return {"key": {"text": key}, "value": {"text": value or "Not recorded"}}


def _date(value) -> str:
    return f"{value:%-d %B %Y}"


def person_name(user) -> str:
    return user.full_name or user.email


@dataclass
class ConversationPresenter:
    c: TalentConversation

    @property
    def title(self) -> str:
        return f"Talent conversation with {person_name(self.c.person)}"

    def rows(self) -> list[dict]:
        c = self.c
        return [
            _row("Person", person_name(c.person)),
            _row("Organisation", c.organisation.name),
            _row("Line manager", person_name(c.line_manager)),
            _row("Date of the conversation", _date(c.held_on)),
            _row("Current role", c.current_role),
            _row("Staff group", c.get_staff_group_display()),
            _row("Impact now", c.get_impact_display()),
            _row("Growth", c.get_growth_display()),
            _row("Aspirations", c.aspirations),
            _row("Strengths", c.strengths),
            _row("Readiness for a next role", c.get_readiness_display()),
            _row("Next role in mind", c.next_role),
        ]

    def equality_rows(self) -> list[dict]:
        rows = []
        for name, (label, _choices) in EQUALITY_FIELDS.items():
            value = getattr(self.c, f"get_{name}_display")() if getattr(self.c, name) else "Not reported"
            rows.append(_row(label, value))
        return rows

    def plan(self) -> list[dict]:
        return [{"text": a.text, "due": _date(a.due_on)} for a in self.c.development_actions.all()]

    def list_row(self) -> dict:
        c = self.c
        return {
            "id": c.pk,
            "person": person_name(c.person),
            "organisation": c.organisation.name,
            "held_on": _date(c.held_on),
            "readiness": c.get_readiness_display(),
            "latest": c.latest,
        }


@dataclass
class SuccessionPlanPresenter:
    plan: SuccessionPlan

    def rows(self) -> list[dict]:
        p = self.plan
        return [
            _row("Organisation", p.organisation.name),
            _row("Critical post", p.post),
            _row("Staff group", p.get_staff_group_display()),
            _row("In the post now", p.incumbent),
            _row("Risk of loss", f"{p.get_risk_display()}: {p.risk_reason}"),
            _row("Successor ready now", "Yes" if self.has_ready_successor else "No"),
        ]

    @property
    def has_ready_successor(self) -> bool:
        return any(s.readiness == "ready_now" for s in self.plan.successors.all())

    def successors(self) -> list[dict]:
        return [{"name": s.name, "readiness": s.get_readiness_display()} for s in self.plan.successors.all()]


def table_rows(table: SummaryTable) -> list[list[str]]:
    """A figures table's rows as text: counts with separators, hidden ones as "fewer than 5"."""
    return [[str(label), *(shown(v) for v in values)] for label, *values in table.rows]


def csv_rows(tables: list[SummaryTable]) -> list[list[str]]:
    """Every table one after another in one CSV: its title, its header and its rows."""
    out: list[list[str]] = []
    for table in tables:
        out += [[table.title], list(table.columns), *table_rows(table), []]
    out.append([f"'{FEWER_THAN_5}': a count from 1 to 4, hidden to protect people's privacy, with others hidden "
                "where it could be worked out from a total."])  # fmt: skip
    return out

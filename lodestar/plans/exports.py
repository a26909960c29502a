"""A plan as files people read: one XLSX workbook, and a CSV file per table (ADR 0019).

The tables, in the workbook's order (each also a CSV: ``export.csv?table=<key>``):

- **Actions** (``actions``): the import template's columns (``lodestar.plans.tabular.COLUMNS``,
  with headings in plain English that read back as the same columns) after two columns for
  re-import (``tabular.EXPORT_ONLY``), "Reference" (``Action.reference``) and "Version" (``Action.version``). It is the
  workbook's first sheet, the one the importer reads.
- **Milestones** (``milestones``): one row per milestone.
- **Measures** (``measures``): one row per dated value of each success measure (a measure with
  no values yet has one row with the date and value empty).
- **Progress updates** (``progress``): one row per update, oldest first.

In the workbook dates are real Excel dates shown as 31/03/2027 and numbers are numbers; in a
CSV dates are written 2027-03-31. Every cell goes through ``core.tabular.safe_cell``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import F

from lodestar.core import tabular
from lodestar.plans import tabular as plan_tabular
from lodestar.plans.models import Action, MeasureValue, Milestone, ProgressUpdate, SuccessMeasure, shown_number

XLSX_CONTENT_TYPE = tabular.XLSX_CONTENT_TYPE

# The columns are the importer's (``lodestar.plans.tabular``), in its order; each heading
# normalises (core.tabular.normalise_header) back to its column.
COLUMNS = [*plan_tabular.EXPORT_ONLY, *plan_tabular.COLUMNS]
HEADING_WIDTHS = {
    "reference": ("Reference", 12),
    "version": ("Version", 9),
    "title": ("Title", 40),
    "intervention_code": ("Intervention code", 30),
    "star_point": ("Star point", 20),
    "owner_email": ("Owner email", 30),
    "owner_name": ("Owner name", 25),
    "organisation_code": ("Organisation code", 18),
    "start_date": ("Start date", 12),
    "due_date": ("Due date", 12),
    "status": ("Status", 14),
    "priority_rank": ("Priority rank", 12),
    "description": ("Description", 50),
}
HEADINGS = [HEADING_WIDTHS[column][0] for column in COLUMNS]
WIDTHS = [HEADING_WIDTHS[column][1] for column in COLUMNS]


@dataclass(frozen=True)
class Table:
    key: str  # export.csv?table=<key>
    title: str  # the sheet's name
    headings: list[str]
    widths: list[int]
    link: str = ""  # the words of the plan page's CSV link, when not the title

    @property
    def query(self) -> str:
        """The CSV link's query string: none for the actions (the default table)."""
        return "" if self.key == "actions" else f"?table={self.key}"

    @property
    def link_words(self) -> str:
        return f"{self.link or self.title} (CSV)"


def _table(key: str, title: str, columns: list[tuple[str, int]], link: str = "") -> Table:
    return Table(key, title, [heading for heading, _w in columns], [width for _h, width in columns], link)


ACTION_REFERENCE = [("Action reference", 16), ("Action", 40)]
TABLES = {
    table.key: table
    for table in [
        Table("actions", "Actions", HEADINGS, WIDTHS),
        _table("milestones", "Milestones", [*ACTION_REFERENCE, ("Milestone", 40), ("Due date", 12), ("Done", 8)]),
        _table(
            "measures",
            "Measures",
            [
                *ACTION_REFERENCE,
                ("Measure", 40),
                ("Unit", 12),
                ("Which way is better", 18),
                ("Baseline", 12),
                ("Target", 12),
                ("Date", 12),
                ("Value", 12),
                ("Recorded by", 25),
            ],
            link="Success measures and their values",
        ),
        _table(
            "progress",
            "Progress updates",
            [
                *ACTION_REFERENCE,
                ("Date", 12),
                ("Update", 60),
                ("Status before", 14),
                ("Status after", 14),
                ("Written by", 25),
            ],
        ),
    ]
}


# Rows follow the plan's order: by priority (unranked last), then due date.
BY_ACTION = (F("action__priority_rank").asc(nulls_last=True), "action__due_date", "action_id")


def actions_for_export(plan):
    """The plan's actions in the plan's order (``Action.Meta.ordering``)."""
    return Action.objects.filter(plan=plan).select_related("intervention", "point", "owner_user", "organisation")


def _date(value: datetime.date | None):
    """A date cell: the date itself (an Excel date in a workbook; the CSV writer writes 2027-03-31)."""
    return value if value is not None else ""


def _number(value: Decimal | None):
    """A number cell as people write it (12.5, not 12.50): a number in a workbook and in a CSV."""
    return Decimal(shown_number(value)) if value is not None else ""


def action_rows(plan) -> list[list]:
    rows = []
    for action in actions_for_export(plan):
        cells = {
            "reference": action.reference,
            "version": action.version,
            "title": action.title,
            "intervention_code": action.intervention.code if action.intervention_id else "",
            "star_point": action.point.key,
            "owner_email": action.owner_user.email if action.owner_user_id else "",
            "owner_name": action.owner_user.display_name if action.owner_user_id else action.owner_name,
            "organisation_code": action.organisation.ods_code or "",
            "start_date": _date(action.start_date),
            "due_date": _date(action.due_date),
            "status": action.get_status_display(),
            "priority_rank": action.priority_rank if action.priority_rank is not None else "",
            "description": action.description,
        }
        rows.append([cells[column] for column in COLUMNS])
    return rows


def milestone_rows(plan) -> list[list]:
    milestones = Milestone.objects.filter(action__plan=plan).select_related("action")
    return [
        [m.action.reference, m.action.title, m.title, _date(m.due_date), "Yes" if m.done else "No"]
        for m in milestones.order_by(*BY_ACTION, "due_date", "id")
    ]


def measure_rows(plan) -> list[list]:
    measures = SuccessMeasure.objects.filter(action__plan=plan).select_related("action").order_by(*BY_ACTION, "id")
    values: dict[int, list[MeasureValue]] = {}
    for value in MeasureValue.objects.filter(measure__action__plan=plan).order_by("date", "id"):
        values.setdefault(value.measure_id, []).append(value)
    rows = []
    for m in measures:
        about = [
            m.action.reference,
            m.action.title,
            m.metric,
            m.unit,
            m.get_direction_display() if m.direction else "",
            _number(m.baseline),
            _number(m.target),
        ]
        series = values.get(m.pk) or [None]
        for v in series:
            if v is None:
                rows.append([*about, "", "", ""])
            else:
                rows.append([*about, _date(v.date), _number(v.value), v.recorded_by_label])
    return rows


def progress_rows(plan) -> list[list]:
    updates = (
        ProgressUpdate.objects.filter(action__plan=plan).select_related("action").order_by(*BY_ACTION, "date", "id")
    )
    return [
        [
            u.action.reference,
            u.action.title,
            _date(u.date),
            u.text,
            u.get_status_before_display() if u.status_before else "",
            u.get_status_after_display() if u.status_after else "",
            u.author_label,
        ]
        for u in updates
    ]


ROWS = {"actions": action_rows, "milestones": milestone_rows, "measures": measure_rows, "progress": progress_rows}


def to_csv(plan, table: str = "actions") -> str:
    """One table of the plan as CSV text (encode as utf-8-sig for Excel). ``KeyError`` for an unknown table."""
    spec = TABLES[table]
    return tabular.to_csv(spec.headings, ROWS[table](plan))


def to_xlsx(plan) -> bytes:
    """The whole plan as one workbook: a sheet per table, Actions first."""
    sheets = [tabular.Sheet(spec.title, spec.headings, ROWS[key](plan), spec.widths) for key, spec in TABLES.items()]
    return tabular.to_workbook(sheets, title=plan.title)


def csv_filename(plan, table: str) -> str:
    return f"action-plan-{plan.pk}.csv" if table == "actions" else f"action-plan-{plan.pk}-{table}.csv"

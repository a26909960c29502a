"""A plan as files people read: the XLSX workbook and the CSV tables.

The Actions table is the import template's columns (``lodestar.plans.tabular.COLUMNS``,
headings in plain English that read back as the same columns) after two columns for
re-import: "Reference" (``Action.reference``) and "Version" (``Action.version``).
"""

from __future__ import annotations

from lodestar.core import tabular
from lodestar.plans.models import Action

XLSX_CONTENT_TYPE = tabular.XLSX_CONTENT_TYPE

# (column, heading, width): each heading normalises (core.tabular.normalise_header) to its column.
ACTION_COLUMNS = [
    ("reference", "Reference", 12),
    ("version", "Version", 9),
    ("title", "Title", 40),
    ("intervention_code", "Intervention code", 30),
    ("star_point", "Star point", 20),
    ("owner_email", "Owner email", 30),
    ("owner_name", "Owner name", 25),
    ("organisation_code", "Organisation code", 18),
    ("start_date", "Start date", 12),
    ("due_date", "Due date", 12),
    ("status", "Status", 14),
    ("priority_rank", "Priority rank", 12),
    ("description", "Description", 50),
]
COLUMNS = [column for column, _heading, _width in ACTION_COLUMNS]
HEADINGS = [heading for _column, heading, _width in ACTION_COLUMNS]
WIDTHS = [width for _column, _heading, width in ACTION_COLUMNS]


def actions_for_export(plan):
    return (
        Action.objects.filter(plan=plan)
        .select_related("intervention", "point", "owner_user", "organisation")
        .order_by("priority_rank", "due_date", "id")
    )


def export_rows(actions) -> list[dict]:
    rows = []
    for action in actions:
        rows.append(
            {
                "reference": action.reference,
                "version": action.version,
                "title": action.title,
                "intervention_code": action.intervention.code if action.intervention_id else "",
                "star_point": action.point.key,
                "owner_email": action.owner_user.email if action.owner_user_id else "",
                "owner_name": action.owner_name if not action.owner_user_id else action.owner_user.display_name,
                "organisation_code": action.organisation.ods_code or "",
                "start_date": action.start_date.isoformat() if action.start_date else "",
                "due_date": action.due_date.isoformat() if action.due_date else "",
                "status": action.get_status_display(),
                "priority_rank": action.priority_rank if action.priority_rank is not None else "",
                "description": action.description,
            }
        )
    return rows


def to_csv(rows: list[dict]) -> str:
    """The actions as CSV; formula-like text is written safely (``lodestar.core.tabular``)."""
    return tabular.to_csv(HEADINGS, [[row.get(c, "") for c in COLUMNS] for row in rows])


def to_xlsx(rows: list[dict], title: str = "Action plan") -> bytes:
    cells = [[row.get(c, "") for c in COLUMNS] for row in rows]
    return tabular.to_xlsx(HEADINGS, cells, sheet_title="Actions", widths=WIDTHS, title=title)

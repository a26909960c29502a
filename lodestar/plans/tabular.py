"""The plan template: one row per action, the same columns for XLSX and CSV, out and in.

``export_rows`` -> ``to_csv`` / ``to_xlsx``; ``read_upload`` -> ``validate_rows``. Validation
checks every row before anything is written and names the row, the column and the value.
"""

from __future__ import annotations

import csv
import datetime
import io

from django.db.models import Q

from lodestar.accounts.models import User
from lodestar.orgs.models import Organisation
from lodestar.orgs.permissions import Permission
from lodestar.plans.models import Action, Status, date_in_range
from lodestar.star.models import Intervention, StarPoint

COLUMNS = [
    "title",
    "intervention_code",
    "star_point",
    "owner_email",
    "owner_name",
    "organisation_code",
    "start_date",
    "due_date",
    "status",
    "priority_rank",
    "description",
]
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_ROWS = 1000


class TemplateError(ValueError):
    """The file as a whole cannot be read (wrong type, missing columns, empty)."""


def export_rows(actions) -> list[dict]:
    rows = []
    for action in actions:
        rows.append(
            {
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


def _safe_cell(value):
    """Stop spreadsheet formula injection: text starting with = + - @ is prefixed with '."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def to_csv(rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _safe_cell(v) for k, v in row.items()})
    return out.getvalue()


def to_xlsx(rows: list[dict], title: str = "Action plan") -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Actions"
    ws.append(COLUMNS)
    for row in rows:
        ws.append([_safe_cell(row[c]) for c in COLUMNS])
    for column, width in zip("ABCDEFGHIJK", [40, 30, 20, 30, 25, 18, 12, 12, 14, 12, 50], strict=True):
        ws.column_dimensions[column].width = width
    ws.freeze_panes = "A2"
    wb.properties.title = title[:200]
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# ---------------------------------------------------------------------------- reading


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).strip()
    if text.startswith("'") and text[1:2] in ("=", "+", "-", "@"):
        text = text[1:]
    return text


def read_upload(name: str, data: bytes) -> list[dict]:
    """Rows as dicts of text, from a .csv or .xlsx upload. ``TemplateError`` if unreadable."""
    lower = (name or "").lower()
    if lower.endswith(".xlsx"):
        table = _read_xlsx(data)
    elif lower.endswith(".csv"):
        table = _read_csv(data)
    else:
        raise TemplateError("The file must be a CSV (.csv) or Excel (.xlsx) file made from the plan template.")
    if not table:
        raise TemplateError("The file is empty: it needs a header row and at least one action.")
    header = [_cell_text(h).lower() for h in table[0]]
    missing = [c for c in ("title", "due_date") if c not in header]
    if missing:
        raise TemplateError(
            "The file is missing the column(s): " + ", ".join(missing) + ". Start from the plan template."
        )
    unknown = [h for h in header if h and h not in COLUMNS]
    if unknown:
        raise TemplateError("The file has column(s) the template does not have: " + ", ".join(unknown) + ".")
    rows = []
    for cells in table[1:]:
        values = {h: _cell_text(v) for h, v in zip(header, cells, strict=False) if h}
        if any(values.values()):
            rows.append(values)
    if not rows:
        raise TemplateError("The file has a header row but no actions.")
    if len(rows) > MAX_ROWS:
        raise TemplateError(f"The file has {len(rows)} actions; the most one upload can add is {MAX_ROWS}.")
    return rows


def _read_csv(data: bytes) -> list[list]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise TemplateError("The CSV file is not readable text: save it as CSV UTF-8 and try again.") from exc
    return list(csv.reader(io.StringIO(text)))


def _read_xlsx(data: bytes) -> list[list]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a bad file
        raise TemplateError("The Excel file could not be opened: save it as .xlsx and try again.") from exc
    ws = wb.worksheets[0]
    return [list(row) for row in ws.iter_rows(values_only=True)]


def parse_date(text: str) -> datetime.date:
    """ISO (2027-03-31) or UK (31/03/2027). ``ValueError`` with a reason otherwise."""
    text = text.strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            value = datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        if not date_in_range(value):
            raise ValueError("is not between 2000 and 2099")
        return value
    # Distinguish "not a real date" (31/02/2027) from "not a date at all".
    parts = text.replace("-", "/").split("/")
    if len(parts) == 3 and all(p.isdigit() for p in parts):
        raise ValueError("is not a real date")
    raise ValueError("is not a date: use 2027-03-31 or 31/03/2027")


def _status_lookup() -> dict[str, str]:
    lookup = {}
    for value, label in Status.choices:
        lookup[value] = value
        lookup[label.lower()] = value
        lookup[value.replace("_", " ")] = value
    return lookup


def validate_rows(rows: list[dict], *, user, plan) -> tuple[list[dict], list[str]]:
    """Check every row. Returns (values for ``create_action``, messages); messages name the row.

    Row numbers count the header as row 1, as a spreadsheet shows them.
    """
    points = {}
    for point in StarPoint.objects.all():
        points[point.key.lower()] = point
        points[point.name.lower()] = point
    interventions = {i.code.lower(): i for i in Intervention.objects.visible_to(user).select_related("point")}
    organisations = {
        (o.ods_code or "").upper(): o for o in Organisation.objects.in_reach(user, Permission.VIEW) if o.ods_code
    }
    emails = {r.get("owner_email", "").strip().lower() for r in rows if r.get("owner_email", "").strip()}
    users = {
        u.email.lower(): u for u in User.objects.filter(Q(email__in=emails) & Q(is_active=True))
    }  # known users only
    statuses = _status_lookup()
    cleaned, errors = [], []
    for number, row in enumerate(rows, start=2):
        problems = []

        def bad(column, value, why, problems=problems, number=number):
            problems.append(f"Row {number}: {column} '{value}' {why}" if value else f"Row {number}: {column} {why}")

        title = row.get("title", "").strip()
        if not title:
            bad("title", "", "is empty: every action needs a title")
        elif len(title) > 200:
            bad("title", "", "is longer than 200 characters")
        if len(row.get("description", "").strip()) > 10_000:
            bad("description", "", "is longer than 10,000 characters")

        intervention = None
        code = row.get("intervention_code", "").strip()
        if code:
            intervention = interventions.get(code.lower())
            if intervention is None:
                bad("intervention_code", code, "is not an intervention in the catalogue you can see")

        point = None
        point_text = row.get("star_point", "").strip()
        if point_text:
            point = points.get(point_text.lower())
            if point is None:
                bad(
                    "star_point",
                    point_text,
                    "is not a Star point: use supply, upskilling, new-roles, new-ways-of-working or leadership",
                )
        elif intervention is not None:
            point = intervention.point
        elif not code:
            bad("star_point", "", "is empty: give a Star point or an intervention code")

        owner_user = None
        email = row.get("owner_email", "").strip()
        owner_name = row.get("owner_name", "").strip()
        if email:
            owner_user = users.get(email.lower())
            if owner_user is None and not owner_name:
                bad("owner_email", email, "is not a Lodestar user: give owner_name for someone without an account")
        if owner_user is not None:
            owner_name = ""
        if len(owner_name) > 200:
            bad("owner_name", "", "is longer than 200 characters")

        organisation = plan.organisation
        org_code = row.get("organisation_code", "").strip()
        if org_code:
            organisation = organisations.get(org_code.upper())
            if organisation is None:
                bad("organisation_code", org_code, "is not an organisation you can see")

        dates = {}
        for column in ("start_date", "due_date"):
            text = row.get(column, "").strip()
            if not text:
                dates[column] = None
                if column == "due_date":
                    bad("due_date", "", "is empty: every action needs a due date")
                continue
            try:
                dates[column] = parse_date(text)
            except ValueError as exc:
                dates[column] = None
                bad(column, text, str(exc))
        if dates.get("start_date") and dates.get("due_date") and dates["due_date"] < dates["start_date"]:
            bad("due_date", row.get("due_date"), f"is before start_date '{row.get('start_date')}'")

        status_text = row.get("status", "").strip()
        status = statuses.get(status_text.lower(), None) if status_text else Status.NOT_STARTED
        if status is None:
            bad("status", status_text, "is not a status: use " + ", ".join(label for _v, label in Status.choices))

        rank = None
        rank_text = row.get("priority_rank", "").strip()
        if rank_text:
            if rank_text.isdigit() and int(rank_text) > 0:
                rank = int(rank_text)
            else:
                bad("priority_rank", rank_text, "is not a whole number above 0")

        if problems:
            errors.extend(problems)
            continue
        cleaned.append(
            {
                "title": title,
                "description": row.get("description", "").strip(),
                "intervention": intervention,
                "point": point,
                "owner_user": owner_user,
                "owner_name": owner_name,
                "organisation": organisation,
                "start_date": dates["start_date"],
                "due_date": dates["due_date"],
                "status": status,
                "priority_rank": rank,
            }
        )
    return cleaned, errors


def actions_for_export(plan):
    return (
        Action.objects.filter(plan=plan)
        .select_related("intervention", "point", "owner_user", "organisation")
        .order_by("priority_rank", "due_date", "id")
    )

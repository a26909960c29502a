"""The plan template: one row per action, the same columns for XLSX and CSV, out and in.

``export_rows`` -> ``to_csv`` / ``to_xlsx``; ``read_upload`` -> ``validate_rows``. Validation
reads every row's text into an action's values and checks them with the actions' own rule
(``lodestar.plans.actions.check_action_values``) before anything is written; each message
names the row, the column and the value.
"""

from __future__ import annotations

import csv
import datetime
import io

from django.db.models import Q

from lodestar.accounts.models import User
from lodestar.orgs.models import Organisation
from lodestar.orgs.permissions import Permission
from lodestar.plans.actions import check_action_values
from lodestar.plans.models import Action, Status
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
    """ISO (2027-03-31) or UK (31/03/2027). ``ValueError`` with a reason otherwise.

    Whether the date is acceptable (2000 to 2099, due after start) is the action's rule.
    """
    text = text.strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
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


# An action argument -> the template column that holds it.
FIELD_COLUMNS = {
    "point": "star_point",
    "intervention": "intervention_code",
    "owner_user": "owner_email",
    "organisation": "organisation_code",
}
# Columns whose text is not repeated in a message (it can be long).
FREE_TEXT = {"title", "description", "owner_name"}


class _Lookups:
    """What a row's codes, emails and words mean: read once per upload, scoped to the user."""

    def __init__(self, rows: list[dict], *, user, plan):
        self.plan = plan
        self.points = {}
        for point in StarPoint.objects.all():
            self.points[point.key.lower()] = point
            self.points[point.name.lower()] = point
        self.interventions = {i.code.lower(): i for i in Intervention.objects.visible_to(user).select_related("point")}
        self.organisations = {
            (o.ods_code or "").upper(): o for o in Organisation.objects.in_reach(user, Permission.VIEW) if o.ods_code
        }
        emails = {r.get("owner_email", "").strip().lower() for r in rows if r.get("owner_email", "").strip()}
        self.users = {u.email.lower(): u for u in User.objects.filter(Q(email__in=emails) & Q(is_active=True))}
        self.statuses = _status_lookup()


class _Row:
    """One row's text turned into an action's values; ``problems`` are (column, why) for text
    that could not be read (an unknown code, an unreal date)."""

    def __init__(self, row: dict, lookups: _Lookups):
        self.row, self.lookups = row, lookups
        self.problems: list[tuple[str, str]] = []
        intervention = self._intervention()
        owner_user, owner_name = self._owner()
        self.values = {
            "title": self.text("title"),
            "description": self.text("description"),
            "intervention": intervention,
            "point": self._point(intervention),
            "owner_user": owner_user,
            "owner_name": owner_name,
            "organisation": self._organisation(),
            "start_date": self._date("start_date"),
            "due_date": self._date("due_date"),
            "status": self._status(),
            "priority_rank": self._rank(),
        }

    def text(self, column: str) -> str:
        return (self.row.get(column) or "").strip()

    def bad(self, column: str, why: str) -> None:
        self.problems.append((column, why))

    def _intervention(self):
        code = self.text("intervention_code")
        intervention = self.lookups.interventions.get(code.lower()) if code else None
        if code and intervention is None:
            self.bad("intervention_code", "is not an intervention in the catalogue you can see")
        return intervention

    def _point(self, intervention):
        text = self.text("star_point")
        if not text:
            if intervention is None and not self.text("intervention_code"):
                self.bad("star_point", "is empty: give a Star point or an intervention code")
            return intervention.point if intervention is not None else None
        point = self.lookups.points.get(text.lower())
        if point is None:
            self.bad(
                "star_point",
                "is not a Star point: use supply, upskilling, new-roles, new-ways-of-working or leadership",
            )
        return point

    def _owner(self):
        email, name = self.text("owner_email"), self.text("owner_name")
        owner = self.lookups.users.get(email.lower()) if email else None
        if email and owner is None and not name:
            self.bad("owner_email", "is not a Lodestar user: give owner_name for someone without an account")
        return owner, "" if owner is not None else name

    def _organisation(self):
        code = self.text("organisation_code")
        if not code:
            return self.lookups.plan.organisation
        organisation = self.lookups.organisations.get(code.upper())
        if organisation is None:
            self.bad("organisation_code", "is not an organisation you can see")
        return organisation

    def _date(self, column: str):
        text = self.text(column)
        if not text:
            return None
        try:
            return parse_date(text)
        except ValueError as exc:
            self.bad(column, str(exc))
            return None

    def _status(self):
        text = self.text("status")
        if not text:
            return Status.NOT_STARTED
        status = self.lookups.statuses.get(text.lower())
        if status is None:
            self.bad("status", "is not a status: use " + ", ".join(label for _v, label in Status.choices))
        return status

    def _rank(self):
        text = self.text("priority_rank")
        if text and not text.isdigit():
            self.bad("priority_rank", "is not a whole number above 0")
            return None
        return int(text) if text else None

    def messages(self, number: int) -> list[str]:
        """Every problem with the row as "Row N: <column> ...": the text that could not be read,
        then the actions' rules (``check_action_values``) for the columns that could."""
        out = [self._message(number, column, f" {why}") for column, why in self.problems]
        unreadable = {column for column, _why in self.problems}
        for field, message in check_action_values(self.values).items:
            column = FIELD_COLUMNS.get(field, field)
            if column not in unreadable:
                out.append(self._message(number, column, f": {message}"))
        return out

    def _message(self, number: int, column: str, tail: str) -> str:
        value = self.text(column)
        shown = f" '{value}'" if value and column not in FREE_TEXT else ""
        return f"Row {number}: {column}{shown}{tail}"


def validate_rows(rows: list[dict], *, user, plan) -> tuple[list[dict], list[str]]:
    """Check every row. Returns (values for ``create_action``, messages); messages name the row.

    The text is read here (codes, emails, status words, dates); whether the values are
    acceptable is the actions' rule, the same one the web form and the API answer with.
    Row numbers count the header as row 1, as a spreadsheet shows them.
    """
    lookups = _Lookups(rows, user=user, plan=plan)
    cleaned, errors = [], []
    for number, row in enumerate(rows, start=2):
        parsed = _Row(row, lookups)
        problems = parsed.messages(number)
        if problems:
            errors.extend(problems)
        else:
            cleaned.append(parsed.values)
    return cleaned, errors


def actions_for_export(plan):
    return (
        Action.objects.filter(plan=plan)
        .select_related("intervention", "point", "owner_user", "organisation")
        .order_by("priority_rank", "due_date", "id")
    )

"""The plan template read back in: one row per action, the same columns for XLSX and CSV.

``read_upload`` -> ``parse_rows`` (-> ``lodestar.plans.importing.preview``; the way out, the exports,
is ``lodestar.plans.exports``). Validation
reads every row's text into an action's values and checks them with the actions' own rule
(``lodestar.plans.actions.check_action_values``) before anything is written; each message
names the row, the column and the value.
"""

from __future__ import annotations

import datetime

from django.db.models import Q

from lodestar.accounts.models import User
from lodestar.core import tabular
from lodestar.orgs.models import Organisation
from lodestar.orgs.permissions import Permission
from lodestar.plans.actions import DESCRIPTION_MAX, check_action_values
from lodestar.plans.models import Status
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
# Columns an export adds before the template's (lodestar.plans.exports): read, not refused.
EXPORT_ONLY = ["reference", "version"]
MAX_ROWS = 1000
MAX_BYTES = 5 * tabular.MIB
# The reader's own cell limit sits above the description's, so the action's rule answers.
MAX_CELL_CHARS = 2 * DESCRIPTION_MAX
TemplateError = tabular.TableError  # the file as a whole cannot be read


# ---------------------------------------------------------------------------- reading


def read_upload(name: str, data: bytes) -> tuple[list[tabular.Row], tabular.Table]:
    """The rows of a .csv or .xlsx upload made from the template, each with every template
    column the file has (text, "" when empty) and its spreadsheet row number; and the table
    (``table.label`` names a column in messages). ``TableError`` if the file cannot be read."""
    table = tabular.read(
        name,
        data,
        required=["title", "due_date"],
        columns=[*COLUMNS, *EXPORT_ONLY],
        refuse_unknown=True,
        hint="Start from the plan template.",
        max_rows=MAX_ROWS,
        max_bytes=MAX_BYTES,
        max_field_chars=MAX_CELL_CHARS,
    )
    rows = [tabular.Row(row.number, {c: row[c] for c in table.columns}, row.problems) for row in table]
    if not rows:
        raise TemplateError("The file has a header row but no actions.")
    return rows, table


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

    def __init__(self, rows: list[tabular.Row], *, user, plan):
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

    def __init__(self, row: tabular.Row, lookups: _Lookups):
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
        return self.row.get(column).strip()

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

    def messages(self, table: tabular.Table | None = None) -> list[str]:
        """Every problem with the row as "Row N: <column> ...": what the reader refused, the
        text that could not be read, then the actions' rules (``check_action_values``) for
        the columns that could. ``table`` names the columns (with their letter in an XLSX)."""
        if self.row.problems:
            return list(self.row.problems)
        out = [self._message(column, f" {why}", table) for column, why in self.problems]
        unreadable = {column for column, _why in self.problems}
        for field, message in check_action_values(self.values).items:
            column = FIELD_COLUMNS.get(field, field)
            if column not in unreadable:
                out.append(self._message(column, f": {message}", table))
        return out

    def _message(self, column: str, tail: str, table: tabular.Table | None) -> str:
        value = self.text(column)
        shown = f" '{value}'" if value and column not in FREE_TEXT else ""
        name = table.label(column) if table is not None else column
        return f"Row {self.row.number}: {name}{shown}{tail}."


def parse_rows(rows: list[tabular.Row], *, user, plan, table=None) -> list[tuple[tabular.Row, dict, list[str]]]:
    """Each row with its action values (for ``create_action``) and its problems ("Row N: ...";
    none when it is fine).

    The text is read here (codes, emails, status words, dates); whether the values are
    acceptable is the actions' rule, the same one the web form and the API answer with.
    Row numbers are the spreadsheet's (the header is usually row 1). ``table`` is anything
    with ``label(column)``; the importer (``lodestar.plans.importing.preview``) matches the
    rows to the plan's actions by their ``reference``."""
    lookups = _Lookups(rows, user=user, plan=plan)
    out = []
    for row in rows:
        parsed = _Row(row, lookups)
        out.append((row, parsed.values, parsed.messages(table)))
    return out

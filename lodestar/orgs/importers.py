"""Importing organisations from a CSV or XLSX file: parse, validate every row, plan, then apply.

The file has a header row with the columns ``code, name, type, parent_code`` (in any order,
case and spacing; other columns are ignored). ``code`` is the organisation's ODS code (the
key: importing again updates by code), ``type`` is a type's name or key in any case ("NHS
trust" or "nhs_trust"), and ``parent_code`` is empty or the code of an organisation earlier
or later in the file or already in Lodestar.

The file is read by ``lodestar.core.tabular`` (its limits, formula policy and control
character checks); each row's details are checked by ``actions.check_organisation``, the rule
the web form uses too, and its problems become "Row N: ..." messages. ``validate`` returns
every problem in the file at once, each naming its row (the header is row 1, as in a
spreadsheet). ``apply`` writes nothing unless the file has no problems, and then writes every
row in one transaction with an audit event each. Used by the ``import_organisations`` command.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from lodestar.core import tabular
from lodestar.core.validation import ValidationProblem
from lodestar.orgs import actions
from lodestar.orgs.models import Organisation, OrganisationType, OrgEvent

COLUMNS = ["code", "name", "type", "parent_code"]
# How an action's field is named in the file, and the words its messages start with.
FIELDS = {"ods_code": ("code", "ODS code"), "name": ("name", "Name"), "type": ("type", "Type")}
FORMULA_STARTS = actions.FORMULA_STARTS

_TYPES: dict[str, str] = {}
for _value, _label in OrganisationType.choices:
    _TYPES[_value.lower()] = _value
    _TYPES[str(_label).lower()] = _value


def type_from_text(text: str) -> str | None:
    """The type key for a type's key or label in any case, or None."""
    return _TYPES.get(" ".join(text.strip().lower().replace("-", " ").split())) or _TYPES.get(text.strip().lower())


def allowed_types_text() -> str:
    return ", ".join(f"{label} ({value})" for value, label in OrganisationType.choices)


@dataclass
class Row:
    number: int
    code: str
    name: str
    type: str
    parent_code: str


@dataclass
class ImportResult:
    rows: list[Row] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        return f"{len(self.created)} new, {len(self.updated)} updated, {len(self.unchanged)} unchanged"


def _source(source, name: str) -> tuple[str, object]:
    """Text (as the command and tests pass it) becomes UTF-8 bytes; bytes, files and paths pass through."""
    if isinstance(source, str):
        return name, source.encode("utf-8")
    return name, source


def parse(source, name: str = "organisations.csv", **limits) -> ImportResult:
    """Read the rows and check each on its own (columns, required values, type, the action's rules, duplicates).

    ``source`` is the file's text, bytes, a binary file or a path; ``name`` gives its kind
    (.csv or .xlsx); ``limits`` are ``tabular.Limits`` fields."""
    result = ImportResult()
    try:
        table = tabular.read(*_source(source, name), required=COLUMNS, columns=COLUMNS, **limits)
        existing = {o.ods_code: o for o in Organisation.objects.exclude(ods_code__isnull=True)}
        seen: dict[str, int] = {}
        for raw in table:
            if raw.problems:
                result.errors.extend(raw.problems)
                continue
            row = _parse_row(raw, table, existing, seen, result.errors)
            if row is not None:
                result.rows.append(row)
    except tabular.TableError as exc:
        result.errors.extend(exc.messages)
        return result
    if not result.rows and not result.errors:
        result.errors.append("The file has no rows of organisations under its header.")
    return result


def _parse_row(raw: tabular.Row, table: tabular.Table, existing: dict, seen: dict, errors: list[str]) -> Row | None:
    """One row as a ``Row``, its problems added to ``errors``: the file's own checks (missing values,
    an unknown type, a duplicate code), then the action's rules for the details given."""
    number, label = raw.number, table.label
    code, parent_code = raw["code"].upper(), raw["parent_code"].upper()
    name, type_text = actions.clean_name(raw["name"]), raw["type"]
    type_key = type_from_text(type_text) if type_text else None
    mine = []
    if not code:
        mine.append(f"Row {number}: {label('code')} is missing.")
    if not name:
        mine.append(f"Row {number}: {label('name')} is missing.")
    if not type_text:
        mine.append(f"Row {number}: {label('type')} is missing. Use one of: {allowed_types_text()}.")
    elif type_key is None:
        mine.append(f"Row {number}: {label('type')} '{type_text}' is not one of: {allowed_types_text()}.")
    details = {"name": name} if name else {}
    if type_key:
        details["type"] = type_key
    try:
        actions.check_organisation(**details, ods_code=code or None, organisation=existing.get(code))
        code_ok = bool(code)
    except ValidationProblem as exc:
        code_ok = bool(code) and "ods_code" not in exc.by_field()
        mine.extend(tabular.problem_messages(number, exc, FIELDS, table))
    if code_ok and code in seen:
        mine.append(f"Row {number}: {label('code')} '{code}' is a duplicate of row {seen[code]}.")
    elif code_ok:
        seen[code] = number
    if code and parent_code == code:
        mine.append(f"Row {number}: {label('parent_code')} '{parent_code}' is the organisation's own code.")
    errors.extend(sorted(mine, key=_order))
    return Row(number, code, name, type_key or "", parent_code)


def _order(message: str) -> int:
    """Within a row, problems in the order of the columns."""
    text = message.split(": ", 1)[-1]
    return next((i for i, c in enumerate(COLUMNS) if text.startswith(c + " ") or text.startswith(c + ":")), 0)


def validate(source, name: str = "organisations.csv", **limits) -> ImportResult:
    """``parse`` plus the checks against Lodestar's organisations: parents exist, no loops."""
    result = parse(source, name, **limits)
    if not result.rows:
        return result
    existing = {o.ods_code: o for o in Organisation.objects.exclude(ods_code__isnull=True).exclude(ods_code="")}
    in_file = {r.code: r for r in result.rows if r.code}
    for r in result.rows:
        if r.parent_code and r.parent_code != r.code and r.parent_code not in in_file and r.parent_code not in existing:
            result.errors.append(f"Row {r.number}: parent code '{r.parent_code}' not found in the file or in Lodestar.")

    # Loops: follow each row's parent through the file and the database as they would be after import.
    parent_of_db = dict(Organisation.objects.values_list("pk", "parent_id"))
    code_of_pk = {o.pk: code for code, o in existing.items()}

    def key_for_code(code):
        if code in in_file:
            return ("code", code)
        if code in existing:
            return ("pk", existing[code].pk)
        return None

    def parent_key(key):
        kind, value = key
        code = value if kind == "code" else code_of_pk.get(value)
        if code in in_file:
            pc = in_file[code].parent_code
            return key_for_code(pc) if pc else None
        parent_pk = parent_of_db.get(value) if kind == "pk" else None
        if parent_pk is None:
            return None
        return ("code", code_of_pk[parent_pk]) if code_of_pk.get(parent_pk) in in_file else ("pk", parent_pk)

    reported: set[str] = set()
    for r in result.rows:
        if not r.code or not r.parent_code or r.parent_code == r.code or r.code in reported:
            continue
        start = ("code", r.code)
        trail, key = [r.code], parent_key(start)
        steps = 0
        while key is not None and steps <= len(parent_of_db) + len(in_file):
            steps += 1
            kind, value = key
            label = value if kind == "code" else (code_of_pk.get(value) or f"#{value}")
            if key == start:
                trail.append(r.code)
                result.errors.append(
                    f"Row {r.number}: parent code '{r.parent_code}' makes a loop ({' > '.join(trail)})."
                )
                reported.add(r.code)
                break
            trail.append(label)
            key = parent_key(key)
    result.errors.sort(key=tabular.row_number)
    return result


def plan(result: ImportResult) -> ImportResult:
    """Sort the rows of a valid file into new, updated and unchanged (writes nothing)."""
    existing = {o.ods_code: o for o in Organisation.objects.filter(ods_code__in=[r.code for r in result.rows])}
    for r in result.rows:
        org = existing.get(r.code)
        if org is None:
            result.created.append(r.code)
        else:
            parent_code = org.parent.ods_code if org.parent_id else ""
            if (org.name, org.type, (parent_code or "").upper()) == (r.name, r.type, r.parent_code):
                result.unchanged.append(r.code)
            else:
                result.updated.append(r.code)
    return result


def apply(source, *, name: str = "organisations.csv", actor=None, dry_run: bool = False, **limits) -> ImportResult:
    """Validate the whole file; when it has no problems (and not a dry run) write every row."""
    result = validate(source, name, **limits)
    if not result.ok:
        return result
    plan(result)
    if not dry_run:
        _write(result, actor=actor)
    return result


@transaction.atomic
def _write(result: ImportResult, *, actor) -> None:
    by_code = {r.code: r for r in result.rows}
    done: dict[str, Organisation] = {}

    def org_for(code: str) -> Organisation:
        if code in done:
            return done[code]
        if code not in by_code:
            return Organisation.objects.get(ods_code=code)
        r = by_code[code]
        parent = org_for(r.parent_code) if r.parent_code else None
        if parent is not None:
            parent.refresh_from_db()  # an earlier row may have moved one of its ancestors
        org = Organisation.objects.filter(ods_code=code).first()
        if org is None:
            org = actions.create_organisation(
                actor=actor,
                name=r.name,
                type=r.type,
                ods_code=code,
                parent=parent,
                action=OrgEvent.IMPORT,
            )
        else:
            actions.update_organisation(
                actor=actor,
                organisation=org,
                name=r.name,
                type=r.type,
                parent=parent,
                action=OrgEvent.IMPORT,
            )
        done[code] = org
        return org

    for r in result.rows:
        org_for(r.code)

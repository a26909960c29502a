"""Importing organisations from a CSV file: parse, validate every row, then apply.

The file has a header row and the columns ``code, name, type, parent_code``.
``code`` is the organisation's ODS code (the key: importing again updates by code),
``type`` is a type's name or key in any case ("NHS trust" or "nhs_trust"), and
``parent_code`` is empty or the code of an organisation earlier or later in the file
or already in Lodestar.

``validate`` returns every problem in the file at once, each naming its row (the
header is row 1, as in a spreadsheet). ``apply`` writes nothing unless the file has
no problems, and then writes every row in one transaction with an audit event each.
Used by the ``import_organisations`` command; the web or API can reuse it.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.db import transaction

from lodestar.orgs import actions
from lodestar.orgs.models import Organisation, OrganisationType, OrgEvent

COLUMNS = ["code", "name", "type", "parent_code"]
MAX_CODE = Organisation._meta.get_field("ods_code").max_length
MAX_NAME = Organisation._meta.get_field("name").max_length
# A name starting with one of these would run as a formula when a spreadsheet opens an export.
FORMULA_STARTS = ("=", "+", "-", "@")

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


def parse(text: str) -> ImportResult:
    """Read the rows and check each on its own (columns, required values, type, lengths, duplicates)."""
    result = ImportResult()
    if text.startswith("\ufeff"):
        text = text[1:]
    reader = csv.DictReader(io.StringIO(text))
    header = [(h or "").strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in COLUMNS if c not in header]
    if not reader.fieldnames:
        result.errors.append("The file is empty. It needs a header row: " + ",".join(COLUMNS) + ".")
        return result
    if missing:
        result.errors.append(
            f"Row 1: the header must have the columns {', '.join(COLUMNS)}; missing: {', '.join(missing)}."
        )
        return result
    reader.fieldnames = header
    seen: dict[str, int] = {}
    for number, raw in enumerate(reader, start=2):
        values = {k: (raw.get(k) or "").strip() for k in COLUMNS}
        values["name"] = " ".join(values["name"].split())  # no line breaks or tabs inside a name
        if not any(values.values()):
            continue  # blank line
        if None in raw:
            result.errors.append(f"Row {number}: has more values than the {len(COLUMNS)} columns.")
        code = values["code"].upper()
        parent_code = values["parent_code"].upper()
        type_key = type_from_text(values["type"]) if values["type"] else None
        if not code:
            result.errors.append(f"Row {number}: code is missing.")
        elif not code.isalnum():
            result.errors.append(f"Row {number}: code '{code}' must contain only letters and numbers.")
        elif len(code) > MAX_CODE:
            result.errors.append(f"Row {number}: code '{code}' is longer than {MAX_CODE} characters.")
        elif code in seen:
            result.errors.append(f"Row {number}: code '{code}' is a duplicate of row {seen[code]}.")
        else:
            seen[code] = number
        if not values["name"]:
            result.errors.append(f"Row {number}: name is missing.")
        elif len(values["name"]) > MAX_NAME:
            result.errors.append(f"Row {number}: name is longer than {MAX_NAME} characters.")
        elif values["name"].startswith(FORMULA_STARTS):
            result.errors.append(
                f"Row {number}: name must not start with {' '.join(FORMULA_STARTS)} (spreadsheet formulas are not allowed)."
            )
        if not values["type"]:
            result.errors.append(f"Row {number}: type is missing. Use one of: {allowed_types_text()}.")
        elif type_key is None:
            result.errors.append(f"Row {number}: type '{values['type']}' is not one of: {allowed_types_text()}.")
        if code and parent_code == code:
            result.errors.append(f"Row {number}: parent code '{parent_code}' is the organisation's own code.")
        result.rows.append(Row(number, code, values["name"], type_key or "", parent_code))
    if not result.rows and not result.errors:
        result.errors.append("The file has no rows of organisations under its header.")
    return result


def validate(text: str) -> ImportResult:
    """``parse`` plus the checks against Lodestar's organisations: parents exist, no loops."""
    result = parse(text)
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
    result.errors.sort(key=_row_number)
    return result


def _row_number(message: str) -> int:
    try:
        return int(message.split(":", 1)[0].removeprefix("Row "))
    except ValueError:
        return 0


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


def apply(text: str, *, actor=None, dry_run: bool = False) -> ImportResult:
    """Validate the whole file; when it has no problems (and not a dry run) write every row."""
    result = validate(text)
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

"""Form building blocks every app shares: the UK date field, and turning an action's
``ValidationProblem`` into errors beside the form's fields.

Forms check only what a browser can send wrongly (a missing value, text where a number goes,
an unreal date); the rules about what is acceptable live in the actions, and a form shows
their answer with ``add_problems``.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass

from django import forms
from django.forms.boundfield import BoundField

from lodestar.core.validation import DATE_RANGE_TEXT, ValidationProblem, date_in_range
from lodestar.core.words import and_list

# One wording for every date in the service (the NHS.UK date input: day, month and year boxes).
DATE_HINT = "For example, 15 3 2027"
PARTS = ("day", "month", "year")


def label_text(label) -> str:
    """A field's label without its " (optional)" marker, as messages and the audit log name the
    field: "Job title (optional)" is "Job title"."""
    return str(label).replace(" (optional)", "").strip()


@dataclass(frozen=True)
class DateParts:
    """A date as typed into the three boxes, each part as text ("" when empty)."""

    day: str = ""
    month: str = ""
    year: str = ""

    @classmethod
    def of(cls, value) -> DateParts:
        """The parts to show for a value: a date, an ISO date string, parts already, or nothing."""
        if isinstance(value, DateParts):
            return value
        if isinstance(value, str) and value.strip():
            try:
                value = datetime.date.fromisoformat(value.strip())
            except ValueError:
                return cls()
        if isinstance(value, datetime.date):
            return cls(str(value.day), str(value.month), str(value.year))
        return cls()

    @property
    def missing(self) -> list[str]:
        return [part for part in PARTS if not getattr(self, part)]


def read_date(parts: DateParts, name: str = "Date") -> tuple[datetime.date | None, str | None, tuple[str, ...]]:
    """(the date, None, ()) for good parts or (None, None, ()) for no parts at all; otherwise
    (None, the message naming the field, the parts to mark as wrong)."""
    missing = parts.missing
    if len(missing) == len(PARTS):
        return None, None, ()
    if missing:
        return None, f"{name} must include a {and_list(missing)}", tuple(missing)
    not_numbers = tuple(part for part in PARTS if not getattr(parts, part).isdigit())
    if not_numbers:
        return None, f"{name} must be a real date", not_numbers
    day, month, year = (int(getattr(parts, part)) for part in PARTS)
    if not 1 <= month <= 12:
        return None, f"{name} must be a real date", ("month",) if 1 <= day <= 31 else ("day", "month")
    try:
        value = datetime.date(year, month, day)
    except ValueError:  # 31 2, day 0, or year 0
        return None, f"{name} must be a real date", ("year",) if year < 1 else ("day",)
    if not date_in_range(value):
        return None, f"{name} must be {DATE_RANGE_TEXT}", ("year",)
    return value, None, ()


class UKDateWidget(forms.MultiWidget):
    """Three boxes, named ``<name>-day``, ``<name>-month`` and ``<name>-year``, read back as
    ``DateParts``. Pages draw it with the NHS.UK ``dateInput`` macro (``includes/forms.jinja``)."""

    def __init__(self, attrs=None):
        part = {"inputmode": "numeric", "autocomplete": "off"}
        super().__init__([forms.TextInput(part), forms.TextInput(part), forms.TextInput(part)], attrs)

    def decompress(self, value):
        parts = DateParts.of(value)
        return [parts.day, parts.month, parts.year]

    def value_from_datadict(self, data, files, name) -> DateParts:
        return DateParts(*(str(data.get(f"{name}-{part}") or "").strip() for part in PARTS))

    def value_omitted_from_data(self, data, files, name) -> bool:
        return not any(f"{name}-{part}" in data for part in PARTS)

    def id_for_label(self, id_):
        """The day box: where the error summary's link takes the person."""
        return f"{id_}-day" if id_ else ""


class UKDateBoundField(BoundField):
    @property
    def date_items(self) -> list[dict]:
        """The ``items`` of the NHS.UK ``dateInput`` macro: each box's name, id, value, and
        error state (the parts that are wrong, or all three when the date as a whole is refused)."""
        parts = DateParts.of(self.value())
        wrong: set[str] = set()
        if self.errors:
            wrong = set(read_date(parts)[2]) or set(PARTS)
        attributes = {"aria-required": "true"} if self.field.required else {}
        return [
            {
                "id": f"{self.auto_id}-{part}",
                "name": f"{self.html_name}-{part}",
                "label": part.capitalize(),
                "value": getattr(parts, part),
                "width": 4 if part == "year" else 2,
                "inputmode": "numeric",
                "autocomplete": "off",
                "error": part in wrong,
                "attributes": attributes,
            }
            for part in PARTS
        ]


class UKDateField(forms.Field):
    """A date typed into day, month and year boxes, from 2000 to 2099. Its messages name the
    field by its label: "Due date must be a real date", "Due date must include a year"."""

    widget = UKDateWidget
    bound_field_class = UKDateBoundField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("help_text", DATE_HINT)
        super().__init__(*args, **kwargs)

    @property
    def name(self) -> str:
        label = label_text(self.label or "Date")
        return label[:1].upper() + label[1:]

    def prepare_value(self, value) -> DateParts:
        return DateParts.of(value)

    def to_python(self, value) -> datetime.date | None:
        if isinstance(value, datetime.datetime):
            value = value.date()
        if isinstance(value, datetime.date):
            parts = DateParts.of(value)
        elif isinstance(value, DateParts):
            parts = value
        elif value in self.empty_values:
            return None
        else:
            parts = DateParts.of(str(value))
            if not any((parts.day, parts.month, parts.year)):
                raise forms.ValidationError(f"{self.name} must be a real date", code="invalid")
        date, message, _wrong = read_date(parts, self.name)
        if message:
            raise forms.ValidationError(message, code="invalid")
        return date

    def validate(self, value):
        if value is None and self.required:
            message = self.error_messages["required"]
            if message == forms.Field.default_error_messages["required"]:
                message = f"Enter the {self.name[:1].lower()}{self.name[1:]}"
            raise forms.ValidationError(message, code="required")


def add_problems(form: forms.Form, problem: ValidationProblem, fields: Mapping[str, str] | None = None) -> None:
    """Show an action's problems on ``form``: each beside its field (renamed through ``fields``
    where the form calls it something else), or above the form when the form has no such field."""
    fields = fields or {}
    for field, message in problem.problems:
        name = fields.get(field, field)
        form.add_error(name if name in form.fields else None, message)

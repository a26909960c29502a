"""The import journey's forms: the upload (file, what it is, whose data, the month) and, for an
organisation's staff records, the column mapping.

They read what a browser sends (no file, an unknown choice, an unreal month); what is acceptable
(the file's type and contents, who may load what) is ``lodestar.workforce.actions``' rule, shown
beside the fields with ``lodestar.core.forms.add_problems``.
"""

from __future__ import annotations

import datetime

from django import forms
from django.conf import settings

from lodestar.core.forms import DateParts, read_date
from lodestar.core.tabular import MIB
from lodestar.ingest.common import MAX_BYTES
from lodestar.ingest.sources import staff_records
from lodestar.orgs.models import Organisation
from lodestar.orgs.permissions import Permission
from lodestar.workforce import queries
from lodestar.workforce.models import ColumnMapping, Source

AUTO = "auto"  # "Work it out from the columns"
NATIONAL = "national"  # "Published national statistics (everyone can see them)"
AUTO_LABEL = "Work it out from the columns"
NATIONAL_LABEL = "Published national statistics (everyone can see them)"
NOT_IN_FILE = ""  # a Lodestar field the file has no column for


def max_bytes() -> int:
    """The largest file the journey takes (``LODESTAR_IMPORT_MAX_BYTES``, else the ingestors' own limit)."""
    return int(getattr(settings, "LODESTAR_IMPORT_MAX_BYTES", MAX_BYTES))


def too_big_message(limit: int | None = None) -> str:
    limit = max_bytes() if limit is None else limit
    return f"The file must be smaller than {limit / MIB:g} MB: split it (by month or organisation) and upload each part"


def manageable_organisations(user):
    return Organisation.objects.in_reach(user, Permission.MANAGE_WORKFORCE_DATA).order_by("name")


class MonthWidget(forms.MultiWidget):
    """Two boxes, ``<name>-month`` and ``<name>-year``, read back as ``DateParts`` (day 1)."""

    def __init__(self, attrs=None):
        part = {"inputmode": "numeric", "autocomplete": "off"}
        super().__init__([forms.TextInput(part), forms.TextInput(part)], attrs)

    def decompress(self, value):
        parts = DateParts.of(value)
        return [parts.month, parts.year]

    def value_from_datadict(self, data, files, name) -> DateParts:
        month, year = (str(data.get(f"{name}-{part}") or "").strip() for part in ("month", "year"))
        return DateParts("1" if (month or year) else "", month, year)

    def value_omitted_from_data(self, data, files, name) -> bool:
        return not any(f"{name}-{part}" in data for part in ("month", "year"))

    def id_for_label(self, id_):
        """The month box: where the error summary's link takes the person."""
        return f"{id_}-month" if id_ else ""


class MonthField(forms.Field):
    """A month typed as month and year boxes: the first day of that month."""

    widget = MonthWidget

    def to_python(self, value) -> datetime.date | None:
        parts = value if isinstance(value, DateParts) else DateParts.of(value)
        if not (parts.month or parts.year):
            return None
        date, message, _wrong = read_date(parts, "The month")
        if message:
            raise forms.ValidationError(message.replace("a real date", "a real month"), code="invalid")
        return date

    def items(self, bound) -> list[dict]:
        """The NHS.UK ``dateInput`` items of the two boxes."""
        parts = DateParts.of(bound.value())
        return [
            {
                "id": f"{bound.auto_id}-{part}",
                "name": f"{bound.html_name}-{part}",
                "label": part.capitalize(),
                "value": getattr(parts, part),
                "width": 4 if part == "year" else 2,
                "inputmode": "numeric",
                "autocomplete": "off",
                "error": bool(bound.errors),
            }
            for part in ("month", "year")
        ]


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Workforce data file (CSV or Excel)",
        help_text="A .csv or .xlsx file as published, or your organisation's staff records extract",
        error_messages={"required": "Choose a CSV or Excel file", "empty": "The file is empty"},
    )
    source = forms.ChoiceField(
        label="What is this file?",
        widget=forms.RadioSelect,
        initial=AUTO,
        error_messages={"required": "Choose what the file is", "invalid_choice": "Choose what the file is"},
    )
    organisation = forms.ChoiceField(
        label="Whose data is this?",
        help_text="Figures from an organisation's own records are seen in full only by its own people",
        error_messages={
            "required": "Choose whose data this is",
            "invalid_choice": "Choose an organisation from the list",
        },
    )
    period = MonthField(
        label="Month the figures are for (optional)",
        required=False,
        help_text="Only for a General Practice Workforce file that has no date in it. For example, 9 2024",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["source"].choices = [(AUTO, AUTO_LABEL), *Source.choices]
        choices = [(str(org.pk), f"{org.name} ({org.ods_code})") for org in manageable_organisations(user)]
        if queries.may_load_national(user):
            choices.insert(0, (NATIONAL, NATIONAL_LABEL))
        if len(choices) != 1:
            choices.insert(0, ("", "Choose whose data this is"))
        self.fields["organisation"].choices = choices

    @property
    def period_items(self) -> list[dict]:
        return self.fields["period"].items(self["period"])

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload is not None and upload.size > max_bytes():
            raise forms.ValidationError(too_big_message())
        return upload

    def clean_organisation(self) -> Organisation | None:
        value = self.cleaned_data["organisation"]
        if value == NATIONAL:
            return None
        return manageable_organisations(self.user).get(pk=int(value))

    @property
    def chosen_source(self) -> str:
        value = self.cleaned_data.get("source", AUTO)
        return "" if value == AUTO else value

    def options(self) -> dict:
        period = self.cleaned_data.get("period")
        return {"period": period.isoformat()} if period else {}


class MappingForm(forms.Form):
    """Which column of the file holds each of Lodestar's staff-record fields: a saved mapping or
    a choice per field, and a name to save it under."""

    saved = forms.ChoiceField(
        label="Use a saved mapping (optional)",
        required=False,
        help_text="Leave this empty to match the columns below",
        error_messages={"invalid_choice": "Choose a saved mapping from the list"},
    )
    save_as = forms.CharField(
        label="Save this mapping as (optional)",
        required=False,
        max_length=100,
        help_text="A name to find it by next time, for example 'ESR monthly extract'",
        error_messages={"max_length": "The name must be 100 characters or fewer"},
    )

    def __init__(self, *args, organisation: Organisation | None, columns: dict[str, str], **kwargs):
        """``columns``: the file's header names (normalised) -> how the file writes them."""
        super().__init__(*args, **kwargs)
        saved = (
            ColumnMapping.objects.filter(organisation=organisation) if organisation else ColumnMapping.objects.none()
        )
        self.saved_mappings = {str(m.pk): m for m in saved}
        self.fields["saved"].choices = [("", "No saved mapping")] + [
            (k, m.name) for k, m in self.saved_mappings.items()
        ]
        options = [(NOT_IN_FILE, "Not in this file")] + list(columns.items())
        guessed, _ = staff_records.resolve(list(columns))
        for name in staff_records.FIELDS:
            label = staff_records.FIELD_LABELS.get(name, name)
            required = name in staff_records.REQUIRED
            self.fields[f"field_{name}"] = forms.ChoiceField(
                label=label[:1].upper() + label[1:] + ("" if required else " (optional)"),
                required=False,
                choices=options,
                initial=guessed.get(name, NOT_IN_FILE),
                error_messages={"invalid_choice": "Choose a column of the file"},
            )

    @property
    def mapping_fields(self):
        return [self[f"field_{name}"] for name in staff_records.FIELDS]

    def mapping(self) -> dict[str, str]:
        """Lodestar field -> the file's column ("" for none), or a saved mapping when one is chosen."""
        chosen = self.cleaned_data.get("saved")
        if chosen:
            return dict(self.saved_mappings[chosen].mapping)
        return {name: self.cleaned_data.get(f"field_{name}") or NOT_IN_FILE for name in staff_records.FIELDS}

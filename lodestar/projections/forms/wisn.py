"""The WISN journey's forms: one per step, the upload, and "use as a scenario's demand".

Each step's form reads what a browser can send wrongly (a missing value, text where a number
goes) and turns its answers into its part of the WISN mapping (``update(spec)``); the engine's
rules (``lodestar.projections.actions.wisn``) judge the rest, and ``show_problems`` puts their
messages beside the fields, mapping each YAML path to the form's own field.

Activities and allowances are rows: fields ``<prefix>-<row>-<key>`` and a hidden ``rows``
count; a row left blank is ignored. "Add another" and "Remove" post the form (no JavaScript).
"""

from __future__ import annotations

import re

from django import forms

from lodestar.core.forms import add_problems
from lodestar.core.validation import ValidationProblem
from lodestar.projections import queries

MAX_ROWS = 50
UPLOAD_MAX_BYTES = 200_000


def number_text(value) -> str:
    """A number as the person typed it (18000, 7.5), for a box's initial value."""
    if value is None or value == "":
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


class NumberField(forms.CharField):
    """A number typed as text ("18,000" is fine); its messages name the field."""

    def __init__(self, *, words: str, required: bool = True, **kwargs):
        self.words = words
        kwargs.setdefault("error_messages", {"required": f"Enter the {words[:1].lower()}{words[1:]}"})
        super().__init__(required=required, **kwargs)

    def to_python(self, value):
        text = super().to_python(value).replace(",", "").strip()
        if not text:
            return None
        try:
            number = float(text)
        except ValueError:
            raise forms.ValidationError(f"{self.words} must be a number", code="invalid") from None
        if number != number or number in (float("inf"), float("-inf")):
            raise forms.ValidationError(f"{self.words} must be a number", code="invalid")
        return int(number) if number.is_integer() and abs(number) < 1e15 else number


def show_problems(form: forms.Form, problem: ValidationProblem) -> None:
    """The action's problems beside the form's fields (``form.field_for(path)``), else above it."""
    renamed = ValidationProblem([(form.field_for(path), message) for path, message in problem.problems])
    add_problems(form, renamed)


# ------------------------------------------------------------------------------ step 1


class AboutForm(forms.Form):
    name = forms.CharField(
        label="Name of the calculation",
        help_text="For example, Riverside community nurses 2026",
        error_messages={"required": "Enter a name for the calculation"},
    )
    organisation = forms.ChoiceField(
        label="Organisation",
        help_text="Everyone who can see this organisation can open the calculation",
        error_messages={"required": "Choose an organisation", "invalid_choice": "Choose an organisation from the list"},
    )
    staff_category = forms.CharField(
        label="Staff category",
        help_text="One staff category a calculation, for example Registered nurse",
        error_messages={"required": "Enter the staff category"},
    )
    facility = forms.CharField(label="Team or facility (optional)", required=False)
    existing_staff = NumberField(
        label="Existing staff (optional)",
        words="Existing staff",
        required=False,
        help_text="Staff in post, as full-time equivalents (FTE). Without it there is no WISN difference or ratio",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = {str(o.pk): o for o in queries.organisations_to_edit(user)}
        choices = [(pk, str(o)) for pk, o in self.organisations.items()]
        self.fields["organisation"].choices = (
            [("", "Choose an organisation"), *choices] if len(choices) > 1 else choices
        )

    @staticmethod
    def initial_from(draft: dict) -> dict:
        spec = draft.get("spec", {})
        return {
            "name": draft.get("name", ""),
            "organisation": str(draft.get("organisation") or ""),
            "staff_category": spec.get("staff_category", ""),
            "facility": spec.get("facility", ""),
            "existing_staff": number_text(spec.get("existing_staff")),
        }

    def update(self, draft: dict) -> None:
        data = self.cleaned_data
        draft["name"] = data["name"].strip()
        draft["organisation"] = int(data["organisation"])
        spec = draft["spec"]
        spec["staff_category"] = data["staff_category"]
        spec["facility"] = data["facility"] or None
        spec["existing_staff"] = data["existing_staff"]

    def field_for(self, path: str) -> str | None:
        return path if path in self.fields else None


# ------------------------------------------------------------------------------ step 2

WORKING_TIME = (
    ("working_days_per_week", "Working days a week", True, "Also used for allowances given in hours a week"),
    ("weeks_per_year", "Weeks a year (optional)", False, "With working days a week: the possible working days"),
    (
        "possible_working_days",
        "Possible working days a year (optional)",
        False,
        "Instead of weeks a year: the working days in a year before any leave",
    ),
    ("public_holidays", "Public holidays", True, "Days a year. Write 0 if there are none"),
    ("annual_leave", "Days of annual leave", True, "Days a year, for one member of staff"),
    ("sick_leave", "Days of sick leave", True, "Days a year, on average"),
    ("other_leave", "Days of other leave", True, "Training, study and any other leave: days a year"),
    ("hours_per_day", "Working hours a day", True, "For example 7.5"),
)


class WorkingTimeForm(forms.Form):
    """Available working time: the days a year one member of staff could work, the leave, the hours."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, text, required, hint in WORKING_TIME:
            words = text.replace(" (optional)", "")
            self.fields[key] = NumberField(label=text, words=words, required=required, help_text=hint)

    @staticmethod
    def initial_from(draft: dict) -> dict:
        wt = draft.get("spec", {}).get("working_time") or {}
        return {key: number_text(wt.get(key)) for key, *_ in WORKING_TIME}

    def update(self, draft: dict) -> None:
        draft["spec"]["working_time"] = {key: self.cleaned_data[key] for key, *_ in WORKING_TIME}

    def field_for(self, path: str) -> str | None:
        key = path.removeprefix("working_time.")
        return key if key in self.fields else None


# ------------------------------------------------------------------------------ steps 3 to 5: rows


class RowsForm(forms.Form):
    """Rows of one kind (activities, allowances): ``FIELDS`` is (key, label, kind) with kind
    "text", "number" or a tuple of (value, label) choices; ``to_item(row)`` makes one YAML item."""

    SECTION = ""  # the YAML list: "activities"
    PREFIX = ""  # the fields' prefix: "activity"
    NOUN = ""  # "activity": "Activity 2", "Add another activity"
    FIELDS: tuple = ()

    rows = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=MAX_ROWS, required=False)

    def __init__(self, *args, count: int = 1, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound:
            count = self._posted_count()
        self.count = max(0, min(count, MAX_ROWS))
        self.kept: list[int] = []  # the row of each item of the YAML list
        for i in range(self.count):
            for key, text, kind in self.FIELDS:
                self.fields[self.name(i, key)] = self._field(i, key, text, kind)

    def _posted_count(self) -> int:
        try:
            return int(self.data.get("rows", 1))
        except (TypeError, ValueError):
            return 1

    def _field(self, i: int, key: str, text: str, kind) -> forms.Field:
        words = f"{self.NOUN.capitalize()} {i + 1}: {text[:1].lower()}{text[1:]}"
        if kind == "number":
            return NumberField(label=text, words=words, required=False)
        if isinstance(kind, tuple):
            return forms.ChoiceField(
                label=text, choices=kind, required=False, error_messages={"invalid_choice": f"{words}: choose one"}
            )
        return forms.CharField(label=text, required=False)

    def name(self, i: int, key: str) -> str:
        return f"{self.PREFIX}-{i}-{key}"

    def row_fields(self) -> list[list]:
        """For the template: each row's bound fields, in order."""
        return [[self[self.name(i, key)] for key, *_ in self.FIELDS] for i in range(self.count)]

    @classmethod
    def initial_from(cls, draft: dict) -> tuple[dict, int]:
        items = draft.get("spec", {}).get(cls.SECTION) or []
        initial = {"rows": max(len(items), 1)}
        for i, item in enumerate(items):
            for key, value in cls.from_item(item).items():
                initial[f"{cls.PREFIX}-{i}-{key}"] = number_text(value) if not isinstance(value, str) else value
        return initial, max(len(items), 1)

    def _blank(self, i: int) -> bool:
        texts = [key for key, _t, kind in self.FIELDS if not isinstance(kind, tuple)]
        return all(self.cleaned_data.get(self.name(i, key)) in (None, "") for key in texts)

    def clean(self):
        data = super().clean()
        for i in range(self.count):
            if self._blank(i):
                continue
            for key, text, _kind in self.FIELDS:
                name = self.name(i, key)
                if name not in self.errors and data.get(name) in (None, "") and self.required(key):
                    self.add_error(name, f"Enter the {text[:1].lower()}{text[1:]} of {self.NOUN} {i + 1}")
        return data

    def required(self, key: str) -> bool:
        return True

    def update(self, draft: dict) -> None:
        self.kept = [i for i in range(self.count) if not self._blank(i)]
        row = {}
        items = []
        for i in self.kept:
            row = {key: self.cleaned_data.get(self.name(i, key)) for key, *_ in self.FIELDS}
            items.append(self.to_item(row))
        draft["spec"][self.SECTION] = items

    def field_for(self, path: str) -> str | None:
        match = re.match(rf"^{self.SECTION}\[(\d+)\](?:\.(\w+))?$", path)
        if not match or int(match.group(1)) >= len(self.kept):
            return None
        return self.name(self.kept[int(match.group(1))], self.field_key(match.group(2)))

    # per kind of row
    @staticmethod
    def from_item(item: dict) -> dict:
        raise NotImplementedError

    def to_item(self, row: dict) -> dict:
        raise NotImplementedError

    def field_key(self, key: str | None) -> str:
        return key or "amount"

    # adding and removing rows without JavaScript
    def with_rows(self, count: int, drop: int | None = None) -> dict:
        """The posted data with row ``drop`` removed and ``count`` rows in all (for "Add another" and "Remove")."""
        data = {"rows": count}
        source = [i for i in range(self.count) if i != drop]
        for new, old in enumerate(source):
            for key, *_ in self.FIELDS:
                data[self.name(new, key)] = self.data.get(self.name(old, key), "")
        return data


STANDARDS = (("time_per_unit_minutes", "Minutes a unit"), ("rate_per_hour", "Units an hour"))
CATEGORY_UNITS = (
    ("hours_per_day", "Hours a day"),
    ("hours_per_week", "Hours a week"),
    ("hours_per_year", "Hours a year"),
    ("days_per_year", "Days a year"),
)
INDIVIDUAL_UNITS = (("hours_per_year", "Hours a year"), ("days_per_year", "Days a year"))


class ActivitiesForm(RowsForm):
    SECTION, PREFIX, NOUN = "activities", "activity", "activity"
    FIELDS = (
        ("name", "Name of the activity", "text"),
        ("annual_workload", "Annual workload", "number"),
        ("unit", "The activity standard is given in", STANDARDS),
        ("standard", "Activity standard", "number"),
    )

    @staticmethod
    def from_item(item: dict) -> dict:
        unit = "rate_per_hour" if "rate_per_hour" in item else "time_per_unit_minutes"
        return {
            "name": item.get("name", ""),
            "annual_workload": item.get("annual_workload"),
            "standard": item.get(unit),
            "unit": unit,
        }

    def to_item(self, row: dict) -> dict:
        unit = row["unit"] or "time_per_unit_minutes"
        return {"name": row["name"], "annual_workload": row["annual_workload"], unit: row["standard"]}

    def field_key(self, key: str | None) -> str:
        return key if key in ("name", "annual_workload") else "standard"


class CategoryAllowancesForm(RowsForm):
    SECTION, PREFIX, NOUN = "category_allowances", "category", "category allowance"
    FIELDS = (
        ("name", "Name of the support activity", "text"),
        ("unit", "Time given in", CATEGORY_UNITS),
        ("amount", "Time", "number"),
    )

    @staticmethod
    def from_item(item: dict) -> dict:
        unit = next((u for u, _t in CATEGORY_UNITS if u in item), "hours_per_week")
        return {"name": item.get("name", ""), "amount": item.get(unit), "unit": unit}

    def to_item(self, row: dict) -> dict:
        return {"name": row["name"], row["unit"] or "hours_per_week": row["amount"]}

    def field_key(self, key: str | None) -> str:
        return "name" if key == "name" else "amount"


class IndividualAllowancesForm(RowsForm):
    SECTION, PREFIX, NOUN = "individual_allowances", "individual", "individual allowance"
    FIELDS = (
        ("name", "Name of the activity", "text"),
        ("unit", "Time given in", INDIVIDUAL_UNITS),
        ("amount", "Time for each person", "number"),
        ("staff", "Number of staff who do it", "number"),
    )

    @staticmethod
    def from_item(item: dict) -> dict:
        unit = "days_per_year" if "days_per_year" in item else "hours_per_year"
        return {"name": item.get("name", ""), "amount": item.get(unit), "unit": unit, "staff": item.get("staff")}

    def to_item(self, row: dict) -> dict:
        return {"name": row["name"], row["unit"] or "hours_per_year": row["amount"], "staff": row["staff"]}

    def field_key(self, key: str | None) -> str:
        return key if key in ("name", "staff") else "amount"


# ------------------------------------------------------------------------------ upload and demand


class UploadForm(forms.Form):
    name = forms.CharField(
        label="Name of the calculation", error_messages={"required": "Enter a name for the calculation"}
    )
    organisation = forms.ChoiceField(
        label="Organisation",
        error_messages={"required": "Choose an organisation", "invalid_choice": "Choose an organisation from the list"},
    )
    file = forms.FileField(
        label="WISN file (YAML)",
        help_text="The file lodestar wisn reads: a .yaml or .yml file",
        error_messages={"required": "Choose a WISN YAML file", "empty": "The file is empty: choose a WISN YAML file"},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = {str(o.pk): o for o in queries.organisations_to_edit(user)}
        choices = [(pk, str(o)) for pk, o in self.organisations.items()]
        self.fields["organisation"].choices = (
            [("", "Choose an organisation"), *choices] if len(choices) > 1 else choices
        )

    def clean_file(self):
        file = self.cleaned_data["file"]
        if not file.name.lower().endswith((".yaml", ".yml")):
            raise forms.ValidationError("The file must be a YAML file (.yaml or .yml)")
        if file.size > UPLOAD_MAX_BYTES:
            raise forms.ValidationError(f"The file must be smaller than {UPLOAD_MAX_BYTES // 1000} kB")
        try:
            return file.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError("The file must be text (UTF-8): save it as a YAML file and try again") from None

    def field_for(self, path: str) -> str | None:
        return {"text": "file", "name": "name"}.get(path)


class DemandForm(forms.Form):
    """A scenario in reach to edit and one of its staff groups, as one choice (no JavaScript needed)."""

    target = forms.ChoiceField(
        label="Scenario and staff group",
        help_text="The scenario gets a new version whose demand for the staff group is this calculation's required staff",
        error_messages={
            "required": "Choose a scenario and staff group",
            "invalid_choice": "Choose a scenario and staff group from the list",
        },
    )

    def __init__(self, *args, targets: dict, **kwargs):
        """``targets``: "<scenario id>:<staff group>" -> (scenario, staff group, text)."""
        super().__init__(*args, **kwargs)
        self.targets = targets
        self.fields["target"].choices = [("", "Choose a scenario and staff group")] + [
            (key, text) for key, (_s, _g, text) in targets.items()
        ]

    def chosen(self):
        return self.targets[self.cleaned_data["target"]][:2]

    def field_for(self, path: str) -> str | None:
        return "target" if path in ("staff_group", "spec", "scenario") else None

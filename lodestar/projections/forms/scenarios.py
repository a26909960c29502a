"""The scenario journey's forms: creating a scenario (three ways), copying one, changing one
assumption and adding an intervention of the scenario's own.

They read what a browser sends (text where a number goes, a choice not offered) and turn per
cent into fractions; what is acceptable is ``actions.scenarios``' rule, shown beside the fields
with ``lodestar.core.forms.add_problems``.
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django import forms

from lodestar.engine.levers import LEVER_TYPES
from lodestar.projections import assumptions
from lodestar.projections.actions import scenarios as actions
from lodestar.projections.queries import organisations_to_edit, scenarios

DATA, UPLOAD, COPY = "data", "upload", "copy"
WAYS = [
    (DATA, "Build it from your organisation's imported workforce data"),
    (UPLOAD, "Upload a scenario file (YAML)"),
    (COPY, "Copy another scenario"),
]
FIXED, RANGE = "fixed", "range"
KINDS = [(FIXED, "A fixed value"), (RANGE, "A likely range")]
YAML_MAX_BYTES = 5 * 1024 * 1024
NUMBER = {"inputmode": "decimal", "autocomplete": "off"}


def parse_number(text, percent: bool) -> float | None:
    """ "9", "9.5", "9%", "1,200" as a number (a fraction when ``percent``); None for empty text.
    ValueError for anything else."""
    text = str(text or "").strip().replace(",", "").removesuffix("%").strip()
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation as err:
        raise ValueError(text) from err
    if not number.is_finite():
        raise ValueError(text)
    number = number / 100 if percent else number
    return int(number) if number == number.to_integral_value() and not percent else float(number)


def shown(x, percent: bool) -> str:
    """A stored number as typed into the form: 0.09 -> "9" for a per cent."""
    if not isinstance(x, int | float) or isinstance(x, bool):
        return ""
    number = Decimal(repr(x)) * (100 if percent else 1)
    text = f"{number:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


class CreateForm(forms.Form):
    way = forms.ChoiceField(
        label="How do you want to build the scenario?",
        choices=WAYS,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how to build the scenario"},
    )
    name = forms.CharField(
        label="Name (optional for a file: its own name is used)",
        required=False,
        max_length=1000,
        help_text="For example, Community nursing 2026 to 2036",
    )
    organisation = forms.ChoiceField(label="Organisation", required=False)
    staff_groups = forms.MultipleChoiceField(label="Staff groups", required=False, widget=forms.CheckboxSelectMultiple)
    start_year = forms.CharField(label="First year", required=False, widget=forms.TextInput(NUMBER))
    years = forms.CharField(label="Years to project", required=False, initial="10", widget=forms.TextInput(NUMBER))
    file = forms.FileField(label="Scenario file", required=False, help_text="A .yaml or .yml file")
    text = forms.CharField(
        label="Or paste the scenario file's text",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false"}),
    )
    source = forms.ChoiceField(label="Scenario to copy", required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.organisations = {str(o.pk): o for o in organisations_to_edit(user)}
        self.fields["organisation"].choices = [(k, o.name) for k, o in self.organisations.items()]
        if len(self.organisations) == 1:
            self.fields["organisation"].initial = next(iter(self.organisations))
        groups = sorted({g for o in self.organisations.values() for g in actions.data_staff_groups(user, o)})
        self.fields["staff_groups"].choices = [(g, g) for g in groups]
        self.fields["start_year"].initial = str(datetime.date.today().year)
        self.sources = {str(s.pk): s for s in scenarios(user).order_by("organisation__name", "name")}
        self.fields["source"].choices = [("", "Choose a scenario")] + [
            (k, f"{s.name} ({s.organisation.name})") for k, s in self.sources.items()
        ]

    @property
    def chosen_organisation(self):
        return self.organisations.get(str(self.cleaned_data.get("organisation") or ""))

    def _whole(self, name: str, label: str) -> int | None:
        text = str(self.cleaned_data.get(name) or "").strip()
        if not text:
            self.add_error(name, f"Enter the {label}")
            return None
        if not text.isdigit():
            self.add_error(name, f"Enter the {label} as a whole number")
            return None
        return int(text)

    def clean(self):
        data = super().clean()
        way = data.get("way")
        if way == DATA:
            data["start_year_number"] = self._whole("start_year", "first year")
            data["years_number"] = self._whole("years", "years to project")
        if way == UPLOAD:
            data["yaml_text"] = self._yaml_text()
        if way == COPY and not self.sources.get(str(data.get("source") or "")):
            self.add_error("source", "Choose the scenario to copy")
        return data

    def _yaml_text(self) -> str:
        file = self.cleaned_data.get("file")
        if file is None:
            return self.cleaned_data.get("text") or ""
        if file.size > YAML_MAX_BYTES:
            self.add_error("file", "The file must be smaller than 5 MB")
            return ""
        try:
            return file.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            self.add_error("file", "The file must be a text file (UTF-8): save it as YAML and try again")
            return ""

    def create(self):
        """The scenario, made by the action for the chosen way (ValidationProblem for bad input)."""
        data, user, org = self.cleaned_data, self.user, self.chosen_organisation
        if data["way"] == DATA:
            return actions.create_from_data(
                actor=user,
                organisation=org,
                name=data["name"],
                staff_groups=data["staff_groups"],
                start_year=data["start_year_number"],
                years=data["years_number"],
            )
        if data["way"] == UPLOAD:
            return actions.create_from_yaml(actor=user, organisation=org, name=data["name"], text=data["yaml_text"])
        source = self.sources[str(data["source"])]
        return actions.copy_scenario(actor=user, scenario=source, name=data["name"], organisation=org)


class CopyForm(forms.Form):
    name = forms.CharField(
        label="Name of the copy", max_length=1000, error_messages={"required": "Enter a name for the copy"}
    )


class AssumptionForm(forms.Form):
    """One assumption: "A fixed value", or "A likely range" of lowest, most likely and highest."""

    path = forms.CharField(widget=forms.HiddenInput)
    expected_version = forms.IntegerField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(
        label="What kind of value?",
        choices=KINDS,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a fixed value or a likely range"},
    )
    value = forms.CharField(label="Value", required=False, widget=forms.TextInput(NUMBER))
    low = forms.CharField(label="Lowest", required=False, widget=forms.TextInput(NUMBER))
    mode = forms.CharField(label="Most likely", required=False, widget=forms.TextInput(NUMBER))
    high = forms.CharField(label="Highest", required=False, widget=forms.TextInput(NUMBER))

    def __init__(self, *args, item: assumptions.Assumption, version: int, **kwargs):
        self.item = item
        percent = item.unit.percent
        value = item.value
        initial = {"path": item.path, "expected_version": version}
        if isinstance(value, dict) and value.get("dist") == "triangular":
            initial.update(kind=RANGE, **{k: shown(value.get(k), percent) for k in ("low", "mode", "high")})
        elif not isinstance(value, dict):
            initial.update(kind=FIXED, value=shown(value, percent))
        if item.fixed_only:
            initial["kind"] = FIXED
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        unit = " (per cent)" if percent else ""
        for name in ("value", "low", "mode", "high"):
            self.fields[name].label = f"{self.fields[name].label}{unit}"
            if percent:
                self.fields[name].widget.attrs["class"] = "nhsuk-input--width-5"
        if item.fixed_only:
            self.fields["kind"].required = False

    def _number(self, name: str) -> float | None:
        label = self.fields[name].label.removesuffix(" (per cent)").lower()
        try:
            number = parse_number(self.cleaned_data.get(name), self.item.unit.percent)
        except ValueError:
            self.add_error(
                name, f"Enter the {label} value as a number" if name != "value" else "Enter the value as a number"
            )
            return None
        if number is None:
            self.add_error(name, "Enter the value" if name == "value" else f"Enter the {label} value")
        return number

    def clean(self):
        data = super().clean()
        kind = FIXED if self.item.fixed_only else data.get("kind")
        if kind == FIXED:
            data["number"] = self._number("value")
        elif kind == RANGE:
            data["number"] = {
                "dist": "triangular",
                "low": self._number("low"),
                "mode": self._number("mode"),
                "high": self._number("high"),
            }
        return data


LEVER_CHOICES = [("", "Choose what it changes")] + [(k, t.form_label) for k, t in LEVER_TYPES.items() if t.form_label]


def _negated(effect):
    """A reduction typed as a positive per cent, as the lever's (negative) effect."""
    if isinstance(effect, dict):
        low, mode, high = (effect.get(k) for k in ("low", "mode", "high"))
        if None in (low, mode, high):
            return effect
        return {"dist": "triangular", "low": -high, "mode": -mode, "high": -low}
    return -effect if effect is not None else None


class InterventionForm(forms.Form):
    """One of the scenario's own interventions: what it changes, for which staff group, how much
    (a per cent of the lever's unit, fixed or a likely range), from which year, and its cost."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput)
    name = forms.CharField(label="Name", max_length=1000, required=False, help_text="For example, Retention programme")
    lever = forms.ChoiceField(label="What it changes", choices=LEVER_CHOICES, required=False)
    staff_group = forms.ChoiceField(label="Staff group", required=False)
    kind = forms.ChoiceField(label="Effect", choices=KINDS, widget=forms.RadioSelect, initial=FIXED)
    value = forms.CharField(label="Effect (per cent)", required=False, widget=forms.TextInput(NUMBER))
    low = forms.CharField(label="Lowest (per cent)", required=False, widget=forms.TextInput(NUMBER))
    mode = forms.CharField(label="Most likely (per cent)", required=False, widget=forms.TextInput(NUMBER))
    high = forms.CharField(label="Highest (per cent)", required=False, widget=forms.TextInput(NUMBER))
    start_year = forms.CharField(label="First year it acts", required=False, widget=forms.TextInput(NUMBER))
    cost_per_year = forms.CharField(
        label="Cost a year, in pounds (optional)", required=False, widget=forms.TextInput(NUMBER)
    )

    def __init__(self, *args, spec: dict, version: int, **kwargs):
        kwargs.setdefault("initial", {"expected_version": version, "kind": FIXED, "start_year": spec.get("start_year")})
        super().__init__(*args, **kwargs)
        groups = assumptions.staff_groups(spec)
        self.fields["staff_group"].choices = [("", "Choose a staff group")] + [(g, g) for g in groups]

    def _number(self, name: str, percent: bool = True):
        try:
            return parse_number(self.cleaned_data.get(name), percent)
        except ValueError:
            self.add_error(name, f"Enter the {self.fields[name].label.split(' (')[0].lower()} as a number")
            return None

    def clean(self):
        data = super().clean()
        effect = (
            self._number("value")
            if data.get("kind") != RANGE
            else {"dist": "triangular", **{k: self._number(k) for k in ("low", "mode", "high")}}
        )
        lever = LEVER_TYPES.get(data.get("lever") or "")
        if lever is not None and lever.form_sign == -1:
            effect = _negated(effect)
        intervention = {
            "name": (data.get("name") or "").strip(),
            "lever": data.get("lever") or "",
            "staff_group": data.get("staff_group") or "",
            "effect": effect if effect is not None else 0.0,
        }
        year = str(data.get("start_year") or "").strip()
        if year:
            if year.isdigit():
                intervention["start_year"] = int(year)
            else:
                self.add_error("start_year", "Enter the first year as a year, for example 2027")
        cost = self._number("cost_per_year", percent=False)
        if cost:
            intervention["cost_per_year"] = cost
        data["intervention"] = intervention
        return data

from __future__ import annotations

from decimal import Decimal

from django import forms

from lodestar.core.forms import add_problems
from lodestar.core.validation import ValidationProblem
from lodestar.engine.levers import LEVER_TYPES
from lodestar.star import actions, vocab
from lodestar.star.catalogue import validate_lever
from lodestar.star.models import StarPoint

ANY = [("", "Any")]


class FilterForm(forms.Form):
    """The browse filters (GET). Every field is optional; unknown values are reported."""

    q = forms.CharField(label="Search", required=False, max_length=200, help_text="For example: retention, pharmacist")
    point = forms.ChoiceField(label="Star point", required=False)
    staff_group = forms.ChoiceField(
        label="Staff group",
        required=False,
        choices=ANY + vocab.STAFF_GROUPS[1:],
        help_text="Interventions for all staff are always included",
    )
    care_setting = forms.ChoiceField(label="Care setting", required=False, choices=ANY + vocab.CARE_SETTINGS)
    evidence = forms.ChoiceField(
        label="Evidence level", required=False, choices=ANY + [(k, v.split(":")[0]) for k, v in vocab.EVIDENCE_LEVELS]
    )

    def __init__(self, *args, with_point: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if with_point:
            self.fields["point"].choices = ANY + vocab.STAR_POINTS
        else:
            del self.fields["point"]

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "q": data.get("q", "").strip(),
            "points": [data["point"]] if data.get("point") else [],
            "staff_groups": [data["staff_group"]] if data.get("staff_group") else [],
            "care_settings": [data["care_setting"]] if data.get("care_setting") else [],
            "evidence_levels": [data["evidence"]] if data.get("evidence") else [],
        }

    @property
    def active(self) -> bool:
        return any(self.filters().values())


# Lever types a person can set through the form (the others need settings best kept in the data
# file): type -> (choice label, sign applied to the percentages entered), from the lever-type registry.
FORM_LEVERS: dict[str, tuple[str, int]] = {
    key: (lever.form_label, lever.form_sign) for key, lever in LEVER_TYPES.items() if lever.form_label
}


def _percent_field(label: str) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, required=False, min_value=Decimal("0"), max_value=Decimal("50"), max_digits=5, decimal_places=2
    )


def form_lever_values(levers: list[dict]) -> dict | None:
    """Initial form values for a lever list the form can show, or None when it cannot."""
    if not levers:
        return {"lever_type": ""}
    if len(levers) != 1:
        return None
    lever = levers[0]
    kind = lever.get("type")
    effect = lever.get("effect")
    if kind not in FORM_LEVERS or set(lever) - {"type", "effect", "ramp_up_years"}:
        return None
    sign = FORM_LEVERS[kind][1]
    if isinstance(effect, (int, float)):
        values = [effect * sign] * 3
    elif isinstance(effect, dict) and effect.get("dist") == "triangular":
        values = sorted([effect["low"] * sign, effect["mode"] * sign, effect["high"] * sign])
        values[1] = effect["mode"] * sign
    else:
        return None
    low, likely, high = (f"{v * 100:.2f}".rstrip("0").rstrip(".") for v in values)
    return {
        "lever_type": kind,
        "effect_low": low,
        "effect_likely": likely,
        "effect_high": high,
        "ramp_up_years": lever.get("ramp_up_years", 0),
    }


class InterventionForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label="Organisation",
        queryset=None,
        help_text="People in this organisation, the organisations above it and those beneath it will see it",
        empty_label="Choose an organisation",
    )
    title = forms.CharField(label="Title", max_length=200)
    summary = forms.CharField(label="Summary", max_length=400, help_text="One sentence")
    description = forms.CharField(
        label="Description",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What it is, who it suits, what it takes and what good looks like",
    )
    point = forms.ModelChoiceField(
        label="Star point", queryset=StarPoint.objects.all(), to_field_name="key", empty_label="Choose a Star point"
    )
    staff_groups = forms.MultipleChoiceField(
        label="Staff groups", choices=vocab.STAFF_GROUPS, widget=forms.CheckboxSelectMultiple
    )
    care_settings = forms.MultipleChoiceField(
        label="Care settings", choices=vocab.CARE_SETTINGS, widget=forms.CheckboxSelectMultiple
    )
    evidence_level = forms.ChoiceField(label="Evidence level", choices=vocab.EVIDENCE_LEVELS, widget=forms.RadioSelect)
    time_to_impact = forms.ChoiceField(
        label="Typical time to impact", choices=vocab.TIME_TO_IMPACT, widget=forms.RadioSelect
    )
    cost_band = forms.ChoiceField(label="Cost band", choices=vocab.COST_BANDS, widget=forms.RadioSelect)
    lever_type = forms.ChoiceField(
        label="Modelled effect",
        required=False,
        choices=[("", "No modelled effect")] + [(k, v[0]) for k, v in FORM_LEVERS.items()],
        help_text="Leave as 'No modelled effect' if there is no honest way to put a number on it",
    )
    effect_low = _percent_field("Smallest likely effect, in per cent")
    effect_likely = _percent_field("Most likely effect, in per cent")
    effect_high = _percent_field("Largest likely effect, in per cent")
    ramp_up_years = forms.IntegerField(
        label="Years to reach full effect", required=False, min_value=0, max_value=10, initial=1
    )

    LEVER_FIELDS = ("lever_type", "effect_low", "effect_likely", "effect_high", "ramp_up_years")

    def __init__(self, *args, organisations=None, lock_levers: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if organisations is None:
            del self.fields["organisation"]
        else:
            self.fields["organisation"].queryset = organisations
        self.lock_levers = lock_levers
        if lock_levers:
            for name in self.LEVER_FIELDS:
                del self.fields[name]

    def clean(self):
        data = super().clean()
        try:
            actions.check_intervention_text(data)  # the action's rule for the words
        except ValidationProblem as exc:
            add_problems(self, exc)
        if self.lock_levers:
            return data
        kind = data.get("lever_type")
        if not kind:
            data["levers"] = []
            return data
        values = {}
        for name in ("effect_low", "effect_likely", "effect_high"):
            if data.get(name) is None and name not in self.errors:
                self.add_error(name, f"Enter the {self.fields[name].label.split(',')[0].lower()}")
            values[name] = data.get(name)
        if None in values.values():
            return data
        if not values["effect_low"] <= values["effect_likely"] <= values["effect_high"]:
            self.add_error(
                "effect_likely", "The most likely effect must be between the smallest and the largest effect"
            )
            return data
        if values["effect_low"] == values["effect_high"] == 0:
            self.add_error("effect_high", "Enter an effect above 0, or choose 'No modelled effect'")
            return data
        ramp = data.get("ramp_up_years")
        if ramp is None and "ramp_up_years" not in self.errors:
            self.add_error("ramp_up_years", "Enter the number of years to reach full effect, from 0 to 10")
            return data
        sign = FORM_LEVERS[kind][1]
        scaled = sorted(float(v) / 100 * sign for v in values.values())
        mode = float(values["effect_likely"]) / 100 * sign
        if scaled[0] == scaled[2]:
            effect = mode
        else:
            effect = {"dist": "triangular", "low": scaled[0], "mode": mode, "high": scaled[2]}
        lever = {"type": kind, "effect": effect, "ramp_up_years": ramp}
        problems = validate_lever(lever, "lever")
        if problems:
            self.add_error("lever_type", "; ".join(reason for _, reason in problems))
            return data
        data["levers"] = [lever]
        return data

    def action_data(self) -> dict:
        data = dict(self.cleaned_data)
        if self.lock_levers:
            data.pop("levers", None)
        return data

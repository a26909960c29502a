"""The modelled view's forms: the plan's scenario and target year, and one action's modelling.

They only read what was typed (numbers are numbers, a likely range has its three values); the
actions (``lodestar.projections.actions.modelling``) decide what is acceptable and their
``ValidationProblem`` is shown beside the fields (``lodestar.core.forms.add_problems`` with
``ACTION_FIELDS`` renaming the action's arguments to this form's fields).

Effects are typed in per cent (-5 means 5% less of what the lever changes) and passed on as
fractions (-0.05), the engine's unit.
"""

from __future__ import annotations

from django import forms

from lodestar.engine.levers import LEVER_TYPES

NUMBER = {"inputmode": "decimal", "autocomplete": "off"}
WHOLE = {"inputmode": "numeric", "autocomplete": "off"}
ACTION_FIELDS = {"effect": "effect_low", "amount": "amount", "settings": "course_years"}
MODELLED, NOT_MODELLED = "yes", "no"


def _number(form: forms.Form, name: str, label: str) -> float | None:
    text = (form.cleaned_data.get(name) or "").strip().replace(",", "").replace("%", "").replace("£", "")
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        form.add_error(name, f"{label} must be a number")
        return None
    if value != value or value in (float("inf"), float("-inf")):
        form.add_error(name, f"{label} must be a number")
        return None
    return int(value) if value.is_integer() and name not in ("effect_low", "effect_mode", "effect_high") else value


def _whole(form: forms.Form, name: str, label: str) -> int | None:
    value = _number(form, name, label)
    if value is not None and not float(value).is_integer():
        form.add_error(name, f"{label} must be a whole number")
        return None
    return None if value is None else int(value)


class PlanModelForm(forms.Form):
    scenario = forms.ChoiceField(
        label="Scenario (the baseline)",
        help_text="The plan is projected against this scenario: its staff, leavers, joiners and demand.",
        error_messages={"required": "Choose a scenario", "invalid_choice": "Choose a scenario from the list"},
    )
    target_year = forms.CharField(
        label="Target year",
        max_length=10,
        help_text="The year by which you want the gap closed: the waterfall and the chances are for this year.",
        widget=forms.TextInput(attrs=WHOLE),
        error_messages={"required": "Enter the target year"},
    )
    runs = forms.CharField(
        label="Number of runs",
        initial=1000,
        max_length=20,
        help_text="Each run is one possible future. 1,000 is usually enough.",
        widget=forms.TextInput(attrs=WHOLE),
        error_messages={"required": "Enter the number of runs"},
    )
    seed = forms.CharField(
        label="Seed",
        initial=0,
        max_length=20,
        help_text="The same seed gives exactly the same results again.",
        widget=forms.TextInput(attrs=WHOLE),
        error_messages={"required": "Enter the seed"},
    )
    rerun_automatically = forms.BooleanField(
        label="Re-run automatically in the background when the plan changes", required=False
    )

    def __init__(self, *args, scenarios=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.scenarios = {str(s.pk): s for s in scenarios}
        self.fields["scenario"].choices = [("", "Choose a scenario")] + [
            (str(s.pk), f"{s.name} ({s.organisation.name})") for s in scenarios
        ]

    def clean(self):
        data = super().clean()
        for name, label in (("target_year", "The target year"), ("runs", "The number of runs"), ("seed", "The seed")):
            if name in data:
                data[name] = _whole(self, name, label)
        data["scenario"] = self.scenarios.get(str(data.get("scenario")))
        return data


class ActionModelForm(forms.Form):
    modelled = forms.ChoiceField(
        label="Is this action modelled?",
        choices=[(MODELLED, "Yes: model its effect on the workforce"), (NOT_MODELLED, "No: leave it out of the model")],
        widget=forms.RadioSelect,
        initial=MODELLED,
        error_messages={
            "required": "Say whether the action is modelled",
            "invalid_choice": "Say whether the action is modelled",
        },
    )
    reason = forms.CharField(
        label="Why is it not modelled? (only when not modelled)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: it changes how staff feel, not how many there are.",
    )
    lever = forms.ChoiceField(
        label="What the action changes",
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": "Choose what the action changes from the list"},
    )
    staff_group = forms.ChoiceField(
        label="Staff group", required=False, error_messages={"invalid_choice": "Choose a staff group from the list"}
    )
    effect_low = forms.CharField(label="Lowest effect, in per cent", required=False, widget=forms.TextInput(NUMBER))
    effect_mode = forms.CharField(
        label="Most likely effect, in per cent", required=False, widget=forms.TextInput(NUMBER)
    )
    effect_high = forms.CharField(label="Highest effect, in per cent", required=False, widget=forms.TextInput(NUMBER))
    effect_fixed = forms.CharField(
        label="Or a fixed effect, in per cent (optional)",
        required=False,
        help_text="Give one number instead of the likely range when you are sure of it.",
        widget=forms.TextInput(NUMBER),
    )
    amount = forms.CharField(
        label="Or an absolute number a year (optional)",
        required=False,
        help_text="Training places, or FTE a year, instead of a per cent of staff in post. Only some levers take it.",
        widget=forms.TextInput(NUMBER),
    )
    start_year = forms.CharField(
        label="Start year (optional)", required=False, max_length=10, widget=forms.TextInput(WHOLE)
    )
    ramp_up_years = forms.CharField(
        label="Years to full effect",
        initial=1,
        max_length=10,
        required=False,
        help_text="1 means the full effect from the start year.",
        widget=forms.TextInput(WHOLE),
    )
    cost_per_year = forms.CharField(
        label="Cost per year, in pounds", initial=0, required=False, max_length=20, widget=forms.TextInput(NUMBER)
    )
    course_years = forms.CharField(
        label="Course length in years (training and up-skilling only, optional)",
        required=False,
        max_length=10,
        widget=forms.TextInput(WHOLE),
    )
    source_group = forms.ChoiceField(
        label="Staff group trained from (up-skilling only)",
        required=False,
        error_messages={"invalid_choice": "Choose a staff group from the list"},
    )

    def __init__(self, *args, levers=(), groups=(), start_hint: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lever"].choices = [(key, label) for key, label in levers]
        group_choices = [("", "Choose a staff group")] + [(g, label) for g, label in groups]
        self.fields["staff_group"].choices = group_choices
        self.fields["source_group"].choices = group_choices
        if start_hint:
            self.fields["start_year"].help_text = start_hint

    @property
    def is_modelled(self) -> bool:
        return self.cleaned_data.get("modelled") != NOT_MODELLED

    def _effect(self):
        fixed = _number(self, "effect_fixed", "The fixed effect")
        parts = [
            _number(self, f"effect_{p}", label)
            for p, label in (
                ("low", "The lowest effect"),
                ("mode", "The most likely effect"),
                ("high", "The highest effect"),
            )
        ]
        if fixed is not None:
            return fixed / 100
        if all(p is None for p in parts):
            return None
        if any(p is None for p in parts):
            for (name, label), part in zip(
                (("effect_low", "lowest"), ("effect_mode", "most likely"), ("effect_high", "highest")),
                parts,
                strict=True,
            ):
                if part is None and not self.has_error(name):
                    self.add_error(name, f"Enter the {label} effect, or a fixed effect")
            return None
        low, mode, high = (round(p / 100, 10) for p in parts)
        return {"dist": "triangular", "low": low, "mode": mode, "high": high}

    def fields_for_problems(self) -> dict[str, str]:
        """The action's arguments as this form's fields: the effect's problem goes beside the box
        that is outside the lever's range (else the fixed value when given, else the lowest)."""
        kind = LEVER_TYPES.get(self.cleaned_data.get("lever") or "")
        boxes = ["effect_fixed"] if (self.cleaned_data.get("effect_fixed") or "").strip() else []
        boxes += ["effect_low", "effect_mode", "effect_high"]
        target = boxes[0]
        for name in boxes:
            value = _number(self, name, "") if kind else None
            if value is not None and not kind.effect_range[0] <= value / 100 <= kind.effect_range[1]:
                target = name
                break
        return {**ACTION_FIELDS, "effect": target}

    def action_arguments(self) -> dict:
        """``set_action_model``'s keyword arguments from what was typed (call after ``is_valid``)."""
        lever = self.cleaned_data.get("lever") or ""
        settings = {}
        course_years = _whole(self, "course_years", "The course length")
        kind = LEVER_TYPES.get(lever)
        if course_years is not None:
            settings["course_years"] = course_years
        if kind and "source_group" in kind.extra_keys and self.cleaned_data.get("source_group"):
            settings["source_group"] = self.cleaned_data["source_group"]
        ramp = _whole(self, "ramp_up_years", "Years to full effect")
        cost = _number(self, "cost_per_year", "The cost per year")
        return {
            "lever": lever,
            "staff_group": self.cleaned_data.get("staff_group") or "",
            "effect": self._effect(),
            "amount": _number(self, "amount", "The amount"),
            "start_year": _whole(self, "start_year", "The start year"),
            "ramp_up_years": 1 if ramp is None else ramp,
            "cost_per_year": 0 if cost is None else cost,
            "settings": settings,
        }

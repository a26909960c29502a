"""Forms for training pathways. They parse what a browser sends; the rules are in
``lodestar.pathways.actions`` and the forms show their answer (``add_problems``)."""

from __future__ import annotations

from django import forms

from lodestar.core.forms import UKDateField
from lodestar.pathways.actions import COUNT_FIELDS
from lodestar.pathways.models import Risk, Setting, Supervision

GROUP_HINT = "The staff group's name in your projection scenarios, for example registered-nurses."


def _text(label: str, hint: str = "", rows: int | None = None) -> forms.CharField:
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput()
    return forms.CharField(label=label, required=False, strip=True, help_text=hint, widget=widget)


def _number(label: str, hint: str = "", width: int = 4) -> forms.CharField:
    widget = forms.TextInput(attrs={"inputmode": "numeric", "class": f"nhsuk-input--width-{width}"})
    return forms.CharField(label=label, required=False, strip=True, help_text=hint, widget=widget)


def _choice(label: str, choices) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=choices, required=False, widget=forms.RadioSelect)


class PathwayForm(forms.Form):
    organisation = forms.ModelChoiceField(queryset=None, label="Organisation that runs the pathway", empty_label=None)
    name = _text("Pathway name")
    summary = _text("What the pathway is for (optional)", rows=4)
    professions = _text("Professions that may join", "One per line, for example Nursing.", rows=4)
    capacity = _number("Learners one intake takes")
    intakes_per_year = _number("Intakes a year", "For example 2 for a spring and an autumn intake.")
    staff_group = _text("Staff group learners qualify into (optional)", GROUP_HINT)
    source_group = _text(
        "Staff group learners come from (only for a conversion route)",
        "Leave empty when the pathway trains new staff. For example registered-nurses for nurses becoming ACPs.",
    )

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organisations is None:
            del self.fields["organisation"]
        else:
            self.fields["organisation"].queryset = organisations


class StageForm(forms.Form):
    name = _text("Stage name", "For example Foundation year in community nursing.")
    months = _number("How many months it lasts", width=3)
    setting = _choice("Where it takes place", Setting.choices)


class CompetencyForm(forms.Form):
    task = _text("Task", "What the learner does, for example Wound assessment and dressing.")
    who = _text("Who may do it", "The role or band, for example Band 5 registered nurse.")
    risk = _choice("Risk of the task", Risk.choices)
    supervision = _choice("Supervision it needs", Supervision.choices)


class PlacementForm(forms.Form):
    organisation = forms.ModelChoiceField(queryset=None, label="Organisation hosting the placement", required=False)
    setting = _choice("Setting", Setting.choices)
    weeks = _number("Weeks", width=3)
    places = _number("Places", width=3)

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["organisation"].empty_label = "Choose an organisation"
        self.fields["organisation"].error_messages["invalid_choice"] = (
            "Choose the organisation that hosts the placement"
        )


class CohortForm(forms.Form):
    intake_date = UKDateField(label="Intake date", required=False, help_text="For example, 1 9 2025")


class CountsForm(forms.Form):
    """The date, then four numbers per stage (``enrolled_<stage id>`` ...)."""

    on = UKDateField(label="Date the counts are for", required=False, help_text="For example, 31 3 2026")

    def __init__(self, *args, stages=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.stages = list(stages)
        for stage in self.stages:
            for name in COUNT_FIELDS:
                self.fields[f"{name}_{stage.pk}"] = _number(name.capitalize(), width=4)

    def stage_fields(self):
        """(stage, [bound fields]) for each stage, for the template's fieldsets."""
        return [(stage, [self[f"{name}_{stage.pk}"] for name in COUNT_FIELDS]) for stage in self.stages]

    def counts(self) -> dict:
        data = self.cleaned_data
        return {stage.pk: {name: data.get(f"{name}_{stage.pk}") for name in COUNT_FIELDS} for stage in self.stages}


class ScenarioChoiceForm(forms.Form):
    scenario = forms.ModelChoiceField(queryset=None, label="Scenario", empty_label="Choose a scenario", required=False)

    def __init__(self, *args, scenarios=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scenario"].queryset = scenarios
        self.fields["scenario"].error_messages["invalid_choice"] = "Choose a scenario you may change"


class UseInProjectionForm(forms.Form):
    staff_group = forms.ChoiceField(label="Staff group the pathway trains into", choices=[], required=False)
    expected_version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, groups=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff_group"].choices = [("", "Choose a staff group"), *((g, g) for g in groups)]
        self.fields["staff_group"].error_messages["invalid_choice"] = "Choose a staff group of the scenario"

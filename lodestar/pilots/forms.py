"""Forms for pilots. They only parse what a browser sends; the rules live in
``lodestar.pilots.actions`` and the forms show their answer (``add_problems``)."""

from __future__ import annotations

from django import forms

from lodestar.core.forms import UKDateField
from lodestar.pilots.effect import lever_choices
from lodestar.pilots.models import Decision, Stage


def _text(label: str, rows: int = 4, hint: str = "") -> forms.CharField:
    return forms.CharField(
        label=label, required=False, strip=True, help_text=hint, widget=forms.Textarea(attrs={"rows": rows})
    )


def _line(label: str, hint: str = "") -> forms.CharField:
    return forms.CharField(label=label, required=False, strip=True, help_text=hint)


class FilterForm(forms.Form):
    stage = forms.ChoiceField(label="Stage", required=False, choices=[("", "Any stage"), *Stage.choices])
    organisation = forms.TypedChoiceField(label="Organisation", required=False, coerce=int, empty_value=None)

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [("", "Any organisation"), *((o.pk, o.name) for o in organisations)]


class ProposalForm(forms.Form):
    organisation = forms.ModelChoiceField(queryset=None, label="Organisation running the pilot", empty_label=None)
    title = _line("Title", "A few words, for example: Buddying for newly qualified nurses")
    programme = forms.ModelChoiceField(
        queryset=None, label="Programme (optional)", required=False, empty_label="Not part of a programme"
    )
    hypothesis = _text("Hypothesis", hint="What you expect to change, for whom, and why. Needed before approval.")
    aims = _text("Aims", hint="What the pilot sets out to achieve, by how much and by when.")
    sites = forms.ModelMultipleChoiceField(
        queryset=None,
        label="Sites",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The organisations where the pilot runs. At least one is needed before approval.",
    )
    cohort_size = _line("Cohort size (optional)", "How many people take part, for example 40")
    budget = _line("Budget in pounds (optional)", "For example 25000")

    def __init__(self, *args, organisations=None, sites=None, programmes=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes
        self.fields["programme"].error_messages["invalid_choice"] = "Choose a programme from the list"
        if organisations is None:  # changing a proposal: the organisation stays
            del self.fields["organisation"]
        else:
            self.fields["organisation"].queryset = organisations
        self.fields["sites"].queryset = sites
        self.fields["sites"].error_messages["invalid_choice"] = "Choose sites from the list"


class MeasureForm(forms.Form):
    name = _line("What will be measured", "For example: Newly qualified nurses leaving in their first year")
    unit = _line("Unit (optional)", "For example % or hours. Use % for a rate or a share of staff.")
    baseline = _line("Baseline value", "The value now, before the pilot starts, for example 14")


class ApproveForm(forms.Form):
    approved_on = UKDateField(label="Date of approval", required=False)


class StartForm(forms.Form):
    started_on = UKDateField(label="Start date", required=False)


class CycleForm(forms.Form):
    plan = _text("Plan", hint="What you will try, and what you predict will happen.")
    do = _text("Do (optional)", hint="What was done, and anything unexpected.")
    study = _text("Study (optional)", hint="What the results showed, compared with the prediction.")
    act = _text("Act (optional)", hint="What happens next: adopt, adapt or abandon this change.")
    started_on = UKDateField(label="Date the cycle began", required=False)
    ended_on = UKDateField(label="Date the cycle ended (optional)", required=False)


class EvaluateForm(forms.Form):
    learned = _text("What was learned", rows=6, hint="What worked, what did not, and what you would do differently.")

    def __init__(self, *args, measures=(), **kwargs):
        super().__init__(*args, **kwargs)
        learned = self.fields.pop("learned")
        for m in measures:
            unit = f" ({m.unit})" if m.unit else ""
            self.fields[f"before_{m.pk}"] = _line(f"{m.name}: value before{unit}", f"The baseline was {m.baseline}")
            self.fields[f"after_{m.pk}"] = _line(f"{m.name}: value after{unit}")
        self.fields["learned"] = learned

    def values(self, measures) -> dict:
        data = self.cleaned_data
        return {m.pk: (data.get(f"before_{m.pk}"), data.get(f"after_{m.pk}")) for m in measures}


class DecideForm(forms.Form):
    decision = forms.ChoiceField(label="Decision", choices=Decision.choices, widget=forms.RadioSelect, required=False)
    rationale = _text("Why", hint="The reason for the decision, so others can learn from it.")
    measure = forms.TypedChoiceField(
        label="Measure that drives the modelled effect (only if scaling up)",
        required=False,
        coerce=int,
        empty_value=None,
        help_text="Scaling up adds a local intervention to your catalogue whose effect is set from this measure.",
    )
    lever = forms.ChoiceField(
        label="Kind of effect (only if scaling up)",
        required=False,
        help_text="Leave as suggested to use the kind the measure's name points to.",
    )

    def __init__(self, *args, measures=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].error_messages["invalid_choice"] = "Choose scale up, adapt and test again, or stop"
        self.fields["measure"].choices = [("", "Choose a measure"), *((m.pk, m.name) for m in measures)]
        self.fields["measure"].error_messages["invalid_choice"] = "Choose a measure from the list"
        self.fields["lever"].choices = [("", "As suggested by the measure"), *lever_choices()]
        self.fields["lever"].error_messages["invalid_choice"] = "Choose the kind of effect from the list"

"""Forms for adoption records. They check only what a browser can send wrongly; the rules live in
``lodestar.learning.actions_adoption`` and the forms show their answer (``add_problems``)."""

from __future__ import annotations

from django import forms

from lodestar.core.forms import UKDateField
from lodestar.learning.models import Stage

STAGE_HINTS = "Discontinued means your organisation stopped: say why, so others can learn from it."


def _text(label: str, rows: int = 4, hint: str = "") -> forms.CharField:
    return forms.CharField(
        label=label, required=False, strip=True, help_text=hint, widget=forms.Textarea(attrs={"rows": rows})
    )


class StageForm(forms.Form):
    organisation = forms.ModelChoiceField(queryset=None, label="Organisation", empty_label=None)
    subject = forms.ChoiceField(label="Intervention or case study", choices=[])
    stage = forms.ChoiceField(label="Stage reached", choices=Stage.choices, widget=forms.RadioSelect, required=False)
    since = UKDateField(label="Date the stage began", required=False, help_text="For example, 15 3 2025")
    reason = _text("Why it was discontinued (only if discontinued)", hint=STAGE_HINTS)
    note = _text("Note (optional)", hint="What happened, who is involved, what comes next.")

    def __init__(self, *args, organisations=None, interventions=(), case_studies=(), **kwargs):
        super().__init__(*args, **kwargs)
        if organisations is None:  # an existing record: only the stage changes
            del self.fields["organisation"]
            del self.fields["subject"]
        else:
            self.fields["organisation"].queryset = organisations
            self.fields["subject"].choices = [
                ("", "Choose one"),
                *((f"i:{i.code}", f"Intervention: {i.title}") for i in interventions),
                *((f"c:{c.pk}", f"Case study: {c.title}") for c in case_studies),
            ]
            self.fields["subject"].error_messages["required"] = "Choose an intervention or a case study"
            self.fields["subject"].error_messages["invalid_choice"] = "Choose an intervention or a case study"
        self.fields["stage"].error_messages["invalid_choice"] = "Choose the stage your organisation has reached"


class MeasuresForm(forms.Form):
    reach = forms.CharField(label="People or staff covered", required=False, strip=True)
    reach_eligible = forms.CharField(label="Of how many who could be covered", required=False, strip=True)
    effect_measure = forms.CharField(label="What you measure to see whether it works", required=False, strip=True)
    effect_baseline = forms.CharField(label="Baseline value (before)", required=False, strip=True)
    effect_value = forms.CharField(label="Current value", required=False, strip=True)
    adaptations = _text("Adaptations made (optional)", hint="What you changed to make it fit your organisation.")

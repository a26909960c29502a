"""The readiness assessment form: the organisation, a title, and for each factor its radios
(its scale and "not sure") and a note. The form only collects; ``save_assessment`` checks."""

from __future__ import annotations

from django import forms

from lodestar.learning import readiness


def rating_field(key: str) -> str:
    return f"rating_{key}"


def note_field(key: str) -> str:
    return f"note_{key}"


class AssessmentForm(forms.Form):
    organisation = forms.ModelChoiceField(
        queryset=None,
        label="Organisation",
        empty_label=None,
        error_messages={"invalid_choice": "Choose an organisation from the list"},
    )
    title = forms.CharField(
        label="Title", required=False, help_text="For example, Readiness to adopt preceptorship, spring 2026"
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        for key, factor in readiness.FACTORS.items():
            choices = [*factor.scale, (readiness.NOT_SURE, readiness.NOT_SURE_TEXT)]
            self.fields[rating_field(key)] = forms.ChoiceField(
                label=factor.name, choices=choices, required=False, widget=forms.RadioSelect, help_text=factor.prompt
            )
            self.fields[rating_field(key)].validators = []
            self.fields[note_field(key)] = forms.CharField(
                label=f"Note on {factor.name.lower()} (optional)",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def clean(self):
        # Unknown ratings go to the action, which names them; the form keeps what was sent.
        data = super().clean()
        for key in readiness.FACTORS:
            name = rating_field(key)
            if name in self.errors:
                del self.errors[name]
                data[name] = self.data.get(name, "")
        return data

    def ratings(self) -> dict[str, tuple[str, str]]:
        data = self.cleaned_data
        return {key: (data.get(rating_field(key)) or "", data.get(note_field(key)) or "") for key in readiness.FACTORS}

    def factor_fields(self, kind: str):
        """(rating bound field, note bound field) for each factor of ``kind``."""
        return [
            (self[rating_field(key)], self[note_field(key)])
            for key, factor in readiness.FACTORS.items()
            if factor.kind == kind
        ]

    @staticmethod
    def action_fields() -> dict[str, str]:
        """The action's field names -> this form's."""
        return {
            **{key: rating_field(key) for key in readiness.FACTORS},
            **{f"{key}_note": note_field(key) for key in readiness.FACTORS},
        }

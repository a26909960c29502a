"""The library's forms. They check only what a browser can send wrongly; the rules live in
``lodestar.learning.actions`` and the forms show their answer (``add_problems``)."""

from __future__ import annotations

from django import forms

from lodestar.core.forms import UKDateField
from lodestar.core.validation import text_problem
from lodestar.learning.models import SECTIONS, Sector, Visibility
from lodestar.learning.queries import QUERY_MAX
from lodestar.star import vocab

HINTS = {
    "challenge": "What problem were you trying to solve, for whom, and why did it matter?",
    "what_changed": "What did you do differently? Describe the change so another organisation could try it.",
    "who_led": "Who led the change, and which teams, staff groups and partners took part?",
    "costs": "What did it cost in money, staff time and other resources, and where did the funding come from?",
    "lessons": "What would you tell an organisation about to try this? What would you do differently?",
    "contact": "Who to contact to find out more: a name, a role and an email address.",
}


def _text(label: str, rows: int = 6, required: bool = False) -> forms.CharField:
    return forms.CharField(label=label, required=required, strip=True, widget=forms.Textarea(attrs={"rows": rows}))


class CaseStudyForm(forms.Form):
    organisation = forms.ModelChoiceField(queryset=None, label="Organisation", empty_label=None)
    title = forms.CharField(label="Title", strip=True)
    summary = _text("Summary in one or two sentences (optional)", rows=2)
    challenge = _text("The challenge")
    what_changed = _text("What was changed")
    who_led = _text("Who led it and who was involved")
    costs = _text("Costs and resources (optional)")
    lessons = _text("What others should know")
    contact = _text("Contact", rows=3)
    sector = forms.ChoiceField(label="Sector", choices=Sector.choices, widget=forms.RadioSelect)
    visibility = forms.ChoiceField(
        label="Once published, who can read it?", choices=Visibility.choices, widget=forms.RadioSelect
    )
    points = forms.MultipleChoiceField(
        label="Star points (optional)", required=False, choices=vocab.STAR_POINTS, widget=forms.CheckboxSelectMultiple
    )
    interventions = forms.ModelMultipleChoiceField(
        queryset=None,
        label="Interventions from the catalogue (optional)",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    staff_groups = forms.MultipleChoiceField(
        label="Staff groups (optional)",
        required=False,
        choices=vocab.STAFF_GROUPS,
        widget=forms.CheckboxSelectMultiple,
    )
    care_settings = forms.MultipleChoiceField(
        label="Care settings (optional)",
        required=False,
        choices=vocab.CARE_SETTINGS,
        widget=forms.CheckboxSelectMultiple,
    )
    organisations_involved = forms.ModelMultipleChoiceField(
        queryset=None,
        label="Other organisations involved (optional)",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, organisations, interventions, partners, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].required = False  # the action names a missing title
        for name, _ in SECTIONS:
            self.fields[name].help_text = HINTS[name]
        if editing:
            del self.fields["organisation"]
        else:
            self.fields["organisation"].queryset = organisations
        self.fields["interventions"].queryset = interventions
        self.fields["interventions"].label_from_instance = lambda i: f"{i.title} ({i.point.name})"
        self.fields["organisations_involved"].queryset = partners

    def action_data(self, star_points) -> dict:
        data = dict(self.cleaned_data)
        chosen = set(data.get("points") or [])
        data["points"] = [p for p in star_points if p.key in chosen]
        data.pop("organisation", None)
        return data


class ResultForm(forms.Form):
    measure = forms.CharField(label="What was measured", required=False, strip=True)
    unit = forms.CharField(label="Unit (optional)", required=False, strip=True, help_text="For example, %, days or FTE")
    baseline = forms.CharField(label="Baseline value", required=False, strip=True)
    baseline_date = UKDateField(label="Date of the baseline", required=False)
    after = forms.CharField(label="Value after the change", required=False, strip=True)
    after_date = UKDateField(label="Date of the value after", required=False)


class ReviewForm(forms.Form):
    text = forms.CharField(
        label="Comments for the authors",
        required=False,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Required when you return the case study to its authors; optional when you mark it reviewed.",
    )


class SearchForm(forms.Form):
    """The library's search: words and facets, sent by GET. Any words are accepted or refused
    with a message; the page never fails."""

    q = forms.CharField(label="Search words", required=False, strip=True)
    point = forms.MultipleChoiceField(
        label="Star point", required=False, choices=vocab.STAR_POINTS, widget=forms.CheckboxSelectMultiple
    )
    intervention = forms.MultipleChoiceField(
        label="Intervention", required=False, choices=[], widget=forms.CheckboxSelectMultiple
    )
    staff_group = forms.MultipleChoiceField(
        label="Staff group", required=False, choices=vocab.STAFF_GROUPS, widget=forms.CheckboxSelectMultiple
    )
    care_setting = forms.MultipleChoiceField(
        label="Care setting", required=False, choices=vocab.CARE_SETTINGS, widget=forms.CheckboxSelectMultiple
    )
    sector = forms.MultipleChoiceField(
        label="Sector", required=False, choices=Sector.choices, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, interventions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["intervention"].choices = [(i.code, i.title) for i in interventions]
        for name in ("point", "intervention", "staff_group", "care_setting", "sector"):
            label = self.fields[name].label.lower()
            self.fields[name].error_messages["invalid_choice"] = f"Choose a {label} from the list"

    def clean_q(self) -> str:
        q = self.cleaned_data.get("q") or ""
        if len(q) > QUERY_MAX:
            raise forms.ValidationError(f"Search words must be {QUERY_MAX} characters or fewer: you typed {len(q):,}")
        problem = text_problem(q, "Search words")
        if problem:
            raise forms.ValidationError(problem)
        return q

    def filters(self) -> dict:
        data = self.cleaned_data
        return {
            "q": data.get("q") or "",
            "points": data.get("point") or [],
            "interventions": data.get("intervention") or [],
            "staff_groups": data.get("staff_group") or [],
            "care_settings": data.get("care_setting") or [],
            "sectors": data.get("sector") or [],
        }

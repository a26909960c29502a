"""Forms for themes and programmes. They check only what a browser can send wrongly; the rules
live in ``lodestar.programmes.actions`` / ``actions_parts`` and the forms show their answer
(``lodestar.core.forms.add_problems``)."""

from __future__ import annotations

from django import forms

from lodestar.core.forms import UKDateField
from lodestar.programmes.models import ProgrammeStatus

SCORES = [("", "Choose"), *((str(n), str(n)) for n in range(1, 6))]


def _text(label: str, rows: int = 4, hint: str = "") -> forms.CharField:
    return forms.CharField(
        label=label, required=False, strip=True, help_text=hint, widget=forms.Textarea(attrs={"rows": rows})
    )


def _line(label: str, hint: str = "") -> forms.CharField:
    return forms.CharField(label=label, required=False, strip=True, help_text=hint)


class ThemeForm(forms.Form):
    organisation = forms.ModelChoiceField(queryset=None, label="Region or ICS", required=False)
    name = _line("Name of the theme", "For example, new medical and non-medical roles")
    description = _text("What the theme is about (optional)")

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["organisation"].empty_label = "Choose one"
        self.fields["organisation"].error_messages["invalid_choice"] = "Choose the region or ICS from the list"


class ProgrammeForm(forms.Form):
    theme = forms.ModelChoiceField(queryset=None, label="Theme", required=False)
    organisation = forms.ModelChoiceField(
        queryset=None,
        label="Organisation that runs it",
        required=False,
        help_text="The theme's region or ICS, or an organisation beneath it. Its facilitators can change the programme.",
    )
    name = _line("Name of the programme")
    aims = _text("Aims (optional)", hint="What the programme sets out to change, and for whom.")
    lead = forms.ModelChoiceField(queryset=None, label="Programme lead (optional)", required=False)
    partners = forms.ModelMultipleChoiceField(
        queryset=None,
        label="Partner organisations (optional)",
        required=False,
        help_text="Any sector: NHS, primary care, social care, voluntary or independent. Their people can see the programme.",
        widget=forms.CheckboxSelectMultiple,
    )
    budget = _line("Budget in pounds (optional)", "For example, 250000")
    start_date = UKDateField(label="Start date (optional)", required=False)
    end_date = UKDateField(label="End date (optional)", required=False)
    status = forms.ChoiceField(label="Status", choices=ProgrammeStatus.choices, widget=forms.RadioSelect)

    def __init__(self, *args, themes=None, owners=None, leads=None, partners=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name, queryset, words in (
            ("theme", themes, "the theme"),
            ("organisation", owners, "the organisation"),
            ("lead", leads, "the lead"),
            ("partners", partners, "partner organisations"),
        ):
            self.fields[name].queryset = queryset
            self.fields[name].error_messages["invalid_choice"] = f"Choose {words} from the list"
        self.fields["partners"].error_messages["invalid_pk_value"] = "Choose partner organisations from the list"
        self.fields["theme"].empty_label = "Choose a theme"
        self.fields["organisation"].empty_label = "Choose an organisation"
        self.fields["lead"].empty_label = "No lead named yet"
        self.fields["status"].error_messages["required"] = "Choose the status"
        self.fields["status"].error_messages["invalid_choice"] = "Choose the status from the list"


class LinksForm(forms.Form):
    workshops = forms.ModelMultipleChoiceField(
        queryset=None, label="Star workshops", required=False, widget=forms.CheckboxSelectMultiple
    )
    plans = forms.ModelMultipleChoiceField(
        queryset=None, label="Action plans", required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, workshops=None, plans=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workshops"].queryset = workshops
        self.fields["plans"].queryset = plans
        for name in ("workshops", "plans"):
            self.fields[name].error_messages["invalid_choice"] = "Choose from the list"
            self.fields[name].error_messages["invalid_pk_value"] = "Choose from the list"


class MilestoneForm(forms.Form):
    title = _line("Milestone", "For example, first cohort of trainees starts")
    due_date = UKDateField(label="Due date", required=False)
    done_date = UKDateField(label="Date it was done (leave empty until it is)", required=False)


class MeasureForm(forms.Form):
    name = _line("What is measured", "For example, vacancy rate for advanced practitioners")
    unit = _line("Unit (optional)", "For example, % or posts")
    baseline = _line("Baseline value")
    baseline_date = UKDateField(label="Date of the baseline", required=False)
    target = _line("Target")
    latest = _line("Latest value (optional)")
    latest_date = UKDateField(label="Date of the latest value (optional)", required=False)


class RiskForm(forms.Form):
    description = _text("The risk", rows=3, hint="What might happen and what it would do to the programme.")
    likelihood = forms.ChoiceField(
        label="Likelihood",
        choices=SCORES,
        required=False,
        help_text="1 rare, 2 unlikely, 3 possible, 4 likely, 5 almost certain",
    )
    impact = forms.ChoiceField(
        label="Impact",
        choices=SCORES,
        required=False,
        help_text="1 negligible, 2 minor, 3 moderate, 4 major, 5 catastrophic",
    )
    owner = _line("Owner (optional)", "Who is watching this risk")
    mitigation = _text(
        "Mitigation (optional)", rows=3, hint="What is being done to make it less likely or less harmful."
    )
    is_open = forms.ChoiceField(
        label="Is the risk still open?",
        choices=[("yes", "Yes, still open"), ("no", "No, closed")],
        initial="yes",
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("likelihood", "impact"):
            self.fields[name].error_messages["invalid_choice"] = f"Choose the {name} from 1 to 5"
        self.fields["is_open"].error_messages["required"] = "Say whether the risk is still open"


class DashboardFilterForm(forms.Form):
    ics = forms.ChoiceField(label="ICS", required=False, choices=[])

    def __init__(self, *args, icss=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ics"].choices = [("", "Every ICS you can see"), *((str(i.pk), i.name) for i in icss)]
        self.fields["ics"].error_messages["invalid_choice"] = "Choose an ICS from the list"

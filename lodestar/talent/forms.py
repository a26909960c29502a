"""Parsing what a browser sends about talent; the rules are in ``lodestar.talent.actions``."""

from __future__ import annotations

from django import forms

from lodestar.core.forms import UKDateField
from lodestar.talent.actions import MAX_ACTIONS
from lodestar.talent.models import DISABILITY, ETHNIC_GROUP, SEX, STAFF_GROUPS, Growth, Impact, Readiness, Risk

PLAN_ROWS = 3  # development actions offered on the form (the action takes up to MAX_ACTIONS)
assert PLAN_ROWS <= MAX_ACTIONS


def _choice(label, choices, words, widget=forms.RadioSelect, blank=False):
    field = forms.ChoiceField(
        label=label, required=False, choices=[("", blank or "")] * bool(blank) + list(choices), widget=widget
    )
    field.error_messages["invalid_choice"] = f"Choose {words} from the list"
    return field


class ConversationForm(forms.Form):
    organisation = forms.ChoiceField(label="Organisation", required=False, choices=[])
    person = forms.CharField(label="Email address of the person", required=False, max_length=254)
    line_manager = forms.CharField(label="Email address of their line manager", required=False, max_length=254)
    held_on = UKDateField(label="Date of the conversation", required=False)
    current_role = forms.CharField(label="Current role", required=False, max_length=300)
    staff_group = _choice("Staff group", STAFF_GROUPS, "a staff group", forms.Select, "Choose a staff group")
    impact = _choice("Where are they now on impact?", Impact.choices, "an answer")
    growth = _choice("Where are they now on growth?", Growth.choices, "an answer")
    aspirations = forms.CharField(label="Aspirations", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    strengths = forms.CharField(label="Strengths", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    readiness = _choice("Readiness for a next role", Readiness.choices, "an answer")
    next_role = forms.CharField(label="Next role in mind (optional)", required=False, max_length=300)
    sex = _choice("Sex (optional, only if the person chooses to say)", SEX, "an answer")
    ethnic_group = _choice("Ethnic group (optional, only if the person chooses to say)", ETHNIC_GROUP, "an answer")
    disability = _choice("Disability (optional, only if the person chooses to say)", DISABILITY, "an answer")

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [(str(o.pk), o.name) for o in organisations]
        self.fields["organisation"].error_messages["invalid_choice"] = "Choose an organisation from the list"
        for n in range(1, PLAN_ROWS + 1):
            self.fields[f"action_{n}"] = forms.CharField(
                label=f"Development action {n}", required=False, max_length=400
            )
            self.fields[f"due_{n}"] = UKDateField(label=f"Development action {n}: by when", required=False)

    def plan_fields(self):
        return [(self[f"action_{n}"], self[f"due_{n}"]) for n in range(1, PLAN_ROWS + 1)]

    def development_plan(self) -> list[tuple]:
        data = self.cleaned_data
        return [(data.get(f"action_{n}", ""), data.get(f"due_{n}")) for n in range(1, PLAN_ROWS + 1)]

    TEXT = ("current_role", "staff_group", "impact", "growth", "aspirations", "strengths", "readiness", "next_role")

    def fields_for_action(self) -> dict:
        return {name: self.cleaned_data.get(name, "") for name in (*self.TEXT, "sex", "ethnic_group", "disability")}


class SuccessionPlanForm(forms.Form):
    organisation = forms.ChoiceField(label="Organisation", required=False, choices=[])
    post = forms.CharField(label="Critical post", required=False, max_length=300)
    staff_group = _choice("Staff group", STAFF_GROUPS, "a staff group", forms.Select, "Choose a staff group")
    incumbent = forms.CharField(label="Name of the person in the post now (optional)", required=False, max_length=300)
    risk = _choice("Risk of losing them", Risk.choices, "a risk")
    risk_reason = forms.CharField(
        label="Why is the risk what it is?", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [(str(o.pk), o.name) for o in organisations]
        self.fields["organisation"].error_messages["invalid_choice"] = "Choose an organisation from the list"


class SuccessorForm(forms.Form):
    name = forms.CharField(label="Successor's name", required=False, max_length=300)
    readiness = _choice("How ready are they?", Readiness.choices, "an answer")

"""Forms for the new roles register. They parse what a browser sends; the rules are in
``lodestar.roles.actions`` and the forms show their answer (``add_problems``)."""

from __future__ import annotations

from django import forms

from lodestar.core.forms import UKDateField
from lodestar.roles.models import KNOWN_ROLES, Setting

OTHER = "other"


def _text(label: str, hint: str = "", rows: int | None = None) -> forms.CharField:
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput()
    return forms.CharField(label=label, required=False, strip=True, help_text=hint, widget=widget)


def _number(label: str, hint: str = "") -> forms.CharField:
    widget = forms.TextInput(attrs={"inputmode": "decimal", "class": "nhsuk-input--width-5"})
    return forms.CharField(label=label, required=False, strip=True, help_text=hint, widget=widget)


class RoleForm(forms.Form):
    organisation = forms.ModelChoiceField(queryset=None, label="Organisation introducing the role", empty_label=None)
    kind = forms.ChoiceField(
        label="Role",
        required=False,
        choices=[("", "Choose a role"), *((r, r) for r in KNOWN_ROLES), (OTHER, "Another role (type its name below)")],
    )
    other = _text("Name of another role", "Only when the role is not in the list.")
    setting = forms.ChoiceField(label="Care setting", choices=Setting.choices, required=False, widget=forms.RadioSelect)
    supervision = _text(
        "Supervision and governance", "Who supervises, how often, and how the role is governed.", rows=4
    )
    supervisor_role = _text("Named supervisor role", "For example Consultant in emergency medicine.")
    covers_group = _text(
        "Staff group whose work it takes on (optional)",
        "The staff group's name in your projection scenarios, for example doctors.",
    )
    equivalence = _number(
        "How much of that group's work 1 full-time post covers",
        "For example 0.6: one full-time advanced clinical practitioner covers 0.6 of a full-time doctor's work.",
    )

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organisations is None:
            del self.fields["organisation"]
        else:
            self.fields["organisation"].queryset = organisations
        self.fields["kind"].error_messages["invalid_choice"] = "Choose a role from the list, or another role"

    def role_data(self) -> dict:
        data = dict(self.cleaned_data)
        kind, other = data.pop("kind", ""), data.pop("other", "")
        data["name"] = other if kind == OTHER else kind
        return data

    @staticmethod
    def initial_for(role) -> dict:
        known = role.name in KNOWN_ROLES
        return {
            "kind": role.name if known else OTHER,
            "other": "" if known else role.name,
            "setting": role.setting,
            "supervision": role.supervision,
            "supervisor_role": role.supervisor_role,
            "covers_group": role.covers_group,
            "equivalence": "" if role.equivalence is None else f"{role.equivalence:g}",
        }


class PostsForm(forms.Form):
    on = UKDateField(label="Date the counts are for", required=False, help_text="For example, 31 3 2026")
    planned = _number("Posts planned", "Full-time equivalent posts, for example 4 or 2.5.")
    funded = _number("Posts funded")
    filled = _number("Posts filled")


class UseInProjectionForm(forms.Form):
    basis = forms.ChoiceField(
        label="Which posts to use",
        required=False,
        widget=forms.RadioSelect,
        choices=[("filled", "Posts filled now"), ("planned", "Posts planned")],
    )
    expected_version = forms.IntegerField(widget=forms.HiddenInput)


class RegionalFilterForm(forms.Form):
    role = forms.ChoiceField(label="Role", required=False, choices=[])

    def __init__(self, *args, names=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [("", "Every role"), *((n, n) for n in names)]
        self.fields["role"].error_messages["invalid_choice"] = "Choose a role from the list"

from __future__ import annotations

from django import forms

from lodestar.core.forms import UKDateField, add_problems
from lodestar.core.validation import ValidationProblem
from lodestar.orgs import actions
from lodestar.orgs.models import Organisation, OrganisationType, Role


class OrganisationForm(forms.Form):
    """Name, type and ODS code. The rules (length, formula-like names, the code's letters and
    uniqueness) are the action's: ``clean`` asks ``actions.check_organisation`` and shows its answer."""

    name = forms.CharField(label="Name", error_messages={"required": "Enter the organisation's name"})
    type = forms.ChoiceField(
        label="Type",
        choices=[("", "Choose a type")] + list(OrganisationType.choices),
        error_messages={"required": "Choose the type of organisation"},
    )
    ods_code = forms.CharField(
        label="ODS code",
        required=False,
        help_text="Optional. The Organisation Data Service code, for example RVX or Y63.",
    )

    def __init__(self, *args, instance: Organisation | None = None, **kwargs):
        self.instance = instance
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {"name": instance.name, "type": instance.type, "ods_code": instance.ods_code or ""}
        super().__init__(*args, **kwargs)

    def clean_name(self):
        return actions.clean_name(self.cleaned_data["name"])

    def clean_ods_code(self):
        return actions.clean_ods_code(self.cleaned_data["ods_code"])

    def clean(self):
        cleaned = super().clean()
        details = {k: cleaned[k] for k in ("name", "type", "ods_code") if k in cleaned}
        try:
            actions.check_organisation(**details, organisation=self.instance)
        except ValidationProblem as exc:
            add_problems(self, exc)
        return cleaned


class RoleChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


def _roles():
    order = {"viewer": 0, "contributor": 1, "facilitator": 2, "org_admin": 3}
    return sorted(Role.objects.all(), key=lambda r: (order.get(r.slug, 99), r.name))


class InviteForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        error_messages={
            "required": "Enter the email address of the person to invite",
            "invalid": "Enter an email address like name@nhs.net",
        },
    )
    role = forms.ChoiceField(label="Role", widget=forms.RadioSelect, error_messages={"required": "Choose a role"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.roles = {str(r.pk): r for r in _roles()}
        self.fields["role"].choices = [
            (pk, f"{r.name}: {r.description}" if r.description else r.name) for pk, r in self.roles.items()
        ]

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean_role(self):
        return self.roles[self.cleaned_data["role"]]


class ChangeRoleForm(forms.Form):
    role = forms.ChoiceField(label="Role", widget=forms.RadioSelect, error_messages={"required": "Choose a role"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.roles = {str(r.pk): r for r in _roles()}
        self.fields["role"].choices = [(pk, r.name) for pk, r in self.roles.items()]

    def clean_role(self):
        return self.roles[self.cleaned_data["role"]]


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(label="What happened", required=False)
    person = forms.ChoiceField(label="Who did it", required=False)
    date_from = UKDateField(label="From (optional)", required=False)  # the one date hint (core.forms.DATE_HINT)
    date_to = UKDateField(label="To (optional)", required=False)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "The 'to' date must be the same as or after the 'from' date")
        return cleaned

    def __init__(self, *args, actions: list[tuple[str, str]], people: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", "Everything")] + actions
        self.fields["person"].choices = [("", "Everyone")] + people

from __future__ import annotations

from django import forms

from lodestar.orgs.importers import FORMULA_STARTS
from lodestar.orgs.models import Organisation, OrganisationType, Role


class OrganisationForm(forms.Form):
    name = forms.CharField(label="Name", max_length=200, error_messages={"required": "Enter the organisation's name"})
    type = forms.ChoiceField(
        label="Type",
        choices=[("", "Choose a type")] + list(OrganisationType.choices),
        error_messages={"required": "Choose the type of organisation"},
    )
    ods_code = forms.CharField(
        label="ODS code",
        max_length=12,
        required=False,
        help_text="Optional. The Organisation Data Service code, for example RVX or Y63.",
    )

    def __init__(self, *args, instance: Organisation | None = None, **kwargs):
        self.instance = instance
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {"name": instance.name, "type": instance.type, "ods_code": instance.ods_code or ""}
        super().__init__(*args, **kwargs)

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError("Enter the organisation's name")
        if name.startswith(FORMULA_STARTS):
            raise forms.ValidationError("Name must start with a letter or number, not " + " ".join(FORMULA_STARTS))
        return name

    def clean_ods_code(self):
        code = self.cleaned_data["ods_code"].strip().upper()
        if not code:
            return None
        if not code.isalnum():
            raise forms.ValidationError("ODS code must contain only letters and numbers")
        clash = Organisation.objects.filter(ods_code=code)
        if self.instance is not None:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(f"ODS code {code} is already used by another organisation")
        return code


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

    def __init__(self, *args, actions: list[tuple[str, str]], people: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", "Everything")] + actions
        self.fields["person"].choices = [("", "Everyone")] + people

"""The plan pages' forms. They read what a browser sends (a missing value, text where a number
goes, an unreal date, an unknown choice); what is acceptable is the actions' rule
(``lodestar.plans.actions``), shown beside the fields with ``lodestar.core.forms.add_problems``.
"""

from __future__ import annotations

from django import forms

from lodestar.accounts.models import User
from lodestar.core.forms import DATE_HINT, UKDateField
from lodestar.orgs.models import Organisation
from lodestar.orgs.permissions import Permission
from lodestar.plans.models import Direction, Status
from lodestar.star.models import Intervention, StarPoint

# An action's argument -> the action form's field, where the form calls it something else.
ACTION_FORM_FIELDS = {"owner_user": "owner_email"}


class PlanForm(forms.Form):
    title = forms.CharField(label="Plan title", error_messages={"required": "Enter a plan title"})
    organisation = forms.ModelChoiceField(
        label="Organisation the plan belongs to",
        queryset=Organisation.objects.none(),
        error_messages={
            "required": "Choose the organisation",
            "invalid_choice": "Choose an organisation from the list",
        },
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.in_reach(user, Permission.CONTRIBUTE)
        self.fields["organisation"].empty_label = "Choose an organisation"


class ActionForm(forms.Form):
    title = forms.CharField(error_messages={"required": "Enter a title for the action"})
    description = forms.CharField(
        label="Description (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    point = forms.ModelChoiceField(
        label="Star point",
        queryset=StarPoint.objects.all(),
        empty_label="Choose a Star point",
        error_messages={"required": "Choose a Star point", "invalid_choice": "Choose a Star point from the list"},
    )
    intervention = forms.ModelChoiceField(
        label="Intervention (optional)",
        queryset=Intervention.objects.none(),
        required=False,
        empty_label="No intervention",
        error_messages={"invalid_choice": "Choose an intervention from the list"},
    )
    owner_email = forms.EmailField(
        label="Owner's email address (optional)",
        required=False,
        help_text="The owner sees the action in 'My actions' when they use Lodestar",
        error_messages={"invalid": "Enter an email address like name@example.nhs.uk"},
    )
    owner_name = forms.CharField(
        label="Owner's name (optional)",
        required=False,
        help_text="For an owner who does not use Lodestar",
    )
    invite_owner = forms.BooleanField(
        label="Invite this person to see this plan",
        required=False,
        help_text="We email them a link to create a Lodestar account that can read this plan "
        "and update the actions they own in it, and nothing else",
    )
    organisation = forms.ModelChoiceField(
        label="Organisation doing the work",
        queryset=Organisation.objects.none(),
        empty_label="Choose an organisation",
        error_messages={
            "required": "Choose the organisation",
            "invalid_choice": "Choose an organisation from the list",
        },
    )
    start_date = UKDateField(label="Start date (optional)", required=False)
    due_date = UKDateField(label="Due date", error_messages={"required": "Enter a due date"})
    status = forms.ChoiceField(
        choices=Status.choices, widget=forms.RadioSelect, error_messages={"required": "Choose a status"}
    )
    priority_rank = forms.IntegerField(
        label="Priority (optional)",
        required=False,
        help_text="1 is the highest priority",
        error_messages={"invalid": "Priority must be a whole number"},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1, max_value=2_147_483_647)

    def __init__(self, *args, user, plan, action=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.invite_email, self.offer_invite = None, False  # an owner to invite (ADR 0024), set by clean()
        interventions = Intervention.objects.visible_to(user)
        own = [plan.organisation_id]
        if action is not None:
            own.append(action.organisation_id)
            if action.intervention_id:  # keep the current one even if its owner is out of the editor's reach
                interventions = interventions | Intervention.objects.filter(pk=action.intervention_id)
        self.fields["intervention"].queryset = interventions.distinct().select_related("point")
        orgs = Organisation.objects.in_reach(user, Permission.VIEW) | Organisation.objects.filter(pk__in=own)
        self.fields["organisation"].queryset = orgs.distinct()

    def clean_owner_email(self):
        email = (self.cleaned_data.get("owner_email") or "").strip().lower()
        if not email:
            return None
        user = User.objects.filter(email__iexact=email, is_active=True).first()
        if user is None and User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError("The person with that email address can no longer use Lodestar")
        return user or email  # an address with no account: clean() offers an invitation (ADR 0024)

    def clean(self):
        cleaned = super().clean()
        email = cleaned.get("owner_email")
        self.invite_email = email if isinstance(email, str) else None
        self.offer_invite = bool(self.invite_email) or bool(cleaned.get("invite_owner"))
        if self.invite_email:
            cleaned["owner_email"] = None
            if not cleaned.get("invite_owner"):
                self.add_error(
                    "owner_email",
                    "No one uses Lodestar with that email address: tick 'Invite this person to see this plan', "
                    "or leave it empty and give the owner's name instead",
                )
        return cleaned

    def changes(self) -> dict:
        data = self.cleaned_data
        owner = data.get("owner_email")
        return {
            "title": data["title"],
            "description": data.get("description", ""),
            "point": data["point"],
            "intervention": data.get("intervention"),
            "owner_user": owner,
            "owner_name": "" if owner else (data.get("owner_name") or self.invite_email or ""),
            "organisation": data["organisation"],
            "start_date": data.get("start_date"),
            "due_date": data["due_date"],
            "status": data["status"],
            "priority_rank": data.get("priority_rank"),
        }


STATUS_CHANGE_CHOICES = [("", "No change"), *Status.choices]


class ProgressForm(forms.Form):
    date = UKDateField(
        label="Date of the update",
        help_text=f"Today or earlier. {DATE_HINT}",
        error_messages={"required": "Enter the date"},
    )
    text = forms.CharField(
        label="What has happened",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter what has happened"},
    )
    status = forms.ChoiceField(label="Change the status (optional)", choices=STATUS_CHANGE_CHOICES, required=False)


class MilestoneForm(forms.Form):
    title = forms.CharField(label="Milestone", error_messages={"required": "Enter the milestone"})
    due_date = UKDateField(label="Due date (optional)", required=False)
    done = forms.BooleanField(label="This milestone is done", required=False)


def _number(label, required=False):
    return forms.DecimalField(
        label=label,
        required=required,
        max_digits=14,
        decimal_places=2,
        error_messages={
            "invalid": f"{label.replace(' (optional)', '')} must be a number",
            "max_decimal_places": f"{label.replace(' (optional)', '')} can have at most 2 decimal places",
            "max_digits": f"{label.replace(' (optional)', '')} is too large",
        },
    )


class MeasureForm(forms.Form):
    metric = forms.CharField(
        label="What you will measure",
        help_text="For example, community nursing vacancy rate",
        error_messages={"required": "Enter what you will measure"},
    )
    unit = forms.CharField(label="Unit (optional)", required=False, help_text="For example, %, FTE, days")
    direction = forms.ChoiceField(
        label="Which way is better?",
        choices=Direction.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text="Lodestar checks the target is on the better side of the baseline.",
    )
    baseline = _number("Baseline (optional)")
    target = _number("Target (optional)")
    target_confirmed = forms.BooleanField(label="Yes, this target is right", required=False)


class MeasureValueForm(forms.Form):
    date = UKDateField(
        label="Date of the value",
        help_text=f"The day it was measured: today or earlier. {DATE_HINT}",
        error_messages={"required": "Enter the date of the value"},
    )
    value = _number("The value", required=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["value"].error_messages["required"] = "Enter the value"


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Plan file (CSV or Excel)",
        help_text="Use the columns of the plan template. The most one upload can add is 1,000 actions.",
        error_messages={"required": "Choose a CSV or Excel file", "empty": "The file is empty"},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError("The file is larger than 5 MB")
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError("The file must be a CSV (.csv) or Excel (.xlsx) file")
        return upload

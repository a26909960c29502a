from __future__ import annotations

from django import forms

from lodestar.accounts.models import User
from lodestar.orgs.models import Organisation
from lodestar.orgs.permissions import Permission
from lodestar.plans.models import Status, date_in_range
from lodestar.star.models import Intervention, StarPoint

DATE_HINT = "For example, 31/03/2027"


class DateField(forms.DateField):
    widget = forms.DateInput(attrs={"autocomplete": "off"})

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("input_formats", ["%Y-%m-%d", "%d/%m/%Y"])
        kwargs["error_messages"] = {
            "invalid": "Enter a real date, for example 31/03/2027",
            **kwargs.get("error_messages", {}),
        }
        super().__init__(*args, **kwargs)

    def validate(self, value):
        super().validate(value)
        if not date_in_range(value):
            raise forms.ValidationError("Enter a date between 2000 and 2099")


class PlanForm(forms.Form):
    title = forms.CharField(label="Plan title", max_length=200, error_messages={"required": "Enter a plan title"})
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
    title = forms.CharField(max_length=200, error_messages={"required": "Enter a title for the action"})
    description = forms.CharField(
        label="Description (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=10_000,
        error_messages={"max_length": "The description must be 10,000 characters or fewer"},
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
        max_length=200,
        required=False,
        help_text="For an owner who does not use Lodestar",
    )
    organisation = forms.ModelChoiceField(
        label="Organisation doing the work",
        queryset=Organisation.objects.none(),
        error_messages={
            "required": "Choose the organisation",
            "invalid_choice": "Choose an organisation from the list",
        },
    )
    start_date = DateField(label="Start date (optional)", required=False, help_text=DATE_HINT)
    due_date = DateField(label="Due date", help_text=DATE_HINT, error_messages={"required": "Enter a due date"})
    status = forms.ChoiceField(
        choices=Status.choices, widget=forms.RadioSelect, error_messages={"required": "Choose a status"}
    )
    priority_rank = forms.IntegerField(
        label="Priority (optional)",
        required=False,
        min_value=1,
        max_value=100_000,
        help_text="1 is the highest priority",
        error_messages={
            "invalid": "Priority must be a whole number",
            "min_value": "Priority must be 1 or more",
            "max_value": "Priority must be 100,000 or less",
        },
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1, max_value=2_147_483_647)

    def __init__(self, *args, user, plan, action=None, **kwargs):
        super().__init__(*args, **kwargs)
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
        if user is None:
            raise forms.ValidationError(
                "No one uses Lodestar with that email address: leave it empty and give the owner's name instead"
            )
        return user

    def clean(self):
        data = super().clean()
        start, due = data.get("start_date"), data.get("due_date")
        if start and due and due < start:
            self.add_error("due_date", "The due date must be on or after the start date")
        return data

    def changes(self) -> dict:
        data = self.cleaned_data
        owner = data.get("owner_email")
        return {
            "title": data["title"].strip(),
            "description": data.get("description", "").strip(),
            "point": data["point"],
            "intervention": data.get("intervention"),
            "owner_user": owner,
            "owner_name": "" if owner else data.get("owner_name", "").strip(),
            "organisation": data["organisation"],
            "start_date": data.get("start_date"),
            "due_date": data["due_date"],
            "status": data["status"],
            "priority_rank": data.get("priority_rank"),
        }


STATUS_CHANGE_CHOICES = [("", "No change"), *Status.choices]


class ProgressForm(forms.Form):
    date = DateField(label="Date of the update", help_text=DATE_HINT, error_messages={"required": "Enter the date"})
    text = forms.CharField(
        label="What has happened",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        error_messages={"required": "Enter what has happened"},
    )
    status = forms.ChoiceField(label="Change the status (optional)", choices=STATUS_CHANGE_CHOICES, required=False)


class MilestoneForm(forms.Form):
    title = forms.CharField(label="Milestone", max_length=200, error_messages={"required": "Enter the milestone"})
    due_date = DateField(label="Due date (optional)", required=False, help_text=DATE_HINT)
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
        max_length=200,
        help_text="For example, community nursing vacancy rate",
        error_messages={"required": "Enter what you will measure"},
    )
    unit = forms.CharField(
        label="Unit (optional)", max_length=40, required=False, help_text="For example, %, FTE, days"
    )
    baseline = _number("Baseline (optional)")
    target = _number("Target (optional)")
    latest_value = _number("Latest value (optional)")
    latest_on = DateField(label="Date of the latest value (optional)", required=False, help_text=DATE_HINT)


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

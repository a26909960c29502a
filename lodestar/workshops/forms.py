from __future__ import annotations

import datetime

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from lodestar.star import vocab
from lodestar.workshops import queries, scale
from lodestar.workshops.models import ContributionKind, ParticipantRole

SCORE_CHOICES = [(str(s), f"{s} - {name}") for s, name in scale.LEVELS]
RATING_CHOICES = [(str(s), str(s)) for s in range(1, 6)]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class WorkshopForm(forms.Form):
    title = forms.CharField(max_length=200, error_messages={"required": "Enter a title for the workshop"})
    lead_organisation = forms.ModelChoiceField(
        queryset=None,
        empty_label="Choose an organisation",
        help_text="The organisation that runs the workshop. You can choose organisations where you can facilitate.",
        error_messages={"required": "Choose the lead organisation", "invalid_choice": "Choose the lead organisation"},
    )
    partner_organisations = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Health, social care, voluntary and education partners taking part.",
        error_messages={"invalid_choice": "Choose partner organisations from the list"},
    )
    challenge = forms.CharField(
        label="Workforce challenge",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="In plain words, for example: we cannot recruit enough community nurses to keep up with demand.",
        max_length=4000,
        error_messages={
            "required": "Enter the workforce challenge",
            "max_length": "The workforce challenge must be 4,000 characters or fewer",
        },
    )
    service = forms.CharField(label="Service or care pathway", max_length=200, required=False)
    population = forms.CharField(max_length=200, required=False, help_text="For example: people over 75 at home")
    staff_groups = forms.MultipleChoiceField(
        choices=vocab.STAFF_GROUPS, required=False, widget=forms.CheckboxSelectMultiple
    )
    care_settings = forms.MultipleChoiceField(
        choices=vocab.CARE_SETTINGS, required=False, widget=forms.CheckboxSelectMultiple
    )
    starts_on = forms.DateField(
        label="Start date",
        required=False,
        widget=DateInput(),
        help_text="For example, 24/09/2026",
        error_messages={"invalid": "Enter a real start date, for example 24/09/2026"},
    )
    ends_on = forms.DateField(
        label="End date",
        required=False,
        widget=DateInput(),
        help_text="For example, 25/09/2026",
        error_messages={"invalid": "Enter a real end date, for example 25/09/2026"},
    )

    def _date_in_range(self, name: str, words: str):
        value = self.cleaned_data.get(name)
        if value is not None and not (datetime.date(2000, 1, 1) <= value <= datetime.date(2099, 12, 31)):
            raise ValidationError(f"Enter {words} between 2000 and 2099")
        return value

    def clean_starts_on(self):
        return self._date_in_range("starts_on", "a start date")

    def clean_ends_on(self):
        return self._date_in_range("ends_on", "an end date")

    def __init__(self, *args, user, workshop=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_organisation"].queryset = queries.lead_organisation_choices(user, workshop)
        self.fields["partner_organisations"].queryset = queries.partner_choices(user, workshop)
        self.fields["partner_organisations"].label_from_instance = lambda o: f"{o.name} ({o.get_type_display()})"

    def clean(self):
        data = super().clean()
        start, end = data.get("starts_on"), data.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", "The end date must be the same as or after the start date")
        lead, partners = data.get("lead_organisation"), data.get("partner_organisations")
        if lead and partners and lead in partners:
            self.add_error("partner_organisations", "The lead organisation cannot also be a partner")
        return data


class MemberParticipantForm(forms.Form):
    user = forms.ModelChoiceField(
        label="Person",
        queryset=None,
        empty_label="Choose a person",
        help_text="People who are members of the lead or partner organisations.",
        error_messages={"required": "Choose a person to add", "invalid_choice": "Choose a person from the list"},
    )
    role = forms.ChoiceField(
        choices=ParticipantRole.choices,
        initial=ParticipantRole.CONTRIBUTOR,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a role", "invalid_choice": "Choose a role"},
    )

    def __init__(self, *args, workshop, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = queries.eligible_members(workshop)
        self.fields["user"].label_from_instance = lambda u: f"{u.display_name} ({u.email})"


class ExternalInviteForm(forms.Form):
    name = forms.CharField(label="Full name", max_length=200, error_messages={"required": "Enter their full name"})
    email = forms.EmailField(
        label="Email address",
        error_messages={
            "required": "Enter their email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )
    role = forms.ChoiceField(
        label="Their role",
        choices=[(ParticipantRole.CONTRIBUTOR, "Contributor"), (ParticipantRole.OBSERVER, "Observer")],
        initial=ParticipantRole.CONTRIBUTOR,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a role", "invalid_choice": "Choose a role"},
    )

    def __init__(self, *args, workshop, **kwargs):
        self.workshop = workshop
        super().__init__(*args, **kwargs)

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if self.workshop.participants.filter(email=email).exists():
            raise ValidationError("This person is already a participant in this workshop")
        return email


class AcceptInvitationForm(forms.Form):
    full_name = forms.CharField(
        label="Your full name", max_length=200, error_messages={"required": "Enter your full name"}
    )
    password = forms.CharField(
        label="Create a password",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 12 characters. Avoid common words.",
        error_messages={"required": "Create a password"},
    )
    password_again = forms.CharField(
        label="Type the password again",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Type the password again"},
    )

    def clean(self):
        data = super().clean()
        pw, again = data.get("password"), data.get("password_again")
        if pw and again and pw != again:
            self.add_error("password_again", "The passwords do not match")
        elif pw:
            try:
                validate_password(pw)
            except ValidationError as exc:
                self.add_error("password", exc)
        return data


class EvidenceNoteForm(forms.Form):
    title = forms.CharField(max_length=200, error_messages={"required": "Enter a title for the note"})
    text = forms.CharField(
        label="Note",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=20_000,
        error_messages={"required": "Enter the note", "max_length": "The note must be 20,000 characters or fewer"},
    )


class EvidenceFileForm(forms.Form):
    title = forms.CharField(
        max_length=200, required=False, help_text="Optional. We use the file name if you leave it empty."
    )
    file = forms.FileField(
        label="File",
        help_text="PDF, Excel (XLSX), CSV, Word (DOCX) or PNG, smaller than 10 MB.",
        error_messages={"required": "Choose a file to upload", "empty": "The file is empty"},
    )


class AssessmentForm(forms.Form):
    current_score = forms.TypedChoiceField(
        label="Current maturity",
        choices=SCORE_CHOICES,
        coerce=int,
        required=False,
        widget=forms.RadioSelect,
        empty_value=None,
        error_messages={"invalid_choice": "Choose a current score from 1 to 5"},
    )
    target_score = forms.TypedChoiceField(
        label="Target maturity",
        choices=SCORE_CHOICES,
        coerce=int,
        required=False,
        widget=forms.RadioSelect,
        empty_value=None,
        error_messages={"invalid_choice": "Choose a target score from 1 to 5"},
    )
    evidence = forms.CharField(
        label="Summary of the evidence",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=10_000,
        error_messages={"max_length": "The summary of the evidence must be 10,000 characters or fewer"},
    )


class ContributionForm(forms.Form):
    kind = forms.ChoiceField(
        label="What are you adding?",
        choices=ContributionKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose evidence, a challenge or an idea",
            "invalid_choice": "Choose evidence, a challenge or an idea",
        },
    )
    text = forms.CharField(
        label="Your contribution",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        error_messages={"required": "Enter your contribution"},
    )


class MergeForm(forms.Form):
    into = forms.ModelChoiceField(
        label="Merge into",
        queryset=None,
        empty_label="Choose a contribution",
        error_messages={
            "required": "Choose the contribution to merge into",
            "invalid_choice": "Choose the contribution to merge into",
        },
    )

    def __init__(self, *args, source, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = source.workshop.contributions.filter(point=source.point, hidden=False).exclude(
            pk=source.pk
        )
        self.fields["into"].label_from_instance = str


class CandidateSearchForm(forms.Form):
    q = forms.CharField(label="Search the catalogue", required=False, max_length=200)
    point = forms.ChoiceField(label="Star point", choices=[("", "Any point"), *vocab.STAR_POINTS], required=False)
    staff_group = forms.ChoiceField(
        label="Staff group", choices=[("", "Any staff group"), *vocab.STAFF_GROUPS], required=False
    )
    care_setting = forms.ChoiceField(
        label="Care setting", choices=[("", "Any care setting"), *vocab.CARE_SETTINGS], required=False
    )


class AddCandidateForm(forms.Form):
    intervention = forms.ModelChoiceField(
        queryset=None,
        error_messages={
            "required": "Choose an intervention",
            "invalid_choice": "Choose an intervention from the catalogue",
        },
    )
    challenge = forms.ModelChoiceField(
        queryset=None, required=False, error_messages={"invalid_choice": "Choose a challenge from this workshop"}
    )

    def __init__(self, *args, workshop, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["intervention"].queryset = queries.visible_interventions(user)
        self.fields["challenge"].queryset = workshop.contributions.filter(kind=ContributionKind.CHALLENGE, hidden=False)


class RatingForm(forms.Form):
    impact = forms.TypedChoiceField(
        choices=RATING_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose an impact rating from 1 to 5",
            "invalid_choice": "Choose an impact rating from 1 to 5",
        },
    )
    effort = forms.TypedChoiceField(
        choices=RATING_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose an effort rating from 1 to 5",
            "invalid_choice": "Choose an effort rating from 1 to 5",
        },
    )

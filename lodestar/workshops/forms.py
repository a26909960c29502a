"""The workshop pages' forms. They read what a browser sends (a missing value, text where a
number goes, an unreal date, a choice not on the list); what is acceptable is the actions' rule
(the ``check_*`` functions in ``lodestar.workshops.actions``), which each form calls in ``clean``
and shows beside its fields with ``lodestar.core.forms.add_problems``.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from lodestar.core.forms import DATE_HINT, UKDateField, add_problems
from lodestar.core.validation import ValidationProblem
from lodestar.star import vocab
from lodestar.workshops import actions, queries, scale
from lodestar.workshops.actions import assessment as assessment_rules
from lodestar.workshops.actions import evidence as evidence_rules
from lodestar.workshops.actions import prioritisation as prioritisation_rules
from lodestar.workshops.actions.participants import ROLE_MESSAGE
from lodestar.workshops.models import ContributionKind, ParticipantRole

SCORE_CHOICES = [(str(s), f"{s} - {name}") for s, name in scale.LEVELS]
RATING_CHOICES = [(str(s), str(s)) for s in range(1, 6)]


class RulesForm(forms.Form):
    """A form that shows an action's answer: ``apply_rules`` runs one of the actions' ``check_*``
    functions and puts each problem beside its field (unless a type check already refused it)."""

    def apply_rules(self, check, fields: dict[str, str] | None = None, /, **values) -> None:
        try:
            check(**values)
        except ValidationProblem as exc:
            fields = fields or {}
            fresh = [(f, m) for f, m in exc.problems if not self.has_error(fields.get(f, f))]
            if fresh:
                add_problems(self, ValidationProblem(fresh), fields)


class WorkshopForm(RulesForm):
    title = forms.CharField(error_messages={"required": "Enter a title for the workshop"})
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
        error_messages={"required": "Enter the workforce challenge"},
    )
    service = forms.CharField(label="Service or care pathway", required=False)
    population = forms.CharField(required=False, help_text="For example: people over 75 at home")
    staff_groups = forms.MultipleChoiceField(
        choices=vocab.STAFF_GROUPS, required=False, widget=forms.CheckboxSelectMultiple
    )
    care_settings = forms.MultipleChoiceField(
        choices=vocab.CARE_SETTINGS, required=False, widget=forms.CheckboxSelectMultiple
    )
    starts_on = UKDateField(label="Start date", required=False, help_text=f"Optional. {DATE_HINT}")
    ends_on = UKDateField(
        label="End date", required=False, help_text=f"Optional. The same as or after the start date. {DATE_HINT}"
    )

    def __init__(self, *args, user, workshop=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.workshop = user, workshop
        self.fields["lead_organisation"].queryset = queries.lead_organisation_choices(user, workshop)
        self.fields["partner_organisations"].queryset = queries.partner_choices(user, workshop)
        self.fields["partner_organisations"].label_from_instance = lambda o: f"{o.name} ({o.get_type_display()})"

    def clean(self):
        data = super().clean()
        names = ["title", "lead_organisation", "challenge", "service", "population", "starts_on", "ends_on"]
        details = {name: data.get(name) for name in names}
        lists = {
            name: list(data.get(name) or ()) for name in ["partner_organisations", "staff_groups", "care_settings"]
        }
        self.apply_rules(actions.check_workshop, actor=self.user, workshop=self.workshop, **details, **lists)
        return data


class MemberParticipantForm(RulesForm):
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
        error_messages={"required": ROLE_MESSAGE, "invalid_choice": ROLE_MESSAGE},
    )

    def __init__(self, *args, workshop, **kwargs):
        super().__init__(*args, **kwargs)
        self.workshop = workshop
        self.fields["user"].queryset = queries.eligible_members(workshop)
        self.fields["user"].label_from_instance = lambda u: f"{u.display_name} ({u.email})"

    def clean(self):
        data = super().clean()
        self.apply_rules(
            actions.check_member_participant, workshop=self.workshop, user=data.get("user"), role=data.get("role")
        )
        return data


class ExternalInviteForm(RulesForm):
    name = forms.CharField(label="Full name", error_messages={"required": "Enter their full name"})
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
        error_messages={"required": ROLE_MESSAGE, "invalid_choice": ROLE_MESSAGE},
    )

    def __init__(self, *args, workshop, **kwargs):
        self.workshop = workshop
        super().__init__(*args, **kwargs)

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        data = super().clean()
        values = {name: data.get(name) or "" for name in ("name", "email", "role")}
        self.apply_rules(actions.check_invitation, workshop=self.workshop, **values)
        return data


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


class EvidenceNoteForm(RulesForm):
    title = forms.CharField(error_messages={"required": "Enter a title for the note"})
    text = forms.CharField(
        label="Note", widget=forms.Textarea(attrs={"rows": 5}), error_messages={"required": "Enter the note"}
    )

    def clean(self):
        data = super().clean()
        self.apply_rules(actions.check_evidence_note, title=data.get("title"), text=data.get("text"))
        return data


class EvidenceFileForm(RulesForm):
    title = forms.CharField(required=False, help_text="Optional. We use the file name if you leave it empty.")
    file = forms.FileField(
        label="File",
        help_text="PDF, Excel (XLSX), CSV, Word (DOCX), PNG or JPEG, smaller than 10 MB.",
        error_messages={"required": "Choose a file to upload", "empty": "The file is empty"},
    )

    def clean(self):
        data = super().clean()
        self.apply_rules(evidence_rules.check_evidence_title, {"upload": "file"}, title=data.get("title") or "")
        return data


def _scale_field(choices, message: str, **kwargs) -> forms.TypedChoiceField:
    """Radio buttons for a 1 to 5 scale; a value off the scale gets the action's message."""
    return forms.TypedChoiceField(
        choices=choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": message, "invalid_choice": message},
        **kwargs,
    )


class AssessmentForm(RulesForm):
    current_score = _scale_field(
        SCORE_CHOICES,
        assessment_rules.CURRENT_SCORE_MESSAGE,
        label="Current maturity",
        required=False,
        empty_value=None,
    )
    target_score = _scale_field(
        SCORE_CHOICES, assessment_rules.TARGET_SCORE_MESSAGE, label="Target maturity", required=False, empty_value=None
    )
    evidence = forms.CharField(
        label="Summary of the evidence", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )

    def clean(self):
        data = super().clean()
        values = {name: data.get(name) for name in ("current_score", "target_score")}
        self.apply_rules(actions.check_assessment, evidence=data.get("evidence") or "", **values)
        return data


class ContributionForm(RulesForm):
    kind = forms.ChoiceField(
        label="What are you adding?",
        choices=ContributionKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": assessment_rules.KIND_MESSAGE,
            "invalid_choice": assessment_rules.KIND_MESSAGE,
        },
    )
    text = forms.CharField(
        label="Your contribution",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter your contribution"},
    )

    def clean(self):
        data = super().clean()
        self.apply_rules(actions.check_contribution, kind=data.get("kind"), text=data.get("text") or "")
        return data


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


class AddCandidateForm(RulesForm):
    intervention = forms.ModelChoiceField(
        queryset=None,
        error_messages={
            "required": "Choose an intervention",
            "invalid_choice": "Choose an intervention from the catalogue",
        },
    )
    challenge = forms.ModelChoiceField(
        queryset=None,
        required=False,
        error_messages={"invalid_choice": prioritisation_rules.CHALLENGE_MESSAGE},
    )

    def __init__(self, *args, workshop, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.workshop = workshop
        self.fields["intervention"].queryset = queries.visible_interventions(user)
        self.fields["challenge"].queryset = workshop.contributions.filter(kind=ContributionKind.CHALLENGE, hidden=False)

    def clean(self):
        data = super().clean()
        values = {"intervention": data.get("intervention"), "challenge": data.get("challenge")}
        self.apply_rules(actions.check_candidate, workshop=self.workshop, **values)
        return data


class RatingForm(RulesForm):
    impact = _scale_field(RATING_CHOICES, prioritisation_rules.IMPACT_MESSAGE)
    effort = _scale_field(RATING_CHOICES, prioritisation_rules.EFFORT_MESSAGE)

    def clean(self):
        data = super().clean()
        self.apply_rules(actions.check_rating, impact=data.get("impact"), effort=data.get("effort"))
        return data


class ShortlistConfirmForm(forms.Form):
    """The facilitator's shortlist: the candidates ticked (``include``), each with a priority
    in its ``rank-<candidate id>`` box. Only reads and type-checks them:
    ``cleaned_data["ordered_candidate_ids"]`` lists the chosen candidates by priority, 1 first."""

    include = forms.TypedMultipleChoiceField(
        coerce=int,
        required=False,
        error_messages={
            "invalid_choice": "Choose candidates from this workshop",
            "invalid_list": "Choose candidates from this workshop",
        },
    )

    def __init__(self, *args, workshop, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["include"].choices = [(str(pk), str(pk)) for pk in workshop.candidates.values_list("pk", flat=True)]

    def clean(self):
        data = super().clean()
        if self.has_error("include"):
            return data
        chosen = []
        for pk in data.get("include") or []:
            rank = (self.data.get(f"rank-{pk}") or "").strip()
            if not rank.isdecimal() or int(rank) < 1:
                self.add_error("include", "Give each chosen candidate a priority: a whole number, 1 for the highest")
                return data
            chosen.append((int(rank), pk))
        # An empty shortlist is the action's to refuse (confirm_shortlist), like every rule about its content.
        data["ordered_candidate_ids"] = [pk for _, pk in sorted(chosen)]
        return data

from __future__ import annotations

from django import forms
from django.contrib.auth import authenticate, password_validation
from django.contrib.auth.forms import PasswordChangeForm, PasswordResetForm, SetPasswordForm

from lodestar.accounts import actions
from lodestar.accounts.models import User
from lodestar.core.forms import add_problems
from lodestar.core.validation import ValidationProblem


class SignInForm(forms.Form):
    """Email and password. The credentials go to ``authenticate`` as ``email=`` so that
    django-axes counts failures against the address typed (AXES_USERNAME_FORM_FIELD)."""

    email = forms.EmailField(
        label="Email address",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"required": "Enter your email address", "invalid": "Enter an email address like name@nhs.net"},
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password"},
    )

    def __init__(self, request, *args, **kwargs):
        self.request = request
        self.user = None
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        email, password = cleaned.get("email"), cleaned.get("password")
        if email and password:
            self.user = authenticate(self.request, email=email.strip().lower(), password=password)
            if self.user is None:
                raise forms.ValidationError("The email address or password is not right. Check them and try again.")
        return cleaned


class NewPasswordMixin:
    def _check_new_password(self, password1, password2, user):
        if password1 and password2 and password1 != password2:
            raise forms.ValidationError({"password2": "The passwords do not match"})
        if password1:
            try:
                password_validation.validate_password(password1, user)
            except forms.ValidationError as exc:
                raise forms.ValidationError({"password1": exc.messages}) from exc


class AcceptInvitationForm(NewPasswordMixin, forms.Form):
    full_name = forms.CharField(
        label="Full name",
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": "Enter your full name"},
    )
    job_title = forms.CharField(
        label="Job title",
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    password1 = forms.CharField(
        label="Create a password",
        strip=False,
        help_text="At least 12 characters. Not a common password and not all numbers.",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Create a password"},
    )
    password2 = forms.CharField(
        label="Confirm password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Enter the password again"},
    )

    def __init__(self, *args, email: str, **kwargs):
        self.email = email
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        if "full_name" in cleaned:  # the action's rule for the name and job title
            try:
                actions.check_person(full_name=cleaned["full_name"], job_title=cleaned.get("job_title") or "")
            except ValidationProblem as exc:
                add_problems(self, exc)
        self._check_new_password(
            cleaned.get("password1"),
            cleaned.get("password2"),
            User(email=self.email, full_name=cleaned.get("full_name") or ""),
        )
        return cleaned


class ProfileForm(forms.Form):
    """A person's own name and job title; the rules are ``actions.check_person``'s (via ``update_profile``)."""

    full_name = forms.CharField(
        label="Full name",
        required=False,
        strip=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    job_title = forms.CharField(
        label="Job title (optional)",
        required=False,
        strip=False,
        help_text="For example, Matron or Workforce planner",
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )


class ChangePasswordForm(PasswordChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "Current password"
        self.fields["new_password1"].label = "New password"
        self.fields["new_password1"].help_text = "At least 12 characters. Not a common password and not all numbers."
        self.fields["new_password2"].label = "Confirm new password"
        self.error_messages["password_incorrect"] = "Your current password is not right. Enter it again."
        self.error_messages["password_mismatch"] = "The new passwords do not match"


class ResetPasswordForm(PasswordResetForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Email address"
        self.fields["email"].error_messages = {
            "required": "Enter your email address",
            "invalid": "Enter an email address like name@nhs.net",
        }


class ChooseNewPasswordForm(SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = "New password"
        self.fields["new_password1"].help_text = "At least 12 characters. Not a common password and not all numbers."
        self.fields["new_password2"].label = "Confirm new password"
        self.error_messages["password_mismatch"] = "The new passwords do not match"

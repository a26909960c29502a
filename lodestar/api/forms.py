from __future__ import annotations

from datetime import timedelta

from django import forms
from django.utils import timezone

EXPIRY_CHOICES = [
    ("30", "In 30 days"),
    ("90", "In 90 days"),
    ("365", "In 1 year"),
    ("never", "Never (revoke it yourself when it is no longer needed)"),
]


class CreateTokenForm(forms.Form):
    name = forms.CharField(
        label="Token name",
        max_length=100,
        help_text="What the token is for, so you can recognise it later. For example, 'Workforce dashboard'.",
        error_messages={
            "required": "Enter a name for the token",
            "max_length": "Token name must be 100 characters or fewer",
        },
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    expires = forms.ChoiceField(
        label="When should the token stop working?",
        choices=EXPIRY_CHOICES,
        initial="90",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select when the token should stop working",
            "invalid_choice": "Select when the token should stop working",
        },
    )

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError("Enter a name for the token")
        return name

    def expires_at(self):
        value = self.cleaned_data["expires"]
        if value == "never":
            return None
        return timezone.now() + timedelta(days=int(value))

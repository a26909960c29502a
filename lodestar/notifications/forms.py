from __future__ import annotations

from django import forms

from lodestar.notifications.models import NotificationKind


class EmailSettingsForm(forms.Form):
    enabled_kinds = forms.MultipleChoiceField(
        label="Email me when",
        choices=NotificationKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply. Emails you do not select are not sent to you.",
    )

"""The form for adding a picture to a case study. It only parses what the browser sends; the rules
(type by content, size, alt text) live in ``lodestar.learning.actions_images``."""

from __future__ import annotations

from django import forms


class ImageForm(forms.Form):
    file = forms.FileField(
        label="Picture",
        required=False,
        help_text="A PNG, JPEG or GIF, smaller than 5 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/gif"}),
        error_messages={
            "empty": "The chosen file is empty",
            "invalid": "Choose a picture to add",
            "missing": "Choose a picture to add",
        },
    )
    alt_text = forms.CharField(
        label="Describe the picture",
        required=False,
        strip=True,
        help_text="For people who cannot see it: what it shows and why it matters. For example, "
        "'The new rota board on Ward 7, with each nurse's protected learning time in green'.",
    )
    caption = forms.CharField(
        label="Caption (optional)", required=False, strip=True, help_text="Shown beneath the picture."
    )

"""Form building blocks every app shares: the UK date field, and turning an action's
``ValidationProblem`` into errors beside the form's fields.

Forms check only what a browser can send wrongly (a missing value, text where a number goes,
an unreal date); the rules about what is acceptable live in the actions, and a form shows
their answer with ``add_problems``.
"""

from __future__ import annotations

from collections.abc import Mapping

from django import forms

from lodestar.core.validation import DATE_RANGE_TEXT, ValidationProblem, date_in_range

DATE_HINT = "For example, 31/03/2027"
DATE_INVALID = "Enter a real date, for example 31/03/2027"


class UKDateField(forms.DateField):
    """A date typed as 31/03/2027 (or 2027-03-31), from 2000 to 2099."""

    widget = forms.DateInput(attrs={"autocomplete": "off"})

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("input_formats", ["%Y-%m-%d", "%d/%m/%Y"])
        kwargs.setdefault("help_text", DATE_HINT)
        kwargs["error_messages"] = {"invalid": DATE_INVALID, **kwargs.get("error_messages", {})}
        super().__init__(*args, **kwargs)

    def validate(self, value):
        super().validate(value)
        if not date_in_range(value):
            raise forms.ValidationError(self.error_messages.get("out_of_range", f"Enter a date {DATE_RANGE_TEXT}"))


def add_problems(form: forms.Form, problem: ValidationProblem, fields: Mapping[str, str] | None = None) -> None:
    """Show an action's problems on ``form``: each beside its field (renamed through ``fields``
    where the form calls it something else), or above the form when the form has no such field."""
    fields = fields or {}
    for field, message in problem.problems:
        name = fields.get(field, field)
        form.add_error(name if name in form.fields else None, message)

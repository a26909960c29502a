"""The forms of questions, answers and moderation. They only read what the browser sent; the
rules (some words, at most 5,000 characters, no control characters) live in
``lodestar.learning.actions_discussion`` and the forms show its answer (``add_problems``)."""

from __future__ import annotations

from django import forms


class _Words(forms.CharField):
    """Text passed to the action as typed: the action decides what is acceptable (even a null
    character gets the action's message, not Django's)."""

    def __init__(self, **kwargs):
        super().__init__(required=False, strip=False, **kwargs)
        self.validators = []


class QuestionForm(forms.Form):
    text = _Words(
        label="Your question",
        help_text="The case study's authors get an email. Everyone who can read the case study sees your question "
        "and your name.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class AnswerForm(forms.Form):
    text = _Words(
        label="Your answer",
        help_text="The person who asked and everyone who answered before you get an email.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class HideForm(forms.Form):
    reason = _Words(
        label="Why are you hiding it?",
        help_text="Moderators see this reason in its place. Everyone else no longer sees it.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

"""The networks' forms. They parse what a browser sends; the rules live in the actions, and the
forms show their answer (``lodestar.core.forms.add_problems``)."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone

from lodestar.core.forms import UKDateField
from lodestar.networks.models import Joining, Topic, Visibility
from lodestar.networks.queries import QUERY_MAX
from lodestar.networks.sectors import SECTORS

TIME_HINT = "Use the 24-hour clock, for example 09:30 or 14:00"


def _text(label: str, rows: int = 5, required: bool = False) -> forms.CharField:
    return forms.CharField(label=label, required=required, strip=True, widget=forms.Textarea(attrs={"rows": rows}))


class SearchForm(forms.Form):
    q = forms.CharField(label="Search by words", required=False, max_length=QUERY_MAX, strip=True)
    sector = forms.ChoiceField(label="Members from", required=False, choices=[("", "Any sector"), *SECTORS.items()])
    topic = forms.ChoiceField(label="Topic", required=False, choices=[("", "Any topic"), *Topic.choices])


class NetworkForm(forms.Form):
    host = forms.ModelChoiceField(queryset=None, label="Host organisation", empty_label=None)
    name = forms.CharField(label="Name", required=False, strip=True)
    purpose = _text("What is the network for?")
    topic = forms.ChoiceField(label="Topic", choices=Topic.choices)
    visibility = forms.ChoiceField(label="Who can find it?", choices=Visibility.choices, widget=forms.RadioSelect)
    joining = forms.ChoiceField(label="How do people join?", choices=Joining.choices, widget=forms.RadioSelect)

    def __init__(self, *args, hosts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host"].queryset = hosts


class JoinForm(forms.Form):
    organisation = forms.ModelChoiceField(queryset=None, label="Which organisation do you work for?", empty_label=None)
    message = forms.CharField(label="Why you would like to join (optional)", required=False, strip=True)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class ThreadForm(forms.Form):
    title = forms.CharField(label="Title", required=False, strip=True)
    body = _text("Your message", rows=6)


class ReplyForm(forms.Form):
    body = _text("Your reply", rows=4)


class HideForm(forms.Form):
    reason = forms.CharField(label="Why are you hiding this post?", required=False, strip=True)


class TimeField(forms.TimeField):
    def __init__(self, label: str):
        super().__init__(
            label=label,
            required=False,
            input_formats=["%H:%M", "%H.%M", "%H%M"],
            help_text=TIME_HINT,
            error_messages={"invalid": f"Enter the {label.lower()} as hours and minutes, like 14:30"},
        )


class EventForm(forms.Form):
    title = forms.CharField(label="Title", required=False, strip=True)
    description = _text("What will happen (optional)", rows=4)
    day = UKDateField(label="Date", required=False)
    start = TimeField("Start time")
    end = TimeField("End time")
    place = forms.CharField(label="Place (optional if online)", required=False, strip=True)
    online_url = forms.CharField(label="Online link (optional if in person)", required=False, strip=True)
    capacity = forms.IntegerField(
        label="Number of places (optional)",
        required=False,
        help_text="Leave empty for no limit",
        error_messages={"invalid": "Enter the number of places as a whole number"},
    )

    def action_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "description": data["description"],
            "starts_at": _moment(data["day"], data["start"]),
            "ends_at": _moment(data["day"], data["end"]),
            "place": data["place"],
            "online_url": data["online_url"],
            "capacity": data["capacity"],
        }


def _moment(day: datetime.date | None, time: datetime.time | None) -> datetime.datetime | None:
    if day is None or time is None:
        return None
    return timezone.make_aware(datetime.datetime.combine(day, time))


class FileForm(forms.Form):
    title = forms.CharField(label="Title", required=False, strip=True)
    description = forms.CharField(label="Description (optional)", required=False, strip=True)
    upload = forms.FileField(
        label="File", required=False, help_text="PDF, Word, Excel, PowerPoint, PNG, JPEG or text, up to 10 MB"
    )


class LinkForm(forms.Form):
    case_study = forms.ModelChoiceField(queryset=None, label="A case study", required=False, empty_label="None")
    intervention = forms.ModelChoiceField(
        queryset=None, label="Or an intervention from the catalogue", required=False, empty_label="None"
    )
    description = forms.CharField(label="Why it is useful (optional)", required=False, strip=True)

    def __init__(self, *args, case_studies, interventions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case_study"].queryset = case_studies
        self.fields["intervention"].queryset = interventions

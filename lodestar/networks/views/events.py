"""Events: members add one (date and times, place or online link, places), change it (who added it
and the coordinators), sign up and cancel, and download it for their calendar (.ics)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from lodestar.core.forms import add_problems
from lodestar.core.validation import ValidationProblem
from lodestar.core.words import plural
from lodestar.networks import actions_content, ics, presenters, queries
from lodestar.networks.forms import EventForm

FIELDS = {"starts_at": "start", "ends_at": "end"}


@require_http_methods(["GET", "POST"])
def event_new(request, network_id: int):
    network = queries.readable(request.user, network_id)
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            event = actions_content.add_event(actor=request.user, network=network, **form.action_arguments())
        except ValidationProblem as problem:
            add_problems(form, problem, FIELDS)
        else:
            messages.success(request, f"Event added: {event.title}")
            return redirect("networks:event", event_id=event.pk)
    context = {"network": network, "form": form, "heading": "Add an event", "button": "Add the event"}
    return render(request, "networks/form.jinja", context)


def _initial(event) -> dict:
    start, end = timezone.localtime(event.starts_at), timezone.localtime(event.ends_at)
    return {
        "title": event.title,
        "description": event.description,
        "day": start.date(),
        "start": f"{start:%H:%M}",  # as people type it, not 10:00:00
        "end": f"{end:%H:%M}",
        "place": event.place,
        "online_url": event.online_url,
        "capacity": event.capacity,
    }


@require_http_methods(["GET", "POST"])
def event_edit(request, event_id: int):
    """Only the member who added it and the coordinators, before it ends (404 otherwise)."""
    found = queries.changeable_event(request.user, event_id)
    form = EventForm(request.POST or None, initial=_initial(found))
    if request.method == "POST" and form.is_valid():
        try:
            actions_content.change_event(actor=request.user, event=found, **form.action_arguments())
        except ValidationProblem as problem:
            add_problems(form, problem, FIELDS)
        else:
            messages.success(request, "Event changed")
            return redirect("networks:event", event_id=found.pk)
    taken = found.signups.count()
    context = {
        "network": found.network,
        "form": form,
        "heading": "Change the event",
        "intro": (
            f"{plural(taken, 'person has', 'people have')} a place. If you change the date, times, place or "
            "online link, they are emailed."
            if taken
            else "No one has a place yet."
        ),
        "button": "Save changes",
    }
    return render(request, "networks/form.jinja", context)


def event(request, event_id: int):
    found = queries.event(request.user, event_id)
    context = {
        "network": found.network,
        "event": found,
        "row": presenters.event_row(found),
        "when": presenters.when(found),
        "is_member": queries.is_member(request.user, found.network),
        "signed_up": queries.signed_up(request.user, found),
        "may_change": queries.may_change_event(request.user, found),
    }
    return render(request, "networks/event.jinja", context)


@require_POST
def sign_up(request, event_id: int):
    found = queries.event(request.user, event_id)
    try:
        actions_content.sign_up(actor=request.user, event=found)
    except ValidationProblem as problem:
        messages.error(request, problem.message)
    else:
        messages.success(request, "You have a place at this event")
    return redirect("networks:event", event_id=found.pk)


@require_POST
def cancel(request, event_id: int):
    found = queries.event(request.user, event_id)
    try:
        actions_content.cancel_sign_up(actor=request.user, event=found)
    except ValidationProblem as problem:
        messages.error(request, problem.message)
    else:
        messages.success(request, "Your place is cancelled")
    return redirect("networks:event", event_id=found.pk)


def calendar(request, event_id: int):
    found = queries.event(request.user, event_id)
    page = request.build_absolute_uri(reverse("networks:event", args=[found.pk]))
    body = ics.for_event(found, stamp=timezone.now(), link=page)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="network-event-{found.pk}.ics"'
    return response


ROUTES = [
    path("<int:network_id>/events/new/", event_new, name="event-new"),
    path("events/<int:event_id>/", event, name="event"),
    path("events/<int:event_id>/change/", event_edit, name="event-change"),
    path("events/<int:event_id>/sign-up/", sign_up, name="event-sign-up"),
    path("events/<int:event_id>/cancel/", cancel, name="event-cancel"),
    path("events/<int:event_id>/calendar.ics", calendar, name="event-ics"),
]

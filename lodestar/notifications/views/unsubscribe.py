"""The link at the foot of every notification email: one click to a page that asks, then a button.

It works without signing in (the link is signed for this person and this kind of email only,
``delivery.unsubscribe_token``); anything else is a 404."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from lodestar.notifications import actions, presenters, queries
from lodestar.notifications.models import NotificationKind


@login_not_required
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    target = queries.unsubscribe_target(token)
    if target is None:
        raise Http404("No such link")
    person, kind = target
    context = {"kind_label": NotificationKind(kind).label, "when_sent": presenters.when_sent(kind), "token": token}
    if request.method == "POST":
        actions.unsubscribe(user=person, kind=kind)
        return render(request, "notifications/unsubscribed.jinja", context)
    return render(request, "notifications/unsubscribe.jinja", context)

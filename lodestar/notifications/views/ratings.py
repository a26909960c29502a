"""A facilitator asks the workshop's facilitators and contributors, by email, to rate the candidates."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from lodestar.core.words import plural
from lodestar.notifications import actions, queries
from lodestar.workshops.models import Workshop


@require_http_methods(["GET", "POST"])
def ask_for_ratings(request, pk: int):
    workshop = get_object_or_404(Workshop.objects.facilitated_by(request.user), pk=pk)
    raters = list(queries.raters_to_ask(workshop, request.user))
    if request.method == "POST" and raters:
        actions.ask_for_ratings(actor=request.user, workshop=workshop)
        messages.success(request, f"We will email {plural(len(raters), 'person', 'people')} asking them to rate.")
        return redirect("workshops:prioritisation", pk=workshop.pk)
    return render(request, "notifications/ask_for_ratings.jinja", {"workshop": workshop, "raters": raters})

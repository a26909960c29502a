"""A person's email settings: which kinds of email Lodestar sends them."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from lodestar.core.forms import add_problems
from lodestar.core.validation import ValidationProblem
from lodestar.notifications import actions, presenters, queries
from lodestar.notifications.forms import EmailSettingsForm


@require_http_methods(["GET", "POST"])
def email_settings(request):
    preferences = queries.preferences_for(request.user)
    initial = {"enabled_kinds": [kind for kind, on in preferences.items() if on]}
    form = EmailSettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_preferences(
                actor=request.user, user=request.user, enabled_kinds=form.cleaned_data["enabled_kinds"]
            )
        except ValidationProblem as problem:
            add_problems(form, problem)
        else:
            messages.success(request, "Your email settings have been saved.")
            return redirect("notifications:settings")
    context = {"form": form, "rows": presenters.settings_rows(preferences), "email": request.user.email}
    return render(request, "notifications/settings.jinja", context, status=400 if form.errors else 200)

"""Accepting an invitation to a workshop: by someone signed in, or by creating an account."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render

from lodestar.workshops import actions, forms, queries


def _join(request, participant, form, user):
    """Accept for ``user`` (signed in) or a new account from ``form``; None when the form has errors."""
    workshop = participant.workshop
    if user is not None:
        actions.accept_invitation(participant=participant, user=user)
        messages.success(request, f"You have joined the workshop: {workshop.title}")
        return redirect("workshops:detail", workshop.pk)
    if form.is_valid():
        user = actions.accept_invitation(
            participant=participant,
            full_name=form.cleaned_data["full_name"],
            password=form.cleaned_data["password"],
        )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, f"Your account is ready. Welcome to the workshop: {workshop.title}")
        return redirect("workshops:detail", workshop.pk)
    return None


@login_not_required
def accept_invitation(request, token):
    participant = actions.find_invitation(token)
    if participant is None:
        return render(request, "workshops/invitation_invalid.jinja", status=404)
    user = request.user if request.user.is_authenticated else None
    existing = queries.account_exists(participant.email)
    if user is not None and user.email.lower() != participant.email:
        return render(request, "workshops/invitation_other_user.jinja", {"participant": participant}, status=403)
    form = forms.AcceptInvitationForm(request.POST or None, initial={"full_name": participant.name})
    if request.method == "POST" and (user is not None or not existing):
        joined = _join(request, participant, form, user)
        if joined is not None:
            return joined
    return render(
        request,
        "workshops/invitation_accept.jinja",
        {
            "participant": participant,
            "workshop": participant.workshop,
            "form": form,
            "signed_in": user is not None,
            "existing": existing,
        },
    )

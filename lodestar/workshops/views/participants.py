"""Who takes part: members of the taking-part organisations, and people invited from outside."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from lodestar.workshops import actions, forms, queries
from lodestar.workshops.presenters import ParticipantPresenter
from lodestar.workshops.views.common import facilitated, render_workshop, workshop_or_404


def _add_member(request, workshop, form):
    user = form.cleaned_data["user"]
    actions.add_member_participant(
        actor=request.user,
        workshop=workshop,
        user=user,
        role=form.cleaned_data["role"],
        organisation=queries.member_organisation(workshop, user),
    )
    messages.success(request, f"{user.display_name} added to the workshop")


def _invite(request, workshop, form):
    data = form.cleaned_data
    actions.invite_external_participant(
        actor=request.user,
        workshop=workshop,
        name=data["name"],
        email=data["email"],
        role=data["role"],
        accept_url=lambda token: request.build_absolute_uri(reverse("workshops:accept", args=[token])),
    )
    messages.success(request, f"Invitation sent to {data['email']}")


def participants(request, pk):
    workshop = workshop_or_404(request, pk)
    member_form = forms.MemberParticipantForm(workshop=workshop)
    invite_form = forms.ExternalInviteForm(workshop=workshop, prefix="invite")
    if request.method == "POST":
        if not workshop.can_facilitate(request.user):
            raise PermissionDenied("Only the workshop's facilitators can change participants.")
        if request.POST.get("form") == "member":
            member_form = forms.MemberParticipantForm(request.POST, workshop=workshop)
            if member_form.is_valid():
                _add_member(request, workshop, member_form)
                return redirect("workshops:participants", workshop.pk)
        else:
            invite_form = forms.ExternalInviteForm(request.POST, workshop=workshop, prefix="invite")
            if invite_form.is_valid():
                _invite(request, workshop, invite_form)
                return redirect("workshops:participants", workshop.pk)
    people = workshop.participants.select_related("user", "organisation")
    return render_workshop(
        request,
        "participants.jinja",
        workshop,
        participants=[ParticipantPresenter(p, request.user) for p in people],
        member_form=member_form,
        invite_form=invite_form,
        form=member_form if member_form.errors else invite_form,
    )


@require_POST
def participant_remove(request, pk, participant_id):
    workshop = facilitated(request, pk)
    participant = workshop.participants.filter(pk=participant_id).first()
    if participant is None:
        raise Http404("No such participant")
    if participant.user_id == request.user.pk:
        messages.error(request, "You cannot remove yourself from the workshop")
    else:
        actions.remove_participant(actor=request.user, participant=participant)
        messages.success(request, f"{participant.name} removed from the workshop")
    return redirect("workshops:participants", workshop.pk)

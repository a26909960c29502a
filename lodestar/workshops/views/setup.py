"""Setting up a workshop: the list of workshops, set-up and edit, and the workshop's overview."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from lodestar.orgs.permissions import Permission
from lodestar.orgs.queries import has_permission
from lodestar.workshops import actions, forms, queries
from lodestar.workshops.models import Workshop
from lodestar.workshops.presenters import ListedWorkshopPresenter, WorkshopPresenter
from lodestar.workshops.views.common import facilitated, render_workshop, workshop_or_404

SETUP_FIELDS = actions.DETAIL_FIELDS


def workshop_list(request):
    workshops = (
        Workshop.objects.visible_to(request.user)
        .select_related("lead_organisation")
        .prefetch_related("partner_organisations")
    )
    return render(
        request,
        "workshops/list.jinja",
        {
            "workshops": [ListedWorkshopPresenter(w) for w in workshops],
            "can_set_up": has_permission(request.user, Permission.FACILITATE),
        },
    )


def _setup_kwargs(data) -> dict:
    return {name: data[name] for name in SETUP_FIELDS}


def workshop_create(request):
    if not has_permission(request.user, Permission.FACILITATE):
        raise PermissionDenied("You need to be a facilitator to set up a workshop.")
    form = forms.WorkshopForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        workshop = actions.create_workshop(
            actor=request.user,
            partner_organisations=list(form.cleaned_data["partner_organisations"]),
            **_setup_kwargs(form.cleaned_data),
        )
        messages.success(request, f"Workshop set up: {workshop.title}")
        return redirect("workshops:detail", workshop.pk)
    return render(request, "workshops/setup.jinja", {"form": form, "workshop": None})


def workshop_edit(request, pk):
    workshop = facilitated(request, pk)
    initial = {name: getattr(workshop, name) for name in SETUP_FIELDS}
    initial["partner_organisations"] = list(workshop.partner_organisations.all())
    form = forms.WorkshopForm(request.POST or None, user=request.user, workshop=workshop, initial=initial)
    if request.method == "POST" and form.is_valid():
        actions.update_workshop(
            actor=request.user,
            workshop=workshop,
            partner_organisations=list(form.cleaned_data["partner_organisations"]),
            **_setup_kwargs(form.cleaned_data),
        )
        messages.success(request, "Workshop details saved")
        return redirect("workshops:detail", workshop.pk)
    return render_workshop(request, "setup.jinja", workshop, form=form)


def workshop_detail(request, pk):
    workshop = workshop_or_404(request, pk)
    overview = WorkshopPresenter(workshop, request.user, plan=queries.action_plan(workshop, request.user))
    return render_workshop(request, "detail.jinja", workshop, overview=overview)

"""Organisation pages: list, detail, edit, add, members and invitations, audit log.

Every organisation is fetched through ``Organisation.objects.in_reach(user, permission)``:
one the user cannot reach with the permission a page needs is a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from lodestar.accounts import actions as account_actions
from lodestar.orgs import actions, forms, presenters, queries
from lodestar.orgs.models import Organisation
from lodestar.orgs.permissions import Permission
from lodestar.plans.models import ActionPlan
from lodestar.workshops.models import Workshop

AUDIT_PAGE_SIZE = 50


def _org(request, pk: int, permission: Permission = Permission.VIEW) -> Organisation:
    return get_object_or_404(Organisation.objects.in_reach(request.user, permission), pk=pk)


def _can(user, org) -> dict[str, bool]:
    return {
        "manage_members": queries.has_permission(user, Permission.MANAGE_MEMBERS, org),
        "manage_organisation": queries.has_permission(user, Permission.MANAGE_ORGANISATION, org),
        "view_audit": queries.has_permission(user, Permission.VIEW_AUDIT, org),
    }


def organisation_list(request):
    rows = presenters.tree(Organisation.objects.in_reach(request.user, Permission.VIEW))
    return render(request, "orgs/list.jinja", {"rows": rows, "type_labels": presenters.TYPE_LABELS})


def organisation_detail(request, pk):
    org = _org(request, pk)
    reach = Organisation.objects.in_reach(request.user, Permission.VIEW)
    can = _can(request.user, org)
    context = {
        "org": org,
        "parent": reach.filter(pk=org.parent_id).first() if org.parent_id else None,
        "children": reach.filter(parent=org).order_by("name"),
        "can": can,
        "type_labels": presenters.TYPE_LABELS,
        "members": org.memberships.select_related("user", "role").order_by("user__full_name")
        if can["manage_members"]
        else None,
        # Only what the viewer may open: a workshop or plan beyond their reach is not listed.
        "workshops": presenters.workshop_rows(
            org,
            Workshop.objects.visible_to(request.user).filter(Q(lead_organisation=org) | Q(partner_organisations=org)),
        ),
        "plans": ActionPlan.objects.visible_to(request.user).filter(organisation=org).order_by("title"),
    }
    return render(request, "orgs/detail.jinja", context)


@require_http_methods(["GET", "POST"])
def organisation_edit(request, pk):
    org = _org(request, pk, Permission.MANAGE_ORGANISATION)
    form = forms.OrganisationForm(request.POST or None, instance=org)
    if request.method == "POST" and form.is_valid():
        actions.update_organisation(actor=request.user, organisation=org, **form.cleaned_data)
        messages.success(request, f"{org.name} has been updated.")
        return redirect("orgs:detail", org.pk)
    return render(request, "orgs/edit.jinja", {"org": org, "form": form})


@require_http_methods(["GET", "POST"])
def organisation_add_child(request, pk):
    parent = _org(request, pk, Permission.MANAGE_ORGANISATION)
    form = forms.OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        child = actions.create_organisation(actor=request.user, parent=parent, **form.cleaned_data)
        messages.success(request, f"{child.name} has been added beneath {parent.name}.")
        return redirect("orgs:detail", child.pk)
    return render(request, "orgs/add_child.jinja", {"parent": parent, "form": form})


def members(request, pk):
    org = _org(request, pk, Permission.MANAGE_MEMBERS)
    context = {
        "org": org,
        "members": org.memberships.select_related("user", "role").order_by("user__full_name", "user__email"),
        "invitations": org.invitations.pending().select_related("role", "invited_by").order_by("email"),
    }
    return render(request, "orgs/members.jinja", context)


@require_http_methods(["GET", "POST"])
def invite(request, pk):
    org = _org(request, pk, Permission.MANAGE_MEMBERS)
    form = forms.InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            account_actions.create_invitation(
                actor=request.user,
                email=form.cleaned_data["email"],
                organisation=org,
                role=form.cleaned_data["role"],
                accept_url=lambda token: request.build_absolute_uri(
                    reverse("accounts:accept-invitation", args=[token])
                ),
            )
        except account_actions.InvitationError as exc:
            form.add_error("email", str(exc))
        else:
            messages.success(request, f"Invitation sent to {form.cleaned_data['email']}.")
            return redirect("orgs:members", org.pk)
    return render(request, "orgs/invite.jinja", {"org": org, "form": form})


@require_http_methods(["GET", "POST"])
def change_role(request, pk, membership_pk):
    org = _org(request, pk, Permission.MANAGE_MEMBERS)
    membership = get_object_or_404(org.memberships.select_related("user", "role"), pk=membership_pk)
    form = forms.ChangeRoleForm(request.POST or None, initial={"role": str(membership.role_id)})
    if request.method == "POST" and form.is_valid():
        try:
            actions.change_role(actor=request.user, membership=membership, role=form.cleaned_data["role"])
        except actions.ActionError as exc:
            form.add_error("role", str(exc))
        else:
            messages.success(
                request, f"{membership.user.display_name} is now {form.cleaned_data['role'].name} at {org.name}."
            )
            if queries.has_permission(request.user, Permission.MANAGE_MEMBERS, org):
                return redirect("orgs:members", org.pk)
            return redirect("orgs:detail", org.pk)  # they changed their own role and no longer manage members
    return render(request, "orgs/change_role.jinja", {"org": org, "membership": membership, "form": form})


@require_http_methods(["GET", "POST"])
def remove_member(request, pk, membership_pk):
    org = _org(request, pk, Permission.MANAGE_MEMBERS)
    membership = get_object_or_404(org.memberships.select_related("user", "role"), pk=membership_pk)
    problem = None
    if request.method == "POST":
        try:
            actions.remove_membership(actor=request.user, membership=membership)
        except actions.ActionError as exc:
            problem = str(exc)
        else:
            messages.success(request, f"{membership.user.display_name} has been removed from {org.name}.")
            if queries.has_permission(request.user, Permission.MANAGE_MEMBERS, org):
                return redirect("orgs:members", org.pk)
            return redirect("orgs:list")
    return render(
        request,
        "orgs/remove_member.jinja",
        {"org": org, "membership": membership, "problem": problem},
        status=400 if problem else 200,
    )


def audit_log(request, pk):
    org = _org(request, pk, Permission.VIEW_AUDIT)
    action_choices, people_choices = presenters.audit_filter_choices(queries.audit_events(request.user, org))
    form = forms.AuditFilterForm(request.GET or None, actions=action_choices, people=people_choices)
    params = {k: v for k, v in form.cleaned_data.items() if v} if form.is_valid() else {}
    events = queries.audit_events(request.user, org, **params)
    page = Paginator(events, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [presenters.audit_row(e) for e in page.object_list]
    return render(
        request,
        "orgs/audit_log.jinja",
        {
            "org": org,
            "form": form,
            "page": page,
            "rows": rows,
            "pagination": presenters.pagination(page, params) if page.paginator.num_pages > 1 else None,
            "filtered": bool(params),
        },
    )

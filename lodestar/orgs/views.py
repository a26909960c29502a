"""Organisation pages: list, detail, edit, add, members and invitations, audit log.

Every organisation is fetched through ``Organisation.objects.in_reach(user, permission)``:
one the user cannot reach with the permission a page needs is a 404.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from lodestar.accounts import actions as account_actions
from lodestar.orgs import actions, forms, presenters, queries
from lodestar.orgs import audit_log as audit_log_words
from lodestar.orgs.models import Organisation
from lodestar.orgs.permissions import Permission
from lodestar.plans.models import ActionPlan
from lodestar.workshops.models import Workshop

PAGE_SIZE = 50  # every list on these pages, the audit log included


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
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "orgs/list.jinja", {"rows": page.object_list, "page": page, "type_labels": presenters.TYPE_LABELS}
    )


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
    beneath = request.GET.get("beneath") == "1"
    members = queries.members(request.user, org, beneath=beneath)
    invitations = queries.open_invitations(request.user, org, beneath=beneath)
    context = {
        "org": org,
        "beneath": beneath,
        "query": urlencode({"beneath": "1"}) if beneath else "",
        "members": Paginator(members, PAGE_SIZE).get_page(request.GET.get("page")),
        "invitations": Paginator(invitations, PAGE_SIZE).get_page(request.GET.get("invitations_page")),
    }
    return render(request, "orgs/members.jinja", context)


def _invitation(request, pk, invitation_pk):
    """An open invitation at (or beneath) an organisation the user manages members of; else 404."""
    org = _org(request, pk, Permission.MANAGE_MEMBERS)
    invitation = get_object_or_404(queries.open_invitations(request.user, org, beneath=True), pk=invitation_pk)
    return org, invitation


def _accept_url(request, invitation):
    name = "accounts:accept-plan-invitation" if invitation.plan_id else "accounts:accept-invitation"
    return lambda token: request.build_absolute_uri(reverse(name, args=[token]))


@require_http_methods(["GET", "POST"])
def invitation_resend(request, pk, invitation_pk):
    org, invitation = _invitation(request, pk, invitation_pk)
    if request.method == "POST":
        try:
            account_actions.resend_invitation(
                actor=request.user, invitation=invitation, accept_url=_accept_url(request, invitation)
            )
        except account_actions.InvitationError as exc:  # accepted or withdrawn since the page was read
            messages.error(request, str(exc))
        else:
            messages.success(
                request, f"A new invitation has been sent to {invitation.email}. The old link no longer works."
            )
        return redirect("orgs:members", org.pk)
    return render(request, "orgs/invitation_confirm.jinja", {"org": org, "invitation": invitation, "resend": True})


@require_http_methods(["GET", "POST"])
def invitation_withdraw(request, pk, invitation_pk):
    org, invitation = _invitation(request, pk, invitation_pk)
    if request.method == "POST":
        try:
            account_actions.withdraw_invitation(actor=request.user, invitation=invitation)
        except account_actions.InvitationError as exc:  # accepted or withdrawn since the page was read
            messages.error(request, str(exc))
        else:
            messages.success(
                request, f"The invitation for {invitation.email} has been withdrawn. Its link no longer works."
            )
        return redirect("orgs:members", org.pk)
    return render(request, "orgs/invitation_confirm.jinja", {"org": org, "invitation": invitation, "resend": False})


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


def _audit(request, pk):
    """The organisation, the filter form and the events it selects (all events when it is not valid)."""
    org = _org(request, pk, Permission.VIEW_AUDIT)
    action_choices, people_choices = presenters.audit_filter_choices(queries.audit_events(request.user, org))
    data = request.GET.copy()
    data.pop("page", None)
    form = forms.AuditFilterForm(data or None, actions=action_choices, people=people_choices)
    params = {k: v for k, v in form.cleaned_data.items() if v} if form.is_valid() else {}
    return org, form, params, queries.audit_events(request.user, org, **params), data.urlencode()


def audit_log(request, pk):
    org, form, params, events, query = _audit(request, pk)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "org": org,
        "form": form,
        "page": page,
        "rows": audit_log_words.rows(page.object_list),
        "query": query if params else "",
        "filtered": bool(params),
    }
    return render(request, "orgs/audit_log.jinja", context)


def audit_export(request, pk):
    """The audit log as CSV, with the page's filters; formula-like cells are written as text."""
    org, _form, _params, events, _query = _audit(request, pk)
    response = HttpResponse(
        audit_log_words.to_csv(events, org).encode("utf-8-sig"), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="audit-log-{org.pk}-{timezone.localdate():%Y-%m-%d}.csv"'
    return response

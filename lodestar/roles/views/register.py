"""The new roles register: the list, adding and changing an entry, its page, and recording posts."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_http_methods

from lodestar.core.forms import add_problems
from lodestar.core.validation import ValidationProblem
from lodestar.roles import actions, presenters, queries
from lodestar.roles.forms import PostsForm, RoleForm


def index(request):
    roles = queries.roles(request.user).order_by("name", "organisation__name", "pk")
    context = {
        "rows": presenters.list_rows(roles, queries.current_by_role(request.user)),
        "may_add": queries.organisations_to_change(request.user).exists(),
    }
    return render(request, "roles/index.jinja", context)


def role(request, role_id: int):
    found = queries.role(request.user, role_id)
    return render(request, "roles/role.jinja", {"p": presenters.RolePresenter(found, request.user)})


def _form_page(request, form, *, heading, button, back, caption="", intro=""):
    context = {"form": form, "heading": heading, "button": button, "back": back, "caption": caption, "intro": intro}
    return render(request, "roles/form.jinja", context)


def _names(form: RoleForm) -> dict:
    """The role's name is the list's choice, or the typed name when 'another role' was chosen."""
    return {"name": "other" if form.cleaned_data.get("kind") == "other" else "kind"}


@require_http_methods(["GET", "POST"])
def new(request):
    organisations = queries.organisations_to_change(request.user)
    if not organisations.exists():
        raise PermissionDenied("Only facilitators can add new roles.")
    form = RoleForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            made = actions.create_role(actor=request.user, **form.role_data())
        except ValidationProblem as problem:
            add_problems(form, problem, _names(form))
        else:
            messages.success(request, f"{made.name} added to the register. Now record its posts.")
            return redirect("roles:posts", role_id=made.pk)
    back = (reverse("roles:index"), "New roles")
    return _form_page(request, form, heading="Add a new role", button="Add the role", back=back)


@require_http_methods(["GET", "POST"])
def edit(request, role_id: int):
    found = queries.changeable(request.user, role_id)
    form = RoleForm(request.POST or None, initial=RoleForm.initial_for(found))
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_role(actor=request.user, role=found, **form.role_data())
        except ValidationProblem as problem:
            add_problems(form, problem, _names(form))
        else:
            messages.success(request, "Role saved")
            return redirect("roles:role", role_id=found.pk)
    back = (reverse("roles:role", args=[found.pk]), found.name)
    return _form_page(
        request, form, heading="Change the role", button="Save the role", back=back, caption=found.organisation.name
    )


@require_http_methods(["GET", "POST"])
def posts(request, role_id: int):
    found = queries.changeable(request.user, role_id)
    form = PostsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_posts(actor=request.user, role=found, **form.cleaned_data)
        except ValidationProblem as problem:
            add_problems(form, problem)
        else:
            messages.success(request, "Posts recorded")
            return redirect("roles:role", role_id=found.pk)
    back = (reverse("roles:role", args=[found.pk]), found.name)
    intro = "Full-time equivalent posts on the date you give. Earlier counts are kept in the history."
    return _form_page(
        request,
        form,
        heading="Record posts",
        button="Save the posts",
        back=back,
        caption=f"{found.name}, {found.organisation.name}",
        intro=intro,
    )


ROUTES = [
    path("", index, name="index"),
    path("new/", new, name="new"),
    path("<int:role_id>/", role, name="role"),
    path("<int:role_id>/edit/", edit, name="edit"),
    path("<int:role_id>/posts/", posts, name="posts"),
]

"""The Programmes section's front page (themes and their programmes with RAG), adding a theme,
setting up and editing a programme, its page, and linking Star workshops and action plans."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods

from lodestar.core.forms import add_problems
from lodestar.core.validation import ValidationProblem
from lodestar.programmes import actions, presenters, queries
from lodestar.programmes.forms import LinksForm, ProgrammeForm, ThemeForm
from lodestar.programmes.presenters import ProgrammePresenter


def index(request):
    rows = presenters.list_rows(list(queries.with_parts(queries.programmes(request.user))))
    themes = list(queries.themes(request.user))
    context = {
        "themes": [{"theme": t, "rows": [r for r in rows if r.programme.theme_id == t.pk]} for t in themes],
        "may_add_theme": queries.theme_owner_choices(request.user).exists(),
        "may_add_programme": queries.owner_choices(request.user).exists(),
        "sections": presenters.sections(dashboard=queries.may_see_dashboard(request.user)),
    }
    return render(request, "programmes/index.jinja", context)


@require_http_methods(["GET", "POST"])
def theme_create(request):
    owners = queries.theme_owner_choices(request.user)
    if not owners.exists():
        raise Http404("No such page")
    form = ThemeForm(request.POST or None, organisations=owners)
    if request.method == "POST" and form.is_valid():
        try:
            theme = actions.create_theme(actor=request.user, **form.cleaned_data)
        except ValidationProblem as problem:
            add_problems(form, problem)
        else:
            messages.success(request, f"Theme added: {theme.name}")
            return redirect("programmes:index")
    return render(request, "programmes/theme_form.jinja", {"form": form})


def _programme_form(request, data=None, initial=None, programme=None) -> ProgrammeForm:
    user = request.user
    return ProgrammeForm(
        data,
        themes=queries.theme_choices(user),
        owners=queries.owner_choices(user),
        leads=queries.lead_choices(user),
        partners=queries.partner_choices(user, programme),
        initial=initial,
    )


@require_http_methods(["GET", "POST"])
def create(request):
    if not queries.owner_choices(request.user).exists():
        raise Http404("No such page")
    form = _programme_form(request, request.POST or None, initial={"status": "proposed"})
    if request.method == "POST" and form.is_valid():
        try:
            programme = actions.create_programme(actor=request.user, data=form.cleaned_data)
        except ValidationProblem as problem:
            add_problems(form, problem)
        else:
            messages.success(request, f"Programme added: {programme.name}")
            return redirect("programmes:detail", pk=programme.pk)
    return render(request, "programmes/programme_form.jinja", {"form": form, "programme": None})


def editable(request, pk):
    programme = queries.get_programme(request.user, pk)
    queries.require_edit(request.user, programme)
    return programme


@require_http_methods(["GET", "POST"])
def edit(request, pk):
    programme = editable(request, pk)
    initial = {
        **{name: getattr(programme, name) for name in ("theme", "organisation", "name", "aims", "lead", "status")},
        "budget": "" if programme.budget is None else f"{programme.budget:f}",
        "start_date": programme.start_date,
        "end_date": programme.end_date,
        "partners": list(programme.partners.all()),
    }
    form = _programme_form(request, request.POST or None, initial=initial, programme=programme)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_programme(actor=request.user, programme=programme, data=form.cleaned_data)
        except ValidationProblem as problem:
            add_problems(form, problem)
        else:
            messages.success(request, "Programme saved")
            return redirect("programmes:detail", pk=programme.pk)
    return render(request, "programmes/programme_form.jinja", {"form": form, "programme": programme})


def detail(request, pk):
    programme = queries.get_programme(request.user, pk)
    programme = queries.with_parts(queries.programmes(request.user)).get(pk=programme.pk)
    plans = queries.plan_status([programme])[programme.pk]
    presenter = ProgrammePresenter(
        programme,
        plans,
        queries.readable_plan_ids(request.user, [p["pk"] for p in plans]),
        may_edit=queries.may_edit(request.user, programme),
    )
    return render(request, "programmes/detail.jinja", {"programme": programme, "p": presenter})


@require_http_methods(["GET", "POST"])
def links(request, pk):
    programme = editable(request, pk)
    workshops = queries.workshop_choices(request.user)
    plans = queries.plan_choices(request.user)
    initial = {
        "workshops": list(programme.workshops.filter(pk__in=workshops.values("pk"))),
        "plans": list(programme.plans.filter(pk__in=plans.values("pk"))),
    }
    form = LinksForm(request.POST or None, workshops=workshops, plans=plans, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.set_links(actor=request.user, programme=programme, **form.cleaned_data)
        except ValidationProblem as problem:
            add_problems(form, problem)
        else:
            messages.success(request, "Linked workshops and plans saved")
            return redirect("programmes:detail", pk=programme.pk)
    return render(request, "programmes/links_form.jinja", {"form": form, "programme": programme})


ROUTES = [
    path("", index, name="index"),
    path("themes/new/", theme_create, name="theme-create"),
    path("new/", create, name="create"),
    path("<int:pk>/", detail, name="detail"),
    path("<int:pk>/edit/", edit, name="edit"),
    path("<int:pk>/links/", links, name="links"),
]

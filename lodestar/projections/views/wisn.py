"""The WISN calculator on the web: the WHO method's steps as pages of one journey, the result,
its YAML (what ``lodestar wisn FILE`` reads), uploading such a file, and using the result as a
scenario's demand (docs/engine/wisn.md).

The draft between steps lives in the person's session (``DRAFTS``: draft id -> name,
organisation, the WISN mapping so far, the steps done), not in the database: a
``WisnCalculation`` always holds a complete calculation the engine accepts, so the list, the
YAML download and the API never meet half a calculation, and an abandoned draft leaves nothing
behind. Each draft has its own id in the address, so two calculations in two tabs do not mix.
Editing a saved calculation copies it into a draft; "Save" on the check page replaces it.

Every calculation out of reach is 404 (so is an action's ``PermissionDenied``).
"""

from __future__ import annotations

import copy
import secrets

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lodestar.core.validation import ValidationProblem
from lodestar.projections import queries
from lodestar.projections.actions import wisn as actions
from lodestar.projections.forms.wisn import (
    AboutForm,
    ActivitiesForm,
    CategoryAllowancesForm,
    DemandForm,
    IndividualAllowancesForm,
    RowsForm,
    UploadForm,
    WorkingTimeForm,
    show_problems,
)
from lodestar.projections.presenters.wisn import WisnPresenter, answers, awt_words

DRAFTS = "projections_wisn_drafts"
MAX_DRAFTS = 10
# (step, title, form): the journey's order; then the check page, then the result.
STEPS = (
    ("about", "About the calculation", AboutForm),
    ("working-time", "Available working time", WorkingTimeForm),
    ("activities", "Activity standards", ActivitiesForm),
    ("category-allowances", "Category allowances", CategoryAllowancesForm),
    ("individual-allowances", "Individual allowances", IndividualAllowancesForm),
)
STEP_NAMES = [s for s, _t, _f in STEPS]


# ------------------------------------------------------------------ reading


def _wisn(request, wisn_id: int, *, edit: bool = False):
    wisn = get_object_or_404(queries.wisn_calculations(request.user), pk=wisn_id)
    if edit and not queries.may_edit(request.user, wisn.organisation):
        raise Http404
    return wisn


def _present(wisn) -> WisnPresenter:
    return WisnPresenter(wisn.spec, name=wisn.name, organisation=wisn.organisation, pk=wisn.pk)


def _targets(user) -> dict:
    """Scenario and staff group choices for "Use as a scenario's demand"."""
    targets = {}
    for scenario in queries.scenarios_to_edit(user):
        latest = scenario.latest
        for group in actions.staff_groups(latest.spec if latest else {}):
            targets[f"{scenario.pk}:{group}"] = (scenario, group, f"{scenario.name} ({scenario.organisation}): {group}")
    return targets


@require_GET
def wisn_list(request):
    rows = [_present(w) for w in queries.wisn_calculations(request.user)]
    may_start = queries.organisations_to_edit(request.user).exists()
    return render(request, "projections/wisn/list.jinja", {"rows": rows, "may_start": may_start})


def _detail(request, wisn, demand_form=None, status=200):
    editable = queries.may_edit(request.user, wisn.organisation)
    if demand_form is None:
        targets = _targets(request.user)
        demand_form = DemandForm(targets=targets) if targets else None
    context = {"wisn": _present(wisn), "may_edit": editable, "demand_form": demand_form}
    return render(request, "projections/wisn/detail.jinja", context, status=status)


@require_GET
def wisn_detail(request, wisn_id: int):
    return _detail(request, _wisn(request, wisn_id))


@require_GET
def wisn_yaml(request, wisn_id: int):
    page = _present(_wisn(request, wisn_id))
    response = HttpResponse(page.yaml, content_type="application/yaml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{page.file_name}"'
    return response


# ------------------------------------------------------------------ writing


@require_POST
def wisn_demand(request, wisn_id: int):
    wisn = _wisn(request, wisn_id)
    form = DemandForm(request.POST, targets=_targets(request.user))
    if form.is_valid():
        scenario, group = form.chosen()
        try:
            version = actions.set_scenario_demand(actor=request.user, wisn=wisn, scenario=scenario, staff_group=group)
        except PermissionDenied as denied:
            raise Http404 from denied
        except ValidationProblem as problem:
            show_problems(form, problem)
        else:
            messages.success(
                request,
                f"{scenario.name} has a new version ({version.number}): {version.change}.",
            )
            return redirect("projections:wisn", wisn_id=wisn.pk)
    return _detail(request, wisn, demand_form=form, status=400)


@require_http_methods(["GET", "POST"])
def wisn_delete(request, wisn_id: int):
    wisn = _wisn(request, wisn_id, edit=True)
    if request.method == "POST":
        try:
            actions.delete_wisn(actor=request.user, wisn=wisn)
        except PermissionDenied as denied:
            raise Http404 from denied
        messages.success(request, f"Deleted the WISN calculation {wisn.name}.")
        return redirect("projections:wisn-list")
    return render(request, "projections/wisn/delete.jinja", {"wisn": _present(wisn)})


@require_http_methods(["GET", "POST"])
def wisn_upload(request):
    if not queries.organisations_to_edit(request.user).exists():
        raise Http404
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            wisn = actions.import_wisn_yaml(
                actor=request.user,
                organisation=form.organisations[form.cleaned_data["organisation"]],
                name=form.cleaned_data["name"],
                text=form.cleaned_data["file"],
            )
        except PermissionDenied as denied:
            raise Http404 from denied
        except ValidationProblem as problem:
            show_problems(form, problem)
        else:
            messages.success(request, f"Saved the WISN calculation {wisn.name} from the file.")
            return redirect("projections:wisn", wisn_id=wisn.pk)
    return render(request, "projections/wisn/upload.jinja", {"form": form})


# ------------------------------------------------------------------ the journey: drafts in the session


def _drafts(request) -> dict:
    return request.session.get(DRAFTS, {})


def _keep(request, draft_id: str, draft: dict) -> None:
    drafts = {k: v for k, v in _drafts(request).items() if k != draft_id}
    drafts[draft_id] = draft
    while len(drafts) > MAX_DRAFTS:  # the oldest draft goes first
        drafts.pop(next(iter(drafts)))
    request.session[DRAFTS] = drafts


def _draft(request, draft_id: str) -> dict:
    draft = _drafts(request).get(draft_id)
    if draft is None:
        raise Http404
    return copy.deepcopy(draft)


def _new_draft(request, draft: dict) -> str:
    draft_id = secrets.token_urlsafe(9)
    _keep(request, draft_id, draft)
    return draft_id


@require_GET
def wisn_start(request):
    organisations = list(queries.organisations_to_edit(request.user)[:2])
    if not organisations:
        raise Http404
    only = organisations[0].pk if len(organisations) == 1 else None
    draft_id = _new_draft(request, {"wisn": None, "organisation": only, "name": "", "spec": {}, "done": []})
    return redirect("projections:wisn-step", draft_id=draft_id, step="about")


@require_GET
def wisn_edit(request, wisn_id: int):
    wisn = _wisn(request, wisn_id, edit=True)
    draft = {
        "wisn": wisn.pk,
        "organisation": wisn.organisation_id,
        "name": wisn.name,
        "spec": copy.deepcopy(wisn.spec),
        "done": list(STEP_NAMES),
    }
    return redirect("projections:wisn-check", draft_id=_new_draft(request, draft))


def _next(draft: dict, step: str) -> str:
    if set(STEP_NAMES) <= set(draft["done"]):
        return "check"
    return STEP_NAMES[STEP_NAMES.index(step) + 1] if step != STEP_NAMES[-1] else "check"


def _back(step: str) -> str | None:
    index = STEP_NAMES.index(step)
    return STEP_NAMES[index - 1] if index else None


def _form(request, step: str, form_class, draft: dict):
    """The step's form: as posted, or with the draft's answers (rows added or removed on request)."""
    extra = {"user": request.user} if form_class in (AboutForm,) else {}
    if issubclass(form_class, RowsForm):
        if request.method == "POST" and ("add" in request.POST or "remove" in request.POST):
            posted = form_class(request.POST)
            removing = "remove" in request.POST
            drop = request.POST.get("remove", "")
            drop = int(drop) if drop.isdigit() and int(drop) < posted.count else None
            count = posted.count + (0 if removing else 1) - (1 if drop is not None else 0)
            return form_class(initial=posted.with_rows(count, drop), count=count), False
        initial, count = form_class.initial_from(draft)
        if request.method == "POST":
            return form_class(request.POST), True
        return form_class(initial=initial, count=count), False
    if request.method == "POST":
        return form_class(request.POST, **extra), True
    return form_class(initial=form_class.initial_from(draft), **extra), False


@require_http_methods(["GET", "POST"])
def wisn_step(request, draft_id: str, step: str):
    if step not in STEP_NAMES:
        raise Http404
    draft = _draft(request, draft_id)
    title, form_class = next((t, f) for s, t, f in STEPS if s == step)
    form, submitted = _form(request, step, form_class, draft)
    if submitted and form.is_valid():
        form.update(draft)
        try:
            actions.check_step(step=step, name=draft.get("name", ""), spec=draft["spec"])
        except ValidationProblem as problem:
            show_problems(form, problem)
        else:
            draft["done"] = sorted(set(draft["done"]) | {step}, key=STEP_NAMES.index)
            _keep(request, draft_id, draft)
            if "work-out" in request.POST:
                return redirect("projections:wisn-step", draft_id=draft_id, step=step)
            target = _next(draft, step)
            if target == "check":
                return redirect("projections:wisn-check", draft_id=draft_id)
            return redirect("projections:wisn-step", draft_id=draft_id, step=target)
    context = {
        "form": form,
        "draft_id": draft_id,
        "draft": draft,
        "step": step,
        "title": title,
        "number": STEP_NAMES.index(step) + 1,
        "steps": len(STEPS),
        "back": _back(step),
        "awt": awt_words(draft["spec"]) if step == "working-time" else None,
    }
    template = "rows" if issubclass(form_class, RowsForm) else step.replace("-", "_")
    return render(request, f"projections/wisn/{template}.jinja", context, status=400 if form.errors else 200)


def _organisation(request, draft: dict):
    pk = draft.get("organisation")
    return queries.organisations_to_edit(request.user).filter(pk=pk).first() if pk else None


@require_http_methods(["GET", "POST"])
def wisn_check(request, draft_id: str):
    """Check your answers, see the result, then save."""
    draft = _draft(request, draft_id)
    organisation = _organisation(request, draft)
    problems: list[tuple[str, str]] = []
    try:
        actions.check_wisn(actions.tidy(draft["spec"]))
    except ValidationProblem as problem:
        problems = problem.problems
    if request.method == "POST":
        existing = _wisn(request, draft["wisn"], edit=True) if draft.get("wisn") else None
        try:
            saved = actions.save_wisn(
                actor=request.user,
                organisation=organisation,
                name=draft.get("name", ""),
                spec=draft["spec"],
                wisn=existing,
            )
        except PermissionDenied:
            problems = [("organisation", "Choose an organisation you may change calculations for")]
        except ValidationProblem as problem:
            problems = problem.problems
        else:
            drafts = _drafts(request)
            drafts.pop(draft_id, None)
            request.session[DRAFTS] = drafts
            messages.success(request, f"Saved the WISN calculation {saved.name}.")
            return redirect("projections:wisn", wisn_id=saved.pk)
    context = {
        "draft_id": draft_id,
        "draft": draft,
        "answers": answers(draft, str(organisation) if organisation else "Not chosen"),
        "steps": STEPS,
        "problems": [(_step_of(path), message) for path, message in problems],
        "wisn": WisnPresenter(actions.tidy(draft["spec"]), name=draft.get("name", "")) if not problems else None,
    }
    return render(request, "projections/wisn/check.jinja", context, status=400 if problems else 200)


def _step_of(path: str) -> str:
    """The step whose page holds the field at ``path``."""
    root = path.split(".", 1)[0].split("[", 1)[0]
    if root in ("name", "organisation"):
        return "about"
    return next((step for step, roots in actions.SECTIONS.items() if root in roots), "about")


ROUTES: list = [
    path("wisn/", wisn_list, name="wisn-list"),
    path("wisn/new/", wisn_start, name="wisn-start"),
    path("wisn/upload/", wisn_upload, name="wisn-upload"),
    path("wisn/draft/<str:draft_id>/check/", wisn_check, name="wisn-check"),
    path("wisn/draft/<str:draft_id>/<slug:step>/", wisn_step, name="wisn-step"),
    path("wisn/<int:wisn_id>/", wisn_detail, name="wisn"),
    path("wisn/<int:wisn_id>/edit/", wisn_edit, name="wisn-edit"),
    path("wisn/<int:wisn_id>/delete/", wisn_delete, name="wisn-delete"),
    path("wisn/<int:wisn_id>/demand/", wisn_demand, name="wisn-demand"),
    path("wisn/<int:wisn_id>/wisn.yaml", wisn_yaml, name="wisn-yaml"),
]

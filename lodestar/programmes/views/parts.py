"""A programme's milestones, benefit measures and risks: add one, or change one (mark a
milestone done, record a measure's latest value, close a risk). One form page each."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods

from lodestar.core.forms import add_problems
from lodestar.core.validation import ValidationProblem
from lodestar.programmes import actions_parts
from lodestar.programmes.forms import MeasureForm, MilestoneForm, RiskForm
from lodestar.programmes.views.programmes import editable


@dataclass(frozen=True)
class Part:
    form: type
    related: str  # the programme's related manager
    add: object
    update: object
    keyword: str  # the update action's argument naming the part
    noun: str
    fields: tuple[str, ...]


MILESTONE = Part(
    MilestoneForm,
    "milestones",
    actions_parts.add_milestone,
    actions_parts.update_milestone,
    "milestone",
    "milestone",
    ("title", "due_date", "done_date"),
)
MEASURE = Part(
    MeasureForm,
    "measures",
    actions_parts.add_measure,
    actions_parts.update_measure,
    "measure",
    "benefit measure",
    ("name", "unit", "baseline", "baseline_date", "target", "latest", "latest_date"),
)
RISK = Part(
    RiskForm,
    "risks",
    actions_parts.add_risk,
    actions_parts.update_risk,
    "risk",
    "risk",
    ("description", "likelihood", "impact", "owner", "mitigation", "is_open"),
)


def _initial(part: Part, instance) -> dict:
    values = {name: getattr(instance, name) for name in part.fields}
    if part is RISK:
        values["is_open"] = "yes" if instance.is_open else "no"
    for name, value in values.items():
        if value is not None and hasattr(value, "quantize"):
            values[name] = f"{value.normalize():f}"
    return values


def _data(part: Part, cleaned: dict) -> dict:
    data = dict(cleaned)
    if part is RISK:
        data["is_open"] = cleaned.get("is_open") != "no"
    return data


def _save(request, programme, part: Part, form, instance) -> bool:
    try:
        if instance is None:
            part.add(actor=request.user, programme=programme, **_data(part, form.cleaned_data))
        else:
            part.update(actor=request.user, **{part.keyword: instance}, **_data(part, form.cleaned_data))
    except ValidationProblem as problem:
        add_problems(form, problem)
        return False
    return True


def _page(request, pk, part: Part, part_id=None):
    programme = editable(request, pk)
    instance = None
    if part_id is not None:
        instance = getattr(programme, part.related).filter(pk=part_id).first()
        if instance is None:
            raise Http404("No such page")
    initial = _initial(part, instance) if instance else None
    form = part.form(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid() and _save(request, programme, part, form, instance):
        messages.success(request, f"{part.noun.capitalize()} saved")
        return redirect("programmes:detail", pk=programme.pk)
    context = {"form": form, "programme": programme, "part": part.keyword, "noun": part.noun, "editing": instance}
    return render(request, "programmes/part_form.jinja", context)


@require_http_methods(["GET", "POST"])
def milestone(request, pk, part_id=None):
    return _page(request, pk, MILESTONE, part_id)


@require_http_methods(["GET", "POST"])
def measure(request, pk, part_id=None):
    return _page(request, pk, MEASURE, part_id)


@require_http_methods(["GET", "POST"])
def risk(request, pk, part_id=None):
    return _page(request, pk, RISK, part_id)


ROUTES = [
    path("<int:pk>/milestones/new/", milestone, name="milestone-add"),
    path("<int:pk>/milestones/<int:part_id>/", milestone, name="milestone-edit"),
    path("<int:pk>/measures/new/", measure, name="measure-add"),
    path("<int:pk>/measures/<int:part_id>/", measure, name="measure-edit"),
    path("<int:pk>/risks/new/", risk, name="risk-add"),
    path("<int:pk>/risks/<int:part_id>/", risk, name="risk-edit"),
]

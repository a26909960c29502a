"""The stage gates: approve, start, log a PDSA cycle, evaluate and decide (scaling up in one step)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path
from django.views.decorators.http import require_http_methods

from lodestar.core.forms import add_problems
from lodestar.core.validation import ValidationProblem
from lodestar.pilots import actions, queries
from lodestar.pilots.forms import ApproveForm, CycleForm, DecideForm, EvaluateForm, StartForm
from lodestar.pilots.views.pages import form_page


def _step(request, pilot, form, call, *, done: str, page: dict):
    """Run ``call`` with the form's values when it is sent; the page again with the problems."""
    if request.method == "POST" and form.is_valid():
        try:
            call()
        except ValidationProblem as problem:
            add_problems(form, problem)
        else:
            messages.success(request, done)
            return redirect("pilots:detail", pilot_id=pilot.pk)
    return form_page(request, form, pilot=pilot, **page)


@require_http_methods(["GET", "POST"])
def approve(request, pilot_id: int):
    pilot = queries.pilot_to_run(request.user, pilot_id)
    form = ApproveForm(request.POST or None)
    intro = "Approval needs the hypothesis, at least one measure with its baseline, and at least one site."
    return _step(
        request,
        pilot,
        form,
        lambda: actions.approve(actor=request.user, pilot=pilot, **form.cleaned_data),
        done="Pilot approved",
        page={"heading": "Approve the pilot", "intro": intro, "button": "Approve the pilot"},
    )


@require_http_methods(["GET", "POST"])
def start(request, pilot_id: int):
    pilot = queries.pilot_to_run(request.user, pilot_id)
    form = StartForm(request.POST or None)
    return _step(
        request,
        pilot,
        form,
        lambda: actions.start(actor=request.user, pilot=pilot, **form.cleaned_data),
        done="The pilot is running. Log each plan-do-study-act cycle as you go.",
        page={"heading": "Start running the pilot", "intro": "", "button": "Start the pilot"},
    )


@require_http_methods(["GET", "POST"])
def cycle(request, pilot_id: int):
    pilot = queries.pilot_to_run(request.user, pilot_id)
    form = CycleForm(request.POST or None)
    intro = "Plan a small change and predict what will happen, do it, study the results, then act on what you learn."
    return _step(
        request,
        pilot,
        form,
        lambda: actions.add_cycle(actor=request.user, pilot=pilot, **form.cleaned_data),
        done="PDSA cycle logged",
        page={"heading": "Log a PDSA cycle", "intro": intro, "button": "Log the cycle"},
    )


@require_http_methods(["GET", "POST"])
def evaluate(request, pilot_id: int):
    pilot = queries.pilot_to_run(request.user, pilot_id)
    measures = list(pilot.measures.all())
    initial = {f"before_{m.pk}": m.baseline for m in measures}
    form = EvaluateForm(request.POST or None, measures=measures, initial=initial)
    intro = "For each measure, the value before the pilot and the value after it, and what was learned."
    return _step(
        request,
        pilot,
        form,
        lambda: actions.evaluate(
            actor=request.user, pilot=pilot, values=form.values(measures), learned=form.cleaned_data["learned"]
        ),
        done="Evaluation recorded. Next, decide: scale up, adapt and test again, or stop.",
        page={"heading": "Evaluate the pilot", "intro": intro, "button": "Save the evaluation"},
    )


@require_http_methods(["GET", "POST"])
def decide(request, pilot_id: int):
    pilot = queries.pilot_to_run(request.user, pilot_id)
    measures = list(pilot.measures.all())
    form = DecideForm(request.POST or None, measures=measures)

    def call():
        data = form.cleaned_data
        measure = next((m for m in measures if m.pk == data["measure"]), None)
        actions.decide(
            actor=request.user,
            pilot=pilot,
            decision=data["decision"],
            rationale=data["rationale"],
            measure=measure,
            lever=data["lever"],
        )

    intro = (
        "Scaling up makes, in one step, a draft case study for shared learning and a local intervention in your "
        "catalogue whose modelled effect comes from the measured result. Adapt and test again takes the pilot back "
        "to running for a new cycle."
    )
    return _step(
        request,
        pilot,
        form,
        call,
        done="Decision recorded",
        page={"heading": "Record the decision", "intro": intro, "button": "Record the decision"},
    )


ROUTES = [
    path("<int:pilot_id>/approve/", approve, name="approve"),
    path("<int:pilot_id>/start/", start, name="start"),
    path("<int:pilot_id>/cycles/new/", cycle, name="cycle"),
    path("<int:pilot_id>/evaluate/", evaluate, name="evaluate"),
    path("<int:pilot_id>/decide/", decide, name="decide"),
]

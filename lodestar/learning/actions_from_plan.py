"""From a plan to a case study (issue 12, item 2): a done action, or a whole action plan, becomes a
draft case study in one step, pre-filled from what the plan already knows.

* the challenge: the plan's workshop challenge, else the plan's title;
* what was changed: each done action's title, description and dates;
* who led it: each action's owner and organisation, and the plan's organisation;
* results: each success measure with at least two values (the first is the baseline, the latest
  the value after, with their dates), and where workforce data is loaded the organisation's staff
  in post and leaver rate at the start and in the latest month (``from_plan_workforce``);
* tags: the actions' Star points and catalogue interventions, the workshop's staff groups and
  care settings, the actions' organisations.

The draft is written through ``actions.start_case_study`` and ``actions.add_result`` (one place for
the case-study rules, each with its own audit row) and the step itself is recorded as
``LearningEvent.CASE_STUDY_FROM_PLAN``, all in one transaction: a refusal saves nothing.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction

from lodestar.core.audit import record
from lodestar.core.validation import ValidationProblem
from lodestar.learning import actions as case_study_actions
from lodestar.learning import queries
from lodestar.learning.from_plan_workforce import before_and_after
from lodestar.learning.models import CaseStudy, LearningEvent
from lodestar.plans.models import Action, ActionPlan, Status
from lodestar.star import vocab
from lodestar.workforce.glance import published_groups

NOT_DONE = "Only a done action can become a case study. Mark the action as done first."
NOTHING_DONE = "None of this plan's actions is done yet. A case study tells what was done."


def may_draft(user, plan: ActionPlan) -> bool:
    """Whether ``user`` may draft a case study from ``plan`` or its actions: they can edit the plan
    and contribute at its organisation (where the case study will belong)."""
    return plan.can_edit(user) and queries.may_edit(user, CaseStudy(organisation=plan.organisation))


def _require(user, plan: ActionPlan) -> None:
    if not may_draft(user, plan):
        raise PermissionDenied("Only contributors at the plan's organisation can write a case study from it.")


def _done(plan: ActionPlan) -> list[Action]:
    rows = plan.actions.filter(status=Status.DONE).select_related("point", "intervention", "owner_user", "organisation")
    return list(rows.prefetch_related("measures__values"))


# ------------------------------------------------------------------------------ the text


def _dates(action: Action) -> str:
    if action.start_date and action.due_date:
        return f"From {action.start_date:%-d %B %Y} to {action.due_date:%-d %B %Y}."
    if action.start_date:
        return f"Started {action.start_date:%-d %B %Y}."
    return ""


def _what_changed(rows: list[Action]) -> str:
    parts = []
    for action in rows:
        lines = [action.title, action.description.strip(), _dates(action)]
        parts.append("\n".join(line for line in lines if line))
    return "\n\n".join(parts)


def _who_led(plan: ActionPlan, rows: list[Action]) -> str:
    owners = [
        f"{a.owner_label} ({a.organisation.name})" if a.owner_user_id or a.owner_name else a.organisation.name
        for a in rows
    ]
    lines = [f"Led by {owner}." for owner in dict.fromkeys(owners)]
    lines.append(f'Part of the action plan "{plan.title}" of {plan.organisation.name}.')
    return "\n".join(lines)


def _challenge(plan: ActionPlan) -> str:
    workshop = plan.workshop
    if workshop is not None and workshop.challenge.strip():
        return workshop.challenge.strip()
    return plan.title


def _workshop_list(plan: ActionPlan, name: str, choices) -> list[str]:
    known = dict(choices)
    values = (getattr(plan.workshop, name) or []) if plan.workshop_id else []
    return [key for key in values if key in known]


def _data(actor, plan: ActionPlan, rows: list[Action], title: str) -> dict:
    involved = {a.organisation_id for a in rows} | {plan.organisation_id}
    interventions = {a.intervention_id for a in rows if a.intervention_id}
    return {
        "title": title[: case_study_actions.TITLE_MAX],
        "challenge": _challenge(plan),
        "what_changed": _what_changed(rows),
        "who_led": _who_led(plan, rows),
        "sector": "nhs",
        "visibility": "organisation",
        "points": list(dict.fromkeys(a.point for a in rows)),
        "interventions": list(queries.interventions(actor).filter(pk__in=interventions)),
        "staff_groups": _workshop_list(plan, "staff_groups", vocab.STAFF_GROUPS),
        "care_settings": _workshop_list(plan, "care_settings", vocab.CARE_SETTINGS),
        "organisations_involved": list(
            queries.organisations_to_name(actor).filter(pk__in=involved).exclude(pk=plan.organisation_id)
        ),
    }


# ------------------------------------------------------------------------------ results


def _measure_results(rows: list[Action], *, name_actions: bool) -> list[dict]:
    found = []
    for action in rows:
        for measure in action.measures.all():
            series = measure.series
            if len(series) < 2:
                continue  # a baseline and a value after need two values
            label = f"{measure.metric} ({action.title})" if name_actions else measure.metric
            first, last = series[0], series[-1]
            found.append(
                {
                    "measure": label[: case_study_actions.MEASURE_MAX],
                    "unit": measure.unit,
                    "baseline": first.value,
                    "baseline_date": first.date,
                    "after": last.value,
                    "after_date": last.date,
                }
            )
    return found


def _start(rows: list[Action]) -> datetime.date | None:
    dates = [a.start_date for a in rows if a.start_date]
    return min(dates) if dates else None


def _workforce_results(actor, plan: ActionPlan, rows: list[Action]) -> list[dict]:
    organisation = rows[0].organisation if len({a.organisation_id for a in rows}) == 1 else plan.organisation
    groups = published_groups(plan.workshop.staff_groups) if plan.workshop_id else []
    return [vars(f) for f in before_and_after(actor, organisation, _start(rows), groups)]


# ------------------------------------------------------------------------------ the step


def _draft(actor, plan: ActionPlan, rows: list[Action], title: str, source: dict) -> CaseStudy:
    case_study = case_study_actions.start_case_study(
        actor=actor, organisation=plan.organisation, data=_data(actor, plan, rows, title)
    )
    results = [*_measure_results(rows, name_actions=len(rows) > 1), *_workforce_results(actor, plan, rows)]
    for result in results:
        case_study_actions.add_result(actor=actor, case_study=case_study, **result)
    record(
        actor=actor,
        action=LearningEvent.CASE_STUDY_FROM_PLAN,
        target=case_study,
        organisation=plan.organisation,
        after={**source, "actions": [a.pk for a in rows], "results": len(results)},
    )
    return case_study


@transaction.atomic
def draft_from_action(*, actor, action: Action) -> CaseStudy:
    """A draft case study at the plan's organisation from one done action."""
    plan = action.plan
    _require(actor, plan)
    if action.status != Status.DONE:
        raise ValidationProblem("status", NOT_DONE)
    rows = [a for a in _done(plan) if a.pk == action.pk]
    return _draft(actor, plan, rows, action.title, {"plan": plan.pk, "action": action.pk})


@transaction.atomic
def draft_from_plan(*, actor, plan: ActionPlan) -> CaseStudy:
    """A draft case study at the plan's organisation from every done action of the plan."""
    _require(actor, plan)
    rows = _done(plan)
    if not rows:
        raise ValidationProblem("status", NOTHING_DONE)
    return _draft(actor, plan, rows, plan.title, {"plan": plan.pk})

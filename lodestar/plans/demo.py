"""Demo data: the action plan of "Community nursing in Riverside", part way through.

Called by the demo-data command after ``lodestar.workshops.demo.load()``. Generates the plan
from the workshop's confirmed shortlist, then brings it to life: owners, mixed statuses (one
overdue, one at risk), milestones, success measures and progress updates. Idempotent: when
the plan already exists it is returned unchanged. Every write goes through
``lodestar.plans.actions`` and ``measure_actions`` (so the change history has something to show).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction

from lodestar.accounts.models import User
from lodestar.plans import actions, measure_actions
from lodestar.plans.models import ActionPlan, Direction, Status, today
from lodestar.workshops.models import Workshop

WORKSHOP_TITLE = "Community nursing in Riverside"
FACILITATOR = "facilitator@demo.lodestar.test"
CONTRIBUTOR = "contributor@demo.lodestar.test"

# Keyed by the intervention each action comes from, so every milestone, measure and update
# lands on the action it is about, whatever order the shortlist puts them in.
# (owner email or None, owner name, status, start offset days, due offset days, milestones,
# measures, progress updates)
STORY = {
    "supply-late-career-flexibility": {
        "owner": CONTRIBUTOR,
        "status": Status.ON_TRACK,
        "start": -120,
        "due": 150,
        "milestones": [
            ("Policy for retire-and-return agreed", -60, True),
            ("First ten nurses on flexible hours", 60, False),
        ],
        "measures": [("Leavers aged 55 and over (per year)", "people", "9", "4", "6")],
        "updates": [
            (-45, "Retire-and-return policy signed off by the people committee.", ""),
            (-7, "Six nurses have moved to flexible hours; two more in discussion.", Status.ON_TRACK),
        ],
    },
    "supply-preceptorship": {
        "owner": FACILITATOR,
        "status": Status.AT_RISK,
        "start": -90,
        "due": 90,
        "milestones": [("Preceptorship lead appointed", -30, False)],
        "measures": [("Newly qualified nurses choosing community posts", "per year", "3", "12", "4")],
        "updates": [
            (-10, "The preceptorship lead post has not been filled: second advert out now.", Status.AT_RISK),
        ],
    },
    "role-nursing-associate": {
        "owner": None,
        "owner_name": "Jo Evans (Riverside University)",
        "status": Status.OFF_TRACK,
        "start": -200,
        "due": -14,  # overdue
        "milestones": [
            ("Apprenticeship places agreed with the university", -150, True),
            ("First cohort starts", -20, False),
        ],
        "measures": [("Nursing associates in community teams", "WTE", "2", "10", "2")],
        "updates": [(-21, "The cohort start slipped: too few applicants for the first intake.", Status.OFF_TRACK)],
    },
    "nwow-e-rostering": {
        "owner": CONTRIBUTOR,
        "status": Status.NOT_STARTED,
        "start": 30,
        "due": 300,
        "milestones": [("Supplier chosen", 90, False)],
        "measures": [("Visits finished within the working day", "%", "39", "80", None)],
        "updates": [],
    },
    "upskill-support-worker-competencies": {
        "owner": FACILITATOR,
        "status": Status.DONE,
        "start": -180,
        "due": -30,
        "milestones": [("Competency passport published", -35, True)],
        "measures": [("Support workers signed off for delegated tasks", "people", "0", "40", "44")],
        "updates": [(-32, "Passport published and 44 support workers signed off.", Status.DONE)],
    },
    "lead-change-champions": {
        "owner": None,
        "owner_name": "Locality team leaders",
        "status": Status.ON_TRACK,
        "start": -60,
        "due": 120,
        "milestones": [],
        "measures": [],
        "updates": [(-5, "Change champions named in four of five localities.", Status.ON_TRACK)],
    },
}


def _days(n: int) -> datetime.date:
    return today() + datetime.timedelta(days=n)


def _dec(value):
    return Decimal(value) if value is not None else None


@transaction.atomic
def load() -> ActionPlan | None:
    workshop = Workshop.objects.filter(title=WORKSHOP_TITLE).select_related("lead_organisation").first()
    if workshop is None or not workshop.shortlist_confirmed_at:
        return None  # the workshops demo was not loaded: nothing to plan from
    existing = ActionPlan.objects.filter(workshop=workshop).first()
    if existing is not None:
        return existing
    facilitator = User.objects.filter(email=FACILITATOR).first()
    people = {u.email: u for u in User.objects.filter(email__in=[FACILITATOR, CONTRIBUTOR])}
    plan = actions.generate_plan(actor=facilitator, workshop=workshop)
    for action in plan.actions.select_related("intervention").order_by("priority_rank", "id"):
        story = STORY.get(action.intervention.code) if action.intervention_id else None
        if story is None:
            continue
        owner = people.get(story["owner"]) if story["owner"] else None
        actions.update_action(
            actor=facilitator,
            action=action,
            expected_version=action.version,
            changes={
                "owner_user": owner,
                "owner_name": "" if owner else story.get("owner_name", ""),
                "start_date": _days(story["start"]),
                "due_date": _days(story["due"]),
                "status": Status.NOT_STARTED if story["updates"] else story["status"],
            },
        )
        for title, offset, done in story["milestones"]:
            actions.save_milestone(actor=facilitator, action=action, title=title, due_date=_days(offset), done=done)
        for metric, unit, baseline, target, latest in story["measures"]:
            measure = measure_actions.save_measure(
                actor=facilitator,
                action=action,
                metric=metric,
                unit=unit,
                direction=Direction.HIGHER if _dec(target) > _dec(baseline) else Direction.LOWER,
                baseline=_dec(baseline),
                target=_dec(target),
            )
            if latest is not None:  # a short series: where it started two months ago, and last week
                for offset, value in ((-63, baseline), (-7, latest)):
                    measure_actions.record_measure_value(
                        actor=facilitator, action=action, measure=measure, date=_days(offset), value=_dec(value)
                    )
        for offset, text, status in story["updates"]:
            author = owner or facilitator
            actions.add_progress_update(actor=author, action=action, date=_days(offset), text=text, status=status)
        action.refresh_from_db()
        if action.status != story["status"]:
            actions.update_action(
                actor=facilitator, action=action, expected_version=action.version, changes={"status": story["status"]}
            )
    return plan

"""Each action plan write: what it refuses (naming the field), and the audit rows it records."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from lodestar.core.models import AuditEvent
from lodestar.core.validation import ValidationProblem
from lodestar.plans import actions as plan_actions
from lodestar.plans.models import Action, ActionPlan, Milestone, PlanEvent, ProgressUpdate, Status
from tests.factories import member
from tests.factories.plans import ActionFactory, ActionPlanFactory, star_point

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
START, DUE = datetime.date(2027, 1, 4), datetime.date(2027, 9, 30)


@pytest.fixture
def user(orgs):
    return member(orgs["trust_a"], "contributor", email="editor@trust-a.nhs.uk")


@pytest.fixture
def plan(orgs):
    return ActionPlanFactory(organisation=orgs["trust_a"], title="Ward staffing")


def events(target=None) -> list[AuditEvent]:
    qs = AuditEvent.objects.filter(action__startswith="plans.").order_by("id")
    if target is not None:
        qs = qs.filter(target_type=target._meta.label, target_id=str(target.pk))
    return list(qs)


def refused(call, **kwargs) -> list[tuple[str, str]]:
    with pytest.raises(ValidationProblem) as caught:
        call(**kwargs)
    return caught.value.problems


def new_action(user, plan, **values) -> Action:
    defaults = {"title": "Return to practice", "point": star_point("supply"), "start_date": START, "due_date": DUE}
    return plan_actions.create_action(actor=user, plan=plan, **{**defaults, **values})


# ------------------------------------------------------------------ plans


def test_create_plan_records_the_title_and_organisation(orgs, user):
    plan = plan_actions.create_plan(actor=user, organisation=orgs["trust_a"], title="  Ward staffing ")
    [event] = events(plan)
    assert (event.action, event.actor, event.organisation) == (PlanEvent.PLAN_CREATE.value, user, orgs["trust_a"])
    assert event.before is None
    assert event.after == {"title": "Ward staffing", "organisation_id": orgs["trust_a"].pk}


def test_create_plan_refuses_an_empty_or_long_title(orgs, user):
    assert refused(plan_actions.create_plan, actor=user, organisation=orgs["trust_a"], title=" ") == [
        ("title", "Enter a plan title")
    ]
    assert refused(plan_actions.create_plan, actor=user, organisation=orgs["trust_a"], title="x" * 201) == [
        ("title", "The plan title must be 200 characters or fewer")
    ]
    assert not ActionPlan.objects.exists() and not events()


def test_generate_plan_refusal_names_no_field(orgs, user):
    from tests.factories.workshops import WorkshopFactory

    workshop = WorkshopFactory(lead_organisation=orgs["trust_a"])
    assert refused(plan_actions.generate_plan, actor=user, workshop=workshop) == [
        ("", "Confirm the shortlist before generating the action plan")
    ]
    workshop.shortlist_confirmed_at = timezone.now()
    workshop.save()
    assert refused(plan_actions.generate_plan, actor=user, workshop=workshop) == [
        ("", "The shortlist is empty: shortlist at least one intervention first")
    ]
    assert not ActionPlan.objects.exists() and not events()


# ------------------------------------------------------------------ actions


def test_create_action_records_every_field_after(user, plan):
    action = new_action(user, plan, title=" Return to practice ", priority_rank=3)
    [event] = events(action)
    assert event.action == PlanEvent.ACTION_CREATE.value and event.before is None
    assert event.organisation == plan.organisation and event.actor == user
    assert event.after == {
        "title": "Return to practice",
        "description": "",
        "intervention_id": None,
        "point_id": star_point("supply").pk,
        "owner_user_id": None,
        "owner_name": "",
        "organisation_id": plan.organisation_id,
        "start_date": "2027-01-04",
        "due_date": "2027-09-30",
        "status": Status.NOT_STARTED,
        "priority_rank": 3,
        "version": 1,
    }


def test_create_action_refuses_bad_values_naming_each_field_and_writes_nothing(user, plan):
    problems = refused(
        plan_actions.create_action,
        actor=user,
        plan=plan,
        title="",
        point=None,
        start_date=datetime.date(2027, 5, 1),
        due_date=datetime.date(2027, 1, 1),
        status="green",
        priority_rank=100_001,
    )
    assert problems == [
        ("title", "Enter a title for the action"),
        ("point", "Choose a Star point"),
        ("due_date", "The due date must be on or after the start date"),
        ("status", "Choose a status from the list"),
        ("priority_rank", "Priority must be 100,000 or less"),
    ]
    assert not Action.objects.exists() and not events()


def test_update_action_records_before_and_after_and_bumps_the_version(user, plan):
    action = new_action(user, plan, title="Old title")
    plan_actions.update_action(
        actor=user, action=action, expected_version=1, changes={"title": "New title", "status": Status.AT_RISK}
    )
    event = events(action)[-1]
    assert event.action == PlanEvent.ACTION_UPDATE.value and event.actor == user
    assert (event.before["title"], event.before["status"], event.before["version"]) == ("Old title", "not_started", 1)
    assert (event.after["title"], event.after["status"], event.after["version"]) == ("New title", "at_risk", 2)
    assert {field for field, _b, _a in event.changes} == {"title", "status", "version"}


def test_update_action_checks_the_merged_values(user, plan):
    action = new_action(user, plan)
    # Only the due date is sent: it is checked against the start date already saved.
    assert refused(
        plan_actions.update_action,
        actor=user,
        action=action,
        expected_version=1,
        changes={"due_date": datetime.date(2026, 12, 1)},
    ) == [("due_date", "The due date must be on or after the start date")]
    assert refused(
        plan_actions.update_action, actor=user, action=action, expected_version=1, changes={"title": None}
    ) == [("title", "Enter a title for the action")]
    assert refused(
        plan_actions.update_action, actor=user, action=action, expected_version=1, changes={"version": 9}
    ) == [("version", "version cannot be changed here")]
    action.refresh_from_db()
    assert action.version == 1 and len(events(action)) == 1


def test_a_stale_edit_is_refused_before_the_values_are_checked(user, plan):
    action = new_action(user, plan)
    plan_actions.update_action(actor=user, action=action, expected_version=1, changes={"title": "First"})
    with pytest.raises(plan_actions.StaleEdit):
        plan_actions.update_action(actor=user, action=action, expected_version=1, changes={"title": ""})


# ------------------------------------------------------------------ progress


def test_progress_update_records_the_note_and_any_status_change(user, plan):
    action = new_action(user, plan)
    plan_actions.add_progress_update(actor=user, action=action, date=TODAY, text=" Interviews booked ")
    plain = events(action)[-1]
    assert plain.action == PlanEvent.PROGRESS_ADD.value
    assert plain.after["progress.text"] == "Interviews booked" and plain.after["progress.date"] == TODAY.isoformat()
    assert plain.before["version"] == plain.after["version"] == 1
    update = plan_actions.add_progress_update(actor=user, action=action, date=TODAY, text="Paused", status="at_risk")
    moved = events(action)[-1]
    assert (moved.before["status"], moved.after["status"]) == ("not_started", "at_risk")
    assert (moved.before["version"], moved.after["version"]) == (1, 2)
    assert (update.status_before, update.status_after) == ("not_started", "at_risk")


def test_progress_update_refuses_a_future_date_and_an_empty_note(user, plan):
    action = new_action(user, plan)
    tomorrow = TODAY + datetime.timedelta(days=1)
    assert refused(plan_actions.add_progress_update, actor=user, action=action, date=tomorrow, text="Soon") == [
        ("date", plan_actions.FUTURE_PROGRESS)
    ]
    assert refused(plan_actions.add_progress_update, actor=user, action=action, date=TODAY, text=" ") == [
        ("text", "Enter what has happened")
    ]
    assert refused(
        plan_actions.add_progress_update, actor=user, action=action, date=TODAY, text="x", status="green"
    ) == [("status", "Choose a status from the list")]
    assert not ProgressUpdate.objects.exists() and len(events(action)) == 1


# ------------------------------------------------------------------ milestones and measures


def test_milestones_record_added_then_changed(user, plan):
    action = new_action(user, plan)
    milestone = plan_actions.save_milestone(actor=user, action=action, title="Business case", due_date=DUE)
    plan_actions.save_milestone(actor=user, action=action, milestone=milestone, done=True)
    added, changed = events(action)[-2:]
    assert added.action == PlanEvent.MILESTONE_ADD.value and added.before is None
    assert added.after == {
        "milestone.title": "Business case",
        "milestone.due_date": "2027-09-30",
        "milestone.done": False,
    }
    assert changed.action == PlanEvent.MILESTONE_SAVE.value
    assert (changed.before["milestone.done"], changed.after["milestone.done"]) == (False, True)
    assert refused(plan_actions.save_milestone, actor=user, action=action, title="") == [
        ("title", "Enter the milestone")
    ]
    assert refused(
        plan_actions.save_milestone, actor=user, action=action, title="Far", due_date=datetime.date(9999, 1, 1)
    ) == [("due_date", "The due date must be between 2000 and 2099")]
    assert Milestone.objects.count() == 1


# Success measures and their values: tests/integration/plans/test_measure_actions.py


# ------------------------------------------------------------------ import


def test_import_records_each_action_and_one_import_event(user, plan):
    rows = [
        {"title": "One", "point": star_point("supply"), "due_date": DUE},
        {"title": "Two", "point": star_point("leadership"), "due_date": DUE, "status": Status.ON_TRACK},
    ]
    created = plan_actions.import_plan(actor=user, plan=plan, rows=rows)
    assert [a.title for a in created] == ["One", "Two"]
    recorded = events()
    assert [e.action for e in recorded] == [
        PlanEvent.ACTION_CREATE.value,
        PlanEvent.ACTION_CREATE.value,
        PlanEvent.PLAN_IMPORT.value,
    ]
    assert recorded[-1].after == {"actions": 2, "changed": 0} and recorded[-1].target_id == str(plan.pk)


def test_an_existing_action_with_no_start_date_can_still_be_changed(user, plan):
    action = ActionFactory(plan=plan, start_date=None, due_date=DUE)
    plan_actions.update_action(actor=user, action=action, expected_version=1, changes={"due_date": START})
    action.refresh_from_db()
    assert action.due_date == START and action.version == 2

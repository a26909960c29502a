"""Plan pages: who sees what, RAG and overdue display, filters, editing, milestones, measures, progress."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from lodestar.core.models import AuditEvent
from lodestar.plans.models import Action, ActionPlan, ProgressUpdate, Status
from tests.dates import boxes
from tests.factories import PASSWORD, member
from tests.factories.plans import ActionFactory, ActionPlanFactory, star_point

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def plan_a(orgs):
    return ActionPlanFactory(organisation=orgs["trust_a"], title="Trust A plan")


@pytest.fixture
def plan_b(orgs):
    return ActionPlanFactory(organisation=orgs["trust_b"], title="Trust B plan")


def signed_in(client, user):
    client.force_login(user)
    return client


def edit_data(action, **overrides):
    data = {
        "title": action.title,
        "description": action.description,
        "point": action.point_id,
        "intervention": "",
        "owner_email": action.owner_user.email if action.owner_user_id else "",
        "owner_name": action.owner_name,
        "organisation": action.organisation_id,
        "start_date": action.start_date.isoformat() if action.start_date else "",
        "due_date": action.due_date.isoformat() if action.due_date else "",
        "status": action.status,
        "priority_rank": action.priority_rank or "",
        "version": action.version,
    }
    data.update(overrides)
    return boxes(data)


# ------------------------------------------------------------------ access


def test_signed_out_people_are_sent_to_sign_in(client, plan_a):
    action = ActionFactory(plan=plan_a)
    for url in [
        reverse("plans:portfolio"),
        reverse("plans:my-actions"),
        reverse("plans:detail", kwargs={"plan_id": plan_a.pk}),
        reverse("plans:action", kwargs={"action_id": action.pk}),
    ]:
        response = client.get(url)
        assert response.status_code == 302 and "/account/sign-in/" in response["Location"], url


def test_every_plan_page_is_404_outside_reach(client, orgs, plan_a):
    from tests.factories.plans import SuccessMeasureFactory

    action = ActionFactory(plan=plan_a)
    measure = SuccessMeasureFactory(action=action)
    outsider = member(orgs["ics_b"], "org_admin")
    signed_in(client, outsider)
    urls = [
        reverse("plans:detail", kwargs={"plan_id": plan_a.pk}),
        reverse("plans:timeline", kwargs={"plan_id": plan_a.pk}),
        reverse("plans:export-csv", kwargs={"plan_id": plan_a.pk}),
        reverse("plans:export-xlsx", kwargs={"plan_id": plan_a.pk}),
        reverse("plans:import", kwargs={"plan_id": plan_a.pk}),
        reverse("plans:action-new", kwargs={"plan_id": plan_a.pk}),
        reverse("plans:action", kwargs={"action_id": action.pk}),
        reverse("plans:action-edit", kwargs={"action_id": action.pk}),
        reverse("plans:action-history", kwargs={"action_id": action.pk}),
        reverse("plans:progress-new", kwargs={"action_id": action.pk}),
        reverse("plans:milestone-new", kwargs={"action_id": action.pk}),
        reverse("plans:measure-new", kwargs={"action_id": action.pk}),
        reverse("plans:measure-value-new", kwargs={"action_id": action.pk, "measure_id": measure.pk}),
        reverse("plans:export-csv", kwargs={"plan_id": plan_a.pk}) + "?table=measures",
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    assert (
        client.post(reverse("plans:action-edit", kwargs={"action_id": action.pk}), edit_data(action)).status_code == 404
    )


def test_ics_viewer_sees_plans_beneath_but_cannot_edit(client, orgs, plan_a):
    action = ActionFactory(plan=plan_a, title="Recruit return-to-practice nurses")
    viewer = member(orgs["ics_a"], "viewer")
    signed_in(client, viewer)
    page = client.get(reverse("plans:detail", kwargs={"plan_id": plan_a.pk}))
    assert page.status_code == 200
    assert "Recruit return-to-practice nurses" in page.content.decode()
    assert "Add an action" not in page.content.decode()
    assert client.get(reverse("plans:action-edit", kwargs={"action_id": action.pk})).status_code == 403
    response = client.post(reverse("plans:action-edit", kwargs={"action_id": action.pk}), edit_data(action, title="X"))
    assert response.status_code == 403
    action.refresh_from_db()
    assert action.title == "Recruit return-to-practice nurses"


def test_owner_without_membership_can_see_and_update_their_action(client, orgs, plan_a):
    owner = member(orgs["trust_b"], "viewer")  # no role at Trust A
    action = ActionFactory(plan=plan_a, owner_user=owner, title="Mine")
    other = ActionFactory(plan=plan_a, title="Not mine")
    signed_in(client, owner)
    assert client.get(reverse("plans:action", kwargs={"action_id": action.pk})).status_code == 200
    response = client.post(
        reverse("plans:action-edit", kwargs={"action_id": action.pk}), edit_data(action, status="at_risk")
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == Status.AT_RISK
    # They can read the rest of the plan they work on, but not change other people's actions.
    assert client.get(reverse("plans:action-edit", kwargs={"action_id": other.pk})).status_code == 403


# --------------------------------------------------------------- plan view


def test_plan_shows_rag_in_words_and_overdue_first(client, orgs, plan_a):
    ActionFactory(
        plan=plan_a,
        title="Late one",
        priority_rank=5,
        due_date=TODAY - datetime.timedelta(days=3),
        start_date=TODAY - datetime.timedelta(days=60),
        status=Status.AT_RISK,
    )
    ActionFactory(plan=plan_a, title="First priority", priority_rank=1, status=Status.ON_TRACK)
    ActionFactory(
        plan=plan_a,
        title="Finished late",
        priority_rank=2,
        due_date=TODAY - datetime.timedelta(days=3),
        start_date=TODAY - datetime.timedelta(days=60),
        status=Status.DONE,
    )
    signed_in(client, member(orgs["trust_a"], "contributor"))
    html = client.get(reverse("plans:detail", kwargs={"plan_id": plan_a.pk})).content.decode()
    assert html.index("Late one") < html.index("First priority") < html.index("Finished late")
    assert 'nhsuk-tag--yellow">At risk' in html
    assert 'nhsuk-tag--green">On track' in html
    assert 'nhsuk-tag--blue">Done' in html
    assert html.count(">Overdue</strong>") == 2  # one in the counts, one on "Late one" (done is never overdue)


def test_timeline_has_a_table_and_css_positioned_bars_without_inline_styles(client, orgs, plan_a):
    ActionFactory(
        plan=plan_a, title="Bar action", start_date=datetime.date(2027, 1, 1), due_date=datetime.date(2027, 6, 30)
    )
    signed_in(client, member(orgs["trust_a"], "viewer"))
    html = client.get(reverse("plans:timeline", kwargs={"plan_id": plan_a.pk})).content.decode()
    assert "<caption" in html and "Bar action" in html and "1 Jan 2027" in html and "30 Jun 2027" in html
    assert "lodestar-gantt__bar--start-0 " in html and "lodestar-gantt__bar--span-100" in html
    assert "Jan 2027" in html
    assert 'style="' not in html


def test_portfolio_for_a_region_viewer_filters_by_point_status_org_and_overdue(client, orgs):
    plan_a = ActionPlanFactory(organisation=orgs["trust_a"])
    plan_b = ActionPlanFactory(organisation=orgs["trust_b"])
    ActionFactory(
        plan=plan_a,
        title="Alpha supply late",
        due_date=TODAY - datetime.timedelta(days=1),
        start_date=TODAY - datetime.timedelta(days=10),
        status=Status.ON_TRACK,
    )
    ActionFactory(plan=plan_a, title="Alpha leadership", point=star_point("leadership"), status=Status.OFF_TRACK)
    ActionFactory(plan=plan_b, title="Bravo supply", status=Status.AT_RISK)
    outside = OrganisationFactoryless = ActionPlanFactory()  # an organisation outside the region
    ActionFactory(plan=outside, title="Elsewhere")
    del OrganisationFactoryless
    signed_in(client, member(orgs["region"], "viewer"))
    url = reverse("plans:portfolio")
    html = client.get(url).content.decode()
    assert "Alpha supply late" in html and "Bravo supply" in html and "Alpha leadership" in html
    assert "Elsewhere" not in html
    html = client.get(url, {"point": "leadership"}).content.decode()
    assert "Alpha leadership" in html and "Bravo supply" not in html
    html = client.get(url, {"status": "at_risk"}).content.decode()
    assert "Bravo supply" in html and "Alpha leadership" not in html
    html = client.get(url, {"organisation": orgs["trust_b"].pk}).content.decode()
    assert "Bravo supply" in html and "Alpha supply late" not in html
    html = client.get(url, {"overdue": "1"}).content.decode()
    assert "Alpha supply late" in html and "Bravo supply" not in html
    # An ICS viewer sees only its own half of the region.
    client.force_login(member(orgs["ics_b"], "viewer"))
    html = client.get(url).content.decode()
    assert "Bravo supply" in html and "Alpha" not in html


def test_portfolio_is_paginated(client, orgs):
    plan = ActionPlanFactory(organisation=orgs["trust_a"])
    ActionFactory.create_batch(55, plan=plan)
    signed_in(client, member(orgs["trust_a"], "viewer"))
    first = client.get(reverse("plans:portfolio")).content.decode()
    assert "Page 2 of 2" in first
    second = client.get(reverse("plans:portfolio"), {"page": 2}).content.decode()
    assert second.count('href="/plans/actions/') == 5


def _many_actions(plan, n, **fields):
    """``n`` actions in one INSERT (factories would make the tests slow)."""
    first = ActionFactory(plan=plan, **fields)
    Action.objects.bulk_create(
        Action(
            plan=plan,
            title=f"Bulk action {i}",
            point_id=first.point_id,
            organisation_id=first.organisation_id,
            due_date=first.due_date,
            status=first.status,
        )
        for i in range(n - 1)
    )


def test_plan_page_shows_fifty_actions_a_page_overdue_first_with_counts_over_the_whole_plan(client, orgs, plan_a):
    _many_actions(plan_a, 118, status=Status.ON_TRACK)
    late = {"due_date": TODAY - datetime.timedelta(days=2), "start_date": TODAY - datetime.timedelta(days=20)}
    ActionFactory(plan=plan_a, title="Late and last added", status=Status.AT_RISK, **late)
    ActionFactory(plan=plan_a, title="Done long ago", status=Status.DONE, **late)
    signed_in(client, member(orgs["trust_a"], "viewer"))
    url = reverse("plans:detail", kwargs={"plan_id": plan_a.pk})

    first = client.get(url).content.decode()
    assert first.count('href="/plans/actions/') == 50
    assert "Actions (120, overdue first" in first
    assert "Showing actions 1 to 50 of 120 (page 1 of 3)" in first
    # Overdue first across the whole plan, though it was added last.
    assert first.index("Late and last added") < first.index("Bulk action 0")
    # The summary counts every action, not just this page's.
    assert re.search(r'nhsuk-tag--green">On track</strong>\s*118<', first)
    assert re.search(r">Overdue</strong>\s*1<", first)
    # NHS.UK numbered pagination: plain links, the current page marked.
    assert 'class="nhsuk-pagination nhsuk-pagination--numbered"' in first
    assert 'href="?page=2"' in first and 'href="?page=3"' in first
    assert 'aria-label="Page 1 of 3" aria-current="page"' in first

    last = client.get(url, {"page": 3}).content.decode()
    assert last.count('href="/plans/actions/') == 20
    assert "Bulk action 116<" in last and "Late and last added" not in last
    assert re.search(r'nhsuk-tag--green">On track</strong>\s*118<', last)
    assert 'href="?page=2" class="nhsuk-pagination__previous"' in last
    assert "nhsuk-pagination__next" not in last
    # A page past the end or not a number shows a real page, never an error.
    assert "Showing actions 101 to 120" in client.get(url, {"page": 99}).content.decode()
    assert "Showing actions 1 to 50" in client.get(url, {"page": "x"}).content.decode()


def test_short_plan_has_no_pagination(client, orgs, plan_a):
    ActionFactory.create_batch(3, plan=plan_a)
    signed_in(client, member(orgs["trust_a"], "viewer"))
    html = client.get(reverse("plans:detail", kwargs={"plan_id": plan_a.pk})).content.decode()
    assert html.count('href="/plans/actions/') == 3 and "nhsuk-pagination" not in html


def test_plan_page_queries_do_not_grow_with_its_actions(client, orgs, plan_a, django_assert_max_num_queries):
    signed_in(client, member(orgs["trust_a"], "contributor"))
    url = reverse("plans:detail", kwargs={"plan_id": plan_a.pk})
    _many_actions(plan_a, 5)
    with django_assert_max_num_queries(14):
        client.get(url)
    _many_actions(plan_a, 300)
    with django_assert_max_num_queries(14):
        assert client.get(url, {"page": 4}).status_code == 200


def test_portfolio_pages_keep_the_filters(client, orgs):
    plan = ActionPlanFactory(organisation=orgs["trust_a"])
    _many_actions(plan, 55, status=Status.AT_RISK)
    ActionFactory.create_batch(3, plan=plan, status=Status.ON_TRACK)
    signed_in(client, member(orgs["trust_a"], "viewer"))
    first = client.get(reverse("plans:portfolio"), {"status": "at_risk"}).content.decode()
    assert 'href="?status=at_risk&amp;page=2"' in first
    second = client.get(reverse("plans:portfolio"), {"status": "at_risk", "page": 2}).content.decode()
    assert second.count('href="/plans/actions/') == 5
    assert '<option value="at_risk" selected>' in second


def test_my_actions_lists_only_my_actions(client, orgs, plan_a):
    me = member(orgs["trust_a"], "contributor")
    ActionFactory(plan=plan_a, owner_user=me, title="Owned by me")
    ActionFactory(plan=plan_a, title="Owned by nobody")
    signed_in(client, me)
    html = client.get(reverse("plans:my-actions")).content.decode()
    assert "Owned by me" in html and "Owned by nobody" not in html


# --------------------------------------------------------------- editing


def test_contributor_edits_an_action_and_the_history_shows_before_and_after(client, orgs, plan_a):
    action = ActionFactory(plan=plan_a, title="Old title", status=Status.NOT_STARTED)
    editor = member(orgs["trust_a"], "contributor", full_name="Edith Editor")
    signed_in(client, editor)
    response = client.post(
        reverse("plans:action-edit", kwargs={"action_id": action.pk}),
        edit_data(action, title="New title", status="on_track"),
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.title, action.status, action.version) == ("New title", "on_track", 2)
    html = client.get(reverse("plans:action-history", kwargs={"action_id": action.pk})).content.decode()
    assert "Edith Editor" in html and "Old title" in html and "New title" in html
    assert "Not started" in html and "On track" in html


def test_bad_edit_names_the_field_and_writes_nothing(client, orgs, plan_a):
    action = ActionFactory(plan=plan_a, title="Keep me")
    signed_in(client, member(orgs["trust_a"], "contributor"))
    response = client.post(
        reverse("plans:action-edit", kwargs={"action_id": action.pk}),
        edit_data(action, title="Changed", due_date="31/02/2027", owner_email="nobody@nowhere.test"),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Due date must be a real date" in html and "No one uses Lodestar with that email address" in html
    action.refresh_from_db()
    assert action.title == "Keep me" and action.version == 1
    response = client.post(
        reverse("plans:action-edit", kwargs={"action_id": action.pk}),
        edit_data(action, start_date="2027-05-01", due_date="2027-04-01"),
    )
    assert "The due date must be on or after the start date" in response.content.decode()


def test_progress_update_appends_and_can_change_status(client, orgs, plan_a):
    action = ActionFactory(plan=plan_a, status=Status.ON_TRACK)
    signed_in(client, member(orgs["trust_a"], "contributor"))
    url = reverse("plans:progress-new", kwargs={"action_id": action.pk})
    response = client.post(url, boxes({"date": TODAY.isoformat(), "text": "Recruitment paused", "status": "at_risk"}))
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == Status.AT_RISK and action.version == 2
    update = ProgressUpdate.objects.get(action=action)
    assert (update.status_before, update.status_after) == ("on_track", "at_risk")
    html = client.get(reverse("plans:action", kwargs={"action_id": action.pk})).content.decode()
    assert "Recruitment paused" in html
    # Empty text is refused with a message, nothing added.
    response = client.post(url, boxes({"date": TODAY.isoformat(), "text": "", "status": ""}))
    assert "Enter what has happened" in response.content.decode()
    assert ProgressUpdate.objects.filter(action=action).count() == 1


def test_milestones_and_measures(client, orgs, plan_a):
    action = ActionFactory(plan=plan_a)
    signed_in(client, member(orgs["trust_a"], "contributor"))
    r = client.post(
        reverse("plans:milestone-new", kwargs={"action_id": action.pk}),
        boxes({"title": "Business case approved", "due_date": "2027-02-01"}),
    )
    assert r.status_code == 302
    milestone = action.milestones.get()
    r = client.post(
        reverse("plans:milestone-edit", kwargs={"action_id": action.pk, "milestone_id": milestone.pk}),
        boxes({"title": "Business case approved", "due_date": "2027-02-01", "done": "on"}),
    )
    milestone.refresh_from_db()
    assert milestone.done
    r = client.post(
        reverse("plans:measure-new", kwargs={"action_id": action.pk}),
        {"metric": "Vacancy rate", "unit": "%", "direction": "lower", "baseline": "14.5", "target": "abc"},
    )
    assert "Target must be a number" in r.content.decode()
    assert not action.measures.exists()
    r = client.post(
        reverse("plans:measure-new", kwargs={"action_id": action.pk}),
        {"metric": "Vacancy rate", "unit": "%", "direction": "lower", "baseline": "14.5", "target": "8"},
    )
    assert r.status_code == 302
    html = client.get(reverse("plans:action", kwargs={"action_id": action.pk})).content.decode()
    assert "Business case approved" in html and "Vacancy rate" in html and "14.5" in html
    history = client.get(reverse("plans:action-history", kwargs={"action_id": action.pk})).content.decode()
    assert "Milestone added" in history and "Success measure added" in history
    assert AuditEvent.objects.filter(target_id=str(action.pk), action__startswith="plans.").count() == 3


def test_contributor_starts_a_plan_and_adds_an_action(client, orgs):
    user = member(orgs["trust_a"], "contributor")
    signed_in(client, user)
    response = client.post(reverse("plans:new"), {"title": "Ward staffing", "organisation": orgs["trust_a"].pk})
    plan = ActionPlan.objects.get(title="Ward staffing")
    assert response["Location"] == reverse("plans:detail", kwargs={"plan_id": plan.pk})
    response = client.post(reverse("plans:new"), {"title": "Elsewhere", "organisation": orgs["trust_b"].pk})
    assert "Choose an organisation from the list" in response.content.decode()
    response = client.post(
        reverse("plans:action-new", kwargs={"plan_id": plan.pk}),
        boxes(
            {
                "title": "Run a return to practice campaign",
                "point": star_point("supply").pk,
                "organisation": orgs["trust_a"].pk,
                "due_date": "31/03/2027",
                "status": "not_started",
                "owner_email": user.email,
            }
        ),
    )
    assert response.status_code == 302
    action = Action.objects.get(plan=plan)
    assert action.owner_user == user and action.due_date == datetime.date(2027, 3, 31)


def test_viewer_cannot_start_a_plan(client, orgs):
    signed_in(client, member(orgs["trust_a"], "viewer"))
    assert client.get(reverse("plans:new")).status_code == 403
    assert PASSWORD  # factories' password is shared with browser tests


def _all_urls(plan, action, milestone_id, measure_id, workshop_id):
    return [
        reverse("plans:portfolio"),
        reverse("plans:my-actions"),
        reverse("plans:new"),
        reverse("plans:template-csv"),
        reverse("plans:detail", kwargs={"plan_id": plan.pk}),
        reverse("plans:timeline", kwargs={"plan_id": plan.pk}),
        reverse("plans:export-csv", kwargs={"plan_id": plan.pk}),
        reverse("plans:export-xlsx", kwargs={"plan_id": plan.pk}),
        reverse("plans:import", kwargs={"plan_id": plan.pk}),
        reverse("plans:action-new", kwargs={"plan_id": plan.pk}),
        reverse("plans:action", kwargs={"action_id": action.pk}),
        reverse("plans:action-edit", kwargs={"action_id": action.pk}),
        reverse("plans:progress-new", kwargs={"action_id": action.pk}),
        reverse("plans:action-history", kwargs={"action_id": action.pk}),
        reverse("plans:milestone-new", kwargs={"action_id": action.pk}),
        reverse("plans:milestone-edit", kwargs={"action_id": action.pk, "milestone_id": milestone_id}),
        reverse("plans:measure-new", kwargs={"action_id": action.pk}),
        reverse("plans:measure-edit", kwargs={"action_id": action.pk, "measure_id": measure_id}),
        reverse("plans:measure-value-new", kwargs={"action_id": action.pk, "measure_id": measure_id}),
        reverse("plans:report-pdf", kwargs={"workshop_id": workshop_id}),
        reverse("plans:generate", kwargs={"workshop_id": workshop_id}),
    ]


def test_every_page_needs_sign_in(client, plan_a):
    from tests.factories.plans import MilestoneFactory, SuccessMeasureFactory

    action = ActionFactory(plan=plan_a)
    urls = _all_urls(plan_a, action, MilestoneFactory(action=action).pk, SuccessMeasureFactory(action=action).pk, 1)
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and "/account/sign-in/" in response["Location"], url


def test_contributor_pages_all_render_for_a_contributor(client, orgs, plan_a):
    from tests.factories.plans import MilestoneFactory, SuccessMeasureFactory
    from tests.factories.workshops import WorkshopFactory

    action = ActionFactory(plan=plan_a)
    workshop = WorkshopFactory(lead_organisation=orgs["trust_a"])
    urls = _all_urls(
        plan_a, action, MilestoneFactory(action=action).pk, SuccessMeasureFactory(action=action).pk, workshop.pk
    )
    signed_in(client, member(orgs["trust_a"], "contributor"))
    for url in urls[:-1]:  # generate is POST only
        assert client.get(url).status_code == 200, url


def test_workshop_participants_from_outside_see_its_plan_but_not_others(client, orgs):
    from tests.factories.workshops import WorkshopFactory, participant

    workshop = WorkshopFactory(lead_organisation=orgs["trust_a"])
    plan = ActionPlanFactory(organisation=orgs["trust_a"], workshop=workshop, title="Shared plan")
    ActionFactory(plan=plan, title="Visible to the carer")
    ActionFactory(plan=ActionPlanFactory(organisation=orgs["trust_a"]), title="Not for outsiders")
    carer = participant(workshop)  # an external participant: no membership anywhere
    signed_in(client, carer)
    assert client.get(reverse("plans:detail", kwargs={"plan_id": plan.pk})).status_code == 200
    html = client.get(reverse("plans:portfolio")).content.decode()
    assert "Visible to the carer" in html and "Not for outsiders" not in html


def test_owner_can_save_an_action_of_an_organisation_outside_their_reach(client, orgs, plan_a):
    owner = member(orgs["trust_b"], "viewer")
    action = ActionFactory(plan=plan_a, owner_user=owner, organisation=orgs["pcn_a"], title="Partner action")
    signed_in(client, owner)
    response = client.post(
        reverse("plans:action-edit", kwargs={"action_id": action.pk}), edit_data(action, status="done")
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == Status.DONE and action.organisation == orgs["pcn_a"]


def test_huge_description_is_refused_and_nothing_saved(client, orgs, plan_a):
    action = ActionFactory(plan=plan_a, description="Short")
    signed_in(client, member(orgs["trust_a"], "contributor"))
    response = client.post(
        reverse("plans:action-edit", kwargs={"action_id": action.pk}), edit_data(action, description="d" * 10_001)
    )
    assert "The description must be 10,000 characters or fewer" in response.content.decode()
    action.refresh_from_db()
    assert action.description == "Short" and action.version == 1


def test_far_off_dates_and_huge_priority_are_refused_not_a_server_error(client, orgs, plan_a):
    action = ActionFactory(plan=plan_a, title="Keep me")
    signed_in(client, member(orgs["trust_a"], "contributor"))
    url = reverse("plans:action-edit", kwargs={"action_id": action.pk})
    html = client.post(url, edit_data(action, start_date="0001-01-01", due_date="9999-12-31")).content.decode()
    assert html.count("Start date must be between 2000 and 2099") == 2  # in the summary and beside the field
    assert html.count("Due date must be between 2000 and 2099") == 2
    response = client.post(url, edit_data(action, priority_rank="99999999999999999999"))
    assert response.status_code == 200 and "Priority must be 100,000 or less" in response.content.decode()
    action.refresh_from_db()
    assert action.version == 1
    progress = reverse("plans:progress-new", kwargs={"action_id": action.pk})
    assert (
        "Date of the update must be between 2000 and 2099"
        in client.post(progress, boxes({"date": "01/01/1900", "text": "x"})).content.decode()
    )
    assert not action.progress_updates.exists()
    assert client.get(reverse("plans:timeline", kwargs={"plan_id": plan_a.pk})).status_code == 200


def test_measures_show_plain_numbers_not_two_decimal_places(client, orgs, plan_a):
    from decimal import Decimal

    from tests.factories.plans import SuccessMeasureFactory

    action = ActionFactory(plan=plan_a)
    measure = SuccessMeasureFactory(action=action, metric="Leavers", baseline=Decimal("9.00"), target=Decimal("12.50"))
    measure.values.create(date=datetime.date(2026, 1, 5), value=Decimal("10.50"))
    signed_in(client, member(orgs["trust_a"], "viewer"))
    html = client.get(reverse("plans:action", kwargs={"action_id": action.pk})).content.decode()
    assert ">9<" in html and ">12.5<" in html and "9.00" not in html and "12.50" not in html
    assert ">10.5<" in html and "10.50" not in html


def test_sideways_scrolling_tables_can_be_scrolled_with_the_keyboard(client, orgs, plan_a):
    """The timeline and action tables scroll sideways on narrow screens: keyboard users must be
    able to focus the scroll box (WCAG 2.1.1), and screen readers hear what it is."""
    ActionFactory(plan=plan_a)
    signed_in(client, member(orgs["trust_a"], "viewer"))
    for url in [
        reverse("plans:timeline", kwargs={"plan_id": plan_a.pk}),
        reverse("plans:detail", kwargs={"plan_id": plan_a.pk}),
        reverse("plans:portfolio"),
    ]:
        html = client.get(url).content.decode()
        boxes = re.findall(r'<div class="lodestar-table-scroll"[^>]*>', html)
        assert boxes, url
        for box in boxes:
            assert 'tabindex="0"' in box and 'role="region"' in box and "aria-label=" in box, (url, box)


def test_dates_are_shown_and_typed_in_uk_order_not_the_browsers_picker(client, orgs, plan_a):
    action = ActionFactory(plan=plan_a, due_date=datetime.date(2027, 3, 31), start_date=datetime.date(2026, 12, 1))
    signed_in(client, member(orgs["trust_a"], "contributor"))
    html = client.get(reverse("plans:action-edit", kwargs={"action_id": action.pk})).content.decode()
    for part, value in [("day", "31"), ("month", "3"), ("year", "2027")]:
        box = re.search(rf'<input[^>]*name="due_date-{part}"[^>]*>', html).group(0)
        assert 'type="text"' in box and f'value="{value}"' in box and 'inputmode="numeric"' in box
    assert 'type="date"' not in html
    response = client.post(
        reverse("plans:action-edit", kwargs={"action_id": action.pk}), edit_data(action, due_date="30/04/2027")
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.due_date == datetime.date(2027, 4, 30)

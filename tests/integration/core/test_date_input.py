"""Every date in the service is the NHS.UK date input: three boxes posted as <name>-day,
<name>-month and <name>-year, read by the shared field (lodestar.core.forms.UKDateField).
These tests post the boxes through the action form and the workshop set-up form, and check
that each page with a date shows the boxes and the one hint."""

from __future__ import annotations

import datetime
import html
import re

import pytest
from django.urls import reverse

from lodestar.core.forms import DATE_HINT
from lodestar.plans.models import Action
from lodestar.workshops.models import Workshop
from tests.dates import date_boxes
from tests.factories import member
from tests.factories.plans import ActionFactory, ActionPlanFactory, star_point
from tests.factories.workshops import star_points

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(orgs):
    return ActionPlanFactory(organisation=orgs["trust_a"], title="Trust A plan")


def box(page: str, name: str) -> str:
    return re.search(rf'<input[^>]*name="{name}"[^>]*>', page).group(0)


def new_action(client, plan, orgs, **dates):
    data = {
        "title": "Run a return to practice campaign",
        "point": star_point("supply").pk,
        "organisation": orgs["trust_a"].pk,
        "status": "not_started",
    }
    for name, parts in dates.items():
        data.update(dict(zip([f"{name}-day", f"{name}-month", f"{name}-year"], parts, strict=True)))
    return client.post(reverse("plans:action-new", kwargs={"plan_id": plan.pk}), data)


def test_an_action_is_added_with_dates_typed_in_three_boxes(client, orgs, plan):
    client.force_login(member(orgs["trust_a"], "contributor"))
    response = new_action(client, plan, orgs, start_date=("1", "2", "2027"), due_date=(" 31 ", "03", "2027"))
    assert response.status_code == 302
    action = Action.objects.get(plan=plan)
    assert (action.start_date, action.due_date) == (datetime.date(2027, 2, 1), datetime.date(2027, 3, 31))


def test_an_impossible_due_date_is_named_marked_and_linked_from_the_summary(client, orgs, plan):
    client.force_login(member(orgs["trust_a"], "contributor"))
    response = new_action(client, plan, orgs, due_date=("31", "2", "2027"))
    page = html.unescape(response.content.decode())
    assert response.status_code == 200 and not Action.objects.exists()
    assert page.count("Due date must be a real date") == 2  # the error summary and beside the boxes
    assert '<a href="#id_due_date-day"' in page
    assert "nhsuk-input--error" in box(page, "due_date-day")
    assert "nhsuk-input--error" not in box(page, "due_date-month")
    assert "nhsuk-input--error" not in box(page, "due_date-year")
    assert 'value="31"' in box(page, "due_date-day") and 'value="2027"' in box(page, "due_date-year")


def test_a_due_date_without_a_year_says_so_and_marks_the_year(client, orgs, plan):
    client.force_login(member(orgs["trust_a"], "contributor"))
    page = new_action(client, plan, orgs, due_date=("15", "3", "")).content.decode()
    assert "Due date must include a year" in page
    assert "nhsuk-input--error" in box(page, "due_date-year")
    assert "nhsuk-input--error" not in box(page, "due_date-day")


def test_the_actions_own_rule_marks_every_box(client, orgs, plan):
    client.force_login(member(orgs["trust_a"], "contributor"))
    page = new_action(client, plan, orgs, start_date=("1", "5", "2027"), due_date=("1", "1", "2027")).content.decode()
    assert "The due date must be on or after the start date" in page
    assert all("nhsuk-input--error" in box(page, f"due_date-{part}") for part in ("day", "month", "year"))


def test_a_workshop_is_set_up_with_dates_in_three_boxes(client, orgs):
    star_points()
    client.force_login(member(orgs["trust_a"], "facilitator"))
    form = {"title": "Frailty pathway", "lead_organisation": orgs["trust_a"].pk, "challenge": "Too few nurses"}
    response = client.post(
        reverse("workshops:create"),
        {**form, **date_boxes("starts_on", "2027-03-01"), **date_boxes("ends_on", "2027-03-02")},
    )
    assert response.status_code == 302
    workshop = Workshop.objects.get(title="Frailty pathway")
    assert (workshop.starts_on, workshop.ends_on) == (datetime.date(2027, 3, 1), datetime.date(2027, 3, 2))
    response = client.post(
        reverse("workshops:create"),
        {**form, "title": "Second", **date_boxes("starts_on", "2027-03-01"), "ends_on-day": "2", "ends_on-month": "3"},
    )
    page = response.content.decode()
    assert "End date must include a year" in page and "nhsuk-input--error" in box(page, "ends_on-year")
    assert Workshop.objects.count() == 1


def test_every_page_with_a_date_shows_the_three_boxes_and_the_one_hint(client, orgs, plan):
    star_points()
    action = ActionFactory(plan=plan, due_date=datetime.date(2027, 3, 31))
    client.force_login(member(orgs["trust_a"], "facilitator"))
    pages = {
        reverse("plans:action-new", kwargs={"plan_id": plan.pk}): ["start_date", "due_date"],
        reverse("plans:action-edit", kwargs={"action_id": action.pk}): ["start_date", "due_date"],
        reverse("plans:action", kwargs={"action_id": action.pk}): ["date"],
        reverse("plans:progress-new", kwargs={"action_id": action.pk}): ["date"],
        reverse("plans:milestone-new", kwargs={"action_id": action.pk}): ["due_date"],
        reverse("workshops:create"): ["starts_on", "ends_on"],
    }
    for url, names in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert DATE_HINT in page and 'type="date"' not in page, url
        for name in names:
            for part in ("day", "month", "year"):
                assert 'inputmode="numeric"' in box(page, f"{name}-{part}"), (url, name, part)
    edit = client.get(reverse("plans:action-edit", kwargs={"action_id": action.pk})).content.decode()
    assert 'value="31"' in box(edit, "due_date-day") and 'value="3"' in box(edit, "due_date-month")


def test_the_audit_log_date_filter_is_the_same_three_boxes_with_the_same_hint(client, orgs):
    client.force_login(member(orgs["trust_a"], "org_admin"))
    url = f"/organisations/{orgs['trust_a'].pk}/audit/"
    page = client.get(url).content.decode()
    assert page.count(DATE_HINT) == 2
    for name in ("date_from", "date_to"):
        for part in ("day", "month", "year"):
            assert 'inputmode="numeric"' in box(page, f"{name}-{part}")
    page = html.unescape(
        client.get(url, {"date_from-day": "31", "date_from-month": "2", "date_from-year": "2027"}).content.decode()
    )
    assert "From must be a real date" in page and "nhsuk-input--error" in box(page, "date_from-day")

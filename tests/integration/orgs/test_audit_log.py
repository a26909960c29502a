"""The audit log in plain English: dates, field labels from the forms, values in words; a date
range filter and a CSV export with the same filters whose formula-like cells are text."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.db import transaction
from django.utils import timezone

from lodestar.core.models import AuditEvent
from lodestar.orgs import actions as org_actions
from lodestar.plans import actions as plan_actions
from tests.factories import member
from tests.factories.plans import ActionFactory, ActionPlanFactory

pytestmark = pytest.mark.django_db


def _at(event, year, month, day, hour=11, minute=40):
    moment = timezone.make_aware(datetime.datetime(year, month, day, hour, minute))
    AuditEvent.objects.filter(pk=event.pk).update(created_at=moment)


@pytest.fixture
def log(orgs):
    admin = member(orgs["trust_a"], "org_admin", full_name="Ada Admin")
    owner = member(orgs["trust_a"], "contributor", full_name="Olu Owner")
    plan = ActionPlanFactory(organisation=orgs["trust_a"], title="Ward staffing")
    action = ActionFactory(plan=plan, title="Rota clinic", due_date=datetime.date(2027, 1, 31), status="not_started")
    with transaction.atomic():
        plan_actions.update_action(
            actor=admin,
            action=action,
            expected_version=action.version,
            changes={"due_date": datetime.date(2027, 3, 31), "status": "on_track", "owner_user": owner},
        )
    _at(AuditEvent.objects.get(action="plans.action.update"), 2026, 12, 3)
    with transaction.atomic():
        org_actions.update_organisation(actor=admin, organisation=orgs["trust_a"], name="Trust A Renamed")
    _at(AuditEvent.objects.get(action="organisation.update"), 2026, 11, 20, 9, 5)
    return {"admin": admin, "owner": owner, "action": action}


def _page(client, org, query=""):
    return client.get(f"/organisations/{org.pk}/audit/{query}").content.decode()


def _date_query(start="", end=""):
    parts = {}
    for name, value in (("date_from", start), ("date_to", end)):
        day, month, year = value.split("/") if value else ("", "", "")
        parts.update({f"{name}-day": day, f"{name}-month": month, f"{name}-year": year})
    return "?" + "&".join(f"{k}={v}" for k, v in parts.items())


def test_events_read_in_plain_english(client, orgs, log):
    client.force_login(log["admin"])
    page = _page(client, orgs["trust_a"])
    assert "Action changed: Rota clinic" in page
    assert "on 3 December 2026 at 11:40" in page and "on 20 November 2026 at 09:05" in page
    assert "Due date" in page and "31 January 2027" in page and "31 March 2027" in page
    assert "Not started" in page and "On track" in page
    assert "Owner&#39;s email address" in page and "Olu Owner" in page  # the form's label; a name, not an id
    for raw in ("due_date", "owner_user_id", "2027-03-31", "on_track", "plans.action.update"):
        assert raw not in page.split("(CSV)")[1], raw  # the events, after the filters
    assert "Organisation details changed" in page and "Trust A Renamed" in page


def test_the_log_filters_by_date_range(client, orgs, log):
    client.force_login(log["admin"])
    december = _page(client, orgs["trust_a"], _date_query("1/12/2026", "31/12/2026"))
    assert "Action changed: Rota" in december and "Organisation details changed: " not in december
    november = _page(client, orgs["trust_a"], _date_query("", "20/11/2026"))
    assert "Organisation details changed: " in november and "Action changed: Rota clinic" not in november
    one_day = _page(client, orgs["trust_a"], _date_query("3/12/2026", "3/12/2026"))
    assert "1 event." in one_day
    backwards = _page(client, orgs["trust_a"], _date_query("31/12/2026", "1/12/2026"))
    assert "There is a problem" in backwards
    assert "The &#39;to&#39; date must be the same as or after the &#39;from&#39; date" in backwards
    unreal = _page(client, orgs["trust_a"], _date_query("31/2/2026", ""))
    assert "From must be a real date" in unreal


def _csv(client, org, query=""):
    response = client.get(f"/organisations/{org.pk}/audit/export.csv{query}")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_csv_export_has_the_same_words_and_filters(client, orgs, log):
    client.force_login(log["admin"])
    page = _page(client, orgs["trust_a"], _date_query("1/12/2026", "31/12/2026"))
    assert "/audit/export.csv?" in page
    rows = _csv(client, orgs["trust_a"], _date_query("1/12/2026", "31/12/2026"))
    assert rows[0] == ["When", "Who", "What happened", "Item", "Organisation", "Field", "Before", "After"]
    body = rows[1:]
    assert {r[2] for r in body} == {"Action changed"}
    assert [
        "3 December 2026 at 11:40",
        log["admin"].email,
        "Action changed",
        "Rota clinic",
        "Trust A Renamed",
        "Due date",
        "31 January 2027",
        "31 March 2027",
    ] in body
    assert any(r[5] == "Status" and r[6:] == ["Not started", "On track"] for r in body)
    everything = _csv(client, orgs["trust_a"])
    assert {"Action changed", "Organisation details changed"} <= {r[2] for r in everything[1:]}


def test_formula_like_values_are_written_as_text(client, orgs, log):
    action = log["action"]
    action.refresh_from_db()
    with transaction.atomic():
        plan_actions.update_action(
            actor=log["admin"], action=action, expected_version=action.version, changes={"description": "=1+2"}
        )
    client.force_login(log["admin"])
    rows = _csv(client, orgs["trust_a"])
    [row] = [r for r in rows if r[5] == "Description"]
    assert row[7] == "'=1+2"


def test_export_and_log_are_out_of_reach_elsewhere(client, orgs, log):
    client.force_login(member(orgs["trust_b"], "org_admin"))
    assert client.get(f"/organisations/{orgs['trust_a'].pk}/audit/export.csv").status_code == 404
    client.force_login(member(orgs["trust_a"], "contributor"))
    assert client.get(f"/organisations/{orgs['trust_a'].pk}/audit/export.csv").status_code == 404


def test_a_long_log_is_in_pages_that_keep_the_filters(client, orgs, log):
    with transaction.atomic():
        for n in range(55):
            org_actions.update_organisation(actor=log["admin"], organisation=orgs["trust_a"], name=f"Trust A {n}")
    client.force_login(log["admin"])
    query = "?action=organisation.update"
    first = _page(client, orgs["trust_a"], query)
    assert "Showing events 1 to 50 of 56" in first
    assert "action=organisation.update" in first.split("Showing events")[1] and "page=2" in first
    second = _page(client, orgs["trust_a"], query + "&page=2")
    assert "Showing events 51 to 56 of 56" in second and "Action changed: Rota clinic" not in second


def test_invitation_events_name_their_details_in_words(client, orgs, log):
    from tests.factories.accounts import invitation

    inv, _token = invitation(orgs["trust_a"], email="nia@example.nhs.uk", invited_by=log["admin"])
    with transaction.atomic():
        from lodestar.accounts import actions as account_actions

        account_actions.withdraw_invitation(actor=log["admin"], invitation=inv)
    client.force_login(log["admin"])
    page = _page(client, orgs["trust_a"], "?action=invitation.withdraw")
    assert "Invitation withdrawn: Invitation for nia@example.nhs.uk to Trust A" in page
    assert '<th scope="row" class="nhsuk-table__header">Withdrawn</th>' in page
    assert "withdrawn_at" not in page

"""The portfolio rolled up: a row per plan with its RAG in words, grouped by integrated care
system with totals, organisations without a plan, the six-month status trend, and the XLSX
export; the filters apply to the counts; nothing out of reach is listed; the queries do not
grow with the number of plans (lodestar.plans.portfolio)."""

from __future__ import annotations

import datetime
import html
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from lodestar.core.models import AuditEvent
from lodestar.plans import actions as plan_actions
from lodestar.plans import portfolio
from lodestar.plans.models import Action, ProgressUpdate, Status
from tests.factories import member
from tests.factories.plans import ActionFactory, ActionPlanFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


@pytest.fixture
def world(orgs):
    """ICS A: Trust A's plan (one action off track, one done), PCN A's plan (an on-track action
    that is overdue). ICS B: Trust B's plan (on track). Practice A and the ICSs have no plan."""
    plans = {
        "trust_a": ActionPlanFactory(organisation=orgs["trust_a"], title="Ward staffing"),
        "pcn_a": ActionPlanFactory(organisation=orgs["pcn_a"], title="Practice nurses"),
        "trust_b": ActionPlanFactory(organisation=orgs["trust_b"], title="Theatre staffing"),
    }
    ActionFactory(plan=plans["trust_a"], status=Status.OFF_TRACK)
    ActionFactory(plan=plans["trust_a"], status=Status.DONE)
    ActionFactory(plan=plans["pcn_a"], status=Status.ON_TRACK, due_date=TODAY - DAY, start_date=TODAY - 30 * DAY)
    ActionFactory(plan=plans["trust_b"], status=Status.ON_TRACK)
    return {"orgs": orgs, "plans": plans}


def page(client, user, query: str = "") -> str:
    client.force_login(user)
    response = client.get(reverse("plans:portfolio") + query)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def row(text: str, title: str) -> str:
    """The table row of the plan called ``title``, as text without tags."""
    match = re.search(rf"<tr[^>]*>\s*<th[^>]*><a[^>]*>{re.escape(title)}</a>.*?</tr>", text, re.S)
    assert match, f"no row for {title}"
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(0)).split())


def section(text: str, heading: str) -> str:
    start = text.index(f"<h3>{heading}</h3>")
    end = text.find("<h3>", start + 1)
    return text[start : end if end > 0 else text.index('id="status-trend"')]


def test_each_plan_is_a_row_with_its_rag_in_words_under_its_ics(client, world):
    text = page(client, member(world["orgs"]["region"], "viewer"))
    ics_a, ics_b = section(text, "ICS A"), section(text, "ICS B")
    assert row(ics_a, "Ward staffing") == "Ward staffing (Trust A) Off track 1 of 2 0 0 No updates yet"
    assert row(ics_a, "Practice nurses") == "Practice nurses (PCN A) At risk 0 of 1 1 0 No updates yet"
    assert row(ics_b, "Theatre staffing") == "Theatre staffing (Trust B) On track 0 of 1 0 0 No updates yet"
    assert "Theatre staffing" not in ics_a and "Ward staffing" not in ics_b
    assert ics_a.index("Ward staffing") < ics_a.index("Practice nurses")  # the least healthy first


def test_each_ics_has_totals_and_names_its_organisations_without_a_plan(client, world):
    text = page(client, member(world["orgs"]["region"], "viewer"))
    ics_a = section(text, "ICS A")
    total = re.search(r"<tfoot>.*?</tfoot>", ics_a, re.S).group(0)
    assert " ".join(re.sub(r"<[^>]+>", " ", total).split()) == (
        "Total for ICS A 2 plans 1 of 3 1 0 0 with no update in 60 days"
    )
    assert "Organisations in ICS A with no plan: ICS A, Practice A." in ics_a
    assert "Organisations in ICS B with no plan: ICS B." in section(text, "ICS B")
    assert "Test Region" not in re.sub(r"<h1.*", "", text[text.index("Plans by integrated care system") :])


def test_the_filters_apply_to_the_counts(client, world):
    text = page(client, member(world["orgs"]["region"], "viewer"), "?status=off_track")
    assert row(section(text, "ICS A"), "Ward staffing").startswith("Ward staffing (Trust A) Off track 0 of 1")
    assert "Practice nurses" not in text.split('id="plans-by-ics"')[1].split('id="status-trend"')[0]
    assert "<h3>ICS B</h3>" not in text and "with no plan" not in text
    text = page(client, member(world["orgs"]["region"], "viewer"), "?overdue=1")
    assert row(section(text, "ICS A"), "Practice nurses").startswith("Practice nurses (PCN A) At risk 0 of 1 1")
    assert "Ward staffing (Trust A)" not in text


def test_a_plan_without_an_update_in_60_days_is_flagged(client, world):
    plans = world["plans"]
    old, recent = Action.objects.get(plan=plans["trust_a"], status=Status.OFF_TRACK), plans["trust_b"].actions.get()
    ProgressUpdate.objects.create(action=old, date=TODAY - 61 * DAY, text="Advert placed")
    ProgressUpdate.objects.create(action=recent, date=TODAY - 10 * DAY, text="Interviews held")
    text = page(client, member(world["orgs"]["region"], "viewer"))
    ward = row(section(text, "ICS A"), "Ward staffing")
    assert f"{(TODAY - 61 * DAY):%-d %b %Y} (61 days ago) No update in 60 days" in ward
    theatre = row(section(text, "ICS B"), "Theatre staffing")
    assert theatre.endswith("(10 days ago)") and "No update in" not in theatre
    assert "No update in" not in row(section(text, "ICS A"), "Practice nurses")  # new plan, no update yet
    assert "1 with no update in 60 days" in section(text, "ICS A")


def test_a_new_plan_never_updated_is_flagged_after_60_days(client, world):
    plan = world["plans"]["pcn_a"]
    type(plan).objects.filter(pk=plan.pk).update(created_at=timezone.now() - 60 * DAY)
    text = page(client, member(world["orgs"]["region"], "viewer"))
    assert row(section(text, "ICS A"), "Practice nurses").endswith("No updates yet No update in 60 days")


def test_people_see_only_plans_and_organisations_in_their_reach(client, world):
    text = page(client, member(world["orgs"]["trust_b"], "viewer"))
    assert "Theatre staffing" in text and "Ward staffing" not in text and "Practice nurses" not in text
    assert "<h3>ICS A</h3>" not in text and "Practice A" not in text and "Trust A" not in text
    client.force_login(member(world["orgs"]["trust_b"], "viewer"))
    book = load_workbook(io.BytesIO(client.get(reverse("plans:portfolio-xlsx")).content))
    plans = [r[1] for r in book["Plans"].iter_rows(min_row=2, values_only=True)]
    assert plans == ["Theatre staffing"]
    assert list(book["Organisations without a plan"].iter_rows(min_row=2, values_only=True)) == []


def test_the_export_has_the_plans_the_organisations_without_a_plan_and_the_trend(client, world):
    client.force_login(member(world["orgs"]["region"], "viewer"))
    response = client.get(reverse("plans:portfolio-xlsx"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="action-plans-portfolio.xlsx"'
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Plans", "Organisations without a plan", "Status trend"]
    rows = list(book["Plans"].iter_rows(values_only=True))
    assert rows[0][:5] == ("Integrated care system", "Plan", "Organisation", "RAG", "Actions")
    assert rows[0][-1] == "No update in 60 days"
    assert rows[1] == ("ICS A", "Ward staffing", "Trust A", "Off track", 2, 1, 0, 0, 1, None, None, "No")
    assert [r[:4] for r in rows[2:]] == [
        ("ICS A", "Practice nurses", "PCN A", "At risk"),
        ("ICS B", "Theatre staffing", "Trust B", "On track"),
    ]
    without = list(book["Organisations without a plan"].iter_rows(min_row=2, values_only=True))
    assert without == [("ICS A", "ICS A"), ("ICS A", "Practice A"), ("ICS B", "ICS B")]
    trend = list(book["Status trend"].iter_rows(values_only=True))
    assert trend[0] == ("Date", "Not started", "On track", "At risk", "Off track", "Done", "Stopped", "Total")
    assert len(trend) == 7 and trend[-1][1:] == (0, 2, 0, 1, 1, 0, 4)
    filtered = load_workbook(io.BytesIO(client.get(reverse("plans:portfolio-xlsx") + "?status=done").content))
    assert [r[1] for r in filtered["Plans"].iter_rows(min_row=2, values_only=True)] == ["Ward staffing"]


def test_the_trend_takes_each_action_back_through_its_recorded_status_changes(client, orgs):
    user = member(orgs["trust_a"], "contributor")
    plan = ActionPlanFactory(organisation=orgs["trust_a"], title="Ward staffing")
    action = plan_actions.create_action(
        actor=user, plan=plan, title="Hire", point=ActionFactory.build().point, due_date=TODAY + 90 * DAY
    )
    late = plan_actions.create_action(
        actor=user, plan=plan, title="Later", point=action.point, due_date=TODAY + 90 * DAY
    )
    ends = portfolio.month_ends(TODAY)
    at = {i: timezone.make_aware(datetime.datetime.combine(ends[i], datetime.time(12))) for i in range(6)}
    Action.objects.filter(pk=action.pk).update(created_at=at[0] - DAY)  # before the first month end
    Action.objects.filter(pk=late.pk).update(created_at=at[3])  # during the fourth month
    action = plan_actions.update_action(actor=user, action=action, expected_version=1, changes={"status": "on_track"})
    plan_actions.add_progress_update(actor=user, action=action, date=TODAY, text="Slipping", status="at_risk")
    changes = AuditEvent.objects.filter(target_id=str(action.pk), action__in=portfolio.STATUS_EVENTS).order_by("id")
    first, second = list(changes)
    AuditEvent.objects.filter(pk=first.pk).update(created_at=at[1])  # on track during the second month
    AuditEvent.objects.filter(pk=second.pk).update(created_at=at[4])  # at risk during the fifth month
    points = portfolio.trend(Action.objects.visible_to(user))
    by_point = [{c["value"]: c["count"] for c in p["counts"] if c["count"]} for p in points]
    assert by_point == [
        {"not_started": 1},
        {"on_track": 1},
        {"on_track": 1},
        {"on_track": 1, "not_started": 1},
        {"at_risk": 1, "not_started": 1},
        {"at_risk": 1, "not_started": 1},
    ]
    assert points[-1]["label"] == "Today" and points[0]["label"] == ends[0].strftime("%B %Y")
    text = page(client, user)
    assert "Status of actions at the end of each month" in text and '<svg class="lodestar-trend__chart"' in text
    assert "Today 2 actions: 1 not started, 1 at risk." in text


def test_the_page_makes_the_same_number_of_queries_for_many_plans(client, orgs):
    user = member(orgs["region"], "viewer")
    client.force_login(user)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("plans:portfolio")).status_code == 200
        return len(captured)

    for org in ("trust_a", "trust_b"):
        ActionFactory(plan=ActionPlanFactory(organisation=orgs[org]), status=Status.AT_RISK)
    few = queries()
    for _ in range(10):
        plan = ActionPlanFactory(organisation=orgs["pcn_a"])
        ActionFactory(plan=plan)
        ProgressUpdate.objects.create(action=ActionFactory(plan=plan), date=TODAY, text="x")
    assert queries() == few


def test_the_page_and_export_stay_within_their_query_budget(client, world, django_assert_max_num_queries):
    client.force_login(member(world["orgs"]["region"], "viewer"))
    with django_assert_max_num_queries(25):
        client.get(reverse("plans:portfolio"))
    with django_assert_max_num_queries(20):
        client.get(reverse("plans:portfolio-xlsx"))

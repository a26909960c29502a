"""Success measure pages (lodestar.plans.views.progress, ADR 0019): recording a dated value, the
action page's series, the target confirmation, and who may reach them."""

from __future__ import annotations

import datetime
import html
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from lodestar.core.models import AuditEvent
from lodestar.plans.models import MeasureValue, PlanEvent, SuccessMeasure
from tests.dates import boxes
from tests.factories import member
from tests.factories.plans import ActionFactory, ActionPlanFactory, SuccessMeasureFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def world(orgs, client):
    action = ActionFactory(plan=ActionPlanFactory(organisation=orgs["trust_a"]), title="Return to practice")
    measure = SuccessMeasureFactory(
        action=action, metric="Vacancy rate", unit="%", direction="lower", baseline=Decimal("14.5"), target=8
    )
    editor = member(orgs["trust_a"], "contributor", full_name="Cal Contributor")
    client.force_login(editor)
    return {"action": action, "measure": measure, "editor": editor, "orgs": orgs}


def value_url(world, measure=None) -> str:
    measure = measure or world["measure"]
    return reverse("plans:measure-value-new", kwargs={"action_id": world["action"].pk, "measure_id": measure.pk})


def page(response) -> str:
    return html.unescape(response.content.decode())


def test_a_value_is_recorded_and_the_action_page_shows_the_series(client, world):
    earlier = TODAY - datetime.timedelta(days=28)
    form = page(client.get(value_url(world)))
    assert "Record a value: Vacancy rate" in form and "Not measured yet" in form
    for date, value in [(TODAY, "12"), (earlier, "13.25")]:
        response = client.post(value_url(world), boxes({"date": date.isoformat(), "value": value}))
        assert response.status_code == 302
        assert response["Location"].endswith(f"#measure-{world['measure'].pk}")
    assert [(v.date, v.value) for v in MeasureValue.objects.order_by("date")] == [
        (earlier, Decimal("13.25")),
        (TODAY, Decimal("12")),
    ]
    text = page(client.get(reverse("plans:action", kwargs={"action_id": world["action"].pk})))
    assert "Values of Vacancy rate, oldest first" in text
    assert text.index("13.25") < text.index(">12<")  # oldest first
    assert "Cal Contributor" in text and "Lower is better" in text
    assert f"12 on {TODAY:%-d %B %Y}" in text  # the latest value
    assert '<svg class="app-measure-chart"' in text and 'role="img"' in text
    assert "2 values: 13.25 on" in text  # the chart's description for screen readers
    history = page(client.get(reverse("plans:action-history", kwargs={"action_id": world["action"].pk})))
    assert "Success measure value recorded" in history and "Measure value" in history


@pytest.mark.parametrize(
    "data,message",
    [
        ({"date": "", "value": "12"}, "Enter the date of the value"),
        ({"date": TODAY.isoformat(), "value": ""}, "Enter the value"),
        ({"date": TODAY.isoformat(), "value": "twelve"}, "The value must be a number"),
        ({"date": "1999-12-31", "value": "12"}, "must be between 2000 and 2099"),
        (
            {"date": (TODAY + datetime.timedelta(days=1)).isoformat(), "value": "12"},
            "The date of the value cannot be in the future",
        ),
    ],
)
def test_a_bad_value_is_shown_beside_its_field_and_nothing_is_recorded(client, world, data, message):
    response = client.post(value_url(world), boxes(data))
    assert response.status_code == 200
    assert message in page(response)
    assert not MeasureValue.objects.exists()
    assert not AuditEvent.objects.filter(action=PlanEvent.MEASURE_VALUE_ADD.value).exists()


def test_a_target_on_the_wrong_side_asks_for_confirmation_before_saving(client, world):
    url = reverse("plans:measure-new", kwargs={"action_id": world["action"].pk})
    data = {"metric": "Posts filled", "unit": "", "direction": "higher", "baseline": "40", "target": "12"}
    assert "Yes, this target is right" not in page(client.get(url))
    response = client.post(url, data)
    text = page(response)
    assert response.status_code == 200
    assert "The target (12) is lower than the baseline (40), but higher is better." in text
    assert "Yes, this target is right" in text and "Check the target" in text
    # The error summary links to the checkbox itself.
    assert 'href="#target_confirmed"' in text and 'id="target_confirmed"' in text
    assert not SuccessMeasure.objects.filter(metric="Posts filled").exists()
    response = client.post(url, {**data, "target_confirmed": "on"})
    assert response.status_code == 302
    measure = SuccessMeasure.objects.get(metric="Posts filled")
    event = AuditEvent.objects.filter(action=PlanEvent.MEASURE_ADD.value).latest("id")
    assert (measure.target, event.after["measure.target_confirmed"]) == (12, True)


def test_a_measure_with_a_baseline_and_target_must_say_which_way_is_better(client, world):
    url = reverse("plans:measure-new", kwargs={"action_id": world["action"].pk})
    response = client.post(url, {"metric": "Posts filled", "baseline": "40", "target": "50"})
    text = page(response)
    assert "Say whether a higher or a lower value is better" in text
    assert 'href="#direction"' in text and 'id="direction"' in text  # the summary links to the first radio
    assert not SuccessMeasure.objects.filter(metric="Posts filled").exists()


def test_viewers_cannot_record_values(client, world):
    client.force_login(member(world["orgs"]["trust_a"], "viewer"))
    assert client.get(value_url(world)).status_code == 403
    assert client.post(value_url(world), boxes({"date": TODAY.isoformat(), "value": "1"})).status_code == 403
    assert not MeasureValue.objects.exists()


def test_value_pages_are_404_out_of_reach_or_for_another_actions_measure(client, world):
    other = SuccessMeasureFactory(action=ActionFactory(plan=world["action"].plan))
    assert client.get(value_url(world, other)).status_code == 404
    client.force_login(member(world["orgs"]["ics_b"], "org_admin"))
    assert client.get(value_url(world)).status_code == 404
    assert client.post(value_url(world), boxes({"date": TODAY.isoformat(), "value": "1"})).status_code == 404
    assert not MeasureValue.objects.exists()

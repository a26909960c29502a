"""Success measures and their dated values (lodestar.plans.measure_actions, ADR 0019): what each
write refuses, naming the field, and the audit rows it records."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from lodestar.core.models import AuditEvent
from lodestar.core.validation import ValidationProblem
from lodestar.plans import measure_actions
from lodestar.plans.models import Direction, MeasureValue, PlanEvent, SuccessMeasure
from tests.factories import member
from tests.factories.plans import ActionFactory, ActionPlanFactory, SuccessMeasureFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
CONFIRM = "Check the target, or tick \u2018Yes, this target is right\u2019."


@pytest.fixture
def user(orgs):
    return member(orgs["trust_a"], "contributor", email="editor@trust-a.nhs.uk")


@pytest.fixture
def action(orgs):
    return ActionFactory(plan=ActionPlanFactory(organisation=orgs["trust_a"]), title="Return to practice")


def events(action) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(target_id=str(action.pk), action__startswith="plans.").order_by("id"))


def refused(call, **kwargs) -> list[tuple[str, str]]:
    with pytest.raises(ValidationProblem) as caught:
        call(**kwargs)
    return caught.value.problems


# ------------------------------------------------------------------ the measure


def test_a_measure_is_added_then_changed_with_its_audit_rows(user, action):
    measure = measure_actions.save_measure(
        actor=user, action=action, metric=" Vacancy rate ", unit="%", direction="lower", baseline=Decimal("14.5")
    )
    measure_actions.save_measure(actor=user, action=action, measure=measure, target=Decimal("8"))
    added, changed = events(action)
    assert (added.action, added.actor, added.organisation) == (
        PlanEvent.MEASURE_ADD.value,
        user,
        action.plan.organisation,
    )
    assert added.after["measure.metric"] == "Vacancy rate" and added.after["measure.direction"] == "lower"
    assert changed.action == PlanEvent.MEASURE_SAVE.value
    assert (changed.before["measure.target"], changed.after["measure.target"]) == (None, "8")
    assert "measure.target_confirmed" not in changed.after  # 8 is below 14.5 and lower is better


def test_a_measure_refuses_what_it_cannot_hold(user, action):
    assert refused(measure_actions.save_measure, actor=user, action=action, metric=" ") == [
        ("metric", "Enter what you will measure")
    ]
    assert refused(measure_actions.save_measure, actor=user, action=action, metric="Rate", baseline=1, target=2) == [
        ("direction", "Say whether a higher or a lower value is better")
    ]
    assert refused(measure_actions.save_measure, actor=user, action=action, metric="Rate", direction="sideways") == [
        ("direction", "Choose higher is better or lower is better")
    ]
    assert refused(measure_actions.save_measure, actor=user, action=action, metric="Rate", latest_value=3) == [
        ("latest_value", "latest_value cannot be changed here")
    ]
    assert not SuccessMeasure.objects.exists() and not events(action)


@pytest.mark.parametrize(
    "direction,baseline,target,warning",
    [
        ("higher", "40", "12", "The target (12) is lower than the baseline (40), but higher is better."),
        ("lower", "14.5", "20", "The target (20) is higher than the baseline (14.5), but lower is better."),
        ("higher", "9", "9.00", "The target (9) is the same as the baseline, so nothing needs to change."),
    ],
)
def test_a_target_on_the_wrong_side_of_the_baseline_needs_confirming(
    user, action, direction, baseline, target, warning
):
    values = {"metric": "Rate", "direction": direction, "baseline": Decimal(baseline), "target": Decimal(target)}
    assert refused(measure_actions.save_measure, actor=user, action=action, **values) == [
        ("target_confirmed", f"{warning} {CONFIRM}")
    ]
    assert not SuccessMeasure.objects.exists()
    measure = measure_actions.save_measure(actor=user, action=action, target_confirmed=True, **values)
    [event] = events(action)
    assert event.after["measure.target_confirmed"] is True
    # Changing something else later does not ask again; changing the target does.
    measure_actions.save_measure(actor=user, action=action, measure=measure, unit="%")
    problems = refused(
        measure_actions.save_measure, actor=user, action=action, measure=measure, target=Decimal(target) - 1
    )
    assert [field for field, _message in problems] == ["target_confirmed"]


def test_a_target_on_the_better_side_saves_without_a_question(user, action):
    measure = measure_actions.save_measure(
        actor=user, action=action, metric="Posts filled", direction=Direction.HIGHER, baseline=10, target=25
    )
    assert (measure.baseline, measure.target) == (10, 25)


# ------------------------------------------------------------------ its values


def test_recording_values_builds_a_dated_series_with_audit_rows(user, action):
    measure = SuccessMeasureFactory(action=action, metric="Vacancy rate")
    older = TODAY - datetime.timedelta(days=30)
    measure_actions.record_measure_value(actor=user, action=action, measure=measure, date=TODAY, value=Decimal("12"))
    measure_actions.record_measure_value(actor=user, action=action, measure=measure, date=older, value=Decimal("13.5"))
    assert [(v.date, v.value) for v in measure.series] == [(older, Decimal("13.5")), (TODAY, Decimal("12"))]
    assert (measure.latest_value, measure.latest_on) == (Decimal("12"), TODAY)
    first, second = events(action)
    assert (first.action, first.actor, first.organisation) == (
        PlanEvent.MEASURE_VALUE_ADD.value,
        user,
        action.plan.organisation,
    )
    assert first.before is None
    assert first.after == {
        "measure.metric": "Vacancy rate",
        "measure_value.date": TODAY.isoformat(),
        "measure_value.value": "12",
    }
    assert second.after["measure_value.value"] == "13.5"
    assert MeasureValue.objects.get(date=TODAY).recorded_by == user


def test_a_second_value_on_the_same_date_replaces_the_first(user, action):
    measure = SuccessMeasureFactory(action=action)
    measure_actions.record_measure_value(actor=user, action=action, measure=measure, date=TODAY, value=12)
    measure_actions.record_measure_value(actor=user, action=action, measure=measure, date=TODAY, value=11)
    assert [v.value for v in measure.series] == [Decimal("11")]
    replaced = events(action)[-1]
    assert (replaced.before["measure_value.value"], replaced.after["measure_value.value"]) == ("12", "11")


@pytest.mark.parametrize(
    "date,value,problems",
    [
        (None, 12, [("date", "Enter the date of the value")]),
        (TODAY, None, [("value", "Enter the value")]),
        (datetime.date(1999, 12, 31), 12, [("date", "The date of the value must be between 2000 and 2099")]),
        (TODAY + datetime.timedelta(days=1), 12, [("date", "The date of the value cannot be in the future")]),
        (TODAY, "twelve", [("value", "The value must be a number")]),
        (TODAY, Decimal("1.234"), [("value", "The value can have at most 2 decimal places")]),
        (TODAY, Decimal("1e13"), [("value", "The value is too large")]),
    ],
)
def test_a_value_is_refused_with_the_reason(user, action, date, value, problems):
    measure = SuccessMeasureFactory(action=action)
    call = measure_actions.record_measure_value
    assert refused(call, actor=user, action=action, measure=measure, date=date, value=value) == problems
    assert not MeasureValue.objects.exists() and not events(action)


def test_a_value_cannot_be_recorded_on_another_actions_measure(user, action):
    elsewhere = SuccessMeasureFactory(action=ActionFactory(plan=action.plan))
    call = measure_actions.record_measure_value
    assert refused(call, actor=user, action=action, measure=elsewhere, date=TODAY, value=1) == [
        ("measure", "Choose one of this action's success measures")
    ]


def test_the_value_event_has_a_label():
    assert PlanEvent.MEASURE_VALUE_ADD.label == "Success measure value recorded"

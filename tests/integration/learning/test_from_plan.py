"""From a plan to a case study: a done action, or a whole plan, becomes a draft case study filled in
from the plan (challenge, what was changed, who led it, results with their dates, tags, and the
before and after figures from the imported workforce data), with the audit rows; refusals save
nothing; people out of reach get 404."""

from __future__ import annotations

import datetime
import decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from lodestar.core.models import AuditEvent
from lodestar.core.validation import ValidationProblem
from lodestar.learning import actions_from_plan
from lodestar.learning.models import CaseStudy, CaseStudyResult, Status
from lodestar.plans.models import MeasureValue
from lodestar.plans.models import Status as ActionStatus
from lodestar.workforce.models import Source
from tests.factories import UserFactory, member
from tests.factories.plans import ActionFactory, ActionPlanFactory, InterventionFactory, SuccessMeasureFactory
from tests.factories.star import star_point
from tests.factories.workforce import loaded_import, staff_in_post, turnover
from tests.factories.workshops import WorkshopFactory

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def plan(orgs):
    """Trust A's plan from a workshop, with a done action (owner, intervention, two measures: one
    with three values, one with one) and an action still on track."""
    workshop = WorkshopFactory(
        title="Community nursing Star",
        lead_organisation=orgs["trust_a"],
        challenge="Too many district nurses leave in their first two years.",
        staff_groups=["registered-nurses"],
        care_settings=["community"],
    )
    plan = ActionPlanFactory(title="Community nursing plan", organisation=orgs["trust_a"], workshop=workshop)
    owner = UserFactory(full_name="Olu Owner")
    done = ActionFactory(
        plan=plan,
        title="Preceptorship for new district nurses",
        description="Twelve months of protected learning time with a named mentor.",
        status=ActionStatus.DONE,
        owner_user=owner,
        intervention=InterventionFactory(title="Preceptorship", point=star_point("upskilling")),
        point=star_point("upskilling"),
        start_date=D(2024, 4, 10),
        due_date=D(2025, 3, 31),
    )
    leavers = SuccessMeasureFactory(action=done, metric="Nurses leaving in their first year", unit="%")
    for day, value in [(D(2024, 3, 31), "24"), (D(2024, 9, 30), "18"), (D(2025, 3, 31), "11.5")]:
        MeasureValue.objects.create(measure=leavers, date=day, value=decimal.Decimal(value))
    once = SuccessMeasureFactory(action=done, metric="Mentors trained", unit="people")
    MeasureValue.objects.create(measure=once, date=D(2024, 6, 1), value=5)
    ActionFactory(plan=plan, title="Rotation scheme", status=ActionStatus.ON_TRACK)
    return plan


def _done(plan):
    return plan.actions.get(status=ActionStatus.DONE)


def test_a_done_action_becomes_a_draft_filled_in_from_the_plan(plan, orgs):
    editor = member(orgs["trust_a"], "contributor")
    cs = actions_from_plan.draft_from_action(actor=editor, action=_done(plan))
    assert cs.status == Status.DRAFT and cs.organisation == orgs["trust_a"]
    assert cs.title == "Preceptorship for new district nurses"
    assert cs.challenge == "Too many district nurses leave in their first two years."
    assert "Twelve months of protected learning time" in cs.what_changed
    assert "From 10 April 2024 to 31 March 2025." in cs.what_changed
    assert "Led by Olu Owner (Trust A)." in cs.who_led
    assert [p.key for p in cs.points.all()] == ["upskilling"]
    assert [i.title for i in cs.interventions.all()] == ["Preceptorship"]
    assert cs.staff_groups == ["registered-nurses"] and cs.care_settings == ["community"]
    (result,) = cs.results.all()  # the measure with one value is left out
    assert result.measure == "Nurses leaving in their first year" and result.unit == "%"
    assert (result.baseline, result.baseline_date) == (decimal.Decimal("24.00"), D(2024, 3, 31))
    assert (result.after, result.after_date) == (decimal.Decimal("11.50"), D(2025, 3, 31))


def test_the_step_is_audited_with_the_create_and_result_rows(plan, orgs):
    editor = member(orgs["trust_a"], "contributor")
    cs = actions_from_plan.draft_from_action(actor=editor, action=_done(plan))
    event = AuditEvent.objects.get(action="learning.case_study.from_plan")
    assert event.actor == editor and event.organisation == orgs["trust_a"]
    assert event.target_id == str(cs.pk)
    assert event.after == {"plan": plan.pk, "action": _done(plan).pk, "actions": [_done(plan).pk], "results": 1}
    assert AuditEvent.objects.filter(action="learning.case_study.create", target_id=str(cs.pk)).count() == 1
    assert AuditEvent.objects.filter(action="learning.result.add", target_id=str(cs.pk)).count() == 1


def test_a_whole_plan_takes_its_done_actions_and_names_them_in_the_results(plan, orgs):
    second = ActionFactory(plan=plan, title="Flexible rostering", status=ActionStatus.DONE, start_date=D(2024, 5, 1))
    measure = SuccessMeasureFactory(action=second, metric="Shifts filled", unit="%")
    MeasureValue.objects.create(measure=measure, date=D(2024, 5, 1), value=80)
    MeasureValue.objects.create(measure=measure, date=D(2025, 5, 1), value=92)
    cs = actions_from_plan.draft_from_plan(actor=member(orgs["trust_a"], "contributor"), plan=plan)
    assert cs.title == "Community nursing plan"
    assert "Preceptorship for new district nurses" in cs.what_changed and "Flexible rostering" in cs.what_changed
    assert "Rotation scheme" not in cs.what_changed  # not done
    assert [r.measure for r in cs.results.all()] == [
        "Nurses leaving in their first year (Preceptorship for new district nurses)",
        "Shifts filled (Flexible rostering)",
    ]


def test_without_a_workshop_the_challenge_is_the_plan_title(orgs):
    plan = ActionPlanFactory(title="Reduce agency spend", organisation=orgs["trust_a"])
    action = ActionFactory(plan=plan, status=ActionStatus.DONE)
    cs = actions_from_plan.draft_from_action(actor=member(orgs["trust_a"], "contributor"), action=action)
    assert cs.challenge == "Reduce agency spend"
    assert cs.staff_groups == [] and cs.results.count() == 0


def test_the_workforce_figures_before_and_after_come_with_their_source(plan, orgs):
    staff = loaded_import(Source.STAFF_IN_POST)
    staff_in_post(staff, period=D(2024, 3, 1), org=orgs["trust_a"], fte=410.5, headcount=450)
    staff_in_post(staff, period=D(2025, 6, 1), org=orgs["trust_a"], fte=432.25, headcount=470)
    leavers = loaded_import(Source.TURNOVER)
    turnover(leavers, period=D(2024, 3, 1), org=orgs["trust_a"], leavers_hc=40, denom_hc=400)
    turnover(leavers, period=D(2025, 6, 1), org=orgs["trust_a"], leavers_hc=30, denom_hc=400)
    cs = actions_from_plan.draft_from_action(actor=member(orgs["trust_a"], "contributor"), action=_done(plan))
    rows = {r.measure: r for r in cs.results.all()}
    fte = rows["Staff in post (FTE), Trust A. Source: NHS Workforce Statistics"]
    assert (fte.baseline, fte.baseline_date, fte.after, fte.after_date) == (
        decimal.Decimal("410.50"),
        D(2024, 3, 1),
        decimal.Decimal("432.25"),
        D(2025, 6, 1),
    )
    assert fte.unit == "FTE"
    rate = rows["Leaver rate over 12 months, Trust A. Source: NHS Workforce Statistics (turnover)"]
    assert (rate.baseline, rate.after, rate.unit) == (decimal.Decimal("10.00"), decimal.Decimal("7.50"), "%")


def test_workforce_figures_someone_may_not_see_are_left_out(plan, orgs):
    """Trust B's own records are out of a Trust A editor's reach."""
    own = loaded_import(Source.STAFF_RECORDS, organisation=orgs["trust_b"])
    staff_in_post(own, period=D(2024, 3, 1), org=orgs["trust_a"], fte=10, headcount=10)
    staff_in_post(own, period=D(2025, 6, 1), org=orgs["trust_a"], fte=12, headcount=12)
    cs = actions_from_plan.draft_from_action(actor=member(orgs["trust_a"], "contributor"), action=_done(plan))
    assert [r.measure for r in cs.results.all()] == ["Nurses leaving in their first year"]


def test_an_action_not_done_is_refused_and_nothing_is_saved(plan, orgs):
    action = plan.actions.get(status=ActionStatus.ON_TRACK)
    with pytest.raises(ValidationProblem) as refused:
        actions_from_plan.draft_from_action(actor=member(orgs["trust_a"], "contributor"), action=action)
    assert refused.value.message == actions_from_plan.NOT_DONE
    assert CaseStudy.objects.count() == 0 and CaseStudyResult.objects.count() == 0
    assert not AuditEvent.objects.filter(action__startswith="learning.").exists()


def test_a_plan_with_nothing_done_is_refused(orgs):
    plan = ActionPlanFactory(organisation=orgs["trust_a"])
    ActionFactory(plan=plan, status=ActionStatus.AT_RISK)
    with pytest.raises(ValidationProblem, match="None of this plan's actions is done yet"):
        actions_from_plan.draft_from_plan(actor=member(orgs["trust_a"], "contributor"), plan=plan)
    assert CaseStudy.objects.count() == 0


@pytest.mark.parametrize("who", ["viewer", "owner"])
def test_people_who_cannot_contribute_at_the_plans_organisation_are_refused(plan, orgs, who):
    actor = member(orgs["trust_a"], "viewer") if who == "viewer" else _done(plan).owner_user
    with pytest.raises(PermissionDenied):
        actions_from_plan.draft_from_action(actor=actor, action=_done(plan))
    assert CaseStudy.objects.count() == 0


# ------------------------------------------------------------------------------ pages


def test_the_action_page_offers_the_button_and_opens_the_drafts_edit_page(client, plan, orgs):
    client.force_login(member(orgs["trust_a"], "contributor"))
    page = client.get(reverse("plans:action", kwargs={"action_id": _done(plan).pk}))
    assert "Write a case study from this action" in page.content.decode()
    response = client.post(reverse("learning:from-action", kwargs={"action_id": _done(plan).pk}))
    cs = CaseStudy.objects.get()
    assert response.status_code == 302 and response.url == reverse("learning:edit", kwargs={"case_study_id": cs.pk})
    edit = client.get(response.url).content.decode()
    assert "Draft case study started from the plan" in edit and "Too many district nurses leave" in edit


def test_the_plan_page_offers_the_button_when_an_action_is_done(client, plan, orgs):
    client.force_login(member(orgs["trust_a"], "contributor"))
    page = client.get(reverse("plans:detail", kwargs={"plan_id": plan.pk})).content.decode()
    assert "Write a case study from this plan" in page and "1 done action," in page
    response = client.post(reverse("learning:from-plan", kwargs={"plan_id": plan.pk}))
    assert response.url == reverse("learning:edit", kwargs={"case_study_id": CaseStudy.objects.get().pk})


def test_the_buttons_are_hidden_from_viewers_and_on_actions_not_done(client, plan, orgs):
    client.force_login(member(orgs["trust_a"], "viewer"))
    assert (
        "Write a case study"
        not in client.get(reverse("plans:action", kwargs={"action_id": _done(plan).pk})).content.decode()
    )
    assert "Write a case study" not in client.get(reverse("plans:detail", kwargs={"plan_id": plan.pk})).content.decode()
    client.force_login(member(orgs["trust_a"], "contributor"))
    other = plan.actions.get(status=ActionStatus.ON_TRACK)
    assert (
        "Write a case study" not in client.get(reverse("plans:action", kwargs={"action_id": other.pk})).content.decode()
    )


def test_posting_for_an_action_not_done_shows_the_message_and_saves_nothing(client, plan, orgs):
    client.force_login(member(orgs["trust_a"], "contributor"))
    other = plan.actions.get(status=ActionStatus.ON_TRACK)
    response = client.post(reverse("learning:from-action", kwargs={"action_id": other.pk}), follow=True)
    assert actions_from_plan.NOT_DONE in response.content.decode()
    assert CaseStudy.objects.count() == 0


@pytest.mark.parametrize("name", ["from-action", "from-plan"])
def test_out_of_reach_is_404_and_saves_nothing(client, plan, orgs, name):
    client.force_login(member(orgs["trust_b"], "contributor"))
    kwargs = {"action_id": _done(plan).pk} if name == "from-action" else {"plan_id": plan.pk}
    assert client.post(reverse(f"learning:{name}", kwargs=kwargs)).status_code == 404
    assert CaseStudy.objects.count() == 0


def test_a_get_is_not_allowed(client, plan, orgs):
    client.force_login(member(orgs["trust_a"], "contributor"))
    assert client.get(reverse("learning:from-plan", kwargs={"plan_id": plan.pk})).status_code == 405

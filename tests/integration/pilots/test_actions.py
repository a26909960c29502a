"""Pilot actions: what each stage gate refuses (naming each field, writing nothing) and the audit
rows and history each move writes; scaling up makes the draft case study and local intervention."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from lodestar.core.models import AuditEvent
from lodestar.core.validation import ValidationProblem
from lodestar.learning.models import CaseStudy
from lodestar.learning.models import Status as CaseStudyStatus
from lodestar.pilots import actions, lifecycle
from lodestar.pilots.actions_scale import CHOOSE_LEVER, CHOOSE_MEASURE
from lodestar.pilots.models import Cycle, Pilot, PilotEvent, Stage
from lodestar.star.models import Intervention
from tests.factories.pilots import pilot

pytestmark = pytest.mark.django_db
D = datetime.date


def events(target=None) -> list[str]:
    qs = AuditEvent.objects.filter(action__startswith="pilots.").order_by("id")
    if target is not None:
        qs = qs.filter(target_id=str(target.pk))
    return [e.action for e in qs]


def refused(call, **kwargs) -> list[tuple[str, str]]:
    with pytest.raises(ValidationProblem) as caught:
        call(**kwargs)
    return caught.value.problems


def test_proposing_records_the_pilot_its_sites_and_history(world):
    fran, orgs = world["people"]["ics_facilitator"], world["orgs"]
    made = pilot(fran, orgs["trust_a"], sites=[orgs["trust_a"], orgs["pcn_a"]])
    assert made.stage == Stage.PROPOSED and made.cohort_size == 60 and str(made.budget) == "30000.00"
    assert set(made.sites.all()) == {orgs["trust_a"], orgs["pcn_a"]}
    assert events(made) == [PilotEvent.PROPOSE.value, PilotEvent.MEASURE_ADD.value]
    [first] = AuditEvent.objects.filter(action=PilotEvent.PROPOSE.value)
    assert first.actor == fran and first.organisation == orgs["trust_a"] and first.after["title"] == made.title
    assert [c.to_stage for c in made.changes.all()] == [Stage.PROPOSED]


def test_a_proposal_with_bad_values_is_refused_field_by_field_and_nothing_is_written(world):
    fran, orgs = world["people"]["facilitator"], world["orgs"]
    data = {"title": " ", "sites": [world["orgs"]["trust_c"]], "cohort_size": "lots", "budget": "-5"}
    assert refused(actions.propose, actor=fran, organisation=orgs["trust_a"], data=data) == [
        ("title", "Enter a title for the pilot"),
        ("sites", "Choose sites from the list"),
        ("cohort_size", "The cohort size must be a whole number, like 40"),
        ("budget", "The budget cannot be less than 0"),
    ]
    assert not Pilot.objects.exists() and not events()


def test_only_facilitators_at_the_organisation_propose(world):
    orgs = world["orgs"]
    for who in ("viewer", "sibling", "other_region"):
        with pytest.raises(PermissionDenied):
            actions.propose(actor=world["people"][who], organisation=orgs["trust_a"], data={"title": "x"})
    assert not Pilot.objects.exists()


def test_the_approval_gate_names_each_missing_thing_and_changes_nothing(world):
    fran, orgs = world["people"]["facilitator"], world["orgs"]
    made = pilot(fran, orgs["trust_a"], sites=[], measures=[], hypothesis="")
    assert refused(actions.approve, actor=fran, pilot=made, approved_on=None) == [
        ("hypothesis", lifecycle.NO_HYPOTHESIS),
        ("measures", lifecycle.NO_MEASURE),
        ("sites", lifecycle.NO_SITES),
        ("approved_on", "Enter the date of approval"),
    ]
    made.refresh_from_db()
    assert made.stage == Stage.PROPOSED and made.approved_by is None
    assert events(made) == [PilotEvent.PROPOSE.value]


def test_approval_records_who_and_when(world):
    fran, orgs = world["people"]["facilitator"], world["orgs"]
    made = pilot(fran, orgs["trust_a"], stage="approved")
    assert (made.stage, made.approved_by, made.approved_on) == (Stage.APPROVED, fran, D(2025, 1, 10))
    assert events(made)[-1] == PilotEvent.APPROVE.value


def test_a_move_from_the_wrong_stage_is_refused(world):
    fran, orgs = world["people"]["facilitator"], world["orgs"]
    made = pilot(fran, orgs["trust_a"])
    assert refused(actions.add_cycle, actor=fran, pilot=made, plan="x", started_on=D(2025, 1, 1)) == [
        ("stage", "You cannot log a cycle on a pilot that is proposed")
    ]
    assert refused(actions.evaluate, actor=fran, pilot=made, values={}, learned="x") == [
        ("stage", "You cannot evaluate a pilot that is proposed")
    ]


def test_pdsa_cycles_are_numbered_and_their_dates_checked(world):
    fran, orgs = world["people"]["facilitator"], world["orgs"]
    made = pilot(fran, orgs["trust_a"], stage="running")
    assert refused(
        actions.add_cycle, actor=fran, pilot=made, plan=" ", started_on=D(2025, 5, 1), ended_on=D(2025, 4, 1)
    ) == [
        ("plan", "Describe the plan: what you will try, and what you predict"),
        ("ended_on", "The end date must be on or after the date the cycle began"),
    ]
    second = actions.add_cycle(actor=fran, pilot=made, plan="Try it on nights", started_on=D(2025, 7, 1))
    assert second.number == 2 and Cycle.objects.filter(pilot=made).count() == 2


def test_evaluation_needs_a_cycle_and_every_before_and_after_value(world):
    fran, orgs = world["people"]["facilitator"], world["orgs"]
    made = pilot(fran, orgs["trust_a"], stage="approved")
    actions.start(actor=fran, pilot=made, started_on=D(2025, 2, 1))
    [m] = made.measures.all()
    assert refused(actions.evaluate, actor=fran, pilot=made, values={m.pk: ("14", "")}, learned="") == [
        ("cycles", lifecycle.NO_CYCLE),
        (f"after_{m.pk}", f"Enter the value after for {m.name}"),
        ("learned", "Say what was learned"),
    ]
    made.refresh_from_db()
    m.refresh_from_db()
    assert made.stage == Stage.RUNNING and m.after is None


def test_evaluating_records_before_and_after(world):
    made = pilot(world["people"]["facilitator"], world["orgs"]["trust_a"], stage="evaluating")
    [m] = made.measures.all()
    assert (str(m.before), str(m.after), made.stage) == ("14.00", "10.00", Stage.EVALUATING)
    assert made.learned == "Protected time for buddies matters."


def test_a_decision_needs_a_reason(world):
    fran = world["people"]["facilitator"]
    made = pilot(fran, world["orgs"]["trust_a"], stage="evaluating")
    assert refused(actions.decide, actor=fran, pilot=made, decision="stop", rationale="") == [
        ("rationale", lifecycle.NO_RATIONALE)
    ]


def test_adapt_and_retest_goes_back_to_running_for_a_new_cycle(world):
    fran = world["people"]["facilitator"]
    made = pilot(fran, world["orgs"]["trust_a"], stage="evaluating")
    actions.decide(actor=fran, pilot=made, decision="adapt", rationale="Works on days, not nights yet")
    made.refresh_from_db()
    assert made.stage == Stage.RUNNING and made.decision == "adapt"
    assert actions.add_cycle(actor=fran, pilot=made, plan="Night shifts", started_on=D(2025, 9, 1)).number == 2
    assert [(c.from_stage, c.to_stage, c.decision) for c in made.changes.all()][-1] == (
        Stage.EVALUATING,
        Stage.RUNNING,
        "adapt",
    )


def test_scaling_up_makes_a_draft_case_study_and_a_local_intervention_in_one_step(world):
    fran, orgs = world["people"]["ics_facilitator"], world["orgs"]  # reaches both sites
    made = pilot(fran, orgs["trust_a"], stage="evaluating", sites=[orgs["trust_a"], orgs["pcn_a"]])
    actions.decide(actor=fran, pilot=made, decision="scale_up", rationale="Leavers fell on every ward")
    made.refresh_from_db()
    assert made.stage == Stage.DECIDED and made.decision == "scale_up"
    cs = made.case_study
    assert (cs.status, cs.organisation, cs.title) == (CaseStudyStatus.DRAFT, orgs["trust_a"], made.title)
    assert cs.challenge == made.hypothesis and "PDSA cycle 1" in cs.what_changed and cs.lessons == made.learned
    [result] = cs.results.all()
    assert (result.measure, str(result.baseline), str(result.after)) == (
        "Newly qualified nurses leaving in a year",
        "14.00",
        "10.00",
    )
    assert list(cs.organisations_involved.all()) == [orgs["pcn_a"]]
    intervention = made.intervention
    assert intervention.organisation == orgs["trust_a"] and intervention.point.key == "supply"
    [lever] = intervention.levers
    assert lever["type"] == "leaver_rate_change"
    assert lever["effect"] == {"dist": "triangular", "low": -0.2857, "mode": -0.1905, "high": -0.0952}
    assert events(made)[-2:] == [PilotEvent.DECIDE.value, PilotEvent.SCALE_UP.value]


def test_an_ambiguous_result_asks_which_measure_and_lever_and_writes_nothing(world):
    fran = world["people"]["facilitator"]
    measures = [("Leavers in a year", "%", "14", "10"), ("GP appointments a week", "", "100", "120")]
    made = pilot(fran, world["orgs"]["trust_a"], stage="evaluating", measures=measures)
    call = {"actor": fran, "pilot": made, "decision": "scale_up", "rationale": "Worked"}
    assert refused(actions.decide, **call) == [("measure", CHOOSE_MEASURE)]
    appointments = made.measures.get(name="GP appointments a week")
    assert refused(actions.decide, **call, measure=appointments) == [("lever", CHOOSE_LEVER)]
    made.refresh_from_db()
    assert made.stage == Stage.EVALUATING and made.case_study is None
    assert not CaseStudy.objects.exists() and not Intervention.objects.exists()
    actions.decide(**call, measure=appointments, lever="productivity")
    made.refresh_from_db()
    assert made.intervention.levers[0]["type"] == "productivity"
    assert made.intervention.point.key == "new-ways-of-working"


def test_every_pilot_event_has_a_label():
    assert all(event.label.strip() for event in PilotEvent)


def test_a_pilot_may_belong_to_a_programme_its_proposer_can_see(world):
    from tests.factories.programmes import programme

    fran, orgs = world["people"]["facilitator"], world["orgs"]
    ours = programme(orgs["ics_a"], name="Integrated Care", partners=[orgs["trust_a"]])
    theirs = programme(orgs["trust_c"], name="Another region's programme")
    made = pilot(fran, orgs["trust_a"], programme=ours)
    assert made.programme == ours
    data = {"title": "Elsewhere", "programme": theirs}
    assert refused(actions.propose, actor=fran, organisation=orgs["trust_a"], data=data) == [
        ("programme", "Choose a programme from the list")
    ]
    assert Pilot.objects.count() == 1

"""The scenario actions: each one's success and audit row, bad input naming the field with nothing
saved, another organisation refused, and a stale version refused."""

from __future__ import annotations

import datetime

import pytest

from lodestar.core.models import AuditEvent
from lodestar.core.validation import ValidationProblem
from lodestar.projections import specs
from lodestar.projections.actions import scenarios as actions
from lodestar.projections.models import Origin, ProjectionEvent, Scenario, ScenarioVersion
from lodestar.workforce.models import Source
from tests.factories import member
from tests.factories import projections as pf
from tests.factories import workforce as wf

pytestmark = pytest.mark.django_db

NURSES = "Nurses & health visitors"


@pytest.fixture
def ann(orgs):
    return member(orgs["trust_a"], "contributor", email="ann@example.nhs.uk")


@pytest.fixture
def bob(orgs):
    return member(orgs["trust_a"], "contributor", email="bob@example.nhs.uk")


@pytest.fixture
def scenario(orgs, ann):
    return pf.scenario(orgs["trust_a"], user=ann)


def events(action) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action.value))


def problem_fields(excinfo) -> dict[str, str]:
    return dict(excinfo.value.problems)


def nothing_saved(count_before: int) -> None:
    assert Scenario.objects.count() == count_before
    assert not events(ProjectionEvent.SCENARIO_CREATE)


# ------------------------------------------------------------------------------ from data


def _load_trust_data(trust, *, turnover=True, vacancies=True, population=True):
    load = wf.loaded_import(Source.STAFF_IN_POST)
    wf.staff_in_post(load, org=trust, staff_group=NURSES, band="Band 5", fte=120.0, headcount=130)
    wf.staff_in_post(load, org=trust, staff_group=NURSES, band="Band 6", fte=80.0, headcount=84)
    wf.staff_in_post(load, org=trust, staff_group="HCHS doctors", fte=50.0, headcount=55)
    if turnover:
        wf.turnover(wf.loaded_import(Source.TURNOVER), org=trust, staff_group=NURSES, leavers_fte=18.0, denom_fte=200.0)
    if vacancies:
        wf.vacancy(wf.loaded_import(Source.VACANCIES), org=trust, staff_group=NURSES, vacancies_fte=25.0)
    if population:
        pop = wf.loaded_import(Source.POPULATION)
        for year in range(2026, 2037):
            for band, people in (("0-4", 10_000), ("65-69", 4_000), ("85-89", 1_000)):
                people_then = people * 1.01 ** (year - 2026)
                wf.population(pop, year=year, age_band=band, population=people_then, organisation=trust)


def test_create_from_data_builds_cohorts_rates_demand_and_population(orgs, ann):
    _load_trust_data(orgs["trust_a"])
    sc = actions.create_from_data(
        actor=ann, organisation=orgs["trust_a"], name="Trust A nurses", staff_groups=[NURSES], start_year=2026, years=10
    )
    spec = sc.latest.spec
    assert sc.origin == Origin.DATA
    assert sum(c["fte"] for c in spec["cohorts"]) == 200.0
    assert {c["staff_group"] for c in spec["cohorts"]} == {NURSES}
    assert spec["rates"][NURSES]["leaver_rate"] == 0.09
    assert spec["demand"]["vacancies_fte"] == {NURSES: 25.0}
    assert set(spec["demand"]["population"]) == {"0-64", "65-84", "85+"}
    assert len(spec["demand"]["population"]["0-64"]) == 11
    assert spec["demand"]["utilisation"]["85+"] == 4.8
    specs.check(spec)
    [event] = events(ProjectionEvent.SCENARIO_CREATE)
    assert event.target_id == str(sc.pk) and event.after["origin"] == "data"


def test_create_from_data_without_turnover_names_the_missing_data(orgs, ann):
    _load_trust_data(orgs["trust_a"], turnover=False)
    with pytest.raises(ValidationProblem) as excinfo:
        actions.create_from_data(
            actor=ann, organisation=orgs["trust_a"], name="Nurses", staff_groups=[NURSES], start_year=2026, years=10
        )
    assert "no leaver and joiner figures" in problem_fields(excinfo)["staff_groups"]
    nothing_saved(0)


def test_create_from_data_without_staff_in_post_names_the_missing_data(orgs, ann):
    with pytest.raises(ValidationProblem) as excinfo:
        actions.create_from_data(
            actor=ann, organisation=orgs["trust_a"], name="Nurses", staff_groups=[NURSES], start_year=2026, years=10
        )
    assert "no staff in post" in problem_fields(excinfo)["staff_groups"]
    nothing_saved(0)


def test_create_from_data_checks_every_field(orgs, ann):
    with pytest.raises(ValidationProblem) as excinfo:
        actions.create_from_data(
            actor=ann, organisation=orgs["trust_b"], name="\x00", staff_groups=[], start_year=1999, years=0
        )
    fields = problem_fields(excinfo)
    assert set(fields) == {"name", "organisation", "staff_groups", "start_year", "years"}
    assert fields["name"] == "The name must not contain control characters"
    nothing_saved(0)


# ------------------------------------------------------------------------------ from a file


def test_create_from_yaml_keeps_the_file_exactly(orgs, ann):
    text = specs.to_yaml(pf.small_spec())
    sc = actions.create_from_yaml(actor=ann, organisation=orgs["trust_a"], name="", text=text)
    assert sc.name == "Riverside community nursing"
    assert sc.latest.spec == pf.small_spec()
    assert specs.from_yaml(specs.to_yaml(sc.latest.spec)) == pf.small_spec()
    assert len(events(ProjectionEvent.SCENARIO_CREATE)) == 1


def test_create_from_yaml_reports_a_syntax_error_by_line(orgs, ann):
    with pytest.raises(ValidationProblem) as excinfo:
        actions.create_from_yaml(actor=ann, organisation=orgs["trust_a"], name="X", text="name: a\nyears: [1, 2\n")
    assert problem_fields(excinfo)["text"].startswith("Line ")
    nothing_saved(0)


def test_create_from_yaml_names_the_scenario_field_in_words(orgs, ann):
    spec = pf.small_spec()
    spec["rates"]["registered-nurses"]["leaver_rate"] = 1.5
    with pytest.raises(ValidationProblem) as excinfo:
        actions.create_from_yaml(actor=ann, organisation=orgs["trust_a"], name="X", text=specs.to_yaml(spec))
    assert excinfo.value.problems == [("text", "rates → registered-nurses → leaver rate: must be between 0 and 1")]
    nothing_saved(0)


def test_create_refuses_an_organisation_out_of_reach(orgs, ann):
    with pytest.raises(ValidationProblem) as excinfo:
        actions.create_from_yaml(actor=ann, organisation=orgs["trust_b"], name="X", text=specs.to_yaml(pf.small_spec()))
    assert "organisation" in problem_fields(excinfo)
    nothing_saved(0)


def test_a_viewer_may_not_create(orgs):
    viewer = member(orgs["trust_a"], "viewer")
    with pytest.raises(ValidationProblem):
        actions.create_from_yaml(
            actor=viewer, organisation=orgs["trust_a"], name="X", text=specs.to_yaml(pf.small_spec())
        )
    nothing_saved(0)


# ------------------------------------------------------------------------------ copy


def test_copy_holds_the_latest_assumptions(scenario, ann):
    actions.set_assumption(
        actor=ann, scenario=scenario, path="demand.productivity_gain", value=0.01, expected_version=1
    )
    copy = actions.copy_scenario(actor=ann, scenario=scenario, name="Copy")
    assert copy.origin == Origin.COPY and copy.copied_from == scenario
    assert copy.latest.number == 1
    assert copy.latest.spec == scenario.latest.spec
    assert events(ProjectionEvent.SCENARIO_CREATE)[-1].target_id == str(copy.pk)


def test_copy_needs_a_name(scenario, ann):
    with pytest.raises(ValidationProblem) as excinfo:
        actions.copy_scenario(actor=ann, scenario=scenario, name=" ")
    assert problem_fields(excinfo) == {"name": "Enter a name for the scenario"}
    assert Scenario.objects.count() == 1


def test_copy_name_at_most_200(scenario, ann):
    with pytest.raises(ValidationProblem) as excinfo:
        actions.copy_scenario(actor=ann, scenario=scenario, name="x" * 201)
    assert problem_fields(excinfo) == {"name": "The name must be 200 characters or fewer"}


# ------------------------------------------------------------------------------ one assumption


def test_set_assumption_to_a_likely_range_makes_a_new_version(scenario, ann):
    value = {"dist": "triangular", "low": 0.1, "mode": 0.12, "high": 0.15}
    version = actions.set_assumption(
        actor=ann, scenario=scenario, path="rates.support-workers.leaver_rate", value=value, expected_version=1
    )
    assert version.number == 2
    assert version.spec["rates"]["support-workers"]["leaver_rate"] == value
    assert scenario.versions.get(number=1).spec == pf.small_spec()  # versions are never edited
    assert "likely range: lowest 10%, most likely 12%, highest 15%" in version.change
    [event] = events(ProjectionEvent.SCENARIO_CHANGE)
    assert event.before["version"] == 1 and event.after["version"] == 2


def test_set_assumption_refuses_a_stale_version(scenario, ann, bob):
    actions.set_assumption(
        actor=bob, scenario=scenario, path="demand.productivity_gain", value=0.01, expected_version=1
    )
    with pytest.raises(ValidationProblem) as excinfo:
        actions.set_assumption(
            actor=ann, scenario=scenario, path="demand.productivity_gain", value=0.02, expected_version=1
        )
    message = problem_fields(excinfo)["expected_version"]
    assert "Someone else changed this scenario" in message and "bob@example.nhs.uk" in message
    assert scenario.latest.number == 2 and scenario.latest.spec["demand"]["productivity_gain"] == 0.01


@pytest.mark.parametrize(
    ("value", "field", "message"),
    [
        (1.5, "value", "The value must be between 0% and 100%"),
        ("x", "value", "Enter the value as a number"),
        ({"dist": "triangular", "low": 0.2, "mode": 0.1, "high": 0.3}, "mode", "The most likely value must be between"),
        ({"dist": "triangular", "low": -0.1, "mode": 0.1, "high": 0.3}, "low", "The lowest value must be between"),
        ({"dist": "normal", "mean": 0.1, "sd": 0.01}, "value", "Give a fixed value or a likely range"),
    ],
)
def test_set_assumption_bad_value_names_the_field_and_saves_nothing(scenario, ann, value, field, message):
    with pytest.raises(ValidationProblem) as excinfo:
        actions.set_assumption(
            actor=ann, scenario=scenario, path="rates.support-workers.leaver_rate", value=value, expected_version=1
        )
    assert problem_fields(excinfo)[field].startswith(message)
    assert scenario.versions.count() == 1
    assert not events(ProjectionEvent.SCENARIO_CHANGE)


def test_set_assumption_refuses_an_unknown_path(scenario, ann):
    with pytest.raises(ValidationProblem) as excinfo:
        actions.set_assumption(actor=ann, scenario=scenario, path="cohorts[0].fte", value=1, expected_version=1)
    assert "path" in problem_fields(excinfo)
    assert scenario.versions.count() == 1


def test_set_assumption_refuses_another_organisations_scenario(orgs, scenario):
    outsider = member(orgs["trust_b"], "contributor")
    with pytest.raises(ValidationProblem):
        actions.set_assumption(
            actor=outsider, scenario=scenario, path="demand.productivity_gain", value=0.01, expected_version=1
        )
    assert scenario.versions.count() == 1


# ------------------------------------------------------------------------------ interventions, versions

RETENTION = {
    "name": "Retention programme",
    "lever": "leaver_rate_change",
    "staff_group": "registered-nurses",
    "effect": {"dist": "triangular", "low": -0.12, "mode": -0.08, "high": -0.02},
    "start_year": 2027,
    "cost_per_year": 250000,
}


def test_add_and_remove_an_intervention(scenario, ann):
    v2 = actions.add_intervention(actor=ann, scenario=scenario, intervention=RETENTION, expected_version=1)
    assert v2.spec["interventions"] == [RETENTION]
    assert v2.change == "Intervention added: Retention programme"
    v3 = actions.remove_intervention(actor=ann, scenario=scenario, name="Retention programme", expected_version=2)
    assert "interventions" not in v3.spec
    assert v3.spec == pf.small_spec()
    assert len(events(ProjectionEvent.SCENARIO_CHANGE)) == 2


def test_add_intervention_names_the_bad_field(scenario, ann):
    bad = {**RETENTION, "start_year": 1990}
    with pytest.raises(ValidationProblem) as excinfo:
        actions.add_intervention(actor=ann, scenario=scenario, intervention=bad, expected_version=1)
    assert "start_year" in problem_fields(excinfo)
    assert scenario.versions.count() == 1


def test_add_intervention_refuses_a_stale_version(scenario, ann):
    actions.add_intervention(actor=ann, scenario=scenario, intervention=RETENTION, expected_version=1)
    with pytest.raises(ValidationProblem) as excinfo:
        actions.add_intervention(
            actor=ann, scenario=scenario, intervention={**RETENTION, "name": "Other"}, expected_version=1
        )
    assert "expected_version" in problem_fields(excinfo)
    assert scenario.versions.count() == 2


def test_remove_an_unknown_intervention(scenario, ann):
    with pytest.raises(ValidationProblem) as excinfo:
        actions.remove_intervention(actor=ann, scenario=scenario, name="Nothing", expected_version=1)
    assert "name" in problem_fields(excinfo)


def test_new_version_checks_the_spec_with_the_engine(scenario, ann):
    spec = pf.small_spec(years=0)
    with pytest.raises(ValidationProblem) as excinfo:
        actions.new_version(actor=ann, scenario=scenario, spec=spec, change="WISN demand")
    assert excinfo.value.problems == [("spec", "years: must be between 1 and 100")]
    assert scenario.versions.count() == 1


def test_new_version_records_what_changed(scenario, ann):
    spec = pf.small_spec()
    spec["demand"]["base_fte"] = {"registered-nurses": 420}
    del spec["demand"]["vacancies_fte"]["registered-nurses"]
    version = actions.new_version(actor=ann, scenario=scenario, spec=spec, change="Demand from WISN calculation")
    assert version.number == 2 and version.change == "Demand from WISN calculation"
    assert ScenarioVersion.objects.filter(scenario=scenario).count() == 2
    assert events(ProjectionEvent.SCENARIO_CHANGE)[0].after["change"] == "Demand from WISN calculation"


def test_create_from_own_records_uses_linked_flows_with_retirement_by_age(orgs, ann):
    from lodestar.workforce.models import StaffFlow

    trust = orgs["trust_a"]
    records = wf.loaded_import(Source.STAFF_RECORDS, organisation=trust)
    for age_band, fte in (("25-34", 100.0), ("55-59", 40.0)):
        wf.staff_in_post(records, org=trust, staff_group=NURSES, age_band=age_band, fte=fte, headcount=int(fte))
    flows = {
        "25-34": {"opening": 100.0, "closing": 100.0, "leavers": 8.0, "joiners": 10.0},
        "55-59": {"opening": 40.0, "closing": 40.0, "leavers": 8.0, "joiners": 0.0},
    }
    for age_band, values in flows.items():
        for flow, fte in values.items():
            StaffFlow.objects.create(
                load=records,
                live=True,
                organisation=trust,
                period_from=datetime.date(2023, 9, 1),
                period=datetime.date(2024, 9, 1),
                org_code="RA1",
                staff_group=NURSES,
                age_band=age_band,
                flow=flow,
                headcount=int(fte),
                fte=fte,
            )
    sc = actions.create_from_data(
        actor=ann, organisation=trust, name="Own records", staff_groups=[NURSES], start_year=2025, years=5
    )
    spec = sc.latest.spec
    assert spec["age_bands"] == ["25-34", "55-59"]
    assert spec["rates"][NURSES]["leaver_rate"] == 0.08
    assert spec["rates"][NURSES]["retirement_rate_by_age"] == {"55-59": 0.12}
    assert "No vacancies are loaded" in sc.latest.change


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_real_connections_cannot_both_change_version_1(orgs):
    """Two threads (two PostgreSQL connections) both hold version 1 and change the same scenario at
    the same moment: exactly one makes version 2, the other is refused and writes nothing."""
    import threading

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("Needs PostgreSQL: SQLite serialises writers, so there is no race to lose")
    user = member(orgs["trust_a"], "contributor")
    sc = pf.scenario(orgs["trust_a"], user=user)
    barrier = threading.Barrier(2)
    outcomes: dict[float, str] = {}

    def change(value: float):
        try:
            mine = Scenario.objects.get(pk=sc.pk)
            barrier.wait(timeout=10)
            actions.set_assumption(
                actor=user, scenario=mine, path="demand.productivity_gain", value=value, expected_version=1
            )
            outcomes[value] = "saved"
        except ValidationProblem:
            outcomes[value] = "refused"
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            outcomes[value] = f"error: {exc!r}"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=change, args=(v,)) for v in (0.01, 0.02)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(outcomes.values()) == ["refused", "saved"], outcomes
    winner = next(v for v, result in outcomes.items() if result == "saved")
    assert list(sc.versions.values_list("number", flat=True).order_by("number")) == [1, 2]
    assert sc.latest.spec["demand"]["productivity_gain"] == winner
    assert AuditEvent.objects.filter(action=ProjectionEvent.SCENARIO_CHANGE.value).count() == 1


def test_create_from_yaml_refuses_empty_and_huge_text(orgs, ann):
    for text, message in (
        ("  ", "Choose a scenario file or paste its text"),
        ("#" * (5 * 1024 * 1024 + 1), "smaller than 5 MB"),
    ):
        with pytest.raises(ValidationProblem) as excinfo:
            actions.create_from_yaml(actor=ann, organisation=orgs["trust_a"], name="X", text=text)
        assert message in problem_fields(excinfo)["text"]
    nothing_saved(0)

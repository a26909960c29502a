"""From tidy frames to an engine scenario that the engine's own parser accepts."""

from __future__ import annotations

import datetime
from pathlib import Path

import polars as pl
import pytest

from lodestar.engine.errors import SpecError
from lodestar.engine.spec import parse_scenario
from lodestar.ingest import linking, scenario_inputs, schemas
from lodestar.ingest.sources import population, staff_records

FIXTURES = Path(__file__).parents[2] / "fixtures" / "workforce"
AGE_BANDS = ["<25", "25-34", "35-44", "45-54", "55-59", "60+"]
NURSES = "Nurses & health visitors"
SUPPORT = "Support to doctors nurses & midwives"


@pytest.fixture(scope="module")
def records() -> pl.DataFrame:
    path = FIXTURES / "staff_records" / "esr_two_snapshots.csv"
    frame, problems = staff_records.read_records(path.read_bytes(), name=path.name)
    assert problems == []
    return frame


@pytest.fixture(scope="module")
def people() -> pl.DataFrame:
    path = FIXTURES / "population" / "snpp_2022_persons.csv"
    frame, problems = population.read(path.read_bytes(), path.name)
    assert problems == []
    return frame


def vacancy_frame() -> pl.DataFrame:
    rows = [
        (datetime.date(2024, 6, 1), "Y63", "North East and Yorkshire", NURSES, 9.0, 8.1),
        (datetime.date(2024, 9, 1), "Y63", "North East and Yorkshire", NURSES, 2.5, 9.0),
        (datetime.date(2024, 9, 1), "Y63", "North East and Yorkshire", "Midwives", 4.0, 5.0),
    ]
    return pl.DataFrame(rows, schema=schemas.VACANCIES, orient="row")


def test_a_scenario_built_from_the_files_parses_with_the_engine(records, people):
    data = scenario_inputs.scenario(
        name="Riverside from our own records",
        start_year=2024,
        years=8,
        staff_in_post=linking.aggregate(records),
        age_bands=AGE_BANDS,
        flows=linking.link(records),
        vacancy_frame=vacancy_frame(),
        population_frame=people,
        population_bands=["0-64", "65-84", "85+"],
    )
    scenario = parse_scenario(data)  # raises SpecError listing every problem
    assert [b.name for b in scenario.age_bands] == AGE_BANDS
    assert sum(c.fte for c in scenario.cohorts) == pytest.approx(9.8)  # the September 2024 snapshot
    assert set(scenario.rates) == {NURSES, SUPPORT}
    assert set(scenario.demand.vacancies_fte) == {NURSES}  # midwives have no cohorts
    assert len(scenario.demand.population["85+"]) == 9  # 2024 to 2032


def test_cohorts_are_rebanded_to_the_scenario_s_age_bands(records):
    cohorts = scenario_inputs.cohorts(linking.aggregate(records), age_bands=AGE_BANDS)
    over_60 = [c for c in cohorts if c["age_band"] == "60+"]
    assert over_60 == [
        {"organisation": "RX1", "staff_group": NURSES, "band": "Band 6", "age_band": "60+", "fte": 1.0, "headcount": 1}
    ]
    young_nurses = [
        (c["organisation"], c["headcount"]) for c in cohorts if c["age_band"] == "25-34" and c["staff_group"] == NURSES
    ]
    assert young_nurses == [("RX1", 2), ("RX2", 1)]  # 29 and 30 at RX1 in one cohort; 34 at RX2


def test_bands_that_split_the_figures_bands_are_refused(records):
    with pytest.raises(ValueError, match='"25-31" splits the band "30-34"'):
        scenario_inputs.cohorts(linking.aggregate(records), age_bands=["<25", "25-31", "32+"])


def test_published_figures_without_ages_give_one_age_band():
    published = pl.DataFrame(
        [(datetime.date(2024, 9, 1), "RX1", "Trust", NURSES, "Band 5", "", 120.5, 130)],
        schema=schemas.STAFF_IN_POST,
        orient="row",
    )
    data = scenario_inputs.scenario(name="Published", start_year=2024, years=5, staff_in_post=published)
    scenario = parse_scenario(data)
    assert [b.name for b in scenario.age_bands] == ["all"]
    assert scenario.cohorts[0].fte == 120.5
    with pytest.raises(ValueError, match="no age bands"):
        scenario_inputs.cohorts(published, age_bands=AGE_BANDS)


def test_rates_from_linked_flows_separate_retirement_from_other_leaving(records):
    rates = scenario_inputs.rates_from_flows(linking.link(records), AGE_BANDS)
    nurses = rates[NURSES]
    assert nurses["leaver_rate"] == 0.0  # nobody under 55 left the organisations in the file
    # 60+: 2 FTE at the start, 1 at the end, 1 left -> 1 / 1.5
    assert nurses["retirement_rate_by_age"] == {"55-59": 0.0, "60+": pytest.approx(0.6667)}
    assert nurses["joiner_rate"] == pytest.approx(round(1 / 7.7, 4))  # P07 joined; mean of 7.6 and 7.8 FTE


def test_a_six_month_interval_is_annualised(records):
    flows = linking.link(records).with_columns(pl.lit(datetime.date(2024, 3, 1)).alias("period_from"))
    support = scenario_inputs.rates_from_flows(flows, AGE_BANDS)[SUPPORT]
    half_year = 0.8 / 1.9  # 0.8 FTE left, mean of 1.8 and 2.0 FTE
    assert support["leaver_rate"] == pytest.approx(1 - (1 - half_year) ** 2, abs=1e-3)


def test_rates_from_published_turnover_use_fte():
    rows = [
        (datetime.date(2024, 9, 1), "RX1", "A", NURSES, 10.0, 12.0, 100.0, 9.0, 11.0, 90.0, None, None),
        (datetime.date(2024, 9, 1), "RX2", "B", NURSES, 5.0, 3.0, 50.0, 5.0, 4.0, 60.0, None, None),
        (datetime.date(2023, 9, 1), "RX1", "A", NURSES, 1.0, 99.0, 100.0, 1.0, 99.0, 100.0, None, None),
    ]
    turnover = pl.DataFrame(rows, schema=schemas.TURNOVER, orient="row")
    assert scenario_inputs.rates_from_turnover(turnover) == {NURSES: {"leaver_rate": 0.1, "joiner_rate": 0.0933}}


def test_vacancies_are_the_latest_quarter_s():
    assert scenario_inputs.vacancies(vacancy_frame()) == {NURSES: 2.5, "Midwives": 4.0}


def test_population_growth_by_band_for_demand(people):
    values = scenario_inputs.population(people, ["0-64", "65+"], start_year=2022, years=3, area_codes=["E06000001"])
    assert list(values) == ["0-64", "65+"]
    assert len(values["65+"]) == 4
    assert values["65+"][1] == pytest.approx(values["65+"][0] * 1.01, rel=1e-3)  # the fixture's 1 % a year
    assert values["0-64"][0] == values["0-64"][3]  # flat under 65
    with pytest.raises(ValueError, match="no figures for 2033, 2034"):
        scenario_inputs.population(people, ["0-64", "65+"], start_year=2030, years=4)


def test_the_engine_reports_a_scenario_it_cannot_use(records):
    data = scenario_inputs.scenario(
        name="x", start_year=2024, years=5, staff_in_post=linking.aggregate(records), age_bands=AGE_BANDS
    )
    data["rates"] = {"Midwives": {"leaver_rate": 0.1}}
    with pytest.raises(SpecError, match="Midwives"):
        parse_scenario(data)


def test_population_growth_for_a_horizon_past_the_projections(people):
    growth = scenario_inputs.population_growth(people, ["0-64", "65+"], start_year=2024, years=15)
    assert growth["65+"]["growth"] == pytest.approx(0.01, abs=1e-4)  # the fixture's 1 % a year to 2032
    assert growth["0-64"]["growth"] == 0.0
    data = {
        "name": "Growth",
        "start_year": 2024,
        "years": 15,
        "cohorts": [{"staff_group": "nurses", "fte": 10}],
        "demand": {"population": growth},
    }
    assert parse_scenario(data).demand.population["65+"][15] == pytest.approx(
        growth["65+"]["base"] * 1.01**15, rel=1e-3
    )

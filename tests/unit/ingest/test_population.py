"""ONS subnational population projections: unpivoted, banded, and rebanded to a scenario's bands."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from lodestar.ingest import identify, open_any
from lodestar.ingest.sources import population

FIXTURES = Path(__file__).parents[2] / "fixtures" / "workforce" / "population"
PERSONS = FIXTURES / "snpp_2022_persons.csv"
FIVE_YEAR_BANDS = [f"{a}-{a + 4}" for a in range(0, 90, 5)] + ["90+"]


def read(path: Path, **options):
    return population.read(path.read_bytes(), path.name, **options)


def single_years(path: Path) -> dict:
    """(area, sex, age group, year) -> population, straight from the CSV rows."""
    raw = pl.read_csv(path, infer_schema=False)
    raw = raw.filter(pl.col("COMPONENT") == "Population")
    out = {}
    for row in raw.iter_rows(named=True):
        for year in (c for c in raw.columns if c.isdigit()):
            out[(row["AREA_CODE"], row["SEX"], row["AGE_GROUP"], int(year))] = float(row[year])
    return out


def test_single_years_are_summed_into_five_year_bands_for_every_year():
    frame, problems = read(PERSONS)
    assert problems == []
    hartlepool = frame.filter((pl.col("area_code") == "E06000001") & (pl.col("year") == 2030))
    assert hartlepool["age_band"].to_list() == FIVE_YEAR_BANDS
    raw = single_years(PERSONS)
    expected = sum(raw[("E06000001", "persons", str(age), 2030)] for age in range(65, 70))
    assert hartlepool.filter(pl.col("age_band") == "65-69")["population"].item() == pytest.approx(expected)
    assert hartlepool.filter(pl.col("age_band") == "90+")["population"].item() == pytest.approx(
        raw[("E06000001", "persons", "90 and over", 2030)]
    )
    assert sorted(frame["year"].unique().to_list()) == list(range(2022, 2033))


def test_all_ages_and_other_components_are_not_counted_twice():
    frame, _ = read(PERSONS)
    raw = single_years(PERSONS)
    total = frame.filter((pl.col("area_code") == "E06000001") & (pl.col("year") == 2022))["population"].sum()
    assert total == pytest.approx(raw[("E06000001", "persons", "All ages", 2022)])


def test_sex_codes_1_and_2_are_males_and_females():
    frame, problems = read(FIXTURES / "snpp_2022_sex_codes.csv")
    assert problems == []
    assert sorted(frame["sex"].unique().to_list()) == ["females", "males"]


def test_bad_rows_are_named_and_nothing_is_loaded():
    frame, problems = read(FIXTURES / "bad.csv")
    assert frame.is_empty()
    messages = [str(p) for p in problems]
    assert 'Row 3, column AGE_GROUP: "ninety" is not an age: write 0 to 89, "90 and over" or "All ages"' in messages
    assert 'Row 4, column SEX: "people" is not a sex: write persons, males or females' in messages
    assert 'Row 5, column 2022: "-5" is below 0: it must be 0 or more' in messages
    assert 'Row 6, column 2023: "lots" is not a number' in messages
    assert "Row 7: repeats row 2 (the same area, sex and age)" in messages


def test_detection():
    table = open_any(PERSONS.name, PERSONS.read_bytes())
    assert identify(table.header).name == "population"
    assert population.why_not(["area_code", "age_group", "sex"]) == "it has no year columns (2022, 2023, ...)"


def test_rebanding_to_a_scenario_s_bands_keeps_the_totals():
    frame, _ = read(PERSONS)
    banded = population.band_population(frame, ["0-64", "65-84", "85+"])
    assert banded["age_band"].unique(maintain_order=True).to_list() == ["0-64", "65-84", "85+"]
    assert banded["population"].sum() == pytest.approx(frame["population"].sum())
    year = banded.filter((pl.col("area_code") == "E06000004") & (pl.col("year") == 2022))
    old = frame.filter(
        (pl.col("area_code") == "E06000004") & (pl.col("year") == 2022) & pl.col("age_band").is_in(["85-89", "90+"])
    )
    assert year.filter(pl.col("age_band") == "85+")["population"].item() == pytest.approx(old["population"].sum())


def test_a_band_that_splits_a_five_year_band_is_refused():
    frame, _ = read(PERSONS)
    with pytest.raises(ValueError, match='"0-17" splits the band "15-19"'):
        population.band_population(frame, ["0-17", "18-64", "65-84", "85+"])


def test_single_years_allow_any_bands():
    frame, problems = read(PERSONS, single_years=True)
    assert problems == []
    banded = population.band_population(frame, ["0-17", "18-64", "65-84", "85+"])
    raw = single_years(PERSONS)
    children = sum(raw[("E06000001", "persons", str(age), 2022)] for age in range(18))
    got = banded.filter(
        (pl.col("area_code") == "E06000001") & (pl.col("year") == 2022) & (pl.col("age_band") == "0-17")
    )
    assert got["population"].item() == pytest.approx(children)


def test_ages_outside_the_bands_are_left_out_and_overlaps_refused():
    frame, _ = read(PERSONS)
    working = population.band_population(frame, ["20-64"])
    assert working["age_band"].unique().to_list() == ["20-64"]
    assert working["population"].sum() < frame["population"].sum()
    with pytest.raises(ValueError, match="overlap"):
        population.band_population(frame, ["0-64", "60+"])
    with pytest.raises(ValueError, match="not an age band"):
        population.band_population(frame, ["young"])


@pytest.mark.parametrize(
    ("name", "span"),
    [
        ("25-34", (25, 34)),
        ("<25", (0, 24)),
        ("85+", (85, float("inf"))),
        ("90 and over", (90, float("inf"))),
        ("37", (37, 37)),
        ("<=20 Years", (0, 20)),
        ("21-25", (21, 25)),
        (">=71 Years", (71, float("inf"))),
    ],
)
def test_age_band_names_as_ons_esr_and_scenarios_write_them(name, span):
    assert population.band_range(name) == span


def test_esr_age_bands_map_into_a_scenario_s_bands():
    esr = ["<=20 Years", "21-25", "26-30", "31-35", ">=71 Years"]
    assert population.band_map(esr, ["<26", "26-35", "36+"]) == {
        "<=20 Years": "<26",
        "21-25": "<26",
        "26-30": "26-35",
        "31-35": "26-35",
        ">=71 Years": "36+",
    }

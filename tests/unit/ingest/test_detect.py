"""Which source a file is: each published layout is recognised as itself and as nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest

from lodestar.ingest import REGISTRY, identify, open_any
from lodestar.ingest.sources import staff_in_post, turnover, vacancies

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "workforce"
MINE = {"staff_in_post": staff_in_post, "turnover": turnover, "vacancies": vacancies}

GOOD = [
    ("staff_in_post", "good.csv"),
    ("staff_in_post", "older_edition.csv"),
    ("staff_in_post", "no_headcount.csv"),  # recognised, then refused by read for its missing column
    ("turnover", "good.csv"),
    ("vacancies", "good_regions.csv"),
    ("vacancies", "good_orgs.csv"),
]


def header_of(path: Path) -> list[str]:
    return open_any(path.name, path.read_bytes()).header


@pytest.mark.parametrize(("source", "fixture"), GOOD, ids=lambda v: v)
def test_each_fixture_is_detected_as_its_own_source_and_no_other(source, fixture):
    header = header_of(FIXTURES / source / fixture)
    assert identify(header).name == source
    assert [name for name, module in REGISTRY.items() if module.detect(header)] == [source]


OTHERS = sorted(p for p in FIXTURES.glob("*/*.csv") if p.parent.name not in MINE)


def test_there_are_other_sources_files_to_tell_apart():
    assert {p.parent.name for p in OTHERS} >= {"gp_practice", "population", "staff_records"}


@pytest.mark.parametrize("path", OTHERS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_other_sources_files_are_not_taken_for_these(path):
    header = open_any(path.name, path.read_bytes()).header
    assert [name for name, module in MINE.items() if module.detect(header)] == []


@pytest.mark.parametrize(
    "header",
    [
        # General Practice Workforce, practice level (verbatim, abridged)
        "PRAC_CODE,PRAC_NAME,PCN_CODE,PCN_NAME,SUB_ICB_CODE,SUB_ICB_NAME,ICB_CODE,ICB_NAME,REGION_CODE,REGION_NAME,"
        "TOTAL_PATIENTS,TOTAL_GP_HC,TOTAL_GP_FTE,TOTAL_NURSES_HC,TOTAL_NURSES_FTE",
        # ONS subnational population projections
        "AREA_CODE,AREA_NAME,COMPONENT,SEX,AGE_GROUP,2022,2023,2024",
        # An ESR-like record-level extract
        "Tm End Date,Unique Nhs identifier,Reporting Org code,Occupation Code,grade,MAIN_STAFF_GROUP_NAME,"
        "STAFF_GROUP_1_NAME,Wte Days Available",
        # Sickness absence
        "date,org_type,org_code,sickness_absence_rate_percent",
    ],
    ids=["gp_practice", "population", "staff_records", "sickness"],
)
def test_neighbouring_published_headers_are_none_of_these(header):
    from lodestar.core.tabular import normalise_header

    names = [normalise_header(h) for h in header.split(",")]
    assert [name for name, module in MINE.items() if module.detect(names)] == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("staff_in_post", "it has no column Total FTE."),
        ("turnover", "it has no column type."),
        ("vacancies", "it has no column vacancies_fte."),
    ],
)
def test_a_renamed_column_says_why_the_file_is_not_the_source_expected(source, expected):
    data = (FIXTURES / source / "renamed_column.csv").read_bytes()
    header = open_any("renamed_column.csv", data).header
    detection = identify(header, expected=source)
    assert detection.name is None
    assert REGISTRY[source].LABEL in detection.reason
    assert detection.reason.endswith(expected)


def test_every_source_says_why_not_in_words():
    for module in MINE.values():
        reason = module.why_not(["prac_code", "total_gp_fte"])
        assert reason.startswith("it has no column")

"""Leaver rate, joiner rate and stability index: the Polars columns agree with the one-row reference."""

from __future__ import annotations

import math

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lodestar.ingest.rates import add_rates, row_rates


def turnover(**values) -> dict:
    row = {
        "joiners_hc": 0.0,
        "leavers_hc": 0.0,
        "denom_hc": 0.0,
        "joiners_fte": 0.0,
        "leavers_fte": 0.0,
        "denom_fte": 0.0,
        "opening_hc": None,
        "stayers_hc": None,
    }
    return row | values


def frame_of(*rows: dict) -> pl.DataFrame:
    schema = dict.fromkeys(turnover(), pl.Float64)
    return pl.DataFrame(list(rows), schema=schema)


def test_published_leaver_rate_divides_by_the_mean_of_start_and_end():
    # 100 at the start, 10 join, 20 leave: 90 at the end, mean 95.
    rates = add_rates(frame_of(turnover(joiners_hc=10, leavers_hc=20, denom_hc=95))).row(0, named=True)
    assert rates["leaver_rate"] == pytest.approx(20 / 95)
    assert rates["joiner_rate"] == pytest.approx(10 / 95)
    assert rates["stability_index"] == pytest.approx(80 / 100)  # opening worked back: 95 + 5 = 100


def test_closing_convention_divides_by_staff_at_the_end():
    rates = add_rates(frame_of(turnover(joiners_hc=10, leavers_hc=20, denom_hc=95)), convention="closing")
    assert rates["leaver_rate"][0] == pytest.approx(20 / 90)
    assert rates["joiner_rate"][0] == pytest.approx(10 / 90)


def test_stability_is_exact_when_opening_and_stayers_are_counted():
    # Linked snapshots: 100 at the start, 85 of them still there (some leavers joined in the year).
    row = turnover(joiners_hc=30, leavers_hc=25, denom_hc=102.5, opening_hc=100, stayers_hc=85)
    assert add_rates(frame_of(row))["stability_index"][0] == pytest.approx(0.85)
    assert row_rates(row)["stability_index"] == pytest.approx(0.85)


def test_fte_basis_uses_the_fte_columns():
    row = turnover(joiners_hc=10, leavers_hc=20, denom_hc=95, joiners_fte=8, leavers_fte=16, denom_fte=80)
    rates = add_rates(frame_of(row), basis="fte").row(0, named=True)
    assert rates["leaver_rate"] == pytest.approx(16 / 80)


def test_no_staff_gives_no_rate_not_infinity():
    rates = add_rates(frame_of(turnover(joiners_hc=0, leavers_hc=0, denom_hc=0))).row(0, named=True)
    assert rates == rates | {"leaver_rate": None, "joiner_rate": None, "stability_index": None}


def test_stability_is_never_below_zero():
    # More leavers than the worked-back opening: churn within the year.
    row = turnover(joiners_hc=50, leavers_hc=60, denom_hc=10)
    assert add_rates(frame_of(row))["stability_index"][0] == 0.0


def test_an_unknown_convention_is_refused():
    with pytest.raises(ValueError, match="convention"):
        add_rates(frame_of(turnover()), convention="opening")
    with pytest.raises(ValueError, match="basis"):
        row_rates(turnover(), basis="people")


def test_rates_are_added_to_a_frame_from_the_turnover_ingestor():
    from lodestar.ingest.sources import turnover as source

    frame, problems = source.read("tests/fixtures/workforce/turnover/good.csv")
    assert problems == []
    rates = add_rates(frame).filter(pl.col("staff_group") == "Midwives").row(0, named=True)
    assert rates["leaver_rate"] == pytest.approx(35 / 420)


counts = st.floats(min_value=0, max_value=1e6, allow_nan=False, allow_infinity=False)
maybe = st.one_of(st.none(), counts)


@settings(max_examples=300, deadline=None)
@given(
    rows=st.lists(
        st.builds(
            turnover,
            joiners_hc=counts,
            leavers_hc=counts,
            denom_hc=counts,
            joiners_fte=counts,
            leavers_fte=counts,
            denom_fte=counts,
            opening_hc=maybe,
            stayers_hc=maybe,
        ),
        min_size=1,
        max_size=20,
    ),
    convention=st.sampled_from(["mean", "closing"]),
    basis=st.sampled_from(["hc", "fte"]),
)
def test_frame_rates_match_the_reference_for_every_row(rows, convention, basis):
    fast = add_rates(frame_of(*rows), convention=convention, basis=basis)
    for row, got in zip(rows, fast.iter_rows(named=True), strict=True):
        expected = row_rates(row, convention=convention, basis=basis)
        for column, value in expected.items():
            if value is None:
                assert got[column] is None, column
            else:
                assert math.isclose(got[column], value, rel_tol=1e-9, abs_tol=1e-12), column

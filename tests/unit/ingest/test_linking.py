"""Linking snapshots: the vectorised cohorts, flows and turnover agree with the loop versions."""

from __future__ import annotations

import datetime
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lodestar.ingest import linking, schemas
from lodestar.ingest.reference import reference_aggregate, reference_link, reference_turnover
from lodestar.ingest.sources import staff_records

ESR = Path(__file__).parents[2] / "fixtures" / "workforce" / "staff_records" / "esr_two_snapshots.csv"
SNAPSHOTS = [datetime.date(2023, 9, 1), datetime.date(2024, 9, 1), datetime.date(2025, 3, 1)]
NURSES = "Nurses & health visitors"


@pytest.fixture(scope="module")
def records() -> pl.DataFrame:
    frame, problems = staff_records.read_records(ESR.read_bytes(), name=ESR.name)
    assert problems == []
    return frame


def flows_of(flows: pl.DataFrame, **where) -> dict[str, int]:
    chosen = flows.filter(*(pl.col(k) == v for k, v in where.items()))
    return dict(zip(chosen["flow"], chosen["headcount"], strict=True))


def test_a_retiring_nurse_leaves_and_a_newly_qualified_one_joins(records):
    flows = linking.link(records)
    assert flows.schema == pl.Schema(schemas.STAFF_FLOWS)
    retiring = flows_of(flows, org_code="RX1", staff_group=NURSES, band="Band 6", age_band="60-64")
    assert retiring == {"opening": 2, "closing": 1, "leavers": 1, "stayers": 1}
    new = flows_of(flows, org_code="RX1", staff_group=NURSES, band="Band 5", age_band="<25")
    assert new == {"closing": 1, "joiners": 1}


def test_a_promotion_moves_a_person_and_a_birthday_ages_them(records):
    flows = linking.link(records)
    assert flows_of(flows, band="Band 5", age_band="35-39") == {"opening": 1, "moved_out": 1}
    assert flows_of(flows, band="Band 6", age_band="35-39") == {"closing": 1, "moved_in": 1}
    assert flows_of(flows, org_code="RX1", band="Band 5", age_band="25-29")["aged_out"] == 1
    assert flows_of(flows, org_code="RX1", band="Band 5", age_band="30-34")["aged_in"] == 1
    assert flows_of(flows, org_code="RX2") == {"closing": 1, "moved_in": 1}  # moved trust


def test_a_stayer_s_change_of_hours_counts_at_the_opening_hours(records):
    flows = linking.link(records).filter(pl.col("age_band") == "45-49")
    fte = dict(zip(flows["flow"], flows["fte"], strict=True))
    assert fte == {"opening": pytest.approx(0.6), "stayers": pytest.approx(0.6), "closing": pytest.approx(0.8)}


def test_turnover_counts_leaving_the_organisation_s_staff_group(records):
    table = linking.turnover(records)
    assert table.schema == pl.Schema(schemas.TURNOVER)
    nurses = table.filter((pl.col("org_code") == "RX1") & (pl.col("staff_group") == NURSES)).row(0, named=True)
    assert nurses["period"] == datetime.date(2024, 9, 1)
    assert (nurses["opening_hc"], nurses["leavers_hc"], nurses["joiners_hc"]) == (8, 2, 1)
    assert nurses["denom_hc"] == 7.5  # (8 at the start + 7 at the end) / 2
    assert nurses["stayers_hc"] == 6
    assert nurses["leavers_fte"] == pytest.approx(2.0)


def test_one_snapshot_has_no_flows(records):
    one = records.filter(pl.col("snapshot") == SNAPSHOTS[0])
    assert linking.link(one).is_empty()
    assert linking.turnover(one).is_empty()


# ------------------------------------------------------------------ fast and reference agree

person = st.tuples(
    st.sampled_from(SNAPSHOTS),
    st.sampled_from([f"P{i}" for i in range(8)]),
    st.sampled_from(["RX1", "RX2"]),
    st.sampled_from([NURSES, "Support to doctors nurses & midwives"]),
    st.sampled_from(["Band 5", "Band 6", ""]),
    st.sampled_from(["<25", "25-29", "30-34", ""]),
    st.sampled_from([0.5, 0.8, 1.0]),
)


def extract(rows: list[tuple]) -> list[dict]:
    """At most one row per person and snapshot, as an extract has (the reader refuses repeats)."""
    unique = {(r[0], r[1]): r for r in rows}
    keys = ("snapshot", "person_id", "org_code", "staff_group", "band", "age_band", "wte")
    return [dict(zip(keys, r, strict=True)) for r in unique.values()]


def frame_of(records: list[dict]) -> pl.DataFrame:
    full = [r | {"occupation_code": None, "start_date": None, "cost_centre": None} for r in records]
    return pl.DataFrame(full, schema=schemas.STAFF_RECORDS)


def same_rows(fast: pl.DataFrame, slow: list[dict], keys: list[str]) -> None:
    fast_rows = {tuple(r[k] for k in keys): r for r in fast.iter_rows(named=True)}
    slow_rows = {tuple(r[k] for k in keys): r for r in slow}
    assert fast_rows.keys() == slow_rows.keys()
    for key, row in slow_rows.items():
        for column, value in row.items():
            assert fast_rows[key][column] == pytest.approx(value), (key, column)


@settings(max_examples=150, deadline=None)
@given(st.lists(person, max_size=40))
def test_cohorts_agree_with_the_reference(rows):
    records = extract(rows)
    fast = linking.aggregate(frame_of(records))
    same_rows(fast, reference_aggregate(records), ["period", *linking.COHORT])


@settings(max_examples=150, deadline=None)
@given(st.lists(person, max_size=40))
def test_flows_agree_with_the_reference(rows):
    records = extract(rows)
    fast = linking.link(frame_of(records))
    same_rows(fast, reference_link(records), ["period_from", "period", *linking.COHORT, "flow"])


@settings(max_examples=150, deadline=None)
@given(st.lists(person, max_size=40))
def test_turnover_agrees_with_the_reference(rows):
    records = extract(rows)
    fast = linking.turnover(frame_of(records))
    same_rows(fast, reference_turnover(records), ["period", *linking.GROUP])


@settings(max_examples=100, deadline=None)
@given(st.lists(person, max_size=40))
def test_every_person_is_accounted_for(rows):
    flows = linking.link(frame_of(extract(rows)))
    totals = flows.group_by("period", "flow").agg(pl.col("headcount").sum(), pl.col("fte").sum())
    by = {(r["period"], r["flow"]): r for r in totals.iter_rows(named=True)}
    for period in flows["period"].unique().to_list():

        def hc(flow: str, period=period) -> int:
            return by.get((period, flow), {}).get("headcount", 0)

        def fte(flow: str, period=period) -> float:
            return by.get((period, flow), {}).get("fte", 0.0)

        outs = ("stayers", "leavers", "moved_out", "aged_out")
        assert hc("opening") == sum(hc(f) for f in outs)
        assert fte("opening") == pytest.approx(sum(fte(f) for f in outs))
        assert hc("closing") == sum(hc(f) for f in ("stayers", "joiners", "moved_in", "aged_in"))
        assert hc("moved_in") == hc("moved_out") and hc("aged_in") == hc("aged_out")

"""Cohorts, flows and turnover from an organisation's record-level snapshots (vectorised Polars).

``records`` is ``schemas.STAFF_RECORDS`` (from ``sources.staff_records.read_records``, one file
or several concatenated). A cohort is (organisation, staff group, band, age band). Consecutive
snapshots are linked on the pseudonymised person identifier:

- a person only in the earlier snapshot is a leaver from their old cohort, only in the later
  one a joiner to their new cohort;
- a person in both and in the same cohort is a stayer;
- a person in both whose cohort changed is ``aged_out``/``aged_in`` when only the age band
  changed, otherwise ``moved_out`` of the old cohort and ``moved_in`` to the new one.

Head counts are people. FTE: opening, leavers, stayers and the ``_out`` flows count the earlier
snapshot's WTE, closing, joiners and the ``_in`` flows the later one's, so that
opening = stayers + leavers + moved_out + aged_out in both, and
closing = stayers + joiners + moved_in + aged_in in head count (a stayer may change hours).

``lodestar.ingest.reference`` computes the same tables with plain loops; the tests compare them.
"""

from __future__ import annotations

import datetime

import polars as pl

from lodestar.ingest import schemas
from lodestar.ingest.common import empty

COHORT = ["org_code", "staff_group", "band", "age_band"]
GROUP = ["org_code", "staff_group"]


def aggregate(records: pl.DataFrame) -> pl.DataFrame:
    """Staff in post by snapshot and cohort (``schemas.STAFF_IN_POST``): FTE summed, headcount
    the number of distinct people."""
    return (
        records.group_by(["snapshot", *COHORT])
        .agg(pl.col("wte").sum().alias("fte"), pl.col("person_id").n_unique().alias("headcount"))
        .rename({"snapshot": "period"})
        .with_columns(pl.lit("").alias("org_name"))
        .sort(["period", *COHORT])
        .select([pl.col(c).cast(t) for c, t in schemas.STAFF_IN_POST.items()])
    )


def snapshot_pairs(records: pl.DataFrame) -> list[tuple[datetime.date, datetime.date]]:
    """Consecutive (earlier, later) snapshot dates in ``records``."""
    snapshots = sorted(records["snapshot"].drop_nulls().unique().to_list())
    return list(zip(snapshots, snapshots[1:], strict=False))


def _joined(records: pl.DataFrame, earlier, later) -> pl.DataFrame:
    """One row per person in either snapshot: the earlier cohort and WTE, then the later ones
    (suffix ``_b``); ``in_a``/``in_b`` say which snapshots they are in."""
    keep = ["person_id", *COHORT, "wte"]
    before = records.filter(pl.col("snapshot") == earlier).select(keep)
    after = records.filter(pl.col("snapshot") == later).select(keep)
    joined = before.join(after, on="person_id", how="full", suffix="_b", coalesce=False)
    return joined.with_columns(
        pl.col("person_id").is_not_null().alias("in_a"), pl.col("person_id_b").is_not_null().alias("in_b")
    )


def _same(columns: list[str]) -> pl.Expr:
    return pl.all_horizontal(pl.col(c).eq_missing(pl.col(f"{c}_b")) for c in columns)


def link(records: pl.DataFrame) -> pl.DataFrame:
    """Flows by cohort between each pair of consecutive snapshots (``schemas.STAFF_FLOWS``)."""
    parts = [_link_pair(records, earlier, later) for earlier, later in snapshot_pairs(records)]
    if not parts:
        return empty(schemas.STAFF_FLOWS)
    return pl.concat(parts)


def _link_pair(records: pl.DataFrame, earlier, later) -> pl.DataFrame:
    joined = _joined(records, earlier, later)
    both = pl.col("in_a") & pl.col("in_b")
    same = _same(COHORT)
    only_age = _same(["org_code", "staff_group", "band"]) & ~same
    out_flow = (
        pl.when(~pl.col("in_b"))
        .then(pl.lit("leavers"))
        .when(same)
        .then(pl.lit("stayers"))
        .when(only_age)
        .then(pl.lit("aged_out"))
        .otherwise(pl.lit("moved_out"))
    )
    in_flow = pl.when(~pl.col("in_a")).then(pl.lit("joiners")).when(only_age).then(pl.lit("aged_in"))
    in_flow = in_flow.otherwise(pl.lit("moved_in"))
    later_cohort = [pl.col(f"{c}_b").alias(c) for c in COHORT]
    pieces = [
        joined.filter(pl.col("in_a")).select(*COHORT, "wte", pl.lit("opening").alias("flow")),
        joined.filter(pl.col("in_b")).select(
            *later_cohort, pl.col("wte_b").alias("wte"), pl.lit("closing").alias("flow")
        ),
        joined.filter(pl.col("in_a")).select(*COHORT, "wte", out_flow.alias("flow")),
        joined.filter(pl.col("in_b") & ~(both & same)).select(
            *later_cohort, pl.col("wte_b").alias("wte"), in_flow.alias("flow")
        ),
    ]
    order = {flow: i for i, flow in enumerate(schemas.FLOWS)}
    return (
        pl.concat(pieces)
        .group_by([*COHORT, "flow"])
        .agg(pl.len().alias("headcount"), pl.col("wte").sum().alias("fte"))
        .with_columns(
            pl.lit(earlier, pl.Date).alias("period_from"),
            pl.lit(later, pl.Date).alias("period"),
            pl.col("flow").replace_strict(order, return_dtype=pl.Int64).alias("_order"),
        )
        .sort([*COHORT, "_order"])
        .select([pl.col(c).cast(t) for c, t in schemas.STAFF_FLOWS.items()])
    )


def turnover(records: pl.DataFrame) -> pl.DataFrame:
    """Joiners and leavers of each organisation's staff group between consecutive snapshots
    (``schemas.TURNOVER``, dated by the later snapshot). A person who moves to another staff
    group or organisation leaves one and joins the other. The denominators are the mean of the
    opening and closing staff (the published convention); opening and stayers are filled."""
    parts = [_turnover_pair(records, earlier, later) for earlier, later in snapshot_pairs(records)]
    if not parts:
        return empty(schemas.TURNOVER)
    return pl.concat(parts)


def _turnover_pair(records: pl.DataFrame, earlier, later) -> pl.DataFrame:
    joined = _joined(records, earlier, later)
    stays = pl.col("in_a") & pl.col("in_b") & _same(GROUP)
    later_group = [pl.col(f"{c}_b").alias(c) for c in GROUP]

    def counted(frame: pl.DataFrame, wte: str, name: str) -> pl.DataFrame:
        return frame.group_by(GROUP).agg(pl.len().alias(f"{name}_hc"), pl.col(wte).sum().alias(f"{name}_fte"))

    opening = counted(joined.filter(pl.col("in_a")), "wte", "opening")
    closing = counted(joined.filter(pl.col("in_b")).select(*later_group, "wte_b"), "wte_b", "closing")
    leavers = counted(joined.filter(pl.col("in_a") & ~stays), "wte", "leavers")
    joiners = counted(joined.filter(pl.col("in_b") & ~stays).select(*later_group, "wte_b"), "wte_b", "joiners")
    table = opening
    for other in (closing, leavers, joiners):
        table = table.join(other, on=GROUP, how="full", coalesce=True)
    table = table.fill_null(0)
    return (
        table.with_columns(
            pl.lit(later, pl.Date).alias("period"),
            pl.lit("").alias("org_name"),
            ((pl.col("opening_hc") + pl.col("closing_hc")) / 2).alias("denom_hc"),
            ((pl.col("opening_fte") + pl.col("closing_fte")) / 2).alias("denom_fte"),
            (pl.col("opening_hc") - pl.col("leavers_hc")).alias("stayers_hc"),
        )
        .sort(GROUP)
        .select([pl.col(c).cast(t) for c, t in schemas.TURNOVER.items()])
    )

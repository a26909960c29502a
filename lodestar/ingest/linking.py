"""Cohorts, flows and turnover from an organisation's record-level snapshots (vectorised Polars).

    aggregate(records)   -> schemas.STAFF_IN_POST (with age bands)
    link(records)        -> schemas.STAFF_FLOWS between consecutive snapshots
    turnover(records)    -> schemas.TURNOVER per organisation and staff group
    link_all(records)    -> (flows, turnover), each pair of snapshots joined once

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

Speed (a national extract is 1.4 million people a snapshot): each cohort is numbered once, in
the sorted order of its four texts (``Codes``), so joins, comparisons, group-bys and sorts run on
integers, and the texts are put back on the (much shorter) results.

``lodestar.ingest.reference`` computes the same tables with plain loops; the tests compare them.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass

import polars as pl

from lodestar.ingest import schemas
from lodestar.ingest.common import empty

COHORT = ["org_code", "staff_group", "band", "age_band"]
GROUP = ["org_code", "staff_group"]
ORDER = {flow: i for i, flow in enumerate(schemas.FLOWS)}


@dataclass(frozen=True)
class Codes:
    """Cohorts numbered by their texts: ``id = ((org * n_groups + group) * n_bands + band) *
    n_ages + age``, each text's index in its column's sorted distinct values. Ids sort as the
    texts do; ``id // n_ages`` is the cohort without its age band, ``id // (n_bands * n_ages)``
    the organisation's staff group."""

    values: dict[str, pl.Series]

    @classmethod
    def of(cls, records: pl.DataFrame) -> Codes:
        return cls({c: records.get_column(c).unique().sort() for c in COHORT})

    def stride(self, column: str) -> int:
        return math.prod(len(self.values[c]) for c in COHORT[COHORT.index(column) + 1 :])

    def encode(self) -> pl.Expr:
        code = pl.lit(0, pl.Int64)
        for column in COHORT:
            values = self.values[column]
            index = pl.Series(range(len(values)), dtype=pl.Int64)
            code = code * len(values) + pl.col(column).replace_strict(values, index, return_dtype=pl.Int64)
        return code.alias("_id")

    def decode(self, frame: pl.DataFrame, columns=COHORT, *, id_column: str = "_id") -> pl.DataFrame:
        """``frame`` with the texts of ``columns`` for its ids (ids of ``columns``' prefix)."""
        base = self.stride(columns[-1])
        ids = frame.get_column(id_column)
        texts = {}
        for column in columns:
            index = (ids * base // self.stride(column)) % len(self.values[column])
            texts[column] = self.values[column].gather(index)
        return frame.with_columns(**texts)


def aggregate(records: pl.DataFrame, *, one_row_per_person: bool = False) -> pl.DataFrame:
    """Staff in post by snapshot and cohort (``schemas.STAFF_IN_POST``): FTE summed, headcount
    the number of distinct people (the number of rows, quicker, when the caller knows a person
    has one row a snapshot, as ``read_records`` ensures)."""
    if records.is_empty():
        return empty(schemas.STAFF_IN_POST)
    codes = Codes.of(records)
    people = pl.col("person_id").n_unique()
    grouped = (
        records.select("snapshot", "person_id", "wte", codes.encode())
        .group_by(["snapshot", "_id"])
        .agg(pl.col("wte").sum().alias("fte"), (pl.len() if one_row_per_person else people).alias("headcount"))
        .sort(["snapshot", "_id"])
    )
    return (
        codes.decode(grouped)
        .rename({"snapshot": "period"})
        .with_columns(pl.lit("").alias("org_name"))
        .select([pl.col(c).cast(t) for c, t in schemas.STAFF_IN_POST.items()])
    )


def snapshot_pairs(records: pl.DataFrame) -> list[tuple[datetime.date, datetime.date]]:
    """Consecutive (earlier, later) snapshot dates in ``records``."""
    snapshots = sorted(records["snapshot"].drop_nulls().unique().to_list())
    return list(zip(snapshots, snapshots[1:], strict=False))


def _joined(coded: pl.DataFrame, earlier, later) -> pl.DataFrame:
    """One row per person in either snapshot: the earlier cohort id and WTE, then the later ones
    (suffix ``_b``); ``in_a``/``in_b`` say which snapshots they are in."""
    keep = ["person_id", "_id", "wte"]
    before = coded.filter(pl.col("snapshot") == earlier).select(keep)
    after = coded.filter(pl.col("snapshot") == later).select(keep)
    joined = before.join(after, on="person_id", how="full", suffix="_b", coalesce=False)
    return joined.select(
        "_id", "wte", "_id_b", "wte_b", in_a=pl.col("person_id").is_not_null(), in_b=pl.col("person_id_b").is_not_null()
    )


def link(records: pl.DataFrame) -> pl.DataFrame:
    """Flows by cohort between each pair of consecutive snapshots (``schemas.STAFF_FLOWS``)."""
    return link_all(records, turnover=False)[0]


def turnover(records: pl.DataFrame) -> pl.DataFrame:
    """Joiners and leavers of each organisation's staff group between consecutive snapshots
    (``schemas.TURNOVER``, dated by the later snapshot). A person who moves to another staff
    group or organisation leaves one and joins the other. The denominators are the mean of the
    opening and closing staff (the published convention); opening and stayers are filled."""
    return link_all(records, flows=False)[1]


def link_all(records: pl.DataFrame, *, flows: bool = True, turnover: bool = True) -> tuple[pl.DataFrame, pl.DataFrame]:
    """``link`` and ``turnover`` together, each pair of snapshots joined once."""
    pairs = snapshot_pairs(records)
    if not pairs:
        return empty(schemas.STAFF_FLOWS), empty(schemas.TURNOVER)
    codes = Codes.of(records)
    coded = records.select("snapshot", "person_id", "wte", codes.encode())
    flow_parts, turnover_parts = [], []
    for earlier, later in pairs:
        joined = _joined(coded, earlier, later)
        if flows:
            flow_parts.append(_flows(joined, codes, earlier, later))
        if turnover:
            turnover_parts.append(_turnover(joined, codes, later))
    return (
        pl.concat(flow_parts) if flow_parts else empty(schemas.STAFF_FLOWS),
        pl.concat(turnover_parts) if turnover_parts else empty(schemas.TURNOVER),
    )


def _flows(joined: pl.DataFrame, codes: Codes, earlier, later) -> pl.DataFrame:
    ages = len(codes.values["age_band"])
    same = pl.col("_id") == pl.col("_id_b")
    only_age = ~same & (pl.col("_id") // ages == pl.col("_id_b") // ages)
    flow = {name: pl.lit(ORDER[name], pl.Int64) for name in schemas.FLOWS}
    out_flow = (
        pl.when(~pl.col("in_b"))
        .then(flow["leavers"])
        .when(same)
        .then(flow["stayers"])
        .when(only_age)
        .then(flow["aged_out"])
        .otherwise(flow["moved_out"])
    )
    in_flow = pl.when(~pl.col("in_a")).then(flow["joiners"]).when(only_age).then(flow["aged_in"])
    in_flow = in_flow.otherwise(flow["moved_in"])
    n = len(schemas.FLOWS)  # key = cohort id * n + flow: one integer to group and sort on
    earlier_rows = joined.filter(pl.col("in_a"))
    later_rows = joined.filter(pl.col("in_b"))
    changed = later_rows.filter(~(pl.col("in_a") & same))
    pieces = [
        earlier_rows.select(pl.col("_id") * n + flow["opening"], "wte"),
        later_rows.select(pl.col("_id_b").alias("_id") * n + flow["closing"], pl.col("wte_b").alias("wte")),
        earlier_rows.select(pl.col("_id") * n + out_flow, "wte"),
        changed.select(pl.col("_id_b").alias("_id") * n + in_flow, pl.col("wte_b").alias("wte")),
    ]
    grouped = (
        pl.concat(pieces)
        .group_by("_id")
        .agg(pl.len().alias("headcount"), pl.col("wte").sum().alias("fte"))
        .sort("_id")
        .with_columns(pl.col("_id") // n, (pl.col("_id") % n).alias("_flow"))
    )
    names = pl.Series(list(schemas.FLOWS))
    return (
        codes.decode(grouped)
        .with_columns(
            names.gather(grouped.get_column("_flow")).alias("flow"),
            pl.lit(earlier, pl.Date).alias("period_from"),
            pl.lit(later, pl.Date).alias("period"),
        )
        .select([pl.col(c).cast(t) for c, t in schemas.STAFF_FLOWS.items()])
    )


def _turnover(joined: pl.DataFrame, codes: Codes, later) -> pl.DataFrame:
    per_group = codes.stride("staff_group")
    joined = joined.with_columns(pl.col("_id") // per_group, pl.col("_id_b") // per_group)
    stays = pl.col("in_a") & pl.col("in_b") & (pl.col("_id") == pl.col("_id_b"))

    def counted(rows: pl.DataFrame, id_column: str, wte: str, name: str) -> pl.DataFrame:
        return rows.group_by(pl.col(id_column).alias("_id")).agg(
            pl.len().alias(f"{name}_hc"), pl.col(wte).sum().alias(f"{name}_fte")
        )

    table = counted(joined.filter(pl.col("in_a")), "_id", "wte", "opening")
    for other in (
        counted(joined.filter(pl.col("in_b")), "_id_b", "wte_b", "closing"),
        counted(joined.filter(pl.col("in_a") & ~stays), "_id", "wte", "leavers"),
        counted(joined.filter(pl.col("in_b") & ~stays), "_id_b", "wte_b", "joiners"),
    ):
        table = table.join(other, on="_id", how="full", coalesce=True)
    table = table.fill_null(0).sort("_id")
    return (
        codes.decode(table, GROUP)
        .with_columns(
            pl.lit(later, pl.Date).alias("period"),
            pl.lit("").alias("org_name"),
            ((pl.col("opening_hc") + pl.col("closing_hc")) / 2).alias("denom_hc"),
            ((pl.col("opening_fte") + pl.col("closing_fte")) / 2).alias("denom_fte"),
            (pl.col("opening_hc") - pl.col("leavers_hc")).alias("stayers_hc"),
        )
        .select([pl.col(c).cast(t) for c, t in schemas.TURNOVER.items()])
    )

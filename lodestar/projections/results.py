"""A run's tables as stored in ``Run.result`` and read back as Polars frames.

``stored(result)`` turns an engine ``ProjectionResult`` into column-oriented JSON (one mapping of
column -> values per table); ``table(run, name)`` reads one back. The tables and their columns
are the engine's own (docs/engine/results.md): ``summary``, ``probability_meets_demand``,
``waterfall`` (final year), ``cost`` and ``steps`` (the waterfall for every year, with the
gap's range and the probability it is closed after each step). Nothing is recomputed from
per-run arrays on a page: pages read these small tables (results page p95 target 300 ms).
"""

from __future__ import annotations

import math

import numpy as np
import polars as pl

from lodestar.engine import ProjectionResult

TABLES = ("summary", "probability_meets_demand", "waterfall", "cost", "steps")
CLOSED = "closed"  # a plan run's own table: the gap its actions close, by year (``closed_table``)


def _jsonable(value):
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def frame_to_columns(frame: pl.DataFrame) -> dict[str, list]:
    return {name: [_jsonable(v) for v in frame[name].to_list()] for name in frame.columns}


def closed_table(result: ProjectionResult, baseline_step: int) -> pl.DataFrame:
    """year, closed_fte_mean, closed_fte_p5, closed_fte_p95: the gap after ``baseline_step`` (the
    scenario's own interventions) minus the gap after every intervention, run by run, so its range
    is the range of the plan's whole effect (not a sum of the actions' ranges)."""
    gaps = result.gap_by_step  # (runs, steps, years)
    closed = gaps[:, baseline_step, :] - gaps[:, -1, :]
    return pl.DataFrame(
        {
            "year": result.years,
            "closed_fte_mean": closed.mean(axis=0),
            "closed_fte_p5": np.percentile(closed, 5, axis=0),
            "closed_fte_p95": np.percentile(closed, 95, axis=0),
        },
        schema={"year": pl.Int64, **dict.fromkeys(("closed_fte_mean", "closed_fte_p5", "closed_fte_p95"), pl.Float64)},
    )


def stored(result: ProjectionResult, baseline_step: int | None = None) -> dict[str, dict[str, list]]:
    """The run's tables, column-oriented, ready for ``Run.result``; with ``baseline_step`` (a plan
    run: how many of its interventions are the scenario's own) also the ``closed`` table."""
    tables = result.tables()
    out = {name: frame_to_columns(tables[name]) for name in TABLES}
    if baseline_step is not None:
        out[CLOSED] = frame_to_columns(closed_table(result, baseline_step))
    return out


def table(result: dict | None, name: str) -> pl.DataFrame:
    """One stored table as a frame (empty when the run has no result)."""
    columns = (result or {}).get(name)
    if not columns:
        return pl.DataFrame()
    return pl.DataFrame(columns, strict=False)

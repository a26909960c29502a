"""Leaver rate, joiner rate and stability index from turnover figures (``schemas.TURNOVER``).

Rates are shares (0.081 is 8.1 %), over the twelve months to ``period``, on headcount (``basis``
"hc", the published convention) or FTE ("fte").

The denominator (``convention``):

* ``"mean"`` (default, the published NHS convention): ``denom``, the mean of staff at the start
  and the end of the twelve months. ``leaver_rate = leavers / denom``, ``joiner_rate = joiners /
  denom``.
* ``"closing"``: staff at the end, ``closing = opening + joiners - leavers``. Rates on the closing
  stock are what a projection that applies a rate to this year's stock needs; they are a little
  lower than published rates for a growing workforce.

Opening staff: ``opening_hc`` when known (counted from two linked snapshots of an organisation's
own records); otherwise worked back from the mean: ``denom = (opening + closing) / 2`` and
``closing = opening + joiners - leavers`` give ``opening = denom - (joiners - leavers) / 2``.

Stability index, the share of staff at the start who were still there at the end:

* exact, ``stayers_hc / opening_hc``, when both are known (headcount basis);
* otherwise approximated as ``(opening - leavers) / opening``. This treats every leaver as someone
  who was there at the start; people who joined and left within the year make it a little low.
  It is floored at 0.

A rate whose denominator is not above zero is null (no staff: no rate), never infinite.

``add_rates`` adds the columns to a Polars frame (fast, for a national file); ``row_rates`` is
the same arithmetic for one row in plain Python, the reference the tests compare against.
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

CONVENTIONS = ("mean", "closing")
BASES = ("hc", "fte")
COLUMNS = ("leaver_rate", "joiner_rate", "stability_index")


def _check(convention: str, basis: str) -> None:
    if convention not in CONVENTIONS:
        raise ValueError(f'The rate convention must be one of {", ".join(CONVENTIONS)}, not "{convention}".')
    if basis not in BASES:
        raise ValueError(f'The basis must be "hc" or "fte", not "{basis}".')


def _share(numerator: pl.Expr, denominator: pl.Expr) -> pl.Expr:
    return pl.when(denominator > 0).then(numerator / denominator)


def add_rates(frame: pl.DataFrame, *, convention: str = "mean", basis: str = "hc") -> pl.DataFrame:
    """``frame`` (turnover columns) with ``leaver_rate``, ``joiner_rate`` and ``stability_index``."""
    _check(convention, basis)
    joiners, leavers, denom = (pl.col(f"{kind}_{basis}").cast(pl.Float64) for kind in ("joiners", "leavers", "denom"))
    estimate = denom - (joiners - leavers) / 2
    known = basis == "hc" and "opening_hc" in frame.columns
    opening = pl.coalesce(pl.col("opening_hc").cast(pl.Float64), estimate) if known else estimate
    base = denom if convention == "mean" else opening + joiners - leavers
    approximate = _share(opening - leavers, opening).clip(lower_bound=0.0)
    if known and "stayers_hc" in frame.columns:
        exact = _share(pl.col("stayers_hc").cast(pl.Float64), pl.col("opening_hc").cast(pl.Float64))
        both = pl.col("stayers_hc").is_not_null() & pl.col("opening_hc").is_not_null()
        stability = pl.when(both).then(exact).otherwise(approximate)
    else:
        stability = approximate
    return frame.with_columns(
        _share(leavers, base).alias("leaver_rate"),
        _share(joiners, base).alias("joiner_rate"),
        stability.alias("stability_index"),
    )


def _ratio(numerator: float, denominator: float) -> float | None:
    return numerator / denominator if denominator > 0 else None


def row_rates(row: Mapping, *, convention: str = "mean", basis: str = "hc") -> dict[str, float | None]:
    """The reference: the three rates for one turnover row (a mapping of the same columns)."""
    _check(convention, basis)
    joiners, leavers, denom = (float(row[f"{kind}_{basis}"]) for kind in ("joiners", "leavers", "denom"))
    opening_hc = row.get("opening_hc") if basis == "hc" else None
    stayers_hc = row.get("stayers_hc") if basis == "hc" else None
    opening = float(opening_hc) if opening_hc is not None else denom - (joiners - leavers) / 2
    base = denom if convention == "mean" else opening + joiners - leavers
    if stayers_hc is not None and opening_hc is not None:
        stability = _ratio(float(stayers_hc), float(opening_hc))
    else:
        share = _ratio(opening - leavers, opening)
        stability = None if share is None else max(share, 0.0)
    return {
        "leaver_rate": _ratio(leavers, base),
        "joiner_rate": _ratio(joiners, base),
        "stability_index": stability,
    }

"""Charts of a projection: the fan chart and the gap waterfall (Altair, rendered offline by vl-convert).

    chart = fan_chart(result)                 # supply percentile bands and median against demand, by year
    chart = waterfall_chart(result)           # the gap at the final year, step by step through the interventions
    save_chart(chart, "fan.svg")              # or .png

Both charts read in black and white: bands differ by lightness, lines by dash, and every
line and bar carries a direct label, so nothing depends on colour. They use only the fonts
vl-convert has locally and inline data, and rendering forbids any network access.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

import altair as alt
import polars as pl

__all__ = ["CHART_FORMATS", "fan_chart", "render_chart", "save_chart", "waterfall_chart"]

CHART_FORMATS = ("svg", "png")
FONT = "sans-serif"  # resolved by vl-convert to a local font; never a web font
DARK = "#1d1d1d"
BAND_90 = "#d9d9d9"  # light grey: 90 % of runs (p5 to p95)
BAND_50 = "#9a9a9a"  # mid grey: middle half of runs (p25 to p75)
WIDTH = 640
HEIGHT = 360


def _config(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    return (
        chart.configure(font=FONT, background="white")
        .configure_title(fontSize=16, anchor="start", color=DARK, subtitleColor="#4c4c4c", subtitleFontSize=12)
        .configure_axis(labelFontSize=12, titleFontSize=12, labelColor=DARK, titleColor=DARK, gridColor="#ececec")
        .configure_view(stroke=None)
    )


def _summary_rows(result: Any, staff_group: str) -> pl.DataFrame:
    summary = result.summary()
    rows = summary.filter(pl.col("staff_group") == staff_group)
    if rows.height == 0:
        groups = ", ".join(sorted(summary.get_column("staff_group").unique().to_list()))
        raise ValueError(f"no staff group {staff_group!r} in the projection (there are: {groups})")
    return rows


def _scenario_name(result: Any) -> str | None:
    return getattr(getattr(result, "scenario", None), "name", None)


def fan_chart(result: Any, staff_group: str = "all") -> alt.LayerChart:
    """Supply percentile bands (p5-p95, p25-p75) and median line against the demand line, by year."""
    rows = _summary_rows(result, staff_group)
    supply = rows.filter(pl.col("measure") == "supply_fte").sort("year")
    demand = rows.filter(pl.col("measure") == "demand_fte").sort("year")
    cols = ["year", "p5", "p25", "p50", "p75", "p95"]
    supply = supply.select(cols)
    demand = demand.select(["year", pl.col("p50").alias("demand")])
    data = supply.join(demand, on="year", how="left")

    runs = getattr(result, "runs", 1)
    supply_label = "Supply (median)" if runs > 1 else "Supply"
    last = data.row(data.height - 1, named=True)
    supply_above = (last["p50"] or 0) >= (last["demand"] or 0)
    labels = pl.DataFrame(
        {
            "year": [last["year"], last["year"]],
            "value": [last["p50"], last["demand"]],
            "label": [supply_label, "Demand"],
            "dy": [-10 if supply_above else 12, 12 if supply_above else -10],
        }
    )

    x = alt.X("year:Q", title="Year", axis=alt.Axis(format="d", tickMinStep=1), scale=alt.Scale(nice=False))
    y_title = "Full-time equivalent staff (FTE)"
    band90 = (
        alt.Chart(data)
        .mark_area(color=BAND_90)
        .encode(x=x, y=alt.Y("p5:Q", title=y_title, scale=alt.Scale(zero=False)), y2="p95:Q")
    )
    band50 = alt.Chart(data).mark_area(color=BAND_50).encode(x=x, y="p25:Q", y2="p75:Q")
    median = (
        alt.Chart(data)
        .mark_line(color=DARK, strokeWidth=2.5)
        .encode(x=x, y=alt.Y("p50:Q", title=y_title, scale=alt.Scale(zero=False)))
    )
    demand_line = alt.Chart(data).mark_line(color=DARK, strokeWidth=2, strokeDash=[7, 4]).encode(x=x, y="demand:Q")
    text = (
        alt.Chart(labels)
        .mark_text(align="left", dx=6, fontSize=12, fontWeight="bold", color=DARK)
        .encode(x=x, y="value:Q", text="label:N", yOffset="dy:Q")
    )
    group = "all staff groups" if staff_group == "all" else staff_group
    subtitle = [
        f"Solid line: {'median ' if runs > 1 else ''}supply. Dashed line: demand.",
        "Shading: dark, the middle half of runs (25th to 75th percentile); light, 90 % of runs (5th to 95th)."
        if runs > 1
        else "One deterministic run, so there are no uncertainty bands.",
    ]
    name = _scenario_name(result)
    title = alt.TitleParams(
        f"Projected supply against demand, {group}" + (f": {name}" if name else ""), subtitle=subtitle
    )
    layers = [band90, band50, median, demand_line, text] if runs > 1 else [median, demand_line, text]
    chart = alt.layer(*layers).properties(title=title, width=WIDTH, height=HEIGHT)
    return _config(chart)


def waterfall_chart(result: Any, year: int | None = None) -> alt.LayerChart:
    """The gap at ``year`` (default the final year) without interventions, each intervention's change, and the
    gap with all of them. A year outside the projection raises ValueError naming the valid range."""
    steps = (result.waterfall() if year is None else result.waterfall(year)).sort("step")
    if steps.height == 0:
        raise ValueError("the projection has no waterfall rows")
    data = _waterfall_bars(steps)
    order = steps.get_column("label").to_list()
    # Long intervention names wrap onto several lines rather than overlapping their neighbours.
    wrapped = {label: textwrap.wrap(str(label), 18) or [""] for label in order}
    x = alt.X(
        "label:N",
        sort=order,
        title=None,
        axis=alt.Axis(labelAngle=0, labelLimit=0, labelFontSize=11, labelExpr=f"{json.dumps(wrapped)}[datum.label]"),
    )
    y = alt.Y("start:Q", title="Gap in FTE (demand minus supply)")
    # Lightness and outline, not hue: baseline and total dark, interventions light with a dark outline.
    fill = alt.Color(
        "bar:N",
        scale=alt.Scale(
            domain=["Gap without interventions", "Intervention", "Gap with all"],
            range=["#4c4c4c", "#e3e3e3", "#1d1d1d"],
        ),
        legend=None,
    )
    bars = alt.Chart(data).mark_bar(stroke=DARK, strokeWidth=1, size=48).encode(x=x, y=y, y2="end:Q", fill=fill)
    # A white halo under each range line keeps it visible on the dark bars too.
    halo = alt.Chart(data).mark_rule(color="white", strokeWidth=5).encode(x=x, y="low:Q", y2="high:Q")
    whiskers = alt.Chart(data).mark_rule(color=DARK, strokeWidth=1.5).encode(x=x, y="low:Q", y2="high:Q")
    zero = alt.Chart(pl.DataFrame({"zero": [0.0]})).mark_rule(color=DARK, strokeWidth=1).encode(y="zero:Q")
    text = (
        alt.Chart(data)
        .mark_text(dy=-8, fontSize=12, fontWeight="bold", color=DARK)
        .encode(x=x, y="label_at:Q", text="value_label:N")
    )
    shown_year = year if year is not None else _final_year(result)
    runs = getattr(result, "runs", 1)
    subtitle = [
        "Dark bars: the gap without and with all interventions. Light bars: how much each intervention changes it.",
        "A positive gap is a shortfall of staff. Lines on bars: 90 % of runs (5th to 95th percentile)."
        if runs > 1
        else "A positive gap is a shortfall of staff. One deterministic run.",
    ]
    title = alt.TitleParams(
        "How each intervention changes the workforce gap" + (f" in {shown_year}" if shown_year else ""),
        subtitle=subtitle,
    )
    layers = [zero, bars, halo, whiskers, text] if runs > 1 else [zero, bars, text]
    chart = alt.layer(*layers).properties(title=title, width=max(WIDTH, 120 * steps.height), height=HEIGHT)
    return _config(chart)


def _waterfall_bars(steps: pl.DataFrame) -> pl.DataFrame:
    """Where each waterfall bar starts and ends, its 5th-95th percentile line and its label."""
    starts, ends, lows, highs = [], [], [], []
    previous = 0.0
    for row in steps.iter_rows(named=True):
        if row["kind"] == "intervention":
            start = previous
            end = previous + row["change_fte_mean"]
            low, high = start + row["change_fte_p5"], start + row["change_fte_p95"]
        else:  # baseline and total bars stand on zero
            start, end = 0.0, row["change_fte_mean"]
            low, high = row["change_fte_p5"], row["change_fte_p95"]
        starts.append(start)
        ends.append(end)
        lows.append(low)
        highs.append(high)
        previous = row["gap_after_mean"] if row.get("gap_after_mean") is not None else end
    kind_names = {"baseline": "Gap without interventions", "intervention": "Intervention", "total": "Gap with all"}
    data = steps.with_columns(
        pl.Series("start", starts, dtype=pl.Float64),
        pl.Series("end", ends, dtype=pl.Float64),
        pl.Series("low", lows, dtype=pl.Float64),
        pl.Series("high", highs, dtype=pl.Float64),
        pl.col("kind").replace_strict(kind_names, default="Intervention").alias("bar"),
        pl.col("change_fte_mean")
        .map_elements(lambda v: f"{v:+,.0f} FTE".replace("-", "\u2212"), return_dtype=pl.String)
        .alias("value_label"),
    ).with_columns(
        pl.when(pl.col("kind") == "intervention")
        .then(pl.col("value_label"))
        .otherwise(
            pl.col("change_fte_mean").map_elements(
                lambda v: f"{v:,.0f} FTE".replace("-", "\u2212"), return_dtype=pl.String
            )
        )
        .alias("value_label"),
        pl.max_horizontal("start", "end", "low", "high").alias("label_at"),
    )
    return data


def _final_year(result: Any) -> int | None:
    try:
        return int(result.summary().get_column("year").max())
    except Exception:  # pragma: no cover - a result without years
        return None


def render_chart(chart: alt.TopLevelMixin, fmt: str) -> bytes:
    """The chart as SVG or PNG bytes, rendered by vl-convert with no network access."""
    import vl_convert as vlc

    fmt = fmt.lower().lstrip(".")
    spec = chart.to_json()
    vl_version = alt.SCHEMA_VERSION.lstrip("v").rsplit(".", 1)[0]  # "6.4.1" -> "6.4"
    if vl_version not in vlc.get_vegalite_versions():
        vl_version = None
    if fmt == "svg":
        return vlc.vegalite_to_svg(spec, vl_version=vl_version, allowed_base_urls=[]).encode("utf-8")
    if fmt == "png":
        return vlc.vegalite_to_png(spec, vl_version=vl_version, scale=2, allowed_base_urls=[])
    raise ValueError(f"charts can be saved as {' or '.join(CHART_FORMATS)}, not {fmt!r}")


def save_chart(chart: alt.TopLevelMixin, path: str | Path) -> Path:
    """Write the chart to path; the format comes from the extension (.svg or .png)."""
    path = Path(path)
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in CHART_FORMATS:
        raise ValueError(f"{path}: the file name must end in .svg or .png")
    data = render_chart(chart, fmt)
    path.write_bytes(data)
    return path

"""`lodestar project SCENARIO.yaml`: workforce supply against demand, with Monte Carlo uncertainty and charts."""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lodestar.cli.errors import EXIT_OK, BadInput, reading
from lodestar.cli.files import add_output_options, check_chart_path, choose_format, read_yaml, write_all, write_output
from lodestar.cli.formatting import frame_table, frames_xlsx, to_json

if TYPE_CHECKING:
    import polars as pl

NAME = "project"
FORMATS = ("table", "json", "csv", "xlsx")
TABLE_NAMES = ("summary", "probability_meets_demand", "waterfall", "cost", "steps")
TABLE_HEADINGS = {
    "summary": "Summary: supply, demand and gap in FTE by year and staff group (percentiles across runs)",
    "probability_meets_demand": "Probability that supply meets demand",
    "waterfall": "Gap waterfall at the final year, all staff groups (FTE)",
    "cost": "Cost of interventions by year (GBP)",
    "steps": "Gap waterfall by year: the gap's range and the probability it is closed after each step (FTE)",
}
SCHEDULER_ADDRESS = re.compile(r"^(?:(?:tcp|tls|ws|wss|ucx)://)?[^\s/:]+:\d{1,5}$")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        NAME,
        help="project workforce supply against demand from a scenario file",
        description="Project supply, demand and the gap from a scenario YAML file, with Monte Carlo uncertainty.",
    )
    p.add_argument("scenario", metavar="SCENARIO.yaml", nargs="?", help="the scenario YAML file")
    p.add_argument("--example", action="store_true", help="print a complete, commented example scenario and stop")
    p.add_argument("--runs", type=int, default=1, metavar="N", help="Monte Carlo runs (default 1: deterministic)")
    p.add_argument("--seed", type=int, default=0, metavar="S", help="random seed; the same seed gives the same result")
    add_output_options(p, FORMATS, "write the output to FILE instead of the screen (needed for xlsx)")
    p.add_argument(
        "--table",
        choices=TABLE_NAMES,
        help="output only this table (csv writes one table: summary unless you choose another)",
    )
    p.add_argument("--chart", metavar="FILE.svg|png", help="also draw the fan chart of supply against demand")
    p.add_argument(
        "--chart-staff-group",
        default="all",
        metavar="GROUP",
        help='the staff group the fan chart shows (default "all": every group together)',
    )
    p.add_argument("--waterfall", metavar="FILE.svg|png", help="also draw the gap waterfall by intervention")
    p.add_argument(
        "--waterfall-year",
        type=int,
        metavar="YEAR",
        help="the year the waterfall table and chart show (default: the final year of the projection)",
    )
    p.add_argument("--scheduler", metavar="ADDRESS", help="Dask scheduler address, e.g. tcp://127.0.0.1:8786")
    p.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="show a progress bar on stderr (default: when stderr is a terminal and --runs is more than 1)",
    )
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if args.example:
        return _print_example(args)
    if args.scenario is None:
        raise BadInput("give a scenario file (lodestar project SCENARIO.yaml), or --example to print an example")
    fmt = _check_options(args)

    from lodestar.engine import load_scenario

    data = read_yaml(args.scenario)
    with reading(args.scenario):
        scenario = load_scenario(data)
    _check_waterfall_year(args.waterfall_year, scenario)
    result = _project(args, scenario)
    only = args.table if args.table else ("summary" if fmt == "csv" else None)
    output = render(result, fmt, only, args.waterfall_year)
    charts = _draw_charts(args, result)  # before writing anything, so a failure leaves no half-written output
    write_all(args.out, output, charts, "chart")
    return EXIT_OK


def _print_example(args: argparse.Namespace) -> int:
    from lodestar.engine import EXAMPLE_SCENARIO

    if args.scenario is not None:
        raise BadInput("give either a scenario file or --example, not both")
    write_output(args.out, EXAMPLE_SCENARIO if EXAMPLE_SCENARIO.endswith("\n") else EXAMPLE_SCENARIO + "\n")
    return EXIT_OK


def _check_options(args: argparse.Namespace) -> str:
    """Refuse bad options before reading or running anything; the output format."""
    from lodestar.engine.projection import MAX_RUNS

    if args.runs < 1:
        raise BadInput(f"--runs must be at least 1 (got {args.runs})")
    if args.runs > MAX_RUNS:
        raise BadInput(f"--runs must be at most {MAX_RUNS:,} (got {args.runs:,})")
    if args.seed < 0:
        raise BadInput(f"--seed must be 0 or more (got {args.seed})")
    fmt = choose_format(args.format, args.out, FORMATS)
    if fmt == "xlsx" and args.out is None:
        raise BadInput("--format xlsx writes a spreadsheet: give --out FILE.xlsx")
    if args.scheduler is not None and not SCHEDULER_ADDRESS.match(args.scheduler):
        raise BadInput(f"--scheduler {args.scheduler}: give the Dask scheduler's address as tcp://HOST:PORT")
    check_chart_path("--chart", args.chart)
    check_chart_path("--waterfall", args.waterfall)
    return fmt


def _check_waterfall_year(year: int | None, scenario: Any) -> None:
    """Refuse a waterfall year outside the projection before running it."""
    if year is not None and not scenario.start_year <= year <= scenario.end_year:
        raise BadInput(
            f"--waterfall-year {year}: give a year of the projection, {scenario.start_year} to {scenario.end_year}"
        )


def _project(args: argparse.Namespace, scenario: Any) -> Any:
    from lodestar.engine import run as run_projection

    show_progress = args.progress if args.progress is not None else (sys.stderr.isatty() and args.runs > 1)
    progress, close = _progress(show_progress)
    try:
        with reading(args.scenario):
            return run_projection(scenario, runs=args.runs, seed=args.seed, scheduler=args.scheduler, progress=progress)
    except OSError as err:
        if args.scheduler is None:
            raise
        raise BadInput(f"--scheduler {args.scheduler}: could not reach the Dask scheduler ({err})") from err
    finally:
        close()


def _progress(enabled: bool) -> tuple[Callable[[int, int], None] | None, Callable[[], None]]:
    """A tqdm bar on stderr driven by the engine's progress(done_runs, total_runs) calls."""
    if not enabled:
        return None, lambda: None
    from tqdm import tqdm

    state: dict[str, Any] = {}

    def update(done: int, total: int) -> None:
        bar = state.get("bar")
        if bar is None:
            bar = state["bar"] = tqdm(total=total, file=sys.stderr, unit="run", desc="Projecting", leave=True)
        bar.update(done - bar.n)

    def close() -> None:
        if "bar" in state:
            state["bar"].close()

    return update, close


def _draw_charts(args: argparse.Namespace, result: Any) -> list[tuple[str, bytes]]:
    charts: list[tuple[str, bytes]] = []
    if not (args.chart or args.waterfall):
        return charts
    from lodestar.engine.charts import fan_chart, render_chart, waterfall_chart

    if args.chart:
        try:
            fan = fan_chart(result, staff_group=args.chart_staff_group)
        except ValueError as err:
            raise BadInput(f"--chart-staff-group: {err}") from err
        charts.append((args.chart, render_chart(fan, Path(args.chart).suffix)))
    if args.waterfall:
        chart = waterfall_chart(result, year=args.waterfall_year)
        charts.append((args.waterfall, render_chart(chart, Path(args.waterfall).suffix)))
    return charts


# --------------------------------------------------------------------------- the output


def render(result: Any, fmt: str, only: str | None, waterfall_year: int | None = None) -> str | bytes:
    """The result's tables (or only one) in the chosen format; the waterfall at ``waterfall_year`` if given."""
    tables = result_tables(result, only, waterfall_year)
    if fmt == "json":
        return project_json(result, tables)
    if fmt == "csv":
        return next(iter(tables.values())).write_csv()
    if fmt == "xlsx":
        about = [("scenario", _name(result)), ("runs", result.runs), ("seed", result.seed)]
        return frames_xlsx(tables, about)
    return project_table(result, tables, waterfall_year)


def result_tables(result: Any, only: str | None, waterfall_year: int | None = None) -> dict[str, pl.DataFrame]:
    tables = dict(result.tables())
    if waterfall_year is not None:
        tables["waterfall"] = result.waterfall(waterfall_year)
    return {only: tables[only]} if only else tables


def _name(result: Any) -> str | None:
    return getattr(result.scenario, "name", None)


def project_table(result: Any, tables: dict[str, pl.DataFrame], waterfall_year: int | None = None) -> str:
    runs = f"{result.runs} run" + ("" if result.runs == 1 else "s")
    out = [f"{_name(result) or 'Scenario'}: {runs}, seed {result.seed}", ""]
    for key, df in tables.items():
        heading = TABLE_HEADINGS.get(key, key)
        if key == "waterfall" and waterfall_year is not None:
            heading = f"Gap waterfall in {waterfall_year}, all staff groups (FTE)"
        out += [heading, "-" * len(heading), frame_table(df) if df.height else "(no rows)\n"]
    return "\n".join(out)


def project_json(result: Any, tables: dict[str, pl.DataFrame]) -> str:
    return to_json(
        {
            "scenario": _name(result),
            "runs": result.runs,
            "seed": result.seed,
            "tables": {key: df.to_dicts() for key, df in tables.items()},
        }
    )

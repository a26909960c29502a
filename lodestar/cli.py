"""The `lodestar` command for analysts (user guide: docs/guide/cli.md).

    lodestar wisn FILE [--format table|json|csv] [--out FILE]
    lodestar project SCENARIO.yaml [--runs N] [--seed S] [--format table|json|csv|xlsx] [--out FILE]
                     [--table NAME] [--chart FILE.svg|png] [--waterfall FILE.svg|png]
                     [--scheduler ADDRESS] [--progress | --no-progress]
    lodestar project --example [--out FILE]
    lodestar manage COMMAND ...          Django management commands (import_organisations, ...)

Bad input (a missing file, YAML that does not parse, a field with a wrong value)
prints a message naming the file and the field on stderr and exits with code 2,
without writing any output. Any other exception is a bug and keeps its traceback.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import math
import os
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lodestar.engine.errors import SpecError

if TYPE_CHECKING:
    import polars as pl

    from lodestar.engine.wisn import WisnResult

EXIT_OK = 0
EXIT_BAD_INPUT = 2

WISN_FORMATS = ("table", "json", "csv")
PROJECT_FORMATS = ("table", "json", "csv", "xlsx")
FORMAT_BY_SUFFIX = {".txt": "table", ".json": "json", ".csv": "csv", ".xlsx": "xlsx"}
CHART_SUFFIXES = (".svg", ".png")
SCHEDULER_ADDRESS = re.compile(r"^(?:(?:tcp|tls|ws|wss|ucx)://)?[^\s/:]+:\d{1,5}$")
TABLE_NAMES = ("summary", "probability_meets_demand", "waterfall", "cost")


class BadInput(Exception):
    """A problem with what the user gave us: printed as a message, exit code 2."""


# --------------------------------------------------------------------------- small helpers


def read_text(path: str) -> str:
    """The text of a file the user named, or BadInput in plain words."""
    p = Path(path)
    try:
        return p.read_text(encoding="utf-8")
    except FileNotFoundError as err:
        raise BadInput(f"{path}: no such file") from err
    except IsADirectoryError as err:
        raise BadInput(f"{path}: is a folder, not a file") from err
    except PermissionError as err:
        raise BadInput(f"{path}: permission denied (cannot read the file)") from err
    except UnicodeDecodeError as err:
        raise BadInput(f"{path}: is not a UTF-8 text file") from err
    except OSError as err:
        raise BadInput(f"{path}: cannot read the file ({err.strerror or err})") from err


def write_output(out: str | None, data: str | bytes) -> None:
    """Write to --out, or to stdout when no file was named."""
    if out is None:
        if isinstance(data, bytes):
            sys.stdout.buffer.write(data)
        else:
            sys.stdout.write(data)
        sys.stdout.flush()
        return
    try:
        if isinstance(data, bytes):
            Path(out).write_bytes(data)
        else:
            Path(out).write_text(data, encoding="utf-8")
    except FileNotFoundError as err:
        raise BadInput(f"--out {out}: the folder does not exist") from err
    except IsADirectoryError as err:
        raise BadInput(f"--out {out}: is a folder; give a file name") from err
    except PermissionError as err:
        raise BadInput(f"--out {out}: permission denied (cannot write the file)") from err
    except OSError as err:
        raise BadInput(f"--out {out}: cannot write the file ({err.strerror or err})") from err


def choose_format(fmt: str | None, out: str | None, allowed: Sequence[str]) -> str:
    """--format if given, else from --out's extension, else a table."""
    if fmt is not None:
        return fmt
    if out is None:
        return "table"
    suffix = Path(out).suffix.lower()
    inferred = FORMAT_BY_SUFFIX.get(suffix)
    if inferred is None or inferred not in allowed:
        raise BadInput(
            f"--out {out}: cannot tell the format from the file name; give --format ({'|'.join(allowed)}) "
            f"or end the name in {', '.join(s for s, f in FORMAT_BY_SUFFIX.items() if f in allowed)}"
        )
    return inferred


def check_chart_path(flag: str, path: str | None) -> None:
    if path is not None and Path(path).suffix.lower() not in CHART_SUFFIXES:
        raise BadInput(f"{flag} {path}: the file name must end in .svg or .png")
    if path is not None and not Path(path).resolve().parent.is_dir():
        raise BadInput(f"{flag} {path}: the folder does not exist")


def _clean(value: Any) -> Any:
    """JSON-safe: NaN and infinity become null (JSON has no NaN); everything else unchanged (not rounded)."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    return value


def to_json(data: Any) -> str:
    return json.dumps(_clean(data), indent=2, ensure_ascii=False) + "\n"


def text_table(headers: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[bool] | None = None) -> str:
    """A plain aligned text table: header, a dashed rule, then rows; numbers right-aligned."""
    right = list(right) if right is not None else [False] * len(headers)
    widths = [len(h) for h in headers]
    for row in rows:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], len(cell))

    def line(cells: Sequence[str]) -> str:
        parts = [c.rjust(w) if r else c.ljust(w) for c, w, r in zip(cells, widths, right, strict=True)]
        return "  ".join(parts).rstrip()

    out = [line(headers), line(["-" * w for w in widths])]
    out += [line(row) for row in rows]
    return "\n".join(out) + "\n"


def _fmt_number(value: Any, decimals: int = 2) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        if not math.isfinite(value):
            return ""
        return f"{value:,.{decimals}f}"
    return str(value)


def _fmt_plain(value: float | None) -> str:
    """An input-like figure as the user would write it: 18,000 or 7.5, never 18,000.00."""
    if value is None:
        return ""
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return text if text != "-0" else "0"


def frame_table(df: pl.DataFrame) -> str:
    """A Polars frame as a plain text table with every row and column (no truncation)."""
    import polars as pl

    headers = list(df.columns)
    right = [df.schema[c].is_numeric() for c in headers]
    decimals = {c: (3 if "probability" in c else 1) for c in headers}
    rows = []
    for record in df.iter_rows(named=True):
        cells = []
        for c in headers:
            v = record[c]
            if df.schema[c] in (pl.Int8, pl.Int16, pl.Int32, pl.Int64, pl.UInt8, pl.UInt16, pl.UInt32, pl.UInt64):
                cells.append("" if v is None else str(v))  # years and steps: no thousands separator
            else:
                cells.append(_fmt_number(v, decimals[c]))
        rows.append(cells)
    return text_table(headers, rows, right)


# --------------------------------------------------------------------------- lodestar wisn


def wisn_table(result: WisnResult) -> str:
    r = result
    title = f"WISN for {r.staff_category}" + (f", {r.facility}" if r.facility else "")
    out = [title, "=" * len(title), ""]
    out.append(
        f"Available working time: {_fmt_plain(r.available_working_time_days)} days a year, "
        f"{_fmt_plain(r.available_working_time_hours)} hours a year "
        f"(weekly working hours {_fmt_plain(r.weekly_hours)})"
    )
    out.append("")
    rows = []
    for a in r.standard_workloads:
        standard = (
            f"{_fmt_plain(a.time_per_unit_minutes)} minutes a unit"
            if a.time_per_unit_minutes is not None
            else f"{_fmt_plain(a.rate_per_hour)} units an hour"
        )
        rows.append(
            [
                a.name,
                _fmt_plain(a.annual_workload),
                standard,
                _fmt_number(a.standard_workload, 1),
                _fmt_number(a.staff_needed),
            ]
        )
    rows.append(["Total", "", "", "", _fmt_number(r.staff_for_workload)])
    out.append(
        text_table(
            ["Activity", "Annual workload", "Activity standard", "Standard workload", "Staff needed"],
            rows,
            [False, True, True, True, True],
        )
    )
    if r.category_allowances:
        rows = [[c.name, _fmt_number(c.value)] for c in r.category_allowances]
        rows.append(["Total", _fmt_number(r.total_category_allowance_percent)])
        out.append(text_table(["Category allowance", "% of working time"], rows, [False, True]))
    out.append(f"Category allowance factor (CAF): {r.category_allowance_factor:.3f}")
    out.append("")
    if r.individual_allowances:
        rows = [[i.name, _fmt_plain(i.value)] for i in r.individual_allowances]
        rows.append(["Total", _fmt_plain(r.total_individual_allowance_hours)])
        out.append(text_table(["Individual allowance", "Hours a year"], rows, [False, True]))
    out.append(f"Individual allowance factor (IAF): {r.individual_allowance_factor:.3f}")
    out.append("")
    figures = [["Required staff", _fmt_number(r.required_staff)]]
    if r.existing_staff is not None:
        figures += [
            ["Existing staff", _fmt_number(r.existing_staff)],
            ["WISN difference (existing - required)", _fmt_number(r.wisn_difference)],
            ["WISN ratio (existing / required)", _fmt_number(r.wisn_ratio)],
        ]
    out.append(text_table(["Result", "Staff"], figures, [False, True]).rstrip("\n"))
    if r.interpretation:
        out.append("")
        out.append(f"Interpretation: {r.interpretation}.")
    return "\n".join(out) + "\n"


def wisn_csv(result: WisnResult) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["measure", "item", "value"])
    for measure, item, value in result.rows():
        writer.writerow([measure, item, "" if value is None else value])
    return buf.getvalue()


def cmd_wisn(args: argparse.Namespace) -> int:
    from lodestar.engine.wisn import calculate, load_yaml, parse_wisn

    fmt = choose_format(args.format, args.out, WISN_FORMATS)
    text = read_text(args.file)
    try:
        result = calculate(parse_wisn(load_yaml(text)))
    except SpecError as err:
        raise _spec_problem(args.file, err) from err
    if fmt == "json":
        data: str = to_json(result.to_dict())
    elif fmt == "csv":
        data = wisn_csv(result)
    else:
        data = wisn_table(result)
    write_output(args.out, data)
    return EXIT_OK


# --------------------------------------------------------------------------- lodestar project


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


def result_tables(result: Any, only: str | None) -> dict[str, pl.DataFrame]:
    tables = result.tables()
    return {only: tables[only]} if only else dict(tables)


def project_table(result: Any, tables: dict[str, pl.DataFrame]) -> str:
    name = getattr(result.scenario, "name", None) or "Scenario"
    runs = f"{result.runs} run" + ("" if result.runs == 1 else "s")
    out = [f"{name}: {runs}, seed {result.seed}", ""]
    headings = {
        "summary": "Summary: supply, demand and gap in FTE by year and staff group (percentiles across runs)",
        "probability_meets_demand": "Probability that supply meets demand",
        "waterfall": "Gap waterfall at the final year, all staff groups (FTE)",
        "cost": "Cost of interventions by year (GBP)",
    }
    for key, df in tables.items():
        heading = headings.get(key, key)
        out += [heading, "-" * len(heading), frame_table(df) if df.height else "(no rows)\n"]
    return "\n".join(out)


def project_json(result: Any, tables: dict[str, pl.DataFrame]) -> str:
    return to_json(
        {
            "scenario": getattr(result.scenario, "name", None),
            "runs": result.runs,
            "seed": result.seed,
            "tables": {key: df.to_dicts() for key, df in tables.items()},
        }
    )


def project_xlsx(result: Any, tables: dict[str, pl.DataFrame]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    wb.remove(wb.active)
    for key, df in tables.items():
        ws = wb.create_sheet(title=key[:31])
        ws.append(list(df.columns))
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in df.iter_rows():
            ws.append([None if isinstance(v, float) and not math.isfinite(v) else v for v in row])
        ws.freeze_panes = "A2"
        for i, col in enumerate(df.columns, start=1):
            ws.column_dimensions[ws.cell(row=1, column=i).column_letter].width = max(10, len(col) + 2)
    about = wb.create_sheet(title="about")
    about.append(["scenario", getattr(result.scenario, "name", None)])
    about.append(["runs", result.runs])
    about.append(["seed", result.seed])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def cmd_project(args: argparse.Namespace) -> int:
    from lodestar.engine import EXAMPLE_SCENARIO

    if args.example:
        if args.scenario is not None:
            raise BadInput("give either a scenario file or --example, not both")
        write_output(args.out, EXAMPLE_SCENARIO if EXAMPLE_SCENARIO.endswith("\n") else EXAMPLE_SCENARIO + "\n")
        return EXIT_OK
    if args.scenario is None:
        raise BadInput("give a scenario file (lodestar project SCENARIO.yaml), or --example to print an example")
    from lodestar.engine.projection import MAX_RUNS

    if args.runs < 1:
        raise BadInput(f"--runs must be at least 1 (got {args.runs})")
    if args.runs > MAX_RUNS:
        raise BadInput(f"--runs must be at most {MAX_RUNS:,} (got {args.runs:,})")
    if args.seed < 0:
        raise BadInput(f"--seed must be 0 or more (got {args.seed})")
    fmt = choose_format(args.format, args.out, PROJECT_FORMATS)
    if fmt == "xlsx" and args.out is None:
        raise BadInput("--format xlsx writes a spreadsheet: give --out FILE.xlsx")
    if args.scheduler is not None and not SCHEDULER_ADDRESS.match(args.scheduler):
        raise BadInput(f"--scheduler {args.scheduler}: give the Dask scheduler's address as tcp://HOST:PORT")
    check_chart_path("--chart", args.chart)
    check_chart_path("--waterfall", args.waterfall)

    from lodestar.engine import load_scenario, run
    from lodestar.engine.wisn import load_yaml

    text = read_text(args.scenario)
    try:
        scenario = load_scenario(load_yaml(text))
    except SpecError as err:
        raise _spec_problem(args.scenario, err) from err

    show_progress = args.progress if args.progress is not None else (sys.stderr.isatty() and args.runs > 1)
    progress, close = _progress(show_progress)
    try:
        result = run(scenario, runs=args.runs, seed=args.seed, scheduler=args.scheduler, progress=progress)
    except SpecError as err:
        raise _spec_problem(args.scenario, err) from err
    except OSError as err:
        if args.scheduler is None:
            raise
        raise BadInput(f"--scheduler {args.scheduler}: could not reach the Dask scheduler ({err})") from err
    finally:
        close()

    only = args.table if args.table else ("summary" if fmt == "csv" else None)
    tables = result_tables(result, only)
    if fmt == "json":
        data: str | bytes = project_json(result, tables)
    elif fmt == "csv":
        data = next(iter(tables.values())).write_csv()
    elif fmt == "xlsx":
        data = project_xlsx(result, tables)
    else:
        data = project_table(result, tables)

    # Draw the charts before writing anything, so a failure leaves no half-written output.
    charts: list[tuple[str, bytes]] = []
    if args.chart or args.waterfall:
        from lodestar.engine.charts import fan_chart, render_chart, waterfall_chart

        if args.chart:
            try:
                fan = fan_chart(result, staff_group=args.chart_staff_group)
            except ValueError as err:
                raise BadInput(f"--chart-staff-group: {err}") from err
            charts.append((args.chart, render_chart(fan, Path(args.chart).suffix)))
        if args.waterfall:
            charts.append((args.waterfall, render_chart(waterfall_chart(result), Path(args.waterfall).suffix)))
    write_output(args.out, data)
    written = [Path(args.out)] if args.out else []
    for path, image in charts:
        try:
            Path(path).write_bytes(image)
        except OSError as err:
            for done in written:  # all or nothing: never leave part of the output behind
                done.unlink(missing_ok=True)
            raise BadInput(f"{path}: cannot write the chart ({err.strerror or err})") from err
        written.append(Path(path))
    return EXIT_OK


# --------------------------------------------------------------------------- lodestar manage


def cmd_manage(rest: Sequence[str]) -> int:
    """Run a Django management command (`lodestar manage import_organisations FILE`)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lodestar.config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["lodestar manage", *rest])
    return EXIT_OK


# --------------------------------------------------------------------------- entry point


def _spec_problem(source: str, err: SpecError) -> BadInput:
    problems = getattr(err, "problems", None) or [(getattr(err, "path", ""), getattr(err, "reason", str(err)))]
    count = f"{len(problems)} problem" + ("" if len(problems) == 1 else "s")
    lines = [f"{source}: {count}:"] + [f"  {path}: {reason}" if path else f"  {reason}" for path, reason in problems]
    return BadInput("\n".join(lines))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="lodestar",
        description="Lodestar for analysts: WISN staffing need and workforce projections. Guide: docs/guide/cli.md",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    w = sub.add_parser(
        "wisn",
        help="staffing need for one staff category by the WHO WISN method",
        description="Work out the staff a workload needs (WHO WISN) from a YAML file. Method: docs/engine/wisn.md",
    )
    w.add_argument("file", metavar="FILE", help="the WISN YAML file")
    w.add_argument("--format", choices=WISN_FORMATS, help="output format (default: from --out's extension, else table)")
    w.add_argument("--out", metavar="FILE", help="write the output to FILE instead of the screen")
    w.set_defaults(handler=cmd_wisn)

    p = sub.add_parser(
        "project",
        help="project workforce supply against demand from a scenario file",
        description="Project supply, demand and the gap from a scenario YAML file, with Monte Carlo uncertainty.",
    )
    p.add_argument("scenario", metavar="SCENARIO.yaml", nargs="?", help="the scenario YAML file")
    p.add_argument("--example", action="store_true", help="print a complete, commented example scenario and stop")
    p.add_argument("--runs", type=int, default=1, metavar="N", help="Monte Carlo runs (default 1: deterministic)")
    p.add_argument("--seed", type=int, default=0, metavar="S", help="random seed; the same seed gives the same result")
    p.add_argument(
        "--format", choices=PROJECT_FORMATS, help="output format (default: from --out's extension, else table)"
    )
    p.add_argument("--out", metavar="FILE", help="write the output to FILE instead of the screen (needed for xlsx)")
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
    p.add_argument("--scheduler", metavar="ADDRESS", help="Dask scheduler address, e.g. tcp://127.0.0.1:8786")
    p.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="show a progress bar on stderr (default: when stderr is a terminal and --runs is more than 1)",
    )
    p.set_defaults(handler=cmd_project)

    sub.add_parser(
        "manage",
        help="run a Django management command, e.g. lodestar manage import_organisations FILE",
        add_help=False,
    )
    return parser


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("lodestar")
    except Exception:  # pragma: no cover - not installed
        return "unknown"


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "manage":
        return cmd_manage(argv[1:])
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "handler", None) is None:
        parser.print_help(sys.stderr)
        return EXIT_BAD_INPUT
    try:
        return args.handler(args)
    except BadInput as err:
        print(f"lodestar {args.command}: {err}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("lodestar: stopped", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())

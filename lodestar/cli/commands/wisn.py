"""`lodestar wisn FILE`: the staff a workload needs by the WHO WISN method (docs/engine/wisn.md)."""

from __future__ import annotations

import argparse
import csv
import io
from typing import TYPE_CHECKING

from lodestar.cli.errors import EXIT_OK, reading
from lodestar.cli.files import add_output_options, choose_format, read_yaml, write_output
from lodestar.cli.formatting import fmt_number, fmt_plain, text_table, to_json

if TYPE_CHECKING:
    from lodestar.engine.wisn import WisnResult

NAME = "wisn"
FORMATS = ("table", "json", "csv")


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        NAME,
        help="staffing need for one staff category by the WHO WISN method",
        description="Work out the staff a workload needs (WHO WISN) from a YAML file. Method: docs/engine/wisn.md",
    )
    parser.add_argument("file", metavar="FILE", help="the WISN YAML file")
    add_output_options(parser, FORMATS, "write the output to FILE instead of the screen")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from lodestar.engine.wisn import calculate, parse_wisn

    fmt = choose_format(args.format, args.out, FORMATS)
    data = read_yaml(args.file)
    with reading(args.file):
        result = calculate(parse_wisn(data))
    if fmt == "json":
        text = to_json(result.to_dict())
    elif fmt == "csv":
        text = wisn_csv(result)
    else:
        text = wisn_table(result)
    write_output(args.out, text)
    return EXIT_OK


# --------------------------------------------------------------------------- the report


def wisn_table(result: WisnResult) -> str:
    r = result
    title = f"WISN for {r.staff_category}" + (f", {r.facility}" if r.facility else "")
    out = [title, "=" * len(title), ""]
    out.append(
        f"Available working time: {fmt_plain(r.available_working_time_days)} days a year, "
        f"{fmt_plain(r.available_working_time_hours)} hours a year "
        f"(weekly working hours {fmt_plain(r.weekly_hours)})"
    )
    out += ["", _workload_table(r)]
    if r.category_allowances:
        rows = [[c.name, fmt_number(c.value)] for c in r.category_allowances]
        rows.append(["Total", fmt_number(r.total_category_allowance_percent)])
        out.append(text_table(["Category allowance", "% of working time"], rows, [False, True]))
    out += [f"Category allowance factor (CAF): {r.category_allowance_factor:.3f}", ""]
    if r.individual_allowances:
        rows = [[i.name, fmt_plain(i.value)] for i in r.individual_allowances]
        rows.append(["Total", fmt_plain(r.total_individual_allowance_hours)])
        out.append(text_table(["Individual allowance", "Hours a year"], rows, [False, True]))
    out += [f"Individual allowance factor (IAF): {r.individual_allowance_factor:.3f}", ""]
    out.append(_result_table(r))
    if r.interpretation:
        out += ["", f"Interpretation: {r.interpretation}."]
    return "\n".join(out) + "\n"


def _workload_table(r: WisnResult) -> str:
    rows = []
    for a in r.standard_workloads:
        standard = (
            f"{fmt_plain(a.time_per_unit_minutes)} minutes a unit"
            if a.time_per_unit_minutes is not None
            else f"{fmt_plain(a.rate_per_hour)} units an hour"
        )
        rows.append(
            [
                a.name,
                fmt_plain(a.annual_workload),
                standard,
                fmt_number(a.standard_workload, 1),
                fmt_number(a.staff_needed),
            ]
        )
    rows.append(["Total", "", "", "", fmt_number(r.staff_for_workload)])
    return text_table(
        ["Activity", "Annual workload", "Activity standard", "Standard workload", "Staff needed"],
        rows,
        [False, True, True, True, True],
    )


def _result_table(r: WisnResult) -> str:
    figures = [["Required staff", fmt_number(r.required_staff)]]
    if r.existing_staff is not None:
        figures += [
            ["Existing staff", fmt_number(r.existing_staff)],
            ["WISN difference (existing - required)", fmt_number(r.wisn_difference)],
            ["WISN ratio (existing / required)", fmt_number(r.wisn_ratio)],
        ]
    return text_table(["Result", "Staff"], figures, [False, True]).rstrip("\n")


def wisn_csv(result: WisnResult) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["measure", "item", "value"])
    for measure, item, value in result.rows():
        writer.writerow([measure, item, "" if value is None else value])
    return buf.getvalue()

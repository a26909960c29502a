"""`lodestar import FILE`: check a workforce data file and load it, as the upload page does.

Prints what the file was detected as and why, its rows, months and every problem by row and
column; then loads it through ``lodestar.workforce.actions.run_now`` (upload, check, confirm and
load at once, recorded in the audit log as the person given with ``--as``), unless
``--check-only`` is given or the file has problems.

Exit codes: 0 loaded (or already loaded: unchanged, or checked and fine with --check-only),
1 refused (the file has problems) or failed, 2 bad usage (no such file, person or organisation).
"""

from __future__ import annotations

import argparse
import datetime
import os
from pathlib import Path

from lodestar.cli.errors import EXIT_OK, BadInput

NAME = "import"
EXIT_REFUSED = 1
SOURCES = ("staff_in_post", "turnover", "vacancies", "gp_practice", "population", "staff_records")
MAX_PROBLEMS_SHOWN = 50


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        NAME,
        help="check a workforce data file and load it (as the Workforce upload page does)",
        description="Check a workforce data file (CSV or XLSX) and load it. Exit code 0 loaded or "
        "unchanged, 1 refused, 2 bad usage.",
    )
    parser.add_argument("file", help="the file: a published NHS or ONS file, or your staff records extract")
    parser.add_argument(
        "--source",
        choices=SOURCES,
        help="what the file is (default: worked out from its columns)",
    )
    parser.add_argument(
        "--organisation",
        metavar="ODS_CODE",
        help="whose data it is (default: published national statistics, loaded by platform staff)",
    )
    parser.add_argument(
        "--period", metavar="YYYY-MM", help="the month, for a General Practice Workforce file with no date in it"
    )
    parser.add_argument(
        "--as", dest="as_email", metavar="EMAIL", help="the person the import is recorded as (needed to load)"
    )
    parser.add_argument("--check-only", action="store_true", help="only check the file and print what would be loaded")
    parser.set_defaults(handler=run)


def _period(text: str | None) -> dict:
    if not text:
        return {}
    try:
        month = datetime.date.fromisoformat(f"{text}-01" if len(text) == 7 else text).replace(day=1)
    except ValueError:
        raise BadInput(f"--period must be a month written YYYY-MM, for example 2024-09, not '{text}'") from None
    return {"period": month.isoformat()}


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lodestar.config.settings")
    import django

    django.setup()


def _read(path: Path) -> bytes:
    if not path.is_file():
        raise BadInput(f"{path}: no such file")
    return path.read_bytes()


def _problem_lines(problems) -> list[str]:
    lines = []
    for problem in problems[:MAX_PROBLEMS_SHOWN]:
        row, column, message = problem.get("row"), problem.get("column"), problem.get("message", "")
        where = ", ".join(part for part in (f"row {row}" if row is not None else "", column or "") if part)
        lines.append(f"  {where}: {message}" if where else f"  {message}")
    if len(problems) > MAX_PROBLEMS_SHOWN:
        lines.append(f"  and {len(problems) - MAX_PROBLEMS_SHOWN} more")
    return lines


def report(load) -> str:
    """What was detected, rows, months and problems of an import, as lines for the terminal."""
    from lodestar.workforce.import_presenters import ImportPresenter

    shown = ImportPresenter(load)
    lines = [
        f"{load.file_name}: {shown.status_label}",
        f"  detected: {load.detected or 'nothing'}",
        f"  rows: {load.rows:,}",
        f"  months: {shown.periods}",
        f"  whose data: {shown.owner}",
    ]
    if shown.matched or shown.unmatched_count:
        lines.append(
            f"  organisations: {shown.matched:,} matched in Lodestar by ODS code, {shown.unmatched_count:,} not"
        )
    lines += [f"  {text}" for text in shown.replaces]
    if load.error:
        lines.append(f"  error: {load.error}")
    if load.problems:
        lines.append(f"{len(load.problems)} problem{'s' if len(load.problems) != 1 else ''}:")
        lines += _problem_lines(load.problems)
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    path = Path(args.file)
    options = _period(args.period)
    data = _read(path)
    _setup_django()
    if args.check_only:
        return _check_only(path.name, data, args.source or "", options)
    from lodestar.workforce.models import ImportStatus

    load = _run_now(path.name, data, args, options)
    print(report(load))
    if load.status in (ImportStatus.LOADED, ImportStatus.UNCHANGED):
        return EXIT_OK
    return EXIT_REFUSED


def _run_now(file_name: str, data: bytes, args: argparse.Namespace, options: dict):
    from django.core.exceptions import PermissionDenied

    from lodestar.core.validation import ValidationProblem
    from lodestar.workforce import actions

    actor = _person(args.as_email)
    organisation = _organisation(args.organisation)
    try:
        return actions.run_now(
            actor=actor,
            file_name=file_name,
            data=data,
            organisation=organisation,
            source=args.source or "",
            options=options,
        )
    except PermissionDenied:
        whose = f"{organisation.name}'s" if organisation else "published national"
        raise BadInput(f"{actor.email} may not load {whose} workforce data") from None
    except ValidationProblem as problem:
        raise BadInput("; ".join(f"{f or 'file'}: {m}" for f, m in problem.problems)) from None


def _person(email: str | None):
    from lodestar.accounts.models import User

    if not email:
        raise BadInput("give --as EMAIL: the person the import is recorded as in the audit log")
    person = User.objects.filter(email__iexact=email, is_active=True).first()
    if person is None:
        raise BadInput(f"--as {email}: no one uses Lodestar with that email address")
    return person


def _organisation(code: str | None):
    from lodestar.orgs.models import Organisation

    if not code:
        return None
    organisation = Organisation.objects.filter(ods_code__iexact=code.strip()).first()
    if organisation is None:
        raise BadInput(f"--organisation {code}: no organisation in Lodestar has that ODS code")
    return organisation


def _check_only(file_name: str, data: bytes, source: str, options: dict) -> int:
    """Read the file with its ingestor only: nothing is stored."""
    from lodestar.ingest import IngestError, identify, open_any
    from lodestar.ingest import source as ingestor

    try:
        table = open_any(file_name, data)
    except IngestError as err:
        print(f"{file_name}: not readable\n" + "\n".join(f"  {m}" for m in err.messages))
        return EXIT_REFUSED
    detection = identify(table.header, expected=source or None)
    if detection.name is None:
        print(f"{file_name}: not recognised\n  {detection.reason}")
        return EXIT_REFUSED
    frame, problems = ingestor(detection.name).read(table, **options)
    print(f"{file_name}: {ingestor(detection.name).LABEL}")
    print(f"  detected: {detection.reason}")
    print(f"  rows: {table.rows:,}")
    print(f"  months: {_months(frame)}")
    if problems:
        print(f"{len(problems)} problem{'s' if len(problems) != 1 else ''}:")
        print("\n".join(_problem_lines([p.as_dict() for p in problems])))
        return EXIT_REFUSED
    print("  checked: no problems (nothing was loaded: --check-only)")
    return EXIT_OK


def _months(frame) -> str:
    from lodestar.workforce.import_presenters import periods_text

    if "period" in frame.columns:
        return periods_text([d.isoformat() for d in frame["period"].unique().sort().to_list() if d])
    if "year" in frame.columns:
        years = frame["year"].unique().sort().to_list()
        return f"{years[0]} to {years[-1]}" if years else "None"
    return "None"

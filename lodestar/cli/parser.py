"""The `lodestar` parser and entry point: registers each command module and runs the one asked for."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from lodestar.cli.commands import COMMANDS
from lodestar.cli.errors import EXIT_BAD_INPUT, EXIT_STOPPED, BadInput


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="lodestar",
        description="Lodestar for analysts: WISN staffing need and workforce projections. Guide: docs/guide/cli.md",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command in COMMANDS:
        command.register(sub)
    return parser


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("lodestar")
    except Exception:  # pragma: no cover - not installed
        return "unknown"


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    raw = {c.NAME: c.run for c in COMMANDS if getattr(c, "RAW", False)}
    if argv and argv[0] in raw:
        return raw[argv[0]](argv[1:])
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
        return EXIT_STOPPED

"""`lodestar manage COMMAND ...`: Django management commands with Lodestar's settings (import_organisations, ...).

Django parses its own arguments, so this command takes the raw words after `manage` (RAW = True):
`lodestar manage --help` is Django's help, not argparse's.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence

from lodestar.cli.errors import EXIT_OK

NAME = "manage"
RAW = True  # main() hands it everything after the command name, unparsed


def register(sub: argparse._SubParsersAction) -> None:
    sub.add_parser(
        NAME,
        help="run a Django management command, e.g. lodestar manage import_organisations FILE",
        add_help=False,
    )


def run(argv: Sequence[str]) -> int:
    """Run a Django management command (`lodestar manage import_organisations FILE`)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lodestar.config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["lodestar manage", *argv])
    return EXIT_OK

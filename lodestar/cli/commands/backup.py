"""`lodestar backup FILE`: the database and the uploaded files, consistent together, in one .tar.gz file.

Calls the management command of the same name (lodestar.core.backup does the work; the deployment
guide, docs/guide/deployment.md "Backup and restore", says what a backup holds). Its partner is
`lodestar restore` (commands/restore.py). A refusal (a damaged backup, a database that already
holds data, a file that cannot be written) is bad input: its message on stderr and exit code 2.
"""

from __future__ import annotations

import argparse
import os

from lodestar.cli.errors import EXIT_OK, BadInput

NAME = "backup"


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        NAME,
        help="write the database and the uploaded files to one .tar.gz file",
        description="Write the database and the uploaded files, consistent together, to one .tar.gz file.",
    )
    parser.add_argument("file", help="where to write the backup, e.g. lodestar-2026-12-03.tar.gz")
    parser.set_defaults(handler=run)


def call_management_command(command: str, *args: str) -> int:
    """Run a Django management command; its CommandError becomes BadInput (message, exit code 2)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lodestar.config.settings")
    import django
    from django.core.management import CommandError, call_command

    django.setup()
    try:
        call_command(command, *args)
    except CommandError as err:
        raise BadInput(str(err)) from err
    return EXIT_OK


def run(args: argparse.Namespace) -> int:
    return call_management_command("backup", str(args.file))

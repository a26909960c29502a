"""`lodestar restore FILE [--replace]`: bring back a backup made by `lodestar backup` (commands/backup.py).

Refuses a damaged backup, and a database that already holds data unless ``--replace`` is given;
the rows are written in one transaction, so a failed restore changes nothing.
"""

from __future__ import annotations

import argparse

from lodestar.cli.commands.backup import call_management_command

NAME = "restore"


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        NAME,
        help="restore a backup made by 'lodestar backup' into this database and media folder",
        description="Restore a backup made by 'lodestar backup' into this database and media folder.",
    )
    parser.add_argument("file", help="the backup file (.tar.gz) made by 'lodestar backup'")
    parser.add_argument(
        "--replace", action="store_true", help="delete everything in this database first (when it is not empty)"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    return call_management_command("restore", str(args.file), *(["--replace"] if args.replace else []))

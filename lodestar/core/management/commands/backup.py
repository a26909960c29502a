"""``manage.py backup FILE.tar.gz`` (also ``lodestar manage backup``): see lodestar.core.backup."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from lodestar.core.backup import BackupError, backup


class Command(BaseCommand):
    help = "Write the database and the uploaded files, consistent together, to one .tar.gz file."

    def add_arguments(self, parser):
        parser.add_argument("file", help="where to write the backup, e.g. lodestar-2026-12-03.tar.gz")

    def handle(self, *args, **options):
        try:
            manifest = backup(options["file"])
        except (BackupError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        files = len(manifest["sha256"]) - 1
        self.stdout.write(f"Backed up {manifest['rows']} rows and {files} uploaded files to {options['file']}.")

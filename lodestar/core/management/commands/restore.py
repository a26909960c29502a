"""``manage.py restore FILE.tar.gz [--replace]`` (also ``lodestar manage restore``)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from lodestar.core.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore a backup made by 'backup' into this database and media folder."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the backup file (.tar.gz) made by 'backup'")
        parser.add_argument(
            "--replace", action="store_true", help="delete everything in this database first (it is not empty)"
        )

    def handle(self, *args, **options):
        try:
            manifest = restore(options["file"], replace=options["replace"])
        except (BackupError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Restored {manifest['rows']} rows and {len(manifest['sha256']) - 1} uploaded files "
            f"from a backup made on {manifest['created_at']} ({manifest['database']})."
        )

"""manage.py import_organisations FILE [--dry-run]: add or update organisations from a CSV or XLSX file."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lodestar.orgs import importers


class Command(BaseCommand):
    help = (
        "Add or update organisations from a CSV or Excel (.xlsx) file with the columns code,name,type,parent_code. "
        "Every row is checked first; when any row has a problem, every problem is listed and nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("csv_file", help="Path to the CSV file (UTF-8) or Excel file (.xlsx)")
        parser.add_argument("--dry-run", action="store_true", help="Check the file and report; write nothing")

    def handle(self, *args, csv_file, dry_run=False, **options):
        path = Path(csv_file)
        if not path.is_file():
            raise CommandError(f"File not found: {path}")
        # Any file that is not .xlsx is read as CSV, whatever its extension.
        name = path.name if path.suffix.lower() == ".xlsx" else f"{path.stem}.csv"
        result = importers.apply(path, name=name, actor=None, dry_run=dry_run)
        if not result.ok:
            for error in result.errors:
                self.stderr.write(error)
            raise CommandError(
                f"{len(result.errors)} problem{'s' if len(result.errors) != 1 else ''} in {path.name}. "
                "Nothing was imported."
            )
        if dry_run:
            self.stdout.write(f"Dry run: {result.summary()}. Nothing was written.")
        else:
            self.stdout.write(self.style.SUCCESS(f"Imported {path.name}: {result.summary()}."))

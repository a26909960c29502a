"""python manage.py load_catalogue [FILE]: load the national Star intervention catalogue."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from lodestar.star import actions
from lodestar.star.catalogue import DEFAULT_PATH, CatalogueError


class Command(BaseCommand):
    help = (
        "Validate the national intervention catalogue data file and bring the database in line with it: "
        "create and update Star points and national interventions by id, and retire national interventions "
        "no longer in the file. Writes nothing if the file has any problem. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default=str(DEFAULT_PATH), help=f"YAML file (default: {DEFAULT_PATH})")

    def handle(self, *args, **options):
        try:
            result = actions.load_catalogue(path=options["file"])
        except CatalogueError as exc:
            lines = [f"  {path}: {reason}" if path else f"  {reason}" for path, reason in exc.problems]
            raise CommandError(
                f"The catalogue was not loaded: {options['file']} has {len(exc.problems)} "
                f"problem{'s' if len(exc.problems) != 1 else ''}. Nothing was changed.\n" + "\n".join(lines)
            ) from exc
        self.stdout.write(result.summary())
        for label, codes in (("Created", result.created), ("Updated", result.updated), ("Retired", result.retired)):
            if codes and options["verbosity"] >= 2:
                self.stdout.write(f"{label}: {', '.join(codes)}")

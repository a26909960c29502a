"""System checks that ``manage.py check --deploy`` runs before Lodestar goes live."""

from __future__ import annotations

from django.conf import settings
from django.core import checks


@checks.register("lodestar", deploy=True)
def production_database_is_not_sqlite(app_configs=None, **kwargs):
    """SQLite serialises every writer behind one file lock: fine for one person's demo, not for a
    service many people write to at once. Production runs on PostgreSQL (docs/guide/deployment.md)."""
    if not getattr(settings, "PRODUCTION", False):
        return []
    engine = settings.DATABASES["default"]["ENGINE"]
    if "sqlite" in engine:
        return [
            checks.Error(
                "DATABASE_URL points at SQLite, which production does not support.",
                hint="Set DATABASE_URL to a PostgreSQL database, e.g. postgres://USER:PASSWORD@HOST:5432/NAME.",
                id="lodestar.E001",
            )
        ]
    return []

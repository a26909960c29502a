"""manage.py load_demo_data: demo organisations, people, workshops, plans and workforce figures.

Idempotent: run it as often as you like. Refuses to run when LODESTAR_ENV=production.
"""

from __future__ import annotations

import importlib
import importlib.util

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings

# projections: built from workforce data; learning: case studies tagged with catalogue interventions
DEMO_APPS = [
    "star",
    "workshops",
    "plans",
    "workforce",
    "projections",
    "learning",
    "programmes",
    "pilots",
    "pathways",
    "roles",
    "talent",
    "networks",
]


class Command(BaseCommand):
    help = "Load demo organisations and people (password lodestar-demo-2026). Safe to run again."

    def handle(self, *args, **options):
        if getattr(settings, "PRODUCTION", False):
            raise CommandError("Demo data is not loaded when LODESTAR_ENV=production.")
        from lodestar.accounts import demo as people_demo
        from lodestar.orgs import demo as orgs_demo

        with transaction.atomic():
            orgs = orgs_demo.load()
            people = people_demo.load(orgs)
        # Demo invitations are real invitations; keep their emails out of the terminal.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            for app in DEMO_APPS:
                name = f"lodestar.{app}.demo"
                if importlib.util.find_spec(name) is None:
                    continue
                importlib.import_module(name).load()

        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        self.stdout.write("")
        self.stdout.write("Open http://127.0.0.1:8000 and sign in with one of these:")
        for user in people:
            self.stdout.write(f"  {user.email:<34} {user.full_name}, {user.job_title}")
        self.stdout.write(f"Password for every demo account: {people_demo.PASSWORD}")

"""A small scheduler for machines without cron: enqueue the day's reminders now and then every
``--every`` seconds (default an hour). Each run sends only what was not sent before, so running
it hourly sends each reminder once; ``make run`` starts it beside the server and the worker."""

from __future__ import annotations

import signal
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections


class Command(BaseCommand):
    help = "Enqueue send_reminders now and every --every seconds until stopped."

    def add_arguments(self, parser):
        parser.add_argument("--every", type=int, default=3600, help="Seconds between runs (default 3600)")
        parser.add_argument("--once", action="store_true", help="Run once and stop")

    def handle(self, *args, every=3600, once=False, **options):
        stopping = []
        signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
        while not stopping:
            try:
                call_command("send_reminders", stdout=self.stdout)
            except Exception as error:  # the database may be busy or restarting: try again next time
                self.stderr.write(f"Could not queue the reminders: {error}")
            finally:
                close_old_connections()
            if once:
                return
            for _ in range(max(every, 1)):
                if stopping:
                    break
                time.sleep(1)

"""Enqueue (or, with --now, run here) the day's reminder emails. Run it once a day: cron, a
systemd timer or ``run_scheduler`` (docs/guide/deployment.md). Running it twice sends nothing twice."""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from lodestar.notifications import tasks


class Command(BaseCommand):
    help = "Reminder emails for a day: due soon, overdue, no progress update, and the weekly digest on its weekday."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="The day to remind about (YYYY-MM-DD; default today)")
        parser.add_argument(
            "--now", action="store_true", help="Send here and now instead of leaving it to the task worker"
        )
        parser.add_argument(
            "--digest", action="store_true", help="Send the weekly digest whatever the day (once a week still)"
        )

    def handle(self, *args, date=None, now=False, digest=False, **options):
        try:
            day = datetime.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError as error:
            raise CommandError(f"--date must be a date like 2026-12-03, not {date!r}") from error
        arguments = (day.isoformat(), True if digest else None)
        if now:
            sent = tasks.send_reminders.call(*arguments)
            self.stdout.write(", ".join(f"{kind}: {n} sent" for kind, n in sent.items()))
        else:
            result = tasks.send_reminders.enqueue(*arguments)
            self.stdout.write(f"Reminders for {day.isoformat()} queued for the task worker (task {result.id}).")

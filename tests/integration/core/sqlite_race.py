"""Simultaneous writes against a SQLite file, as `make run` serves them (run by
test_sqlite_concurrency.py in a subprocess so it gets a real file database and real connections).

Usage: python -m tests.integration.core.sqlite_race DB_FILE
Prints JSON: the status codes and what the database holds afterwards.
"""

from __future__ import annotations

import datetime
import json
import os
import sys
import threading

os.environ["DATABASE_URL"] = f"sqlite:///{sys.argv[1]}"
os.environ["DJANGO_SETTINGS_MODULE"] = "lodestar.config.settings"
os.environ["DJANGO_DEBUG"] = "0"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connections  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

call_command("migrate", verbosity=0)

from lodestar.plans.models import Action, ProgressUpdate  # noqa: E402
from tests.dates import boxes  # noqa: E402
from tests.factories import PASSWORD, hierarchy, member  # noqa: E402
from tests.factories.plans import ActionFactory, ActionPlanFactory  # noqa: E402


def at_once(count: int, work) -> list[int]:
    """Run ``work(i)`` in ``count`` threads released together; their status codes."""
    barrier = threading.Barrier(count)
    codes = [0] * count

    def run(i):
        try:
            barrier.wait()
            codes[i] = work(i)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return codes


def signed_in(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


orgs = hierarchy()
people = [member(orgs["trust_a"], "contributor", email=f"person{i}@example.nhs.uk") for i in range(20)]
action = ActionFactory(plan=ActionPlanFactory(organisation=orgs["trust_a"]), title="Original")
edit_url = reverse("plans:action-edit", kwargs={"action_id": action.pk})
progress_url = reverse("plans:progress-new", kwargs={"action_id": action.pk})
clients = [signed_in(p) for p in people]
connections.close_all()
form = {
    "point": action.point_id,
    "organisation": action.organisation_id,
    "due_date": action.due_date.isoformat(),
    "status": action.status,
    "version": action.version,
}


def save(i):
    response = clients[i].post(edit_url, boxes({**form, "title": f"Title from person {i}"}))
    text = response.content.decode() if response.status_code == 200 else ""
    return 409 if "Someone else changed this action" in text else response.status_code


def update(i):
    today = datetime.date.today().isoformat()
    return clients[i].post(progress_url, boxes({"date": today, "text": f"Update {i}"})).status_code


def wrong_password(i):
    client = Client(raise_request_exception=False)
    return client.post(
        reverse("accounts:sign-in"), {"email": people[i].email, "password": "wrong-" + PASSWORD}
    ).status_code


result = {
    "saves": at_once(10, save),
    "progress": at_once(20, update),
    "sign_ins": at_once(8, wrong_password),
}
result["titles"] = list(Action.objects.filter(pk=action.pk).values_list("title", flat=True))
result["progress_rows"] = ProgressUpdate.objects.filter(action=action).count()
print(json.dumps(result))

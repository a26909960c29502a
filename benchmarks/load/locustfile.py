"""Signed-in people reading Lodestar's busiest pages (run by `make load`, benchmarks/load/runner.py).

Each simulated person signs in once through the sign-in form (as a real browser would: the form's
CSRF cookie, then a POST), then visits the pages in LOAD_PAGES (a JSON object name -> path that
the runner finds in the demo data) at random, pausing LOAD_WAIT_MIN to LOAD_WAIT_MAX seconds
between pages. A page counts as an error unless it answers 200 for a signed-in person (a
redirect to the sign-in page is an error too). A failed sign-in stops that person at once, so
the test never hammers the lock-out (django-axes locks an address after 5 failures).

The figures are those of LOAD_SECONDS with every person signed in: the sign-ins (Argon2, slow by
design) come first, and once the last person is in, the figures so far (the sign-ins and any
pages already visited) are written to LOAD_SIGN_IN_FILE with the time, the statistics are reset
and the measured window starts; the test stops itself when the window ends.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import time
from pathlib import Path

import gevent
from locust import FastHttpUser, between, task
from locust.exception import StopUser

SIGN_IN = "/account/sign-in/"
EMAILS = os.environ.get("LOAD_EMAILS", "facilitator@demo.lodestar.test").split(",")
PASSWORD = os.environ.get("LOAD_PASSWORD", "lodestar-demo-2026")
PAGES: dict[str, str] = json.loads(os.environ.get("LOAD_PAGES", '{"home": "/"}'))
SECONDS = float(os.environ.get("LOAD_SECONDS", "60"))
SIGN_IN_FILE = os.environ.get("LOAD_SIGN_IN_FILE", "")
PERCENTILES = [("50%", 0.5), ("95%", 0.95), ("99%", 0.99)]
_people = itertools.count()
_signed_in = itertools.count(1)


def _start_measuring(environment) -> None:
    """Every person is signed in: keep the sign-in figures, reset the statistics, stop after SECONDS."""
    if SIGN_IN_FILE:
        warm_up = [
            {
                "Name": name,
                "Request Count": entry.num_requests,
                **{label: entry.get_response_time_percentile(q) for label, q in PERCENTILES},
                "Failure Count": entry.num_failures,
            }
            for (name, _method), entry in sorted(environment.stats.entries.items())
        ]
        Path(SIGN_IN_FILE).write_text(json.dumps({"measured_from": time.time(), "warm_up": warm_up}))
    environment.stats.reset_all()
    gevent.spawn_later(SECONDS, environment.runner.quit)


class SignedInPerson(FastHttpUser):
    wait_time = between(float(os.environ.get("LOAD_WAIT_MIN", "1")), float(os.environ.get("LOAD_WAIT_MAX", "2")))

    def on_start(self):
        email = EMAILS[next(_people) % len(EMAILS)]
        self.client.get(SIGN_IN, name="sign in (form)")
        token = next((c.value for c in self.client.cookiejar if c.name == "csrftoken"), "")
        with self.client.post(
            SIGN_IN,
            data={"csrfmiddlewaretoken": token, "email": email, "password": PASSWORD},
            name="sign in",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"sign-in as {email} answered {response.status_code}, not a redirect")
                raise StopUser()
        if next(_signed_in) == self.environment.runner.target_user_count:
            _start_measuring(self.environment)

    @task
    def visit_a_page(self):
        name, path = random.choice(list(PAGES.items()))
        with self.client.get(path, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{path} answered {response.status_code}")
            elif SIGN_IN in response.url:
                response.failure(f"{path} sent a signed-in person to the sign-in page")

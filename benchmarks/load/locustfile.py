"""Signed-in people reading Lodestar's busiest pages (run by `make load`, benchmarks/load/runner.py).

Each simulated person signs in once through the sign-in form (as a real browser would: the form's
CSRF cookie, then a POST), then visits the pages in LOAD_PAGES (a JSON object name -> path that
the runner finds in the demo data) at random, pausing LOAD_WAIT_MIN to LOAD_WAIT_MAX seconds
between pages. A page counts as an error unless it answers 200 for a signed-in person (a
redirect to the sign-in page is an error too). A failed sign-in stops that person at once, so
the test never hammers the lock-out (django-axes locks an address after 5 failures).
"""

from __future__ import annotations

import itertools
import json
import os
import random

from locust import HttpUser, between, task
from locust.exception import StopUser

SIGN_IN = "/account/sign-in/"
EMAILS = os.environ.get("LOAD_EMAILS", "facilitator@demo.lodestar.test").split(",")
PASSWORD = os.environ.get("LOAD_PASSWORD", "lodestar-demo-2026")
PAGES: dict[str, str] = json.loads(os.environ.get("LOAD_PAGES", '{"home": "/"}'))
_people = itertools.count()


class SignedInPerson(HttpUser):
    wait_time = between(float(os.environ.get("LOAD_WAIT_MIN", "1")), float(os.environ.get("LOAD_WAIT_MAX", "2")))

    def on_start(self):
        email = EMAILS[next(_people) % len(EMAILS)]
        self.client.get(SIGN_IN, name="sign in (form)")
        token = self.client.cookies.get("csrftoken", "")
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

    @task
    def visit_a_page(self):
        name, path = random.choice(list(PAGES.items()))
        with self.client.get(path, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{path} answered {response.status_code}")
            elif SIGN_IN in response.url:
                response.failure(f"{path} sent a signed-in person to the sign-in page")

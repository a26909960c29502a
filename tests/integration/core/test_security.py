"""The security baseline: production settings pass Django's deployment checks, refuse to start
without their secrets, and every page carries the security headers and a working CSP nonce."""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
HOST = "lodestar.example.nhs.uk"


def production_env(**overrides: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "LODESTAR_", "DATABASE_URL"))}
    env.update(
        LODESTAR_ENV="production",
        DJANGO_SETTINGS_MODULE="lodestar.config.settings",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS=HOST,
        DATABASE_URL="sqlite:///:memory:",
    )
    for key, value in overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )


# The deployment checks read settings only; they never connect to this database.
POSTGRES_URL = "postgres://lodestar:secret@db.example.invalid:5432/lodestar"


def test_deployment_checks_pass_with_production_settings():
    env = production_env(DATABASE_URL=POSTGRES_URL)
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_deployment_checks_refuse_sqlite_in_production():
    result = run(["manage.py", "check", "--deploy"], production_env(DATABASE_URL="sqlite:////tmp/lodestar.sqlite3"))
    assert result.returncode != 0
    assert "DATABASE_URL points at SQLite, which production does not support" in result.stdout + result.stderr


@pytest.mark.parametrize("variable", ["DJANGO_SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"])
def test_production_refuses_to_start_without_a_secret(variable):
    result = run(["-c", "import django; django.setup()"], production_env(**{variable: None}))
    assert result.returncode != 0
    assert f"{variable} must be set in the environment" in result.stderr
    assert "docs/guide/deployment.md" in result.stderr


@pytest.mark.parametrize(
    "key", ["short", "development-only-insecure-key-do-not-use-in-production-0123456789", "a" * 60]
)
def test_production_refuses_a_weak_secret_key(key):
    result = run(["-c", "import django; django.setup()"], production_env(DJANGO_SECRET_KEY=key))
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is too weak" in result.stderr


def test_development_starts_with_no_environment():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "LODESTAR_", "DATABASE_URL"))}
    env["DJANGO_SETTINGS_MODULE"] = "lodestar.config.settings"
    result = run(["-c", "import django; django.setup(); print('ok')"], env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


@pytest.mark.django_db
def test_pages_carry_security_headers_and_a_matching_csp_nonce(client):
    response = client.get("/accessibility/")
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    nonce = re.search(r"'nonce-([^']+)'", directives["script-src"]).group(1)
    page = response.content.decode()
    inline_scripts = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", page)
    assert inline_scripts, "the NHS.UK template's inline script is expected"
    assert all(f'nonce="{nonce}"' in attrs for attrs in inline_scripts)
    assert "'unsafe-inline'" not in csp
    assert directives["default-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert "assets.nhs.uk" not in csp  # NHS web fonts are not loaded: pages fall back to Arial
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    # A fresh nonce on every response.
    again = client.get("/accessibility/")["Content-Security-Policy"]
    assert re.search(r"'nonce-([^']+)'", again).group(1) != nonce


# Runs with the production settings in a fresh interpreter. Static files are collected with
# Django's manifest storage (what production uses, minus whitenoise's 30-second compression),
# so a page that asks for a file missing from the manifest fails here as it would in production.
PRODUCTION_PROBE = f"""
import json, sys, django
django.setup()
from django.conf import settings
from django.core.management import call_command
from django.test import Client, override_settings
from django.test.utils import setup_test_environment
setup_test_environment()
override_settings(STORAGES={{**settings.STORAGES, "staticfiles": {{
    "BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"}}}}).enable()
call_command("collectstatic", interactive=False, verbosity=0)
call_command("migrate", verbosity=0)
from lodestar.accounts.models import User
User.objects.create_user("probe@example.nhs.uk", "correct-horse-battery-staple", full_name="Probe")
c = Client(HTTP_HOST="{HOST}")
plain = c.get("/account/sign-in/")
page = c.get("/account/sign-in/", secure=True)
signed_in = c.post("/account/sign-in/", {{"email": "probe@example.nhs.uk", "username": "probe@example.nhs.uk",
    "password": "correct-horse-battery-staple"}}, secure=True, HTTP_REFERER="https://{HOST}/account/sign-in/")
cookies = {{name: dict(m) for name, m in c.cookies.items()}}
print(json.dumps({{
    "plain_status": plain.status_code, "plain_location": plain.get("Location", ""),
    "hsts": page.get("Strict-Transport-Security", ""), "sign_in_status": signed_in.status_code,
    "cookies": cookies, "session_secure": settings.SESSION_COOKIE_SECURE,
    "session_httponly": settings.SESSION_COOKIE_HTTPONLY, "csrf_secure": settings.CSRF_COOKIE_SECURE,
}}))
"""


@pytest.mark.slow
def test_production_cookies_are_secure_and_https_is_enforced(tmp_path):
    result = run(["-c", PRODUCTION_PROBE], production_env(LODESTAR_STATIC_ROOT=str(tmp_path)))
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.strip().splitlines()[-1])
    # Plain http is redirected to https.
    assert found["plain_status"] == 301
    assert found["plain_location"].startswith(f"https://{HOST}/")
    # HSTS for two years, subdomains included.
    assert "max-age=63072000" in found["hsts"] and "includeSubDomains" in found["hsts"]
    assert found["session_secure"] and found["session_httponly"] and found["csrf_secure"]
    cookies = found["cookies"]
    assert cookies["csrftoken"]["secure"] is True
    assert cookies["csrftoken"]["samesite"] == "Lax"
    assert found["sign_in_status"] == 302, "the probe could not sign in"
    assert cookies["sessionid"]["secure"] is True
    assert cookies["sessionid"]["httponly"] is True

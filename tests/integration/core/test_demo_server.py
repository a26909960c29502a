"""The demo (`make run`) shows what users will see: Lodestar's own error pages, not Django's
debug pages, with the NHS.UK styles still served (WhiteNoise, DEBUG off)."""

from __future__ import annotations

import os
import shlex
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def make_run_command() -> str:
    """The command `make run` finally runs (make -n prints it without running anything)."""
    printed = subprocess.run(["make", "-n", "run"], cwd=ROOT, capture_output=True, text=True, check=True)
    [line] = [line for line in printed.stdout.splitlines() if "runserver" in line]
    return line


def test_make_run_serves_the_demo_with_debug_off():
    command = make_run_command()
    assert command.startswith("DJANGO_DEBUG=0 ") and command.endswith("manage.py runserver 127.0.0.1:8000")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, str, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read().decode()


@pytest.fixture
def demo_server(tmp_path):
    """The server started exactly as `make run` starts it, on a free port and an empty database."""
    port = _free_port()
    words = shlex.split(make_run_command().replace("127.0.0.1:8000", f"127.0.0.1:{port}"))
    assignments = dict(w.split("=", 1) for w in words if "=" in w and not w.startswith("127."))
    program_and_args = [w for w in words if w.split("=", 1)[0] not in assignments]
    env = {
        **os.environ,
        **assignments,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}",
        "LODESTAR_ENV": "development",
    }
    process = subprocess.Popen(
        [sys.executable, *program_and_args[1:]],  # the virtualenv's python, as $(BIN)/python
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # the autoreloader's child is in the same group and stops with it
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):  # up to a minute on a busy machine
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("the demo server did not start")
        yield base
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)


@pytest.mark.slow
def test_a_missing_page_in_the_demo_is_lodestars_page_with_its_styles(demo_server):
    status, content_type, html = _get(f"{demo_server}/no-such-page/")
    assert status == 404 and content_type.startswith("text/html")
    assert "<title>Page not found - Lodestar</title>" in html and "nhsuk-header" in html
    assert "check it was correct" in html
    assert "Using the URLconf" not in html and "DEBUG = True" not in html  # not Django's debug page

    status, content_type, css = _get(f"{demo_server}/static/core/lodestar.css")
    assert status == 200 and content_type.startswith("text/css") and css.strip()

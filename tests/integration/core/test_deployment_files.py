"""The production server files agree with the repository: the gunicorn settings, the Dockerfile, the compose
file and `make serve-production` (docs/guide/deployment.md).

Docker images cannot be built on the development machines (no registry for base images), so these tests check
what can be checked without Docker: the compose file parses, every service runs something that exists here, and
the image installs exactly the pinned dependencies of pyproject.toml.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parents[3]
GUNICORN_CONFIG = "lodestar/config/gunicorn.py"
DOCKERFILE = (ROOT / "Dockerfile").read_text()
COMPOSE = yaml.safe_load((ROOT / "compose.yaml").read_text())
GUIDE = (ROOT / "docs" / "guide" / "deployment.md").read_text()
PINNED = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]


def gunicorn_settings(**env: str) -> dict[str, str]:
    """The settings gunicorn itself reads from our config file, with ``env`` set."""
    done = subprocess.run(
        [sys.executable, "-m", "gunicorn", "--print-config", "-c", GUNICORN_CONFIG],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return dict(re.findall(r"^(\w+)\s+= (.*)$", done.stdout, flags=re.M))


def test_gunicorn_listens_on_loopback_with_2_workers_of_4_threads_and_logs_requests_to_stdout():
    config = gunicorn_settings()
    assert config["wsgi_app"] == "lodestar.config.wsgi:application"
    assert config["bind"] == "['127.0.0.1:8000']"
    assert (config["workers"], config["threads"], config["worker_class"]) == ("2", "4", "gthread")
    assert config["accesslog"] == "-"


def test_gunicorn_settings_come_from_the_environment():
    config = gunicorn_settings(LODESTAR_BIND="0.0.0.0:9000", LODESTAR_WORKERS="3", LODESTAR_THREADS="2")
    assert (config["bind"], config["workers"], config["threads"]) == ("['0.0.0.0:9000']", "3", "2")


def test_every_dependency_is_pinned_and_gunicorn_is_one():
    assert all(re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[\w.]+", dep) for dep in PINNED), PINNED
    assert "gunicorn==27.0.1" in PINNED


def test_make_serve_production_runs_gunicorn_with_the_settings_file():
    makefile = (ROOT / "Makefile").read_text()
    recipe = re.search(r"^serve-production:.*?\n((?:\t.*\n)+)", makefile, flags=re.M).group(1)
    assert f"gunicorn -c {GUNICORN_CONFIG}" in recipe


def test_the_image_installs_the_pinned_dependencies_of_pyproject(tmp_path):
    assert DOCKERFILE.startswith("#") and re.search(r"^FROM python:3\.11-slim$", DOCKERFILE, flags=re.M)
    # The requirements come from pyproject.toml itself: run the Dockerfile's own one-liner on it.
    one_liner = re.search(r'RUN (python -c ".*?")', DOCKERFILE).group(1)
    (tmp_path / "pyproject.toml").write_text((ROOT / "pyproject.toml").read_text())
    args = shlex.split(one_liner)
    printed = subprocess.run([sys.executable, *args[1:]], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert printed.stdout.split() == PINNED
    assert "COPY pyproject.toml ./" in DOCKERFILE
    assert "pip install --no-cache-dir -r /tmp/requirements.txt" in DOCKERFILE
    assert "pip install --no-cache-dir --no-deps -e ." in DOCKERFILE  # nothing unpinned sneaks in


def test_the_image_has_pango_static_files_a_non_root_user_and_runs_gunicorn():
    assert re.search(r"apt-get install .*libpango-1\.0-0 libpangoft2-1\.0-0", DOCKERFILE)
    assert "python manage.py collectstatic --noinput" in DOCKERFILE
    user = re.findall(r"^USER (\S+)$", DOCKERFILE, flags=re.M)
    assert user == ["lodestar"] and "useradd --system --uid 10001 --home-dir /app" in DOCKERFILE
    assert re.search(r"^CMD \[\"gunicorn\", \"-c\", \"lodestar/config/gunicorn.py\"\]$", DOCKERFILE, flags=re.M)
    assert (ROOT / GUNICORN_CONFIG).is_file()


def test_the_docker_context_leaves_out_local_environments_and_data():
    ignored = (ROOT / ".dockerignore").read_text().split()
    for path in (".git", ".venv", "var", ".env", "tests"):
        assert path in ignored


def _commands(service: dict) -> list[list[str]]:
    """The commands a service runs: its command, or each command inside `sh -c "..."`."""
    command = service["command"]
    if command[:2] == ["sh", "-c"]:
        return [shlex.split(part) for part in command[2].split("&&")]
    return [command]


def test_compose_has_postgresql_the_app_and_the_task_worker():
    services = COMPOSE["services"]
    assert set(services) == {"db", "migrate", "web", "worker", "scheduler"}
    assert services["db"]["image"].startswith("postgres:")
    for name in ("migrate", "web", "worker", "scheduler"):
        assert services[name]["build"] == "."
        assert services[name]["environment"]["DATABASE_URL"].startswith("postgres://")
        assert services[name]["environment"]["LODESTAR_ENV"] == "production"
    assert services["web"]["ports"] == ["127.0.0.1:8000:8000"]  # only the TLS proxy on this machine reaches it


@pytest.mark.parametrize("name", ["migrate", "web", "worker", "scheduler"])
def test_every_compose_command_refers_to_something_in_this_repository(name):
    service = COMPOSE["services"][name]
    known = get_commands()
    for command in _commands(service):
        if command[0] == "gunicorn":
            assert command[1:] == ["-c", GUNICORN_CONFIG] and (ROOT / GUNICORN_CONFIG).is_file()
        else:
            assert command[:2] == ["python", "manage.py"] and (ROOT / "manage.py").is_file()
            assert command[2] in known and "profiles" not in service  # `docker compose up` starts it


def test_the_deployment_guide_documents_the_server_docker_and_backups():
    for words in (
        "make serve-production",
        GUNICORN_CONFIG,
        "LODESTAR_WORKERS",
        "LODESTAR_THREADS",
        "LODESTAR_BIND",
        "docker compose up",
        "could not be built",
        "lodestar backup",
        "lodestar restore",
        "--replace",
    ):
        assert words in GUIDE, words

"""The command line and the web give identical numbers for the same scenario file, runs and seed.

The CLI: ``lodestar project FILE --runs 200 --seed 7 --format json`` (its ``main``, in process, and
once as the installed command). The web: the same file uploaded through the API, a run requested
through the API, projected by the worker's job body (``lodestar.projections.tasks.execute``) and its
tables read back through the API. Every number must be exactly equal (not approximately): the
summary, the probability that supply meets demand, the waterfall and the cost.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from lodestar.cli import main
from lodestar.projections import tasks
from lodestar.projections.models import RunStatus
from tests.factories import member
from tests.factories.api import api_token, auth_header

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]
EXAMPLE = ROOT / "examples" / "scenario-riverside.yaml"
LODESTAR = Path(sys.executable).parent / "lodestar"
TABLES = ("summary", "probability_meets_demand", "waterfall", "cost")
BASE = "/api/v1/projections"


def cli_json(capsys, path: Path, runs: int, seed: int) -> dict:
    code = main(["project", str(path), "--runs", str(runs), "--seed", str(seed), "--format", "json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    return json.loads(out)


def web_tables(client, org, text: str, runs: int, seed: int) -> dict:
    headers = auth_header(api_token(member(org, "analyst"))[1])
    body = {"organisation": org.pk, "name": "Riverside", "yaml": text}
    created = client.post(f"{BASE}/scenarios", body, content_type="application/json", **headers)
    assert created.status_code == 201, created.content
    requested = client.post(
        f"{BASE}/scenarios/{created.json()['id']}/runs",
        {"runs": runs, "seed": seed},
        content_type="application/json",
        **headers,
    )
    assert requested.status_code == 202, requested.content
    run = tasks.execute(requested.json()["id"])
    assert run.status == RunStatus.DONE, run.error
    status = client.get(requested.json()["status_url"], **headers).json()
    assert (status["status"], status["runs"], status["seed"]) == ("done", runs, seed)
    results = client.get(requested.json()["results_url"], **headers)
    assert results.status_code == 200
    return results.json()


@pytest.fixture
def file_copy(tmp_path) -> Path:
    path = tmp_path / "riverside.yaml"
    path.write_text(EXAMPLE.read_text())
    return path


def test_the_same_file_runs_and_seed_give_identical_numbers(client, orgs, capsys, file_copy):
    cli = cli_json(capsys, file_copy, runs=200, seed=7)
    web = web_tables(client, orgs["trust_a"], file_copy.read_text(), runs=200, seed=7)
    assert (cli["runs"], cli["seed"]) == (web["runs"], web["seed"]) == (200, 7)
    for name in TABLES:
        assert web["tables"][name] == cli["tables"][name], name
    # Not vacuous: the file has interventions, so the waterfall and cost have rows with numbers.
    assert len(cli["tables"]["waterfall"]) == 6 and len(cli["tables"]["cost"]) > 0
    assert any(row["cost_mean"] for row in cli["tables"]["cost"])
    assert len(cli["tables"]["summary"]) > 100


def test_a_different_seed_gives_different_numbers_on_both(client, orgs, capsys, file_copy):
    cli = cli_json(capsys, file_copy, runs=50, seed=8)
    web = web_tables(client, orgs["trust_a"], file_copy.read_text(), runs=50, seed=7)
    assert web["tables"]["summary"] != cli["tables"]["summary"]
    assert cli_json(capsys, file_copy, runs=50, seed=7)["tables"]["summary"] == web["tables"]["summary"]


def test_the_installed_command_agrees_with_the_web(client, orgs, file_copy):
    if not LODESTAR.exists():
        pytest.skip("the lodestar command is not installed in this environment")
    completed = subprocess.run(
        [str(LODESTAR), "project", str(file_copy), "--runs", "60", "--seed", "3", "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    cli = json.loads(completed.stdout)
    web = web_tables(client, orgs["trust_a"], file_copy.read_text(), runs=60, seed=3)
    for name in TABLES:
        assert web["tables"][name] == cli["tables"][name], name


def _keys_reordered(value):
    """The mapping with every key in the order PostgreSQL's jsonb keeps them (shorter keys first)."""
    if isinstance(value, dict):
        return {k: _keys_reordered(value[k]) for k in sorted(value, key=lambda k: (len(k.encode()), k.encode()))}
    if isinstance(value, list):
        return [_keys_reordered(v) for v in value]
    return value


def test_the_web_keeps_the_files_key_order_so_postgresql_gives_the_cli_numbers(client, orgs, capsys, file_copy):
    """PostgreSQL's jsonb would store keys shortest first; the engine's draws follow key order
    (ADR 0007), so a reordered mapping gives other numbers. Scenarios are kept as JSON text
    (ADR 0029): read back from the database, every mapping has its keys in the file's order."""
    from lodestar.projections import specs
    from lodestar.projections.models import ScenarioVersion

    original = specs.from_yaml(file_copy.read_text())
    reordered = _keys_reordered(original)
    assert list(reordered["rates"]) != list(original["rates"])  # not vacuous: jsonb would reorder this file
    web_tables(client, orgs["trust_a"], file_copy.read_text(), runs=5, seed=1)
    stored = ScenarioVersion.objects.get().spec  # read back from the database
    assert _orders(stored) == _orders(original)
    assert specs.to_yaml(stored) == specs.to_yaml(original)
    first = cli_json(capsys, file_copy, runs=50, seed=7)["tables"]["summary"]
    other_order = file_copy.with_name("reordered.yaml")
    other_order.write_text(specs.to_yaml(reordered))
    assert cli_json(capsys, other_order, runs=50, seed=7)["tables"]["summary"] != first  # why order must be kept


def _orders(value):
    """Every mapping's key order, nested."""
    if isinstance(value, dict):
        return [list(value), *[_orders(v) for v in value.values()]]
    if isinstance(value, list):
        return [_orders(v) for v in value]
    return None

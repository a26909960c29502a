"""Fixtures for the CLI unit tests: the engine replaced by a fake result, and a small scenario file."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

import lodestar.engine
from lodestar.engine.errors import SpecError
from tests.factories.fake_projection import FakeProjectionResult


@pytest.fixture
def fake_engine(monkeypatch):
    """Replace load_scenario and run with a fake; record how run was called."""
    calls: dict = {}

    def load_scenario(data):
        calls["loaded"] = data
        if isinstance(data, dict) and data.get("years") == "many":
            raise SpecError("years", "must be a whole number of years")
        start = data.get("start_year", 2026) if isinstance(data, dict) else 2026
        return SimpleNamespace(
            start_year=start, end_year=start + (data.get("years", 4) if isinstance(data, dict) else 4)
        )

    def run(scenario, *, runs=1, seed=0, scheduler=None, block_size=50, progress=None):
        calls.update(runs=runs, seed=seed, scheduler=scheduler, progress=progress)
        if progress:
            for done in range(0, runs + 1, max(1, runs // 4)):
                progress(done, runs)
        return FakeProjectionResult(runs=runs, seed=seed)

    monkeypatch.setattr(lodestar.engine, "load_scenario", load_scenario, raising=False)
    monkeypatch.setattr(lodestar.engine, "run", run, raising=False)
    return calls


@pytest.fixture
def scenario_file(tmp_path):
    path = tmp_path / "scenario.yaml"
    path.write_text("name: Test\nstart_year: 2026\nyears: 4\n")
    return path

"""On SQLite (the default), simultaneous writes queue for the lock instead of failing.

Ten people saving one action at once get one save and nine "someone else changed this action"
pages, as on PostgreSQL; twenty simultaneous progress updates are all kept; simultaneous failed
sign-ins get the sign-in page. None of them is a server error ("database is locked").
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.slow
@pytest.mark.skipif("postgres" in os.environ.get("DATABASE_URL", ""), reason="About SQLite's own settings")
def test_simultaneous_writes_on_sqlite_never_give_a_server_error(tmp_path):
    run = subprocess.run(
        [sys.executable, "-m", "tests.integration.core.sqlite_race", str(tmp_path / "race.sqlite3")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
    )
    assert run.returncode == 0, run.stderr[-3000:]
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert sorted(result["saves"]) == [302] + [409] * 9, result
    assert result["titles"][0].startswith("Title from person")
    assert result["progress"] == [302] * 20, result
    assert result["progress_rows"] == 20
    assert 500 not in result["sign_ins"] and set(result["sign_ins"]) <= {200, 403}, result

"""The `lodestar` parser and entry point (lodestar/cli/parser.py): every command module registered, help, version."""

from __future__ import annotations

import subprocess
import sys

import pytest

from lodestar.cli import build_parser
from lodestar.cli.commands import COMMANDS
from tests.unit.cli.helpers import ROOT, run_cli


def test_no_command_shows_help_and_exits_2(capsys):
    code, _, err = run_cli(capsys)
    assert code == 2
    assert "wisn" in err and "project" in err


def test_every_command_module_is_registered_under_its_name():
    parser = build_parser()
    subparsers = next(a for a in parser._actions if a.dest == "command").choices
    assert (
        list(subparsers) == [c.NAME for c in COMMANDS] == ["wisn", "project", "import", "backup", "restore", "manage"]
    )
    for command in COMMANDS:
        if not getattr(command, "RAW", False):
            assert subparsers[command.NAME].get_default("handler") is command.run


def test_version_and_help(capsys):
    with pytest.raises(SystemExit) as stop:
        run_cli(capsys, "--version")
    assert stop.value.code == 0
    assert capsys.readouterr().out.startswith("lodestar ")
    with pytest.raises(SystemExit) as stop:
        run_cli(capsys, "project", "--help")
    assert stop.value.code == 0
    out = capsys.readouterr().out
    assert "usage: lodestar project" in out and "--chart-staff-group GROUP" in out


def test_an_unknown_command_is_refused_with_exit_code_2(capsys):
    with pytest.raises(SystemExit) as stop:
        run_cli(capsys, "bogus")
    assert stop.value.code == 2
    assert "invalid choice: 'bogus'" in capsys.readouterr().err


def test_python_dash_m_runs_the_command():
    proc = subprocess.run(
        [sys.executable, "-m", "lodestar.cli", "--version"], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("lodestar ")

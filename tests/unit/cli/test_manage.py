"""`lodestar manage`: Django management commands with Lodestar's settings (lodestar/cli/commands/manage.py)."""

from __future__ import annotations

from lodestar.cli import main


def test_manage_runs_django_management_commands(capsys):
    code = main(["manage", "help"])
    out = capsys.readouterr().out
    assert code == 0
    assert "lodestar manage help <subcommand>" in out
    assert "migrate" in out
    assert "import_organisations" in out

"""The command-line guide (docs/guide/cli.md) tells the truth: its examples run and its messages are real."""

from __future__ import annotations

import re
from pathlib import Path

from lodestar.cli import build_parser, main
from lodestar.engine.wisn import calculate, load_wisn

ROOT = Path(__file__).resolve().parents[3]
GUIDE = (ROOT / "docs" / "guide" / "cli.md").read_text(encoding="utf-8")
EXAMPLE = ROOT / "examples" / "wisn-community-nurses.yaml"


def test_the_wisn_file_in_the_guide_is_valid():
    [block] = re.findall(r"```yaml\n(.*?)```", GUIDE, flags=re.S)
    result = calculate(load_wisn(block))
    assert result.available_working_time_days == 210
    assert result.required_staff > 0


def test_the_error_shown_in_the_guide_is_what_lodestar_prints(capsys, tmp_path, monkeypatch):
    shown = re.search(r"\$ lodestar wisn nurses.yaml\n(.*?)```", GUIDE, flags=re.S).group(1)
    monkeypatch.chdir(tmp_path)
    Path("nurses.yaml").write_text(EXAMPLE.read_text().replace("annual_leave", "anual_leave"))
    assert main(["wisn", "nurses.yaml"]) == 2
    assert capsys.readouterr().err == shown


def test_every_option_of_every_command_is_in_the_guide():
    parser = build_parser()
    subparsers = next(a for a in parser._actions if a.dest == "command").choices
    for name in ("wisn", "project"):
        for action in subparsers[name]._actions:
            for flag in action.option_strings:
                if flag not in ("-h", "--help"):
                    assert f"`{flag}" in GUIDE, f"{name} {flag} is not documented"
    for name in subparsers:
        assert f"lodestar {name}" in GUIDE

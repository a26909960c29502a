"""Reading the user's files and writing output (lodestar/cli/files.py): YAML through the engine's one strict loader,
the output format from --out, all-or-nothing writes."""

from __future__ import annotations

import re

import pytest

from lodestar.cli.errors import BadInput
from lodestar.cli.files import choose_format, write_all
from tests.unit.cli.helpers import ROOT, WISN_EXAMPLE, run_cli


@pytest.mark.parametrize("command", ["project", "wisn"])
def test_deeply_nested_yaml_is_a_message_not_a_traceback(capsys, tmp_path, command):
    deep = tmp_path / "deep.yaml"
    deep.write_text("a: " + "[" * 10000 + "\n")
    code, out, err = run_cli(capsys, command, deep)
    assert code == 2 and out == ""
    assert "nested too deeply" in err


def test_a_key_given_twice_in_a_scenario_is_refused_before_the_engine_sees_it(capsys, fake_engine, tmp_path):
    twice = tmp_path / "twice.yaml"
    twice.write_text("name: Test\nyears: 4\nstart_year: 2026\nyears: 5\n")
    code, out, err = run_cli(capsys, "project", twice)
    assert code == 2 and out == ""
    assert err.strip().splitlines() == [
        f"lodestar project: {twice}: 1 problem:",
        "  line 4, column 1: not valid YAML: the key 'years' is given twice (while reading a mapping)",
    ]
    assert "loaded" not in fake_engine and "runs" not in fake_engine


def test_a_key_given_twice_in_a_wisn_file_is_refused(capsys, tmp_path):
    twice = tmp_path / "twice.yaml"
    twice.write_text(WISN_EXAMPLE.read_text() + "staff_category: Health visitor\n")
    code, out, err = run_cli(capsys, "wisn", twice)
    assert code == 2 and out == ""
    assert "the key 'staff_category' is given twice" in err and "Traceback" not in err


def test_the_cli_has_no_yaml_reader_of_its_own():
    for module in (ROOT / "lodestar" / "cli").rglob("*.py"):
        text = module.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(import yaml|from yaml)", text, flags=re.M), module
        assert "lodestar.engine.wisn import load_yaml" not in text, module


@pytest.mark.parametrize(
    ("fmt", "out", "expected"),
    [("json", "x.csv", "json"), (None, None, "table"), (None, "x.TXT", "table"), (None, "x.xlsx", "xlsx")],
)
def test_the_format_is_the_option_else_the_out_extension_else_a_table(fmt, out, expected):
    assert choose_format(fmt, out, ("table", "json", "csv", "xlsx")) == expected


def test_an_extension_the_command_cannot_write_asks_for_a_format():
    with pytest.raises(BadInput, match=r"give --format \(table\|json\|csv\) or end the name in .txt, .json, .csv$"):
        choose_format(None, "x.xlsx", ("table", "json", "csv"))


def test_write_all_removes_what_it_wrote_when_a_later_file_fails(tmp_path):
    out, first, blocked = tmp_path / "out.txt", tmp_path / "one.svg", tmp_path / "two.svg"
    blocked.mkdir()
    with pytest.raises(BadInput, match="two.svg: cannot write the chart"):
        write_all(str(out), "text", [(str(first), b"<svg/>"), (str(blocked), b"<svg/>")], "chart")
    assert not out.exists() and not first.exists()
    write_all(str(out), "text", [(str(first), b"<svg/>")], "chart")
    assert out.read_text() == "text" and first.read_bytes() == b"<svg/>"

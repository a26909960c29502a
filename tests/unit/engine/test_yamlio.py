"""The one strict YAML reader: every entry point refuses what the others refuse."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from lodestar.engine import SpecError, load_scenario
from lodestar.engine.wisn import load_wisn
from lodestar.engine.yamlio import load_yaml, read_yaml_source

ROOT = Path(__file__).resolve().parents[3]
EXAMPLE = ROOT / "examples" / "scenario-riverside.yaml"
WISN_EXAMPLE = ROOT / "examples" / "wisn-community-nurses.yaml"
LODESTAR = Path(sys.executable).parent / "lodestar"


def _years_twice() -> str:
    text = EXAMPLE.read_text(encoding="utf-8")
    assert "\nyears:" in text
    return text.replace("\nyears:", "\nyears: 3\nyears:", 1)


def test_a_key_given_twice_is_refused_with_its_line_and_column():
    with pytest.raises(SpecError) as err:
        load_yaml("a: 1\nb: 2\na: 3\n")
    assert err.value.path == "line 3, column 1"
    assert "'a' is given twice" in err.value.reason


def test_nested_keys_given_twice_are_refused_too():
    with pytest.raises(SpecError, match="'x' is given twice"):
        load_yaml("top:\n  x: 1\n  x: 2\n")


def test_the_same_key_in_different_mappings_is_fine():
    assert load_yaml("a: {x: 1}\nb: {x: 2}\n") == {"a": {"x": 1}, "b": {"x": 2}}


def test_only_safe_yaml_is_read():
    with pytest.raises(SpecError, match="not valid YAML"):
        load_yaml("a: !!python/object/apply:os.system ['true']\n")


def test_deep_nesting_is_a_spec_error():
    with pytest.raises(SpecError, match="nested too deeply"):
        load_yaml("a: " + "[" * 10000 + "\n")


def test_an_unreadable_file_is_named(tmp_path):
    missing = tmp_path / "missing.yaml"
    with pytest.raises(SpecError) as err:
        read_yaml_source(missing)
    assert err.value.path == str(missing) and "cannot be read" in err.value.reason


def test_a_long_one_line_yaml_string_is_not_taken_for_a_file_name():
    assert read_yaml_source("a: " + "x" * 5000) == {"a": "x" * 5000}


def test_load_scenario_refuses_years_given_twice(tmp_path):
    with pytest.raises(SpecError) as err:
        load_scenario(_years_twice())
    assert "'years' is given twice" in err.value.reason
    assert err.value.path.startswith("line ")
    path = tmp_path / "twice.yaml"
    path.write_text(_years_twice(), encoding="utf-8")
    with pytest.raises(SpecError, match="'years' is given twice"):
        load_scenario(path)


def test_load_wisn_refuses_a_key_given_twice():
    text = WISN_EXAMPLE.read_text(encoding="utf-8").replace(
        "\nexisting_staff:", "\nexisting_staff: 1\nexisting_staff:", 1
    )
    with pytest.raises(SpecError, match="'existing_staff' is given twice"):
        load_wisn(text)


def test_the_cli_refuses_years_given_twice_in_the_same_words(tmp_path):
    path = tmp_path / "twice.yaml"
    path.write_text(_years_twice(), encoding="utf-8")
    proc = subprocess.run(
        [str(LODESTAR), "project", str(path), "--runs", "1"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 2, proc.stderr
    assert "'years' is given twice" in proc.stderr
    assert "Traceback" not in proc.stderr

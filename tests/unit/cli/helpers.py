"""What the CLI unit tests share: running `lodestar` in-process and the example files."""

from __future__ import annotations

from pathlib import Path

from lodestar.cli import main

ROOT = Path(__file__).resolve().parents[3]
WISN_EXAMPLE = ROOT / "examples" / "wisn-community-nurses.yaml"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def run_cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err

"""Files the user names: reading input (YAML through the engine's one strict loader), choosing and writing output."""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from lodestar.cli.errors import BadInput, reading

FORMAT_BY_SUFFIX = {".txt": "table", ".json": "json", ".csv": "csv", ".xlsx": "xlsx"}
CHART_SUFFIXES = (".svg", ".png")


def add_output_options(parser: argparse.ArgumentParser, formats: Sequence[str], out_help: str) -> None:
    """The --format and --out options every command that writes results shares."""
    parser.add_argument("--format", choices=formats, help="output format (default: from --out's extension, else table)")
    parser.add_argument("--out", metavar="FILE", help=out_help)


@contextlib.contextmanager
def _file_errors(name: str, action: str, folder: str):
    """Turn the operating system's refusal into BadInput naming the file, in plain words."""
    try:
        yield
    except FileNotFoundError as err:
        raise BadInput(f"{name}: {'no such file' if action == 'read' else 'the folder does not exist'}") from err
    except IsADirectoryError as err:
        raise BadInput(f"{name}: {folder}") from err
    except PermissionError as err:
        raise BadInput(f"{name}: permission denied (cannot {action} the file)") from err
    except UnicodeDecodeError as err:
        raise BadInput(f"{name}: is not a UTF-8 text file") from err
    except OSError as err:
        raise BadInput(f"{name}: cannot {action} the file ({err.strerror or err})") from err


def read_text(path: str) -> str:
    """The text of a file the user named, or BadInput in plain words."""
    with _file_errors(path, "read", "is a folder, not a file"):
        return Path(path).read_text(encoding="utf-8")


def read_yaml(path: str) -> Any:
    """The data in a YAML file the user named, read by the engine's one strict loader (duplicate keys refused)."""
    from lodestar.engine.yamlio import load_yaml

    text = read_text(path)
    with reading(path):
        return load_yaml(text)


def write_output(out: str | None, data: str | bytes) -> None:
    """Write to --out, or to stdout when no file was named."""
    if out is None:
        if isinstance(data, bytes):
            sys.stdout.buffer.write(data)
        else:
            sys.stdout.write(data)
        sys.stdout.flush()
        return
    with _file_errors(f"--out {out}", "write", "is a folder; give a file name"):
        if isinstance(data, bytes):
            Path(out).write_bytes(data)
        else:
            Path(out).write_text(data, encoding="utf-8")


def choose_format(fmt: str | None, out: str | None, allowed: Sequence[str]) -> str:
    """--format if given, else from --out's extension, else a table."""
    if fmt is not None:
        return fmt
    if out is None:
        return "table"
    suffix = Path(out).suffix.lower()
    inferred = FORMAT_BY_SUFFIX.get(suffix)
    if inferred is None or inferred not in allowed:
        raise BadInput(
            f"--out {out}: cannot tell the format from the file name; give --format ({'|'.join(allowed)}) "
            f"or end the name in {', '.join(s for s, f in FORMAT_BY_SUFFIX.items() if f in allowed)}"
        )
    return inferred


def check_chart_path(flag: str, path: str | None) -> None:
    """A chart file name ends in .svg or .png and its folder exists (checked before anything runs)."""
    if path is not None and Path(path).suffix.lower() not in CHART_SUFFIXES:
        raise BadInput(f"{flag} {path}: the file name must end in .svg or .png")
    if path is not None and not Path(path).resolve().parent.is_dir():
        raise BadInput(f"{flag} {path}: the folder does not exist")


def write_all(out: str | None, data: str | bytes, extras: Sequence[tuple[str, bytes]], what: str) -> None:
    """Write the output and then each extra file (e.g. a chart); all or nothing: on a failure remove what was written."""
    write_output(out, data)
    written = [Path(out)] if out else []
    for path, content in extras:
        try:
            Path(path).write_bytes(content)
        except OSError as err:
            for done in written:  # never leave part of the output behind
                done.unlink(missing_ok=True)
            raise BadInput(f"{path}: cannot write the {what} ({err.strerror or err})") from err
        written.append(Path(path))

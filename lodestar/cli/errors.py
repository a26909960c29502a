"""Bad input: what the user gave us is wrong. Printed as a message, exit code 2, never a traceback."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from lodestar.engine.errors import SpecError

EXIT_OK = 0
EXIT_BAD_INPUT = 2
EXIT_STOPPED = 130


class BadInput(Exception):
    """A problem with what the user gave us: printed as a message, exit code 2."""


def spec_problem(source: str, err: SpecError) -> BadInput:
    """The engine's problems with a file, one `path: reason` line each, under a line naming the file."""
    problems = err.problems
    count = f"{len(problems)} problem" + ("" if len(problems) == 1 else "s")
    lines = [f"{source}: {count}:"] + [f"  {path}: {reason}" if path else f"  {reason}" for path, reason in problems]
    return BadInput("\n".join(lines))


@contextmanager
def reading(source: str) -> Iterator[None]:
    """Turn a SpecError the engine raises about ``source`` into BadInput naming the file and each field."""
    try:
        yield
    except SpecError as err:
        raise spec_problem(source, err) from err

"""Errors the engine raises for bad input (scenarios and WISN files).

``SpecError`` collects every problem found in one pass, each as ``(path, reason)``:
the path names the field in the user's file (``activities[0].annual_workload``)
and the reason says in plain words what is wrong (``must be a number``). The CLI
prints ``str(err)`` (one ``path: reason`` line per problem) and exits with code 2.
"""

from __future__ import annotations

from collections.abc import Iterable


class SpecError(ValueError):
    """Bad scenario or WISN input: one or more ``(path, reason)`` problems."""

    def __init__(self, path_or_problems: str | Iterable[tuple[str, str]], reason: str | None = None):
        if isinstance(path_or_problems, str):
            problems = [(path_or_problems, reason or "is not valid")]
        else:
            problems = [(str(p), str(r)) for p, r in path_or_problems]
            if not problems:
                raise ValueError("SpecError needs at least one problem")
        self.problems: list[tuple[str, str]] = problems
        self.path: str = problems[0][0]
        self.reason: str = problems[0][1]
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(f"{path}: {reason}" if path else reason for path, reason in self.problems)

    def __reduce__(self):  # keep the problems when pickled (e.g. across Dask workers)
        return (type(self), (self.problems,))


class ProblemCollector:
    """Gather ``(path, reason)`` problems while validating, then raise them all at once."""

    def __init__(self) -> None:
        self.problems: list[tuple[str, str]] = []

    def add(self, path: str, reason: str) -> None:
        self.problems.append((path, reason))

    def __bool__(self) -> bool:
        return bool(self.problems)

    def raise_if_any(self) -> None:
        if self.problems:
            raise SpecError(self.problems)

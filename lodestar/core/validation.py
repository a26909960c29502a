"""One error type for every rule an action checks, and the rules more than one app shares.

An action validates its own input and raises ``ValidationProblem``; forms, the API and the
importers only translate it (``lodestar.core.forms.add_problems``, ``lodestar.api.schemas.
problems_response``, ``lodestar.core.tabular`` row messages). So a rule is written once and
every entry point gives the same answer::

    problems = Problems()
    if problems.require(title, "title", "Enter a title for the action"):
        problems.text(title, "title", "The title", 200)   # no control characters, 200 at most
    problems.date_in_range(due_date, "due_date", "The due date")
    problems.raise_any()        # ValidationProblem naming every field that failed

Messages are written for the person at the form: plain words, the field's own label, no
trailing full stop (the API and importers add their own punctuation).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable

# The dates Lodestar accepts anywhere: a mistyped year (0001, 9999) is refused with one message.
EARLIEST_DATE = datetime.date(2000, 1, 1)
LATEST_DATE = datetime.date(2099, 12, 31)
DATE_RANGE_TEXT = "between 2000 and 2099"

# C0 control characters except tab, line feed and carriage return: what XLSX files and PostgreSQL
# text columns cannot hold (a NUL is an error on PostgreSQL; a vertical tab breaks an XLSX export).
CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
# Half of a UTF-16 pair on its own ("\ud800" in JSON): not text, and no database can store it.
LONE_SURROGATES = re.compile("[\ud800-\udfff]")


def text_problem(value: str, label: str) -> str | None:
    """Why ``value`` cannot be stored as text ("<label> must not contain control characters"),
    or None when it can. Tab, line feed and carriage return are allowed."""
    if CONTROL_CHARS.search(value):
        return f"{label} must not contain control characters"
    if LONE_SURROGATES.search(value):
        return f"{label} contains a character that is not valid text: type it again"
    return None


def date_in_range(value: datetime.date | None) -> bool:
    """True for no date or a date from 2000 to 2099."""
    if value is None:
        return True
    if isinstance(value, datetime.datetime):
        value = value.date()
    return EARLIEST_DATE <= value <= LATEST_DATE


class ValidationProblem(ValueError):
    """Input an action refuses. ``problems`` is a list of (field, message); nothing was written.

    ``field`` is the name of the action's keyword argument (``"due_date"``), or ``""`` for a
    problem with the input as a whole.
    """

    def __init__(self, field: str | Iterable[tuple[str, str]], message: str | None = None):
        if isinstance(field, str):
            problems = [(field, message or "")]
        else:
            problems = [(f, m) for f, m in field]
        self.problems: list[tuple[str, str]] = problems
        super().__init__("; ".join(m for _f, m in problems))

    @property
    def field(self) -> str:
        return self.problems[0][0]

    @property
    def message(self) -> str:
        return self.problems[0][1]

    def by_field(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for field, message in self.problems:
            out.setdefault(field, []).append(message)
        return out


class Problems:
    """Collects every problem with an action's input, so all are reported at once."""

    def __init__(self) -> None:
        self.items: list[tuple[str, str]] = []

    def __bool__(self) -> bool:
        return bool(self.items)

    def add(self, field: str, message: str) -> None:
        self.items.append((field, message))

    def has(self, field: str) -> bool:
        return any(f == field for f, _m in self.items)

    def require(self, value, field: str, message: str) -> bool:
        """Add ``message`` when ``value`` is empty (None, "" or only spaces). True when present."""
        if value is None or (isinstance(value, str) and not value.strip()):
            self.add(field, message)
            return False
        return True

    def max_length(self, value: str | None, field: str, label: str, limit: int) -> None:
        if value is not None and len(value) > limit:
            self.add(field, f"{label} must be {limit:,} characters or fewer")

    def text(self, value: str | None, field: str, label: str, max_length: int | None = None) -> bool:
        """The one rule for text people type (forms, the API, imports): no control characters
        other than tab and line breaks ("<label> must not contain control characters"), and at
        most ``max_length`` characters. One message per field. True when the text is fine."""
        if value is None:
            return True
        if not isinstance(value, str):
            self.add(field, f"{label} must be text")
            return False
        problem = text_problem(value, label)
        if problem is None and max_length is not None and len(value) > max_length:
            problem = f"{label} must be {max_length:,} characters or fewer"
        if problem is not None:
            self.add(field, problem)
        return problem is None

    def date_in_range(self, value: datetime.date | None, field: str, label: str) -> None:
        if not date_in_range(value):
            self.add(field, f"{label} must be {DATE_RANGE_TEXT}")

    def date_order(self, start, end, field: str, message: str) -> None:
        """``end`` on or after ``start`` (each may be missing)."""
        if start and end and end < start and not self.has(field):
            self.add(field, message)

    def raise_any(self) -> None:
        if self.items:
            raise ValidationProblem(self.items)

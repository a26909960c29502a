"""Words for numbers, written once: "1 action", "5 actions", never "action(s)"."""

from __future__ import annotations


def plural(n: int, word: str, many: str | None = None) -> str:
    """``n`` and ``word``, in the plural unless ``n`` is 1: ``plural(5, "action")`` is
    "5 actions"; ``many`` for words that do not just take an s (``plural(2, "person", "people")``).
    Thousands have commas ("2,005 actions")."""
    return f"{n:,} {word if n == 1 else (many or word + 's')}"

"""Words for numbers, written once: "1 action", "5 actions", never "action(s)"."""

from __future__ import annotations


def plural(n: int, word: str, many: str | None = None) -> str:
    """``n`` and ``word``, in the plural unless ``n`` is 1: ``plural(5, "action")`` is
    "5 actions"; ``many`` for words that do not just take an s (``plural(2, "person", "people")``).
    Thousands have commas ("2,005 actions")."""
    return f"{n:,} {word if n == 1 else (many or word + 's')}"


def and_list(parts: list[str]) -> str:
    """Words joined as a person writes them: "a", "a and b", "a, b and c"."""
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def a_or_an(word: str) -> str:
    """``word`` after its article, by its first letter: "a contributor", "an observer"."""
    return f"{'an' if word[:1].lower() in 'aeiou' else 'a'} {word}"

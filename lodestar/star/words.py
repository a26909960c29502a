"""Words in catalogue text: common words to ignore and a simple stem, shared by the catalogue
search (``star.queries.search_interventions``) and the workshop's suggestions
(``workshops.suggest``)."""

from __future__ import annotations

import re

_STOP = """a about above after again against all also am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further had has
    have having he her here hers him his how i if in into is it its itself just me more most my no nor not
    now of off on once only or other our ours out over own same she should so some such than that the
    their theirs them then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your yours across many much need needs
    new use used using get gets make makes people staff team teams service services work working"""
STOP_WORDS = frozenset(_STOP.split())
# A hyphen ends a word: "night-time" is "night" and "time", so "night" finds it.
WORD = re.compile(r"[a-z][a-z']+")
SEARCH_WORD = re.compile(r"[a-z0-9']+")
SUFFIXES = ("ations", "ation", "ings", "ing", "ment", "ments", "ness", "ies", "ied", "ers", "er", "es", "ed", "ly", "s")


def stem(word: str, *, prefix: bool = False) -> str:
    """ "nurses", "nursing" -> "nurs". With ``prefix`` the stem is always the start of the word
    ("therapies" -> "therap", not "therapy"), so a text holding the word holds its stem."""
    word = word.strip("'-")
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            if suffix in ("ies", "ied") and not prefix:
                word += "y"
            break
    if word.endswith("e") and len(word) >= 5:
        word = word[:-1]  # "nurse" and "nurses" meet at "nurs"
    return word


def search_words(text: str) -> list[str]:
    """The words of a search, in lower case, split at spaces, hyphens and punctuation:
    "Night-time  cover" -> ["night", "time", "cover"]."""
    return [w for w in (w.strip("'") for w in SEARCH_WORD.findall((text or "").lower())) if w]

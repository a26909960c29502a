"""Suggest catalogue interventions for a challenge, with reasons a person can check.

The score is transparent on purpose (facilitators see "Why suggested"):

* words: the challenge text and the workshop's challenge are split into lower-case words,
  common words are dropped and the rest reduced to a simple stem ("nurses", "nursing" ->
  "nurs"). Each stem that also appears in an intervention's title, summary or description
  scores its inverse document frequency over the interventions considered (rare words count
  more than words every intervention uses), doubled when it is in the title;
* staff groups: 1.5 for each of the workshop's staff groups the intervention names
  (0.5 when the intervention is for "All staff");
* care settings: 1 for each of the workshop's care settings it names.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from lodestar.star import vocab
from lodestar.star.words import STOP_WORDS, WORD, stem


def tokens(text: str) -> list[str]:
    """Stems of the meaningful words in ``text``, in order."""
    out = []
    for w in WORD.findall((text or "").lower()):
        w = w.strip("'-")
        if len(w) < 3 or w in STOP_WORDS:
            continue
        out.append(stem(w))
    return out


@dataclass
class Suggestion:
    intervention: object
    score: float
    words: list[str] = field(default_factory=list)
    staff_groups: list[str] = field(default_factory=list)
    care_settings: list[str] = field(default_factory=list)

    @property
    def reasons(self) -> list[str]:
        out = []
        if self.words:
            out.append("Matching words: " + ", ".join(self.words))
        if self.staff_groups:
            out.append("Staff groups: " + ", ".join(self.staff_groups))
        if self.care_settings:
            out.append("Care settings: " + ", ".join(self.care_settings))
        return out


def rank(
    interventions,
    *,
    text: str,
    staff_groups: list[str] | tuple = (),
    care_settings: list[str] | tuple = (),
    limit: int = 10,
) -> list[Suggestion]:
    """Interventions ordered by how well they match; those with no match are left out."""
    interventions = list(interventions)
    if not interventions:
        return []
    docs = []
    for iv in interventions:
        title = set(tokens(iv.title))
        body = set(tokens(f"{iv.summary} {iv.description}"))
        docs.append((iv, title, title | body))
    n = len(docs)
    df: dict[str, int] = {}
    for _, _, words in docs:
        for w in words:
            df[w] = df.get(w, 0) + 1
    query = []
    seen_query: set[str] = set()
    original: dict[str, str] = {}
    for raw in WORD.findall((text or "").lower()):
        raw = raw.strip("'-")
        if len(raw) < 3 or raw in STOP_WORDS:
            continue
        s = stem(raw)
        original.setdefault(s, raw)
        if s not in seen_query:
            seen_query.add(s)
            query.append(s)
    groups = set(staff_groups)
    settings = set(care_settings)
    results = []
    for iv, title, words in docs:
        score = 0.0
        matched = []
        for q in query:
            if q in words:
                idf = math.log((n + 1) / (df[q] + 0.5))
                weight = max(idf, 0.1) * (2 if q in title else 1)
                score += weight
                matched.append(original[q])
        iv_groups = set(iv.staff_groups or [])
        matched_groups = sorted(groups & iv_groups)
        score += 1.5 * len(matched_groups)
        if groups and "all" in iv_groups and not matched_groups:
            score += 0.5
            matched_groups = ["all"]
        matched_settings = sorted(settings & set(iv.care_settings or []))
        score += 1.0 * len(matched_settings)
        if score <= 0 or not (matched or matched_groups or matched_settings):
            continue
        results.append(
            Suggestion(
                intervention=iv,
                score=round(score, 2),
                words=matched,
                staff_groups=[vocab.label(vocab.STAFF_GROUPS, g) for g in matched_groups],
                care_settings=[vocab.label(vocab.CARE_SETTINGS, s) for s in matched_settings],
            )
        )
    results.sort(key=lambda s: (-s.score, s.intervention.title.lower()))
    return results[:limit]

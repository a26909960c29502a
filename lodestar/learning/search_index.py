"""The stored search vector of a case study (ADR 0034): on PostgreSQL, ``CaseStudy.search_vector``
holds the weighted words of the case study (title A; summary, challenge and what was changed B;
who led it, costs and lessons C, in English), indexed with GIN, so a search reads the index
instead of building every case study's vector per query. The case-study actions call
``refresh`` after each save of the text; on SQLite the column stays empty and the search uses
the simpler match (ADR 0032).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection
from django.db.models import F, QuerySet

from lodestar.learning.models import CaseStudy

CONFIG = "english"
WEIGHTS = (
    ("A", ("title",)),
    ("B", ("summary", "challenge", "what_changed")),
    ("C", ("who_led", "costs", "lessons")),
)


def enabled() -> bool:
    return connection.vendor == "postgresql"


def vector():
    """The weighted vector of a case study's text, as an expression over its columns."""
    from django.contrib.postgres.search import SearchVector

    parts = [SearchVector(*fields, weight=weight, config=CONFIG) for weight, fields in WEIGHTS]
    total = parts[0]
    for part in parts[1:]:
        total = total + part
    return total


def refresh(case_studies: CaseStudy | Iterable[int] | QuerySet | None = None) -> int:
    """Recompute the stored vector of one case study, some (ids or a queryset) or every one
    (``None``). Returns how many rows were updated; does nothing on SQLite."""
    if not enabled():
        return 0
    rows = CaseStudy.objects.all()
    if isinstance(case_studies, CaseStudy):
        rows = rows.filter(pk=case_studies.pk)
    elif isinstance(case_studies, QuerySet):
        rows = rows.filter(pk__in=case_studies.values("pk"))
    elif case_studies is not None:
        rows = rows.filter(pk__in=list(case_studies))
    return rows.update(search_vector=vector())


def match(rows: QuerySet, words: str) -> QuerySet:
    """PostgreSQL: the rows whose stored vector matches ``words`` (websearch syntax: quotes, ``or``,
    ``-word``), best first, then by title. The ``@@`` match uses the GIN index."""
    from django.contrib.postgres.search import SearchQuery, SearchRank

    query = SearchQuery(words, search_type="websearch", config=CONFIG)
    return (
        rows.filter(search_vector=query)
        .annotate(rank=SearchRank(F("search_vector"), query))
        .order_by("-rank", "title", "pk")
    )

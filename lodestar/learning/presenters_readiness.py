"""What the readiness pages show: the templates never compute."""

from __future__ import annotations

import dataclasses

from lodestar.learning import readiness
from lodestar.learning.models import ReadinessAssessment


def subject(assessment: ReadinessAssessment) -> str:
    if assessment.intervention_id:
        return assessment.intervention.title
    if assessment.case_study_id:
        return assessment.case_study.title
    return ""


@dataclasses.dataclass(frozen=True)
class Row:
    key: str
    name: str
    rating: str
    note: str


class ResultPresenter:
    def __init__(self, assessment: ReadinessAssessment, ratings: dict[str, tuple[str, str]]):
        self.assessment = assessment
        self.ratings = ratings
        self.needs = readiness.rank(ratings)
        self.unsure = readiness.unsure(ratings)
        self.summary = readiness.summary(ratings)
        self.subject = subject(assessment)
        self.needs_point = not (assessment.intervention_id or assessment.case_study_id)

    def rows(self, kind: str) -> list[Row]:
        out = []
        for key, factor in readiness.FACTORS.items():
            if factor.kind != kind:
                continue
            rating, note = self.ratings.get(key, ("", ""))
            out.append(Row(key, factor.name, factor.label(rating) or "Not rated", note))
        return out

    @property
    def domains(self) -> list[Row]:
        return self.rows(readiness.DOMAIN)

    @property
    def attributes(self) -> list[Row]:
        return self.rows(readiness.ATTRIBUTE)

    @property
    def created(self) -> str:
        return self.assessment.created_at.strftime("%-d %B %Y")


@dataclasses.dataclass(frozen=True)
class CompareRow:
    name: str
    then: str
    now: str
    change: str


def compare(then: dict[str, tuple[str, str]], now: dict[str, tuple[str, str]]) -> list[CompareRow]:
    """A row per factor: its rating then and now, and whether it got better or worse."""
    rows = []
    for key, factor in readiness.FACTORS.items():
        before = then.get(key, ("", ""))[0]
        after = now.get(key, ("", ""))[0]
        rows.append(
            CompareRow(
                factor.name,
                factor.label(before) or "Not rated",
                factor.label(after) or "Not rated",
                readiness.change(factor, before, after) or "Cannot compare",
            )
        )
    return rows


def when(assessment: ReadinessAssessment) -> str:
    return assessment.created_at.strftime("%-d %B %Y")

"""Downloads of shared-learning data as CSV and XLSX (through ``lodestar.core.tabular``, which makes
every cell safe to open in a spreadsheet): an organisation's adoption records with their RE-AIM
measures, the spread dashboard's rows under its filters, and a readiness assessment's ratings with
the factors that need most action. Rows in, files out; the views read the rows through the
scoped queries."""

from __future__ import annotations

from collections.abc import Iterable

from lodestar.core.tabular import XLSX_CONTENT_TYPE, Sheet, to_csv, to_workbook
from lodestar.learning import readiness
from lodestar.learning.presenters_spread import CSV_HEADER as SPREAD_HEADER

FORMATS = {"csv": "text/csv; charset=utf-8", "xlsx": XLSX_CONTENT_TYPE}

ADOPTION_HEADER = [
    "Organisation",
    "Intervention or case study",
    "Stage",
    "Since",
    "Reason discontinued",
    "Note",
    "Reach (people covered)",
    "Could be covered",
    "Effect measure",
    "Effect baseline",
    "Effect value",
    "Adaptations",
]
READINESS_HEADER = ["Factor", "Kind", "Rating", "Note", "Needs action (1 = most)", "Why", "A first step"]
SPREAD_WIDTHS = (40, 36, 30, 22, 12, 40)
ADOPTION_WIDTHS = (36, 44, 14, 12, 36, 36, 14, 14, 30, 12, 12, 36)
READINESS_WIDTHS = (36, 10, 18, 36, 12, 60, 60)


def _number(value):
    return float(value) if value is not None else None


def adoption_rows(records: Iterable) -> list[list]:
    return [
        [
            r.organisation.name,
            r.intervention.title if r.intervention_id else (r.case_study.title if r.case_study_id else ""),
            r.get_stage_display(),
            r.since,
            r.reason,
            r.note,
            r.reach,
            r.reach_eligible,
            r.effect_measure,
            _number(r.effect_baseline),
            _number(r.effect_value),
            r.adaptations,
        ]
        for r in records
    ]


def readiness_rows(ratings: dict[str, tuple[str, str]]) -> list[list]:
    """Each rated factor in the form's order, with its place among those that need action."""
    needs = {need.factor.key: (place, need) for place, need in enumerate(readiness.rank(ratings), start=1)}
    unsure = {need.factor.key: need for need in readiness.unsure(ratings)}
    rows = []
    for key, factor in readiness.FACTORS.items():
        if key not in ratings:
            continue
        rating, note = ratings[key]
        place, need = needs.get(key, (None, unsure.get(key)))
        rows.append(
            [
                factor.name,
                "Domain" if factor.kind == readiness.DOMAIN else "Attribute",
                factor.label(rating),
                note,
                place,
                need.why if need else "",
                factor.what_to_do if need else "",
            ]
        )
    return rows


def _file(fmt: str, header: list[str], rows: list, *, sheet: str, widths, title: str) -> bytes:
    if fmt == "xlsx":
        return to_workbook([Sheet(sheet, header, rows, widths)], title=title)
    return to_csv(header, [[("" if v is None else v) for v in row] for row in rows]).encode("utf-8-sig")


def adoption_file(fmt: str, records: Iterable, *, title: str) -> bytes:
    return _file(fmt, ADOPTION_HEADER, adoption_rows(records), sheet="Adoption", widths=ADOPTION_WIDTHS, title=title)


def spread_file(fmt: str, rows: list[list], *, title: str) -> bytes:
    return _file(fmt, SPREAD_HEADER, rows, sheet="Adoption spread", widths=SPREAD_WIDTHS, title=title)


def readiness_file(fmt: str, ratings: dict, *, title: str) -> bytes:
    return _file(
        fmt, READINESS_HEADER, readiness_rows(ratings), sheet="Readiness", widths=READINESS_WIDTHS, title=title
    )

"""What the library's pages show, worked out here so templates never compute: a case study's
sections, results, tags and history, and a search result's card."""

from __future__ import annotations

import decimal

from lodestar.config.jinja2 import format_date, format_datetime
from lodestar.learning import queries
from lodestar.learning.models import SECTIONS, CaseStudy, Status
from lodestar.star import vocab

STAFF_GROUPS = dict(vocab.STAFF_GROUPS)
CARE_SETTINGS = dict(vocab.CARE_SETTINGS)
POINTS = dict(vocab.STAR_POINTS)
HEADINGS = dict([("title", "Title"), ("summary", "Summary"), *SECTIONS])
TAG_WORDS = {
    "points": "Star points",
    "interventions": "interventions",
    "staff_groups": "staff groups",
    "care_settings": "care settings",
    "organisations_involved": "organisations involved",
    "sector": "sector",
    "visibility": "who can read it",
    "results": "results",
}
STATUS_TAGS = {
    Status.DRAFT: "nhsuk-tag--grey",
    Status.SUBMITTED: "nhsuk-tag--blue",
    Status.REVIEWED: "nhsuk-tag--yellow",
    Status.PUBLISHED: "nhsuk-tag--green",
}


def number(value: decimal.Decimal | None, unit: str = "") -> str:
    if value is None:
        return ""
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    if not unit:
        return text
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}"


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in (text or "").split("\n\n") if p.strip()]


def change(baseline: decimal.Decimal, after: decimal.Decimal, unit: str) -> str:
    difference = after - baseline
    if difference == 0:
        return "No change"
    word = "Up" if difference > 0 else "Down"
    return f"{word} {number(abs(difference), unit)}"


class CaseStudyCard:
    """A search result or list item."""

    def __init__(self, case_study: CaseStudy):
        self.case_study = case_study
        self.title = case_study.title
        self.summary = case_study.summary or (paragraphs(case_study.challenge) or [""])[0][:300]
        self.organisation = case_study.organisation.name
        self.sector = case_study.get_sector_display()
        self.status = case_study.get_status_display()
        self.status_class = STATUS_TAGS[Status(case_study.status)]
        self.published = format_date(case_study.published_at)
        self.pk = case_study.pk


class CaseStudyPresenter:
    def __init__(self, case_study: CaseStudy, user):
        self.case_study = case_study
        self.user = user
        self.may_edit = queries.may_edit(user, case_study)
        self.may_review = queries.may_review(user, case_study)
        status = Status(case_study.status)
        self.status = case_study.get_status_display()
        self.status_class = STATUS_TAGS[status]
        self.is_draft = status == Status.DRAFT
        self.may_change = self.may_edit and status in (Status.DRAFT, Status.PUBLISHED)
        self.may_submit = self.may_edit and status == Status.DRAFT
        self.may_give_review = self.may_review and status == Status.SUBMITTED
        self.may_publish = (self.may_edit or self.may_review) and status == Status.REVIEWED

    def sections(self) -> list[dict]:
        return [
            {"heading": heading, "id": name.replace("_", "-"), "paragraphs": paragraphs(getattr(self.case_study, name))}
            for name, heading in SECTIONS
            if getattr(self.case_study, name).strip()
        ]

    def results(self) -> list[dict]:
        return [
            {
                "pk": r.pk,
                "measure": r.measure,
                "baseline": number(r.baseline, r.unit),
                "baseline_date": format_date(r.baseline_date),
                "after": number(r.after, r.unit),
                "after_date": format_date(r.after_date),
                "change": change(r.baseline, r.after, r.unit),
            }
            for r in self.case_study.results.all()
        ]

    def tag_rows(self) -> list[dict]:
        cs = self.case_study
        rows = [
            ("Organisation", cs.organisation.name),
            ("Sector", cs.get_sector_display()),
            ("Star points", ", ".join(p.name for p in cs.points.order_by("order"))),
            ("Staff groups", ", ".join(STAFF_GROUPS.get(g, g) for g in cs.staff_groups)),
            ("Care settings", ", ".join(CARE_SETTINGS.get(s, s) for s in cs.care_settings)),
            ("Organisations involved", ", ".join(o.name for o in cs.organisations_involved.all())),
            ("Who can read it once published", cs.get_visibility_display()),
            ("Status", cs.get_status_display()),
        ]
        return [{"key": {"text": k}, "value": {"text": v or "None given"}} for k, v in rows]

    def interventions(self) -> list:
        return list(self.case_study.interventions.select_related("point").order_by("title"))

    def history(self) -> list[dict]:
        """Each version, newest first, with what changed since the one before."""
        found = list(queries.versions(self.case_study))
        rows = []
        for i, version in enumerate(found):
            earlier = found[i + 1].snapshot if i + 1 < len(found) else None
            rows.append(
                {
                    "number": version.number,
                    "what": "Published" if version.status == Status.PUBLISHED else "Submitted for review",
                    "who": version.created_by.display_name if version.created_by else "Someone",
                    "when": format_datetime(version.created_at),
                    "changed": changed(earlier, version.snapshot),
                }
            )
        return rows

    def comments(self) -> list[dict]:
        return [
            {
                "who": c.author.display_name if c.author else "A reviewer",
                "when": format_datetime(c.created_at),
                "paragraphs": paragraphs(c.text),
                "outcome": "Marked as reviewed" if c.marked_reviewed else "Returned to the authors",
            }
            for c in queries.comments(self.case_study)
        ]


def changed(before: dict | None, after: dict) -> str:
    """What changed between two snapshots, in words ("The challenge, results"), or "First version"."""
    if before is None:
        return "First version"
    names = [*HEADINGS, *TAG_WORDS]
    words = [HEADINGS.get(n) or TAG_WORDS[n] for n in names if before.get(n) != after.get(n)]
    if not words:
        return "No changes to the text"
    text = ", ".join(words)
    return text[:1].upper() + text[1:]

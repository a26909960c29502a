"""Every write to case studies: start and edit a draft, add and remove results, submit, comment
back to the authors, mark reviewed and publish. Keyword-only, one transaction each, one audit
event each (ADR 0014, 0015); emails to the authors go after commit.

The journey::

    start / edit   -> DRAFT        (editing a published case study returns it to draft)
    submit         DRAFT -> SUBMITTED        version snapshot
    comment        SUBMITTED -> DRAFT        the reviewer's words go to the authors by email
    mark_reviewed  SUBMITTED -> REVIEWED
    publish        REVIEWED -> PUBLISHED     version snapshot

Editors hold ``CONTRIBUTE`` at the case study's organisation; reviewers have a role at a region
above it, or are platform staff (``lodestar.learning.queries``).
"""

from __future__ import annotations

import datetime
import decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from lodestar.core.audit import record, snapshot
from lodestar.core.validation import Problems, ValidationProblem
from lodestar.learning import search_index
from lodestar.learning.models import (
    SECTIONS,
    CaseStudy,
    CaseStudyResult,
    CaseStudyVersion,
    LearningEvent,
    ReviewComment,
    Sector,
    Status,
    Visibility,
)
from lodestar.learning.queries import may_edit, may_review
from lodestar.notifications import learning as notify
from lodestar.orgs.models import Organisation, OrganisationType
from lodestar.star import vocab

TITLE_MAX = 200
SUMMARY_MAX = 400
SECTION_MAX = 20_000
COMMENT_MAX = 5_000
MEASURE_MAX = 200
UNIT_MAX = 40
VALUE_MAX = decimal.Decimal("999999999999.99")
TEXT_FIELDS = ["title", "summary", *(name for name, _ in SECTIONS)]
FIELDS = [*TEXT_FIELDS, "sector", "visibility", "status", "version"]
TAGS = ("points", "interventions", "staff_groups", "care_settings", "organisations_involved")


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _check_status(case_study: CaseStudy, *allowed: Status, doing: str) -> None:
    if case_study.status not in allowed:
        raise ValidationProblem(
            "status", f"You cannot {doing} a case study that is {case_study.get_status_display().lower()}"
        )


# ------------------------------------------------------------------------------ content


def _check_content(data: dict, problems: Problems) -> None:
    if problems.require(data.get("title"), "title", "Enter a title for the case study"):
        problems.text(data.get("title"), "title", "The title", TITLE_MAX)
    problems.text(data.get("summary", ""), "summary", "The summary", SUMMARY_MAX)
    for name, heading in SECTIONS:
        problems.text(data.get(name, ""), name, heading, SECTION_MAX)
    if data.get("sector") not in Sector.values:
        problems.add("sector", "Choose the sector from the list")
    if data.get("visibility") not in Visibility.values:
        problems.add("visibility", "Choose who can read the case study once it is published")
    staff = dict(vocab.STAFF_GROUPS)
    if any(g not in staff for g in data.get("staff_groups", [])):
        problems.add("staff_groups", "Choose staff groups from the list")
    settings = dict(vocab.CARE_SETTINGS)
    if any(s not in settings for s in data.get("care_settings", [])):
        problems.add("care_settings", "Choose care settings from the list")


def _scope(organisation: Organisation, visibility: str) -> Organisation | None:
    """The organisation a published case study's visibility reaches from: the owner itself, the
    nearest ICS or region at or above it (the owner when there is none), or None for everyone."""
    if visibility == Visibility.EVERYONE:
        return None
    wanted = {Visibility.ICS: OrganisationType.ICS, Visibility.REGION: OrganisationType.REGION}.get(visibility)
    if wanted is None:
        return organisation
    chain = [organisation, *reversed(organisation.ancestors)]  # the owner first, then upwards
    return next((org for org in chain if org.type == wanted), organisation)


def _defaults(data: dict) -> dict:
    out = {name: (data.get(name) or "").strip() for name in TEXT_FIELDS}
    out["sector"] = data.get("sector") or Sector.NHS
    out["visibility"] = data.get("visibility") or Visibility.ORGANISATION
    out["staff_groups"] = list(dict.fromkeys(data.get("staff_groups") or []))
    out["care_settings"] = list(dict.fromkeys(data.get("care_settings") or []))
    return out


def _set_tags(case_study: CaseStudy, data: dict) -> None:
    case_study.points.set(data.get("points") or [])
    case_study.interventions.set(data.get("interventions") or [])
    case_study.organisations_involved.set(data.get("organisations_involved") or [])


def _tag_snapshot(case_study: CaseStudy) -> dict:
    return {
        "points": sorted(p.key for p in case_study.points.all()),
        "interventions": sorted(i.code for i in case_study.interventions.all()),
        "organisations_involved": sorted(o.name for o in case_study.organisations_involved.all()),
    }


def _state(case_study: CaseStudy) -> dict:
    return {
        **snapshot(case_study, FIELDS),
        "staff_groups": case_study.staff_groups,
        "care_settings": case_study.care_settings,
        **_tag_snapshot(case_study),
    }


@transaction.atomic
def start_case_study(*, actor, organisation: Organisation, data: dict) -> CaseStudy:
    """A new draft at ``organisation``. ``data`` holds the template's text (title, summary and the
    sections), sector, visibility and tags (points: StarPoints; interventions: Interventions;
    staff_groups and care_settings: vocabulary keys; organisations_involved: Organisations)."""
    _require(organisation is not None and may_edit(actor, CaseStudy(organisation=organisation)))
    problems = Problems()
    _check_content(_defaults(data), problems)
    problems.raise_any()
    values = _defaults(data)
    case_study = CaseStudy.objects.create(
        organisation=organisation, created_by=actor, scope=_scope(organisation, values["visibility"]), **values
    )
    _set_tags(case_study, data)
    search_index.refresh(case_study)
    record(
        actor=actor,
        action=LearningEvent.CASE_STUDY_CREATE,
        target=case_study,
        organisation=organisation,
        after=_state(case_study),
    )
    return case_study


@transaction.atomic
def edit_case_study(*, actor, case_study: CaseStudy, data: dict) -> CaseStudy:
    """Change the text and tags of a draft (or a published case study, which returns to draft
    to be reviewed again). Submitted and reviewed ones wait for the reviewer."""
    _require(may_edit(actor, case_study))
    case_study = CaseStudy.objects.select_for_update().get(pk=case_study.pk)
    _check_status(case_study, Status.DRAFT, Status.PUBLISHED, doing="change")
    problems = Problems()
    _check_content(_defaults(data), problems)
    problems.raise_any()
    before = _state(case_study)
    for name, value in _defaults(data).items():
        setattr(case_study, name, value)
    case_study.scope = _scope(case_study.organisation, case_study.visibility)
    case_study.status = Status.DRAFT
    case_study.save()
    _set_tags(case_study, data)
    search_index.refresh(case_study)
    record(
        actor=actor,
        action=LearningEvent.CASE_STUDY_UPDATE,
        target=case_study,
        organisation=case_study.organisation,
        before=before,
        after=_state(case_study),
    )
    return case_study


# ------------------------------------------------------------------------------ results


def measure_value(
    value, field: str, label: str, problems: Problems, *, required: bool = True
) -> decimal.Decimal | None:
    """A measure's value (a result's baseline or after, an adoption's effectiveness) to two decimal
    places, or None with a problem naming the field; blank is a problem only when ``required``."""
    if value is None or str(value).strip() == "":
        if required:
            problems.add(field, f"Enter the {label}")
        return None
    try:
        number = decimal.Decimal(str(value).replace(",", "").strip())
    except decimal.InvalidOperation:
        problems.add(field, f"The {label} must be a number, like 12 or 4.5")
        return None
    if not number.is_finite() or abs(number) > VALUE_MAX:
        problems.add(field, f"The {label} must be a number smaller than a trillion")
        return None
    return number.quantize(decimal.Decimal("0.01"))


def _date(value, field: str, label: str, problems: Problems) -> datetime.date | None:
    if value is None:
        problems.add(field, f"Enter the {label}")
        return None
    problems.date_in_range(value, field, label[:1].upper() + label[1:])
    return value


def _check_result(measure, unit, baseline, baseline_date, after, after_date) -> dict:
    problems = Problems()
    if problems.require(measure, "measure", "Enter what was measured"):
        problems.text(measure, "measure", "The measure", MEASURE_MAX)
    problems.text(unit or "", "unit", "The unit", UNIT_MAX)
    values = {
        "measure": (measure or "").strip(),
        "unit": (unit or "").strip(),
        "baseline": measure_value(baseline, "baseline", "baseline value", problems),
        "baseline_date": _date(baseline_date, "baseline_date", "date of the baseline", problems),
        "after": measure_value(after, "after", "value after the change", problems),
        "after_date": _date(after_date, "after_date", "date of the value after", problems),
    }
    problems.date_order(
        baseline_date, after_date, "after_date", "The date of the value after must be on or after the baseline date"
    )
    problems.raise_any()
    return values


@transaction.atomic
def add_result(*, actor, case_study: CaseStudy, measure, unit, baseline, baseline_date, after, after_date):
    """A measure with its baseline and the value after the change, each with its date."""
    _require(may_edit(actor, case_study))
    _check_status(case_study, Status.DRAFT, doing="add a result to")
    values = _check_result(measure, unit, baseline, baseline_date, after, after_date)
    result = CaseStudyResult.objects.create(case_study=case_study, **values)
    record(
        actor=actor,
        action=LearningEvent.RESULT_ADD,
        target=case_study,
        organisation=case_study.organisation,
        after=snapshot(result),
    )
    return result


@transaction.atomic
def remove_result(*, actor, result: CaseStudyResult) -> None:
    case_study = result.case_study
    _require(may_edit(actor, case_study))
    _check_status(case_study, Status.DRAFT, doing="remove a result from")
    before = snapshot(result)
    result.delete()
    record(
        actor=actor,
        action=LearningEvent.RESULT_REMOVE,
        target=case_study,
        organisation=case_study.organisation,
        before=before,
    )


# ----------------------------------------------------------------------------- workflow


def _results_snapshot(case_study: CaseStudy) -> list[dict]:
    return [
        {
            "measure": r.measure,
            "unit": r.unit,
            "baseline": str(r.baseline),
            "baseline_date": r.baseline_date.isoformat(),
            "after": str(r.after),
            "after_date": r.after_date.isoformat(),
        }
        for r in case_study.results.all()
    ]


def _new_version(actor, case_study: CaseStudy) -> CaseStudyVersion:
    case_study.version += 1
    return CaseStudyVersion.objects.create(
        case_study=case_study,
        number=case_study.version,
        status=case_study.status,
        snapshot={**_state(case_study), "results": _results_snapshot(case_study)},
        created_by=actor,
    )


def _move(actor, case_study: CaseStudy, to: Status, event: LearningEvent, version: bool = False) -> CaseStudy:
    before = snapshot(case_study, ["status", "version"])
    case_study.status = to
    if to == Status.PUBLISHED:
        case_study.published_at = timezone.now()
    if version:
        _new_version(actor, case_study)
    case_study.save()
    record(
        actor=actor,
        action=event,
        target=case_study,
        organisation=case_study.organisation,
        before=before,
        after=snapshot(case_study, ["status", "version"]),
    )
    return case_study


def _locked(case_study: CaseStudy) -> CaseStudy:
    return CaseStudy.objects.select_for_update().select_related("organisation").get(pk=case_study.pk)


@transaction.atomic
def submit(*, actor, case_study: CaseStudy) -> CaseStudy:
    """The authors send a draft to be reviewed: it needs the challenge and what was changed."""
    _require(may_edit(actor, case_study))
    case_study = _locked(case_study)
    _check_status(case_study, Status.DRAFT, doing="submit")
    problems = Problems()
    problems.require(case_study.challenge, "challenge", "Describe the challenge before you submit the case study")
    problems.require(
        case_study.what_changed, "what_changed", "Describe what was changed before you submit the case study"
    )
    problems.raise_any()
    return _move(actor, case_study, Status.SUBMITTED, LearningEvent.SUBMIT, version=True)


@transaction.atomic
def comment(*, actor, case_study: CaseStudy, text: str) -> ReviewComment:
    """A reviewer returns a submitted case study to its authors with their comments (emailed
    to the authors after commit)."""
    _require(may_review(actor, case_study))
    case_study = _locked(case_study)
    _check_status(case_study, Status.SUBMITTED, doing="comment on")
    problems = Problems()
    if problems.require(text, "text", "Enter your comments for the authors"):
        problems.text(text, "text", "Your comments", COMMENT_MAX)
    problems.raise_any()
    note = ReviewComment.objects.create(case_study=case_study, text=text.strip(), author=actor)
    _move(actor, case_study, Status.DRAFT, LearningEvent.COMMENT)
    notify.notify_review_comment(comment=note)  # emailed to the authors after commit
    return note


@transaction.atomic
def mark_reviewed(*, actor, case_study: CaseStudy, text: str = "") -> CaseStudy:
    """A reviewer is content: the case study may be published (an optional note goes with it)."""
    _require(may_review(actor, case_study))
    case_study = _locked(case_study)
    _check_status(case_study, Status.SUBMITTED, doing="mark as reviewed")
    problems = Problems()
    problems.text(text or "", "text", "Your comments", COMMENT_MAX)
    problems.raise_any()
    if (text or "").strip():
        ReviewComment.objects.create(case_study=case_study, text=text.strip(), author=actor, marked_reviewed=True)
    return _move(actor, case_study, Status.REVIEWED, LearningEvent.REVIEWED)


@transaction.atomic
def publish(*, actor, case_study: CaseStudy) -> CaseStudy:
    """A reviewed case study goes into the library, for the people its visibility reaches.
    The authors' editors or a reviewer publish it."""
    _require(may_edit(actor, case_study) or may_review(actor, case_study))
    case_study = _locked(case_study)
    _check_status(case_study, Status.REVIEWED, doing="publish")
    return _move(actor, case_study, Status.PUBLISHED, LearningEvent.PUBLISH, version=True)

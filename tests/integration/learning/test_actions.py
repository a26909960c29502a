"""The case-study actions: what each writes, the audit row, refusals that name the field and save
nothing, and the workflow refusing a step at the wrong moment."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from lodestar.core.models import AuditEvent
from lodestar.core.validation import ValidationProblem
from lodestar.learning import actions
from lodestar.learning.models import CaseStudy, CaseStudyResult, CaseStudyVersion, ReviewComment, Status
from tests.factories.learning import SECTIONS, case_study
from tests.factories.star import InterventionFactory, star_points

pytestmark = pytest.mark.django_db


def _data(**extra):
    return {**SECTIONS, "title": "Preceptorship for new nurses", "sector": "nhs", "visibility": "ics", **extra}


def test_an_editor_starts_a_draft_with_tags_and_an_audit_row(world):
    editor, pcn = world["people"]["editor"], world["orgs"]["pcn_a"]
    points = star_points()
    intervention = InterventionFactory(point=points["supply"])
    cs = actions.start_case_study(
        actor=editor,
        organisation=pcn,
        data=_data(
            points=[points["supply"]],
            interventions=[intervention],
            staff_groups=["registered-nurses"],
            care_settings=["acute"],
            organisations_involved=[world["orgs"]["trust_a"]],
        ),
    )
    assert cs.status == Status.DRAFT
    assert cs.scope == world["orgs"]["ics_a"]  # ICS visibility reaches from PCN A's ICS
    assert [i.pk for i in cs.interventions.all()] == [intervention.pk]
    event = AuditEvent.objects.get(action="learning.case_study.create")
    assert event.actor == editor and event.organisation == pcn
    assert event.after["title"] == "Preceptorship for new nurses"
    assert event.after["points"] == ["supply"]


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"challenge": "bad \x00 text"}, "challenge"),
        ({"sector": "pharma"}, "sector"),
        ({"visibility": "world"}, "visibility"),
        ({"staff_groups": ["wizards"]}, "staff_groups"),
        ({"care_settings": ["moon"]}, "care_settings"),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(world, extra, field):
    with pytest.raises(ValidationProblem) as caught:
        actions.start_case_study(
            actor=world["people"]["editor"], organisation=world["orgs"]["pcn_a"], data=_data(**extra)
        )
    assert field in caught.value.by_field()
    assert not CaseStudy.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="learning.").exists()


def test_only_editors_of_the_organisation_start_one(world):
    for who in ("owner_viewer", "sibling", "reviewer"):
        with pytest.raises(PermissionDenied):
            actions.start_case_study(actor=world["people"][who], organisation=world["orgs"]["pcn_a"], data=_data())
    assert not CaseStudy.objects.exists()


def test_results_are_added_and_bad_figures_name_their_field(world):
    editor = world["people"]["editor"]
    cs = case_study(world["orgs"]["pcn_a"], author=editor)
    result = actions.add_result(
        actor=editor,
        case_study=cs,
        measure="Vacancy rate",
        unit="%",
        baseline="12.5",
        baseline_date=datetime.date(2024, 1, 1),
        after="8",
        after_date=datetime.date(2025, 1, 1),
    )
    assert str(result.baseline) == "12.50"
    assert AuditEvent.objects.filter(action="learning.result.add").count() == 1
    with pytest.raises(ValidationProblem) as caught:
        actions.add_result(
            actor=editor,
            case_study=cs,
            measure="",
            unit="",
            baseline="lots",
            baseline_date=datetime.date(2025, 1, 1),
            after="1e400",
            after_date=datetime.date(2024, 1, 1),
        )
    assert set(caught.value.by_field()) == {"measure", "baseline", "after", "after_date"}
    assert CaseStudyResult.objects.count() == 1


def test_the_whole_journey_keeps_versions_and_history(
    world, immediate_tasks, mailoutbox, django_capture_on_commit_callbacks
):
    people, pcn = world["people"], world["orgs"]["pcn_a"]
    cs = case_study(pcn, author=people["editor"], status=Status.SUBMITTED, reviewer=people["reviewer"])
    assert cs.version == 1
    with django_capture_on_commit_callbacks(execute=True):
        note = actions.comment(actor=people["reviewer"], case_study=cs, text="Please add the costs of backfill.")
    cs.refresh_from_db()
    assert cs.status == Status.DRAFT
    assert note.text == "Please add the costs of backfill."
    assert [m.to for m in mailoutbox] == [[people["editor"].email]]
    assert "Please add the costs of backfill." in mailoutbox[0].body
    assert "Rita Reviewer" in mailoutbox[0].body
    actions.edit_case_study(actor=people["editor"], case_study=cs, data=_data(costs="Backfill: 0.4 FTE"))
    cs = actions.submit(actor=people["editor"], case_study=cs)
    cs = actions.mark_reviewed(actor=people["reviewer"], case_study=cs, text="Thank you")
    cs = actions.publish(actor=people["editor"], case_study=cs)
    assert cs.status == Status.PUBLISHED and cs.published_at is not None
    numbers = list(CaseStudyVersion.objects.filter(case_study=cs).order_by("number").values_list("number", "status"))
    assert numbers == [(1, "submitted"), (2, "submitted"), (3, "published")]
    assert CaseStudyVersion.objects.get(case_study=cs, number=2).snapshot["costs"] == "Backfill: 0.4 FTE"
    assert ReviewComment.objects.filter(case_study=cs).count() == 2
    events = list(
        AuditEvent.objects.filter(target_id=str(cs.pk), action__startswith="learning.").values_list("action", flat=True)
    )
    for expected in (
        "learning.case_study.submit",
        "learning.case_study.comment",
        "learning.case_study.reviewed",
        "learning.case_study.publish",
    ):
        assert expected in events


def test_no_email_when_the_comment_is_refused(world, immediate_tasks, mailoutbox):
    cs = case_study(world["orgs"]["pcn_a"], author=world["people"]["editor"], status=Status.SUBMITTED)
    with pytest.raises(ValidationProblem) as caught:
        actions.comment(actor=world["people"]["reviewer"], case_study=cs, text="  ")
    assert caught.value.field == "text"
    assert mailoutbox == [] and not ReviewComment.objects.exists()


@pytest.mark.parametrize(
    ("status", "step"),
    [
        (Status.SUBMITTED, "submit"),
        (Status.REVIEWED, "submit"),
        (Status.PUBLISHED, "submit"),
        (Status.DRAFT, "comment"),
        (Status.REVIEWED, "comment"),
        (Status.DRAFT, "mark_reviewed"),
        (Status.PUBLISHED, "mark_reviewed"),
        (Status.DRAFT, "publish"),
        (Status.SUBMITTED, "publish"),
        (Status.PUBLISHED, "publish"),
        (Status.SUBMITTED, "edit"),
        (Status.REVIEWED, "edit"),
    ],
)
def test_workflow_steps_at_the_wrong_moment_are_refused(world, status, step):
    people = world["people"]
    cs = case_study(world["orgs"]["pcn_a"], author=people["editor"], status=status, reviewer=people["reviewer"])
    before = (cs.status, cs.version, AuditEvent.objects.count())
    calls = {
        "submit": lambda: actions.submit(actor=people["editor"], case_study=cs),
        "comment": lambda: actions.comment(actor=people["reviewer"], case_study=cs, text="More please"),
        "mark_reviewed": lambda: actions.mark_reviewed(actor=people["reviewer"], case_study=cs),
        "publish": lambda: actions.publish(actor=people["editor"], case_study=cs),
        "edit": lambda: actions.edit_case_study(actor=people["editor"], case_study=cs, data=_data()),
    }
    with pytest.raises(ValidationProblem) as caught:
        calls[step]()
    assert caught.value.field == "status"
    cs.refresh_from_db()
    assert (cs.status, cs.version, AuditEvent.objects.count()) == before


def test_a_draft_needs_its_challenge_and_change_before_submitting(world):
    cs = case_study(world["orgs"]["pcn_a"], author=world["people"]["editor"], challenge="", what_changed="")
    with pytest.raises(ValidationProblem) as caught:
        actions.submit(actor=world["people"]["editor"], case_study=cs)
    assert set(caught.value.by_field()) == {"challenge", "what_changed"}
    cs.refresh_from_db()
    assert cs.status == Status.DRAFT and not CaseStudyVersion.objects.exists()


def test_reviewers_are_regional_people_in_reach_or_platform_staff(world):
    people = world["people"]
    cs = case_study(world["orgs"]["pcn_a"], author=people["editor"], status=Status.SUBMITTED)
    for who in ("editor", "ics_facilitator", "other_reviewer"):
        with pytest.raises(PermissionDenied):
            actions.mark_reviewed(actor=people[who], case_study=cs)
    actions.mark_reviewed(actor=people["platform"], case_study=cs)


def test_editing_a_published_case_study_returns_it_to_draft(world):
    people = world["people"]
    cs = case_study(world["orgs"]["pcn_a"], author=people["editor"], status=Status.PUBLISHED)
    cs = actions.edit_case_study(actor=people["editor"], case_study=cs, data=_data(visibility="region"))
    assert cs.status == Status.DRAFT
    assert cs.scope == world["orgs"]["region"]

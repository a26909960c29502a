"""Workshop presenters: the text and NHS component parameters the pages print as given."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest

from lodestar.workshops import forms, presenters, scoring
from lodestar.workshops.presenters import (
    EvidenceItemPresenter,
    InterventionCard,
    ListedWorkshopPresenter,
    ParticipantPresenter,
    PrioritisationPresenter,
    RankedCandidate,
    WorkshopPresenter,
)


def test_numbers_read_as_people_write_them():
    assert [presenters.number(v) for v in (None, 3, 3.0, 3.5, 2.25)] == ["-", "3", "3", "3.5", "2.2"]


def _workshop(**kwargs):
    values = {
        "pk": 7,
        "title": "Community nursing",
        "lead_organisation": SimpleNamespace(name="Trust A"),
        "starts_on": None,
        "ends_on": None,
        "shortlist_confirmed_at": None,
        "shortlist_confirmed": False,
        "ratings_open_to_all": False,
        "ratings_revealed_at": None,
        "get_status_display": lambda: "Draft",
    }
    values.update(kwargs)
    return SimpleNamespace(**values)


@pytest.mark.parametrize(
    "starts, ends, expected",
    [
        (None, None, "Not set"),
        (datetime.date(2027, 3, 1), None, "1 March 2027"),
        (datetime.date(2027, 3, 1), datetime.date(2027, 3, 1), "1 March 2027"),
        (datetime.date(2027, 3, 1), datetime.date(2027, 3, 2), "1 March 2027 to 2 March 2027"),
    ],
)
def test_listed_workshop_dates(starts, ends, expected):
    assert ListedWorkshopPresenter(_workshop(starts_on=starts, ends_on=ends)).dates == expected


def test_listed_workshop_status_says_when_the_shortlist_is_confirmed():
    assert ListedWorkshopPresenter(_workshop()).status == "Draft"
    confirmed = _workshop(shortlist_confirmed_at=datetime.datetime(2027, 3, 1, tzinfo=datetime.UTC))
    assert ListedWorkshopPresenter(confirmed).status == "Draft, shortlist confirmed"


def _participant(**kwargs):
    values = {
        "pk": 1,
        "name": "Val Voluntary",
        "email": "val@charity.org",
        "organisation": None,
        "is_external": True,
        "invitation_pending": True,
        "user_id": None,
        "get_role_display": lambda: "Contributor",
    }
    values.update(kwargs)
    return SimpleNamespace(**values)


def test_participant_rows():
    me = SimpleNamespace(pk=5)
    invited = ParticipantPresenter(_participant(), me)
    assert (invited.organisation, invited.role, invited.status, invited.removable) == (
        "External participant",
        "Contributor",
        "Invited, not yet joined",
        True,
    )
    myself = ParticipantPresenter(
        _participant(organisation=SimpleNamespace(name="Trust A"), invitation_pending=False, user_id=5), me
    )
    assert (myself.organisation, myself.status, myself.removable) == ("Trust A", "Taking part", False)


def test_evidence_rows_say_what_an_item_is_and_who_may_remove_it():
    author, other = SimpleNamespace(pk=1, display_name="Ann"), SimpleNamespace(pk=2)
    file = SimpleNamespace(
        pk=3,
        title="Vacancies",
        kind="file",
        original_name="vacancies.xlsx",
        text="",
        added_by=author,
        added_by_id=1,
        created_at=datetime.datetime(2027, 3, 1, 9, 30, tzinfo=datetime.UTC),
        size=2560,
    )
    row = EvidenceItemPresenter(file, author, can_facilitate=False)
    assert (row.is_file, row.details, row.added_by, row.removable) == (True, "File, 2.5 KB", "Ann", True)
    assert "1 March 2027" in row.added_at
    assert not EvidenceItemPresenter(file, other, can_facilitate=False).removable
    assert EvidenceItemPresenter(file, other, can_facilitate=True).removable
    note = SimpleNamespace(**{**vars(file), "kind": "note", "added_by": None})
    assert (
        EvidenceItemPresenter(note, other, can_facilitate=False).details,
        EvidenceItemPresenter(note, other, can_facilitate=False).added_by,
    ) == ("Note", "")


def test_intervention_card_names_its_source_and_why_it_was_suggested():
    point = SimpleNamespace(name="Supply")
    national = SimpleNamespace(
        pk=1, code="supply-t", title="T", summary="S", point=point, is_national=True, organisation=None
    )
    local = SimpleNamespace(
        pk=2,
        code="local-1-t",
        title="T",
        summary="S",
        point=point,
        is_national=False,
        organisation=SimpleNamespace(name="ICS A"),
    )
    assert InterventionCard(national).source == "National catalogue"
    assert InterventionCard(local).source == "Local: ICS A"
    assert InterventionCard(national).why == ""
    card = InterventionCard(national, reasons=["shares words: nurs", "for Registered nurses"])
    assert card.why == "shares words: nurs; for Registered nurses."
    assert card.href == "/star/interventions/supply-t/"


def test_a_suggestion_shows_why_in_words_and_never_its_internal_score():
    point = SimpleNamespace(name="Supply")
    iv = SimpleNamespace(pk=1, code="c", title="T", summary="S", point=point, is_national=True, organisation=None)
    suggestion = SimpleNamespace(intervention=iv, reasons=["Matching words: nurses"], score=7.25)
    [card] = presenters.suggestion_cards([suggestion])
    assert card.why == "Matching words: nurses."
    assert "7.25" not in str(vars(card)) and "Score" not in card.why


def _candidate(pk, title, *, shortlisted=False, priority_rank=None):
    intervention = SimpleNamespace(code=f"c{pk}", title=title, summary="S", point=SimpleNamespace(name="Supply"))
    return SimpleNamespace(pk=pk, intervention=intervention, shortlisted=shortlisted, priority_rank=priority_rank)


def test_ranked_candidate_sums_up_ratings_in_words():
    agg = scoring.aggregate([(4, 1), (5, 2), (3, 2)])
    mine = SimpleNamespace(impact=4, effort=1)
    row = RankedCandidate(_candidate(1, "Quick thing"), agg, rank=1, mine=mine)
    assert (row.impact_median, row.effort_median, row.count, row.group) == ("4", "2", 3, "Quick wins")
    assert row.impact_spread == "Most rated 4 or 5; one rated 3"
    assert row.effort_spread == "Most rated 2; one rated 1"
    assert row.mine == "You rated this: impact 4, effort 1."
    assert (row.shortlist_tag, row.priority_input) == ("", "1")
    unrated = RankedCandidate(_candidate(2, "New", shortlisted=True, priority_rank=2), scoring.aggregate([]), rank=5)
    assert (unrated.impact_median, unrated.impact_spread, unrated.group) == ("-", "Not rated yet", "Not rated yet")
    assert (unrated.shortlist_tag, unrated.priority_input) == ("Shortlisted, priority 2", "2")


def test_rating_radios_are_nhs_radios_parameters_with_the_error_beside_them():
    form = forms.RatingForm({"c1-impact": "9", "c1-effort": "2"}, prefix="c1")
    assert not form.is_valid()
    row = RankedCandidate(_candidate(1, "T"), scoring.aggregate([]), rank=1, rating_form=form)
    impact, effort = row.impact_radios, row.effort_radios
    assert impact["name"] == "c1-impact" and impact["classes"] == "nhsuk-radios--inline"
    assert impact["fieldset"]["legend"] == {"text": "Impact", "classes": "nhsuk-fieldset__legend--s"}
    assert impact["errorMessage"] == {"text": "Choose an impact rating from 1 to 5"}
    assert [i["value"] for i in effort["items"]] == ["1", "2", "3", "4", "5"]
    assert [i["checked"] for i in effort["items"]] == [False, True, False, False, False]
    assert effort["errorMessage"] is None


def test_prioritisation_preselects_quick_wins_and_major_projects_until_a_shortlist_is_confirmed():
    rows = [
        RankedCandidate(_candidate(1, "Quick"), scoring.aggregate([(5, 1)]), rank=1),
        RankedCandidate(_candidate(2, "Major", shortlisted=True, priority_rank=1), scoring.aggregate([(5, 5)]), rank=2),
        RankedCandidate(_candidate(3, "Thankless"), scoring.aggregate([(1, 5)]), rank=3),
    ]
    page = PrioritisationPresenter(_workshop(), rows)
    assert page.preselected == {1, 2} and [r.title for r in page.shortlist] == ["Major"]
    assert page.threshold == "3"
    high, low = page.matrix
    assert high["label"] == "High impact (median 3 or more)" and low["label"] == "Low impact (median under 3)"
    assert [(c["label"], c["titles"]) for c in high["cells"]] == [
        ("Quick wins", ["Quick"]),
        ("Major projects", ["Major"]),
    ]
    assert [(c["label"], c["titles"]) for c in low["cells"]] == [("Fill-ins", []), ("Thankless tasks", ["Thankless"])]
    confirmed = _workshop(shortlist_confirmed=True, ratings_open_to_all=True)
    assert PrioritisationPresenter(confirmed, rows).preselected == {2}


def test_until_the_group_s_ratings_show_the_rating_form_keeps_the_order_candidates_were_added():
    rows = [
        RankedCandidate(_candidate(2, "Rated high"), scoring.aggregate([(5, 1)]), rank=1),
        RankedCandidate(_candidate(1, "Added first"), scoring.aggregate([(1, 5)]), rank=2),
    ]
    hidden = PrioritisationPresenter(_workshop(), rows, can_rate=True)
    assert not hidden.figures_visible and [r.title for r in hidden.rating_rows] == ["Added first", "Rated high"]
    assert hidden.progress == "You have rated 0 of 2 candidates."
    shown = PrioritisationPresenter(_workshop(ratings_open_to_all=True, ratings_revealed_at=1), rows)
    assert (
        shown.figures_visible
        and shown.revealed
        and [r.title for r in shown.rating_rows] == ["Rated high", "Added first"]
    )


# ------------------------------------------------------------------ the overview (reads counts)


@pytest.fixture
def overview(orgs):
    from tests.factories import member
    from tests.factories.workshops import WorkshopFactory, participant, star_points

    star_points()
    facilitator = member(orgs["trust_a"], "facilitator")
    workshop = WorkshopFactory(
        lead_organisation=orgs["trust_a"],
        facilitator=facilitator,
        staff_groups=["registered-nurses", "all"],
        starts_on=datetime.date(2027, 3, 1),
        ends_on=datetime.date(2027, 3, 2),
    )
    participant(workshop, "facilitator", user=facilitator)
    return workshop, facilitator


@pytest.mark.django_db
def test_task_list_before_anything_is_done(overview):
    workshop, facilitator = overview
    items = {i["title"]["text"]: i for i in WorkshopPresenter(workshop, facilitator).task_list}
    assert list(items) == [
        "Set up",
        "Participants",
        "Evidence pack",
        "Star assessment",
        "Candidates",
        "Prioritisation",
        "Action plan",
    ]
    assert items["Set up"]["status"] == {"text": "Completed"}
    assert items["Participants"]["status"] == {"tag": {"text": "Not started", "classes": "nhsuk-tag--white"}}
    assert items["Evidence pack"]["hint"] == "0 notes and files"
    assert items["Prioritisation"]["status"]["tag"]["text"] == "Cannot start yet"
    # No dead ends: a step not yet possible links to its page, and the plan to the step that makes it.
    assert items["Prioritisation"]["href"] == f"/workshops/{workshop.pk}/prioritisation/"
    assert items["Action plan"]["href"] == f"/workshops/{workshop.pk}/prioritisation/#shortlist"
    assert items["Action plan"]["hint"] == (
        "Not generated yet: it is made from the shortlist the facilitator confirms in Prioritisation"
    )
    assert items["Star assessment"]["href"] == f"/workshops/{workshop.pk}/assessment/"


@pytest.mark.django_db
def test_task_list_links_only_what_the_user_may_open(overview, orgs):
    from tests.factories import member
    from tests.factories.workshops import CandidateFactory

    workshop, _ = overview
    CandidateFactory(workshop=workshop)
    colleague = member(orgs["trust_a"], "viewer")  # sees the workshop, is not taking part
    items = {i["title"]["text"]: i for i in WorkshopPresenter(workshop, colleague).task_list}
    # Set-up is the facilitator's page: others are shown the workshop's details below the steps.
    assert items["Set up"]["href"] == "#about-this-workshop"
    assert items["Set up"]["hint"] == "Title, organisations, scope and dates: see About this workshop"
    assert "href" not in items["Evidence pack"]
    assert items["Evidence pack"]["hint"] == "0 notes and files, seen only by the people taking part"
    assert items["Candidates"]["hint"] == "1 intervention from the catalogue"
    assert items["Prioritisation"]["status"]["tag"]["text"] == "Not started"


@pytest.mark.django_db
def test_summary_rows(overview):
    workshop, facilitator = overview
    rows = {r["key"]["text"]: r["value"]["text"] for r in WorkshopPresenter(workshop, facilitator).summary_rows}
    assert rows["Lead organisation"] == "Trust A"
    assert rows["Partners"] == "None"
    assert rows["Service or care pathway"] == "Not given"
    assert rows["Staff groups"] == "Registered nurses, All staff"
    assert rows["Care settings"] == "Not given"
    assert rows["Dates"] == "1 March 2027 to 2 March 2027"
    assert rows["Facilitator"] == facilitator.display_name

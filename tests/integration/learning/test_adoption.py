"""Adoption tracking: an organisation records the stage it has reached with an intervention or a
published case study, every change is kept as history, the RE-AIM measures sit beside it, and
only people in the organisation's reach see it (404 for everyone else).

People and places: ``world`` (Test Region > ICS A > PCN A > Practice A, Trust A; ICS B > Trust B)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from lodestar.core.models import AuditEvent
from lodestar.core.validation import ValidationProblem
from lodestar.learning import actions_adoption, queries_spread, spread
from lodestar.learning.models import AdoptionChange, AdoptionRecord, Status
from lodestar.learning.presenters_spread import SpreadPresenter
from tests.factories.learning import case_study
from tests.factories.star import InterventionFactory

pytestmark = pytest.mark.django_db

D = datetime.date
FIRST_DAY = D(2025, 1, 6)


@pytest.fixture
def intervention():
    return InterventionFactory(code="supply-preceptorship", title="Preceptorship for new registrants")


def _record(world, intervention, stage="piloting", since=FIRST_DAY, who="sibling", **extra):
    return actions_adoption.record_stage(
        actor=world["people"][who],
        organisation=world["orgs"]["trust_a"],
        intervention=intervention,
        stage=stage,
        since=since,
        **extra,
    )


# ---------------------------------------------------------------------------- actions


def test_a_contributor_records_a_stage_and_each_change_joins_the_history(world, intervention):
    adoption = _record(world, intervention, note="Two wards first")
    adoption = _record(world, intervention, stage="adopted", since=D(2025, 7, 1))
    adoption = _record(world, intervention, stage="piloting", since=D(2025, 9, 1), note="Paused on one site")
    assert AdoptionRecord.objects.count() == 1
    assert adoption.stage == "piloting" and adoption.since == D(2025, 9, 1)
    assert list(AdoptionChange.objects.values_list("stage", "on")) == [
        ("piloting", D(2025, 1, 6)),
        ("adopted", D(2025, 7, 1)),
        ("piloting", D(2025, 9, 1)),
    ]
    events = AuditEvent.objects.filter(action="learning.adoption.record").order_by("pk")
    assert events.count() == 3
    assert events[0].before is None and events[0].after["stage"] == "piloting"
    assert events[2].before["stage"] == "adopted" and events[2].after["stage"] == "piloting"
    assert events[2].organisation == world["orgs"]["trust_a"]


def test_the_spread_curve_counts_each_recorded_stage_until_the_next_one(world, intervention):
    history = [("piloting", D(2025, 1, 6)), ("adopted", D(2025, 7, 1)), ("piloting", D(2025, 9, 1))]
    for stage, since in history:
        _record(world, intervention, stage=stage, since=since)
    reviewer = world["people"]["reviewer"]
    presenter = SpreadPresenter(queries_spread.records(reviewer), queries_spread.icss(reviewer))
    assert presenter.curve == spread.curve_by_walking([history], presenter.today)
    labels, counts = presenter.curve
    june, september = (
        labels.index(spread.quarter_label(D(2025, 6, 30))),
        labels.index(spread.quarter_label(D(2025, 9, 30))),
    )
    assert counts["Piloting"][june] == 1 and counts["Piloting"][september] == 1
    assert counts["Adopted or embedded"][september] == 0


def test_discontinued_needs_a_reason(world, intervention):
    _record(world, intervention)
    with pytest.raises(ValidationProblem) as problem:
        _record(world, intervention, stage="discontinued", since=D(2025, 3, 1))
    assert problem.value.by_field() == {"reason": ["Enter why your organisation stopped"]}
    adoption = _record(world, intervention, stage="discontinued", since=D(2025, 3, 1), reason="No funding")
    assert adoption.reason == "No funding"


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"stage": "finished"}, "stage"),
        ({"since": None}, "since"),
        ({"since": D(1999, 12, 31)}, "since"),
        ({"since": timezone.localdate() + datetime.timedelta(days=1)}, "since"),
        ({"note": "bad \x00 note"}, "note"),
        ({"reason": "x" * 2001, "stage": "discontinued"}, "reason"),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(world, intervention, extra, field):
    with pytest.raises(ValidationProblem) as problem:
        _record(world, intervention, **extra)
    assert field in problem.value.by_field()
    assert not AdoptionRecord.objects.exists() and not AuditEvent.objects.filter(action__startswith="learning.adoption")


def test_a_new_stage_cannot_begin_before_the_current_one_nor_repeat_it(world, intervention):
    _record(world, intervention, since=D(2025, 6, 1))
    with pytest.raises(ValidationProblem) as problem:
        _record(world, intervention, stage="adopted", since=D(2025, 5, 1))
    assert "on or after 1 June 2025" in problem.value.message
    with pytest.raises(ValidationProblem) as problem:
        _record(world, intervention, stage="piloting", since=D(2025, 7, 1))
    assert problem.value.field == "stage"
    assert AdoptionChange.objects.count() == 1


def test_exactly_one_subject(world, intervention):
    published = case_study(world["orgs"]["pcn_a"], status=Status.PUBLISHED, visibility="region")
    with pytest.raises(ValidationProblem):
        _record(world, None)
    with pytest.raises(ValidationProblem):
        _record(world, intervention, case_study=published)
    draft = case_study(world["orgs"]["pcn_a"])
    with pytest.raises(ValidationProblem) as problem:
        _record(world, None, case_study=draft)
    assert problem.value.message == "Choose a published case study you can read"
    adoption = _record(world, None, case_study=published)
    assert adoption.case_study == published


@pytest.mark.parametrize("who", ["owner_viewer", "other_ics", "reviewer", "beneath"])
def test_only_contributors_at_the_organisation_record(world, intervention, who):
    with pytest.raises(PermissionDenied):
        _record(world, intervention, who=who)


def test_measures_are_checked_and_audited(world, intervention):
    adoption = _record(world, intervention)
    with pytest.raises(ValidationProblem) as problem:
        actions_adoption.update_measures(
            actor=world["people"]["sibling"], adoption=adoption, reach="500", reach_eligible="400", effect_baseline="x"
        )
    assert set(problem.value.by_field()) == {"reach", "effect_baseline"}
    actions_adoption.update_measures(
        actor=world["people"]["sibling"],
        adoption=adoption,
        reach="120",
        reach_eligible="400",
        effect_measure="Nurses leaving in their first year (%)",
        effect_baseline="24",
        effect_value="11.5",
        adaptations="Shorter programme for returners",
    )
    adoption.refresh_from_db()
    assert adoption.reach == 120 and adoption.reach_eligible == 400 and str(adoption.effect_value) == "11.50"
    event = AuditEvent.objects.get(action="learning.adoption.measures")
    assert event.before["reach"] is None and event.after["reach"] == 120


# ------------------------------------------------------------------------------ pages


def test_the_record_page_shows_history_measures_and_maintenance(client, world, intervention):
    _record(world, intervention, since=D(2024, 1, 8))
    adoption = _record(world, intervention, stage="adopted", since=D(2024, 4, 1))
    actions_adoption.update_measures(
        actor=world["people"]["sibling"], adoption=adoption, reach="120", reach_eligible="400"
    )
    client.force_login(world["people"]["ics_viewer"])
    page = client.get(reverse("learning:adoption-record", args=[adoption.pk])).text
    assert "Preceptorship for new registrants" in page and "Trust A" in page
    assert "120 of 400 who could be covered (30%)" in page
    assert "Yes: kept going six months or more after it was adopted on 1 April 2024" in page
    assert "8 January 2024" in page and "Record a new stage" not in page  # a viewer only reads


def test_recording_a_stage_with_the_form(client, world, intervention):
    client.force_login(world["people"]["sibling"])
    url = reverse("learning:adoption-new") + "?intervention=supply-preceptorship"
    assert 'value="i:supply-preceptorship" selected' in client.get(url).text
    response = client.post(
        url,
        {
            "organisation": world["orgs"]["trust_a"].pk,
            "subject": "i:supply-preceptorship",
            "stage": "exploring",
            "since-day": "3",
            "since-month": "2",
            "since-year": "2025",
            "note": "Visiting ICS B",
        },
    )
    adoption = AdoptionRecord.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "learning:adoption-record", args=[adoption.pk]
    )
    response = client.post(
        reverse("learning:adoption-change", args=[adoption.pk]),
        {"stage": "discontinued", "since-day": "1", "since-month": "3", "since-year": "2025"},
    )
    assert response.status_code == 200 and "Enter why your organisation stopped" in response.text
    client.post(
        reverse("learning:adoption-change", args=[adoption.pk]),
        {"stage": "discontinued", "since-day": "1", "since-month": "3", "since-year": "2025", "reason": "No money"},
    )
    page = client.get(reverse("learning:adoption-organisation", args=[world["orgs"]["trust_a"].pk])).text
    assert "Discontinued" in page and "1 March 2025" in page


def test_the_measures_form_shows_problems_beside_fields(client, world, intervention):
    adoption = _record(world, intervention)
    client.force_login(world["people"]["sibling"])
    response = client.post(reverse("learning:adoption-measures", args=[adoption.pk]), {"reach": "lots"})
    assert response.status_code == 200 and "must be a whole number" in response.text


def test_where_adopted_on_the_intervention_and_case_study_pages(client, world, intervention):
    _record(world, intervention, stage="adopted", since=D(2025, 2, 1))
    published = case_study(world["orgs"]["pcn_a"], status=Status.PUBLISHED, visibility="everyone")
    _record(world, None, case_study=published, stage="exploring")
    client.force_login(world["people"]["ics_viewer"])
    page = client.get(reverse("star:detail", args=["supply-preceptorship"])).text
    assert "Where this has been adopted" in page and "Trust A" in page and "Adopted" in page
    assert "Record your organisation&#39;s stage" not in page  # a viewer cannot record
    page = client.get(reverse("learning:detail", args=[published.pk])).text
    assert "Where this has been adopted" in page and "Exploring" in page
    client.force_login(world["people"]["other_ics"])  # Trust B is not in reach of Trust A's records
    page = client.get(reverse("star:detail", args=["supply-preceptorship"])).text
    assert "No organisation you can see has recorded a stage" in page
    assert "Record your organisation" in page


# ----------------------------------------------------------------------------- access

IN_REACH = {"sibling", "ics_facilitator", "ics_viewer", "reviewer", "platform"}
OUT_OF_REACH = {"editor", "owner_viewer", "beneath", "other_ics", "other_region", "other_reviewer"}


@pytest.mark.parametrize("who", sorted(IN_REACH | OUT_OF_REACH))
def test_who_sees_an_organisations_records(client, world, intervention, who):
    adoption = _record(world, intervention)
    client.force_login(world["people"][who])
    urls = [
        reverse("learning:adoption-record", args=[adoption.pk]),
        reverse("learning:adoption-organisation", args=[world["orgs"]["trust_a"].pk]),
    ]
    expected = 200 if who in IN_REACH else 404
    assert [client.get(u).status_code for u in urls] == [expected, expected]
    changing = 200 if who in {"sibling", "ics_facilitator", "platform"} else 404
    for name in ("learning:adoption-change", "learning:adoption-measures"):
        assert client.get(reverse(name, args=[adoption.pk])).status_code == changing

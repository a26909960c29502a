"""The spread dashboard: ICS, regional and national users see which interventions are adopted
where in their reach, the curve by quarter, the time from pilot to adopted and what was stopped
and why; filters by GET; a CSV of the same rows. Anyone else is not found."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from lodestar.learning import actions_adoption, presenters_spread
from lodestar.orgs.models import Membership
from tests.factories.star import InterventionFactory

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def spread(world):
    platform = world["people"]["platform"]
    orgs = world["orgs"]
    precept = InterventionFactory(code="supply-preceptorship", title="Preceptorship for new registrants")
    rostering = InterventionFactory(code="nwow-rostering", title="Team-based rostering")

    def steps(org, intervention, *history):
        for stage, since, *reason in history:
            actions_adoption.record_stage(
                actor=platform,
                organisation=orgs[org],
                intervention=intervention,
                stage=stage,
                since=since,
                reason=reason[0] if reason else "",
            )

    steps("trust_a", precept, ("piloting", D(2025, 1, 6)), ("adopted", D(2025, 3, 7)))  # 60 days
    steps("trust_b", precept, ("piloting", D(2025, 2, 3)), ("adopted", D(2025, 6, 13)))  # 130 days
    steps("trust_b", rostering, ("piloting", D(2025, 4, 1)), ("discontinued", D(2025, 9, 1), "Too few staff"))
    steps("trust_c", precept, ("adopted", D(2025, 5, 1)))  # another region
    return world


def test_a_regional_user_sees_who_adopted_what_the_curve_and_the_time_to_adopt(client, spread):
    client.force_login(spread["people"]["reviewer"])
    page = client.get(reverse("learning:spread")).text
    assert "Trust A" in page and "Trust B" in page and "Trust C" not in page  # reach
    assert "Preceptorship for new registrants" in page and "Adopted" in page
    assert "<svg" in page and "Jan to Mar 2025" in page
    assert "3.1 months (95 days)" in page  # median of 60 and 130 days
    assert "Too few staff" in page


def test_filters_by_ics_intervention_and_stage(client, spread):
    client.force_login(spread["people"]["reviewer"])
    ics_a = spread["orgs"]["ics_a"].pk
    page = client.get(reverse("learning:spread"), {"ics": ics_a}).text
    assert "Trust A" in page and "Trust B" not in page
    page = client.get(reverse("learning:spread"), {"stage": "discontinued"}).text
    assert "Team-based rostering" in page and "Preceptorship for new registrants</th>" not in page
    response = client.get(reverse("learning:spread"), {"stage": "gone", "ics": "9999"})
    assert response.status_code == 200
    assert "Choose a stage from the list" in response.text and "Choose an ICS from the list" in response.text
    assert "Trust A" in response.text and "Trust B" in response.text  # bad filters are ignored


def test_the_csv_has_the_filtered_rows(client, spread):
    client.force_login(spread["people"]["reviewer"])
    response = client.get(reverse("learning:spread-download"), {"intervention": "nwow-rostering"})
    text = response.content.decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv")
    lines = text.strip().splitlines()
    assert lines[0] == "Intervention,Organisation,ICS,Stage,Since,Reason discontinued"
    assert lines[1:] == ["Team-based rostering,Trust B,ICS B,Discontinued,2025-09-01,Too few staff"]


def test_an_ics_user_sees_only_their_ics(client, spread):
    client.force_login(spread["people"]["ics_viewer"])
    page = client.get(reverse("learning:spread")).text
    assert "Trust A" in page and "Trust B" not in page


@pytest.mark.parametrize("who", ["sibling", "editor", "beneath", "other_region"])
def test_people_at_providers_do_not_find_the_dashboard(client, spread, who):
    assert not Membership.objects.filter(user=spread["people"][who], organisation__type__in=["ics", "region"]).exists()
    client.force_login(spread["people"][who])
    assert client.get(reverse("learning:spread")).status_code == 404
    assert client.get(reverse("learning:spread-download")).status_code == 404


def test_too_many_organisations_to_show_side_by_side_gives_counts_and_asks_for_a_filter(client, spread, monkeypatch):
    monkeypatch.setattr(presenters_spread, "MATRIX_CELLS", 1)
    client.force_login(spread["people"]["reviewer"])
    page = client.get(reverse("learning:spread")).text
    assert "How many organisations are at each stage of each intervention" in page
    assert "too many to show side by side" in page and "Choose an ICS or an intervention" in page
    assert '<th scope="col">Trust A</th>' not in page
    page = client.get(reverse("learning:spread"), {"intervention": "nwow-rostering"}).text
    assert "too many to show side by side" not in page and '<th scope="col">Trust B</th>' in page

"""The pilot pages through the test client: each stage's form, bad input shown beside the field
with nothing written, and the whole way from a proposal to scaling up."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lodestar.learning.models import CaseStudy
from lodestar.pilots import lifecycle
from lodestar.pilots.models import Pilot, Stage
from tests.factories.pilots import pilot

pytestmark = pytest.mark.django_db


def url(name, p=None):
    return reverse(f"pilots:{name}", args=[p.pk] if p else [])


def date(prefix, d, m, y):
    return {f"{prefix}-day": d, f"{prefix}-month": m, f"{prefix}-year": y}


def test_a_facilitator_takes_a_pilot_from_proposal_to_scale_up(client, world):
    fran, orgs = world["people"]["facilitator"], world["orgs"]
    client.force_login(fran)
    page = client.post(
        url("new"),
        {
            "organisation": orgs["trust_a"].pk,
            "title": "Buddying for new nurses",
            "hypothesis": "Buddies keep new nurses",
            "aims": "Fewer first-year leavers",
            "sites": [orgs["trust_a"].pk],
            "cohort_size": "60",
            "budget": "20000",
        },
    )
    made = Pilot.objects.get()
    assert page.status_code == 302 and page["Location"] == url("detail", made)
    steps = [
        ("add-measure", {"name": "Nurses leaving in their first year", "unit": "%", "baseline": "14"}),
        ("approve", date("approved_on", 10, 1, 2025)),
        ("start", date("started_on", 1, 2, 2025)),
        ("cycle", {"plan": "Buddy March starters", "do": "Done", **date("started_on", 1, 3, 2025)}),
    ]
    for name, data in steps:
        response = client.post(url(name, made), data)
        assert response.status_code == 302, (name, response.text[:3000])
    m = made.measures.get()
    assert (
        client.post(
            url("evaluate", made), {f"before_{m.pk}": "14", f"after_{m.pk}": "10", "learned": "Time matters"}
        ).status_code
        == 302
    )
    response = client.post(
        url("decide", made), {"decision": "scale_up", "rationale": "It worked on every ward"}, follow=True
    )
    assert "Decision recorded" in response.text
    made.refresh_from_db()
    assert made.stage == Stage.DECIDED
    assert reverse("learning:detail", args=[made.case_study_id]) in response.text
    assert reverse("star:detail", args=[made.intervention.code]) in response.text
    assert "Modelled effect: Fewer leavers: most likely 19.1%, between 9.5% and 28.6%" in response.text
    history = response.text.split('id="history"')[1]
    for stage in ("Proposed", "Approved", "Running", "Evaluating", "Decided: scale up"):
        assert f"<td>{stage}</td>" in history


def test_a_proposal_without_a_title_is_shown_again_and_nothing_is_saved(client, world):
    client.force_login(world["people"]["facilitator"])
    page = client.post(url("new"), {"organisation": world["orgs"]["trust_a"].pk, "title": "", "cohort_size": "x"})
    assert page.status_code == 200
    assert "Enter a title for the pilot" in page.text and "The cohort size must be a whole number, like 40" in page.text
    assert not Pilot.objects.exists()


def test_the_approval_gate_lists_what_is_missing(client, world):
    fran = world["people"]["facilitator"]
    made = pilot(fran, world["orgs"]["trust_a"], sites=[], measures=[], hypothesis="")
    client.force_login(fran)
    page = client.post(url("approve", made), date("approved_on", 10, 1, 2025))
    for message in (lifecycle.NO_HYPOTHESIS, lifecycle.NO_MEASURE, lifecycle.NO_SITES):
        assert message in page.text
    made.refresh_from_db()
    assert made.stage == Stage.PROPOSED


def test_a_bad_evaluation_names_the_measure_and_changes_nothing(client, world):
    fran = world["people"]["facilitator"]
    made = pilot(fran, world["orgs"]["trust_a"], stage="running")
    m = made.measures.get()
    client.force_login(fran)
    page = client.post(url("evaluate", made), {f"before_{m.pk}": "14", f"after_{m.pk}": "ten", "learned": ""})
    assert f"The value after for {m.name} must be a number, like 12 or 4.5" in page.text
    assert "Say what was learned" in page.text
    made.refresh_from_db()
    assert made.stage == Stage.RUNNING


def test_scaling_up_an_ambiguous_pilot_asks_for_the_measure(client, world):
    fran = world["people"]["facilitator"]
    measures = [("Leavers", "%", "14", "10"), ("Appointments", "", "100", "120")]
    made = pilot(fran, world["orgs"]["trust_a"], stage="evaluating", measures=measures)
    client.force_login(fran)
    page = client.post(url("decide", made), {"decision": "scale_up", "rationale": "Good"})
    assert "Choose which measure drives the modelled effect" in page.text
    assert not CaseStudy.objects.exists()
    appointments = made.measures.get(name="Appointments")
    page = client.post(
        url("decide", made),
        {"decision": "scale_up", "rationale": "Good", "measure": appointments.pk, "lever": "productivity"},
    )
    assert page.status_code == 302


def test_the_list_filters_by_stage_and_organisation(client, world):
    fran, orgs = world["people"]["facilitator"], world["orgs"]
    pilot(fran, orgs["trust_a"], title="Rotation for new starters")
    pilot(fran, orgs["trust_a"], stage="running", title="Flexible rostering test")
    pilot(world["people"]["ics_facilitator"], orgs["ics_a"], title="System-wide preceptorship")
    client.force_login(world["people"]["ics_facilitator"])
    everything = client.get(url("index")).text
    assert all(
        t in everything for t in ("Rotation for new starters", "Flexible rostering test", "System-wide preceptorship")
    )
    running = client.get(url("index"), {"stage": "running"}).text
    assert "Flexible rostering test" in running and "Rotation for new starters" not in running
    at_ics = client.get(url("index"), {"organisation": orgs["ics_a"].pk}).text
    assert "System-wide preceptorship" in at_ics and "Flexible rostering test" not in at_ics


def test_a_viewer_reads_the_pilot_but_is_offered_no_changes(client, world):
    made = pilot(world["people"]["facilitator"], world["orgs"]["trust_a"])
    client.force_login(world["people"]["viewer"])
    page = client.get(url("detail", made))
    assert page.status_code == 200 and made.title in page.text
    assert url("approve", made) not in page.text and url("edit", made) not in page.text
    assert client.get(url("approve", made)).status_code == 404

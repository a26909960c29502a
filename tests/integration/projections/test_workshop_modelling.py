"""A workshop's candidates modelled against a scenario: linking (projections:workshop), modelling
(projections:workshop-model) and the modelled effects in the prioritisation step."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from lodestar.core.models import AuditEvent
from lodestar.projections import candidates, specs
from lodestar.projections.models import ProjectionEvent, Run, RunKind, RunStatus, WorkshopScenario
from tests.factories import member
from tests.factories.projections import scenario as make_scenario
from tests.factories.workshops import CandidateFactory, InterventionFactory, WorkshopFactory, participant, star_points

pytestmark = pytest.mark.django_db

NURSES = "registered-nurses"
SMALL = [{"type": "international_recruitment", "effect": 0.005}]
LARGE = [{"type": "international_recruitment", "effect": 0.04}]


@pytest.fixture
def setting(orgs, client):
    star_points()
    facilitator = member(orgs["trust_a"], "facilitator")
    workshop = WorkshopFactory(lead_organisation=orgs["trust_a"], facilitator=facilitator)
    participant(workshop, "facilitator", user=facilitator)
    client.force_login(facilitator)
    return {
        "workshop": workshop,
        "facilitator": facilitator,
        "scenario": make_scenario(orgs["trust_a"], name="Riverside nursing"),
        "orgs": orgs,
    }


def _link_url(workshop):
    return reverse("projections:workshop", kwargs={"workshop_id": workshop.pk})


def _model_url(workshop):
    return reverse("projections:workshop-model", kwargs={"workshop_id": workshop.pk})


def _prioritisation(client, workshop, **params):
    return client.get(reverse("workshops:prioritisation", args=[workshop.pk]), params).content.decode()


def _text(page: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))


# ---------------------------------------------------------------- linking


def test_a_facilitator_links_the_workshop_to_a_scenario_and_a_staff_group(client, setting):
    w, sc = setting["workshop"], setting["scenario"]

    response = client.post(_link_url(w), {"scenario": sc.pk, "staff_group": NURSES})

    assert response.status_code == 302
    link = WorkshopScenario.objects.get(workshop=w)
    assert (link.scenario, link.staff_group) == (sc, NURSES)
    event = AuditEvent.objects.get(action=ProjectionEvent.WORKSHOP_SCENARIO_SET.value)
    assert event.organisation == w.lead_organisation
    page = client.get(_link_url(w)).content.decode()
    assert "Modelled against <strong>Riverside nursing</strong>, acting on <strong>Registered nurses</strong>" in page


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"scenario": "", "staff_group": NURSES}, "scenario", "Choose the scenario to model the candidates against"),
        ({"scenario": "999999", "staff_group": NURSES}, "scenario", "Choose a scenario from the list"),
        ({"scenario": "not a number", "staff_group": NURSES}, "scenario", "Choose a scenario from the list"),
        ({"staff_group": ""}, "staff_group", "Choose the staff group the candidates act on"),
        ({"staff_group": "paramedics"}, "staff_group", "Choose one of the scenario&#39;s staff groups"),
    ],
)
def test_a_bad_choice_names_the_field_and_saves_nothing(client, setting, data, field, message):
    data = {"scenario": setting["scenario"].pk, **data}

    response = client.post(_link_url(setting["workshop"]), data)

    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert f'id="id_{field}-error"' in page or f"{field}-error" in page
    assert not WorkshopScenario.objects.exists()
    assert not AuditEvent.objects.filter(action=ProjectionEvent.WORKSHOP_SCENARIO_SET.value).exists()


def test_a_scenario_of_an_organisation_out_of_reach_is_refused(client, setting):
    other = make_scenario(setting["orgs"]["trust_b"], name="Elsewhere")

    response = client.post(_link_url(setting["workshop"]), {"scenario": other.pk, "staff_group": NURSES})

    assert response.status_code == 400
    assert "Choose a scenario from the list" in response.content.decode()
    assert "Elsewhere" not in response.content.decode()
    assert not WorkshopScenario.objects.exists()


def test_a_contributor_sees_the_page_but_cannot_link(client, setting):
    w = setting["workshop"]
    contributor = participant(w, "contributor")
    client.force_login(contributor)

    assert client.get(_link_url(w)).status_code == 200
    response = client.post(_link_url(w), {"scenario": setting["scenario"].pk, "staff_group": NURSES})

    assert response.status_code == 403
    assert client.post(_model_url(w)).status_code == 403
    assert not WorkshopScenario.objects.exists()


def test_another_organisations_workshop_is_404(client, setting):
    outsider = member(setting["orgs"]["trust_b"], "facilitator")
    client.force_login(outsider)
    w = setting["workshop"]

    assert client.get(_link_url(w)).status_code == 404
    assert client.post(_link_url(w), {"scenario": setting["scenario"].pk, "staff_group": NURSES}).status_code == 404
    assert client.post(_model_url(w)).status_code == 404
    assert not WorkshopScenario.objects.exists()
    assert not Run.objects.exists()


# ---------------------------------------------------------------- modelling


def _link(setting, staff_group=NURSES):
    return WorkshopScenario.objects.create(
        workshop=setting["workshop"], scenario=setting["scenario"], staff_group=staff_group
    )


def test_modelling_queues_a_candidates_run_of_each_candidate(client, setting):
    w = setting["workshop"]
    _link(setting)
    CandidateFactory(workshop=w, intervention=InterventionFactory(code="recruit", levers=LARGE))
    CandidateFactory(workshop=w, intervention=InterventionFactory(code="convene", levers=[]))

    response = client.post(_model_url(w))

    assert response.status_code == 302
    run = Run.objects.get()
    assert (run.kind, run.workshop, run.status) == (RunKind.CANDIDATES, w, RunStatus.QUEUED)
    assert [iv["name"] for iv in run.spec["interventions"]] == ["recruit (candidate)"]
    assert run.spec["interventions"][0]["start_year"] == 2027
    assert AuditEvent.objects.filter(action=ProjectionEvent.RUN_REQUEST.value).count() == 1
    assert "Waiting to start" in client.get(_link_url(w)).content.decode()


def test_modelling_without_a_scenario_says_so(client, setting):
    w = setting["workshop"]
    CandidateFactory(workshop=w, intervention=InterventionFactory(levers=LARGE))

    response = client.post(_model_url(w))

    assert response.status_code == 400
    assert "Choose a scenario to model the candidates against first" in response.content.decode()
    assert not Run.objects.exists()


def test_modelling_with_no_candidate_that_has_an_effect_says_so(client, setting):
    w = setting["workshop"]
    _link(setting)
    CandidateFactory(workshop=w, intervention=InterventionFactory(levers=[]))

    response = client.post(_model_url(w))

    assert response.status_code == 400
    assert "None of the candidates has a modelled effect" in response.content.decode()
    assert not Run.objects.exists()


# ---------------------------------------------------------------- the prioritisation step


def _finished_candidates_run(setting, *, at=None):
    w = setting["workshop"]
    version = setting["scenario"].latest
    interventions = [c.intervention for c in w.candidates.select_related("intervention")]
    spec = candidates.candidate_spec(version.spec, interventions, NURSES, 2027)
    result = candidates.compute(spec, 30, 1)
    run = Run.objects.create(
        scenario_version=version,
        kind=RunKind.CANDIDATES,
        workshop=w,
        spec=spec,
        spec_hash=specs.spec_hash(spec),
        runs=30,
        seed=1,
        status=RunStatus.DONE,
        result=result,
        finished_at=timezone.now(),
    )
    if at is not None:
        Run.objects.filter(pk=run.pk).update(requested_at=at)
    return result


@pytest.fixture
def modelled(setting):
    w = setting["workshop"]
    w.ratings_revealed_at = timezone.now()
    w.save()
    small = CandidateFactory(workshop=w, intervention=InterventionFactory(title="Small recruitment", levers=SMALL))
    large = CandidateFactory(workshop=w, intervention=InterventionFactory(title="Large recruitment", levers=LARGE))
    none = CandidateFactory(workshop=w, intervention=InterventionFactory(title="System convening", levers=[]))
    # The group rates the small one higher than the large one.
    from tests.factories.workshops import RatingFactory

    RatingFactory(candidate=small, impact=5, effort=1)
    RatingFactory(candidate=large, impact=2, effort=4)
    RatingFactory(candidate=none, impact=3, effort=3)
    _link(setting)
    result = _finished_candidates_run(setting)
    return setting, result, {"small": small, "large": large, "none": none}


def test_each_candidate_shows_its_modelled_effect_beside_the_groups_ratings(client, modelled):
    setting, result, cands = modelled
    large = result["candidates"][cands["large"].intervention.code]

    page = _text(_prioritisation(client, setting["workshop"]))

    assert "Modelled effect by 2031" in page
    closes = f"closes {large['gap_closed_mean']:,.1f} FTE of the gap"
    assert f"Modelled effect by 2031: {closes}" in page  # on the candidate's rating card
    assert f"Closes {large['gap_closed_mean']:,.1f} FTE of the gap" in page  # in the ranked list
    assert f"(range {large['gap_closed_p5']:,.1f} to {large['gap_closed_p95']:,.1f})" in page
    assert "per FTE" in page
    assert "Not modelled: no evidence-based effect in the catalogue" in page
    assert "The candidates or the scenario have changed" not in page


def _ranked_titles(page: str) -> list[str]:
    table = page[page.index('class="nhsuk-table-responsive lodestar-ranked"') :]
    table = table[: table.index("</table>")]
    return re.findall(r'<th scope="row"[^>]*>.*?<a href="[^"]*">([^<]+)</a>', table, re.S)


def test_the_ranked_list_can_be_sorted_by_modelled_effect(client, modelled):
    setting, _result, _cands = modelled

    by_ratings = _prioritisation(client, setting["workshop"])
    by_effect = _prioritisation(client, setting["workshop"], sort="effect")

    assert _ranked_titles(by_ratings) == ["Small recruitment", "System convening", "Large recruitment"]
    assert _ranked_titles(by_effect) == ["Large recruitment", "Small recruitment", "System convening"]
    assert "Candidates by modelled effect (most of the gap closed by 2031 first)" in by_effect
    assert "?sort=effect#ranked" in by_ratings


def test_a_note_says_when_the_run_is_older_than_the_candidate_list(client, modelled):
    setting, _result, _cands = modelled
    Run.objects.update(requested_at=timezone.now() - timezone.timedelta(days=1))
    CandidateFactory(workshop=setting["workshop"], intervention=InterventionFactory(title="Late", levers=LARGE))

    page = _text(_prioritisation(client, setting["workshop"]))

    assert "The candidates or the scenario have changed since the candidates were modelled" in page
    assert "Not modelled: it was added after the candidates were modelled" in page


def test_without_a_scenario_the_step_is_as_before_with_one_link_for_facilitators(client, setting):
    w = setting["workshop"]
    w.ratings_revealed_at = timezone.now()
    w.save()
    CandidateFactory(workshop=w, intervention=InterventionFactory(levers=LARGE))

    page = _prioritisation(client, w)

    assert "Modelled effect" not in page
    assert page.count("Model candidates against a scenario") == 1
    assert _link_url(w) in page
    client.force_login(participant(w, "contributor"))
    assert "Model candidates against a scenario" not in _prioritisation(client, w)


def test_sorting_by_effect_without_a_run_keeps_the_groups_order(client, setting):
    w = setting["workshop"]
    w.ratings_revealed_at = timezone.now()
    w.save()
    CandidateFactory(workshop=w, intervention=InterventionFactory(levers=LARGE))
    _link(setting)

    page = _prioritisation(client, w, sort="effect")

    assert "Candidates by impact (highest first), then effort (lowest first)" in page
    assert "Modelled effect by" not in page


def test_the_modelled_effects_do_not_add_queries_per_candidate(client, modelled, django_assert_max_num_queries):
    setting, _result, _cands = modelled
    w = setting["workshop"]
    url = reverse("workshops:prioritisation", args=[w.pk])
    with django_assert_max_num_queries(15) as few:
        client.get(url, {"sort": "effect"})
    for _ in range(10):
        CandidateFactory(workshop=w, intervention=InterventionFactory(levers=[]))
    with django_assert_max_num_queries(len(few)):
        page = client.get(url, {"sort": "effect"}).content.decode()
    assert page.count("Not modelled: no evidence-based effect in the catalogue") >= 11

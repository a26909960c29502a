"""The scenario pages as a person sees them: the front page and list, creating a scenario three
ways (plain form posts, no JavaScript), the scenario's assumptions in words, changing one to a
likely range, versions compared, the YAML download round trip, copying, and 404 for another
organisation's scenario on every page and download."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lodestar.projections import specs
from lodestar.projections.models import Scenario, ScenarioVersion
from lodestar.workforce.models import Source
from tests.factories import member
from tests.factories import projections as pf
from tests.factories import workforce as wf

pytestmark = pytest.mark.django_db

LEAVERS = "rates.support-workers.leaver_rate"


@pytest.fixture
def ann(orgs):
    return member(orgs["trust_a"], "contributor", email="ann@example.nhs.uk")


@pytest.fixture
def scenario(orgs, ann):
    return pf.scenario(orgs["trust_a"], user=ann)


@pytest.fixture
def signed_in(client, ann):
    client.force_login(ann)
    return client


def text(response) -> str:
    html = response.content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def url(name: str, **kwargs) -> str:
    return reverse(f"projections:{name}", kwargs=kwargs or None)


# ------------------------------------------------------------------------------ front page, list


def test_front_page_says_what_projections_are_and_lists_scenarios(signed_in, scenario):
    pf.finished_run(scenario.latest, runs=5)
    page = text(signed_in.get(url("index")))
    assert "A projection shows how many staff you are likely to have" in page
    assert "Riverside community nursing" in page and "Trust A" in page
    assert "Finished" in page
    assert "Create a scenario" in page


def test_a_viewer_sees_scenarios_but_no_create_button(client, orgs, scenario):
    client.force_login(member(orgs["trust_a"], "viewer"))
    page = text(client.get(url("index")))
    assert "Riverside community nursing" in page
    assert "Create a scenario" not in page
    assert client.get(url("scenario-create")).status_code == 404


def test_list_shows_version_and_not_run_yet(signed_in, scenario):
    page = text(signed_in.get(url("scenarios")))
    assert "Riverside community nursing" in page and "Not run yet" in page


# ------------------------------------------------------------------------------ creating


def test_create_by_uploading_a_file(signed_in, orgs):
    yaml_file = SimpleUploadedFile("plan.yaml", specs.to_yaml(pf.small_spec()).encode(), "text/yaml")
    response = signed_in.post(
        url("scenario-create"),
        {"way": "upload", "name": "", "organisation": orgs["trust_a"].pk, "file": yaml_file},
    )
    sc = Scenario.objects.get()
    assert response.status_code == 302 and response["Location"] == url("scenario", scenario_id=sc.pk)
    assert sc.latest.spec == pf.small_spec()


def test_create_by_pasting_text_with_a_bad_rate_names_the_field(signed_in, orgs):
    spec = pf.small_spec()
    spec["rates"]["support-workers"]["leaver_rate"] = 2
    response = signed_in.post(
        url("scenario-create"),
        {"way": "upload", "name": "X", "organisation": orgs["trust_a"].pk, "text": specs.to_yaml(spec)},
    )
    assert response.status_code == 400
    page = text(response)
    assert "There is a problem" in page
    assert "rates → support-workers → leaver rate: must be between 0 and 1" in page
    assert not Scenario.objects.exists()


def test_create_from_data(signed_in, orgs):
    load = wf.loaded_import(Source.STAFF_IN_POST)
    wf.staff_in_post(load, org=orgs["trust_a"], fte=100.0, headcount=110)
    wf.turnover(wf.loaded_import(Source.TURNOVER), org=orgs["trust_a"])
    form = text(signed_in.get(url("scenario-create")))
    assert "Nurses &amp; health visitors" in form or "Nurses & health visitors" in form
    response = signed_in.post(
        url("scenario-create"),
        {
            "way": "data",
            "name": "From data",
            "organisation": orgs["trust_a"].pk,
            "staff_groups": ["Nurses & health visitors"],
            "start_year": "2026",
            "years": "10",
        },
    )
    assert response.status_code == 302
    sc = Scenario.objects.get()
    assert sc.name == "From data" and sc.latest.spec["cohorts"][0]["fte"] == 100.0


def test_create_from_data_with_years_as_words(signed_in, orgs):
    response = signed_in.post(
        url("scenario-create"),
        {"way": "data", "name": "X", "organisation": orgs["trust_a"].pk, "start_year": "next", "years": "ten"},
    )
    assert response.status_code == 400
    page = text(response)
    assert "Enter the first year as a whole number" in page
    assert "Enter the years to project as a whole number" in page


def test_create_by_copying(signed_in, orgs, scenario):
    response = signed_in.post(
        url("scenario-create"),
        {"way": "copy", "name": "The copy", "organisation": orgs["trust_a"].pk, "source": scenario.pk},
    )
    assert response.status_code == 302
    assert Scenario.objects.get(name="The copy").latest.spec == scenario.latest.spec


def test_create_needs_a_way(signed_in):
    response = signed_in.post(url("scenario-create"), {"name": "X"})
    assert response.status_code == 400
    assert "Choose how to build the scenario" in text(response)


def test_create_form_works_without_javascript(signed_in):
    html = signed_in.get(url("scenario-create")).content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert "<script" not in html.split("<main", 1)[-1].split("</main>", 1)[0]
    for way in ("data", "upload", "copy"):
        assert f'value="{way}"' in html
    assert "nhsuk-radios__conditional" in html  # revealed by JavaScript; shown without it


# ------------------------------------------------------------------------------ the scenario


def test_scenario_page_shows_assumptions_in_words(signed_in, scenario):
    page = text(signed_in.get(url("scenario", scenario_id=scenario.pk)))
    assert "Leavers, joiners and retirement by staff group" in page
    assert "registered-nurses: leaver rate likely range: lowest 7%, most likely 9%, highest 12%" in page
    assert "support-workers: leaver rate 12%" in page
    assert "9 in 100 staff leave each year" not in page  # help words are on the change page
    assert "registered-nurses 380 FTE (415 people)" in page
    assert "Run this scenario" in page
    assert "Download the scenario file (YAML, version 1)" in page


def test_scenario_page_for_a_viewer_has_no_change_links(client, orgs, scenario):
    client.force_login(member(orgs["trust_a"], "viewer"))
    response = client.get(url("scenario", scenario_id=scenario.pk))
    assert ">Change<" not in response.content.decode()
    page = text(response)
    assert "Run this scenario" not in page and "Add an intervention" not in page and "Copy this scenario" not in page


def test_change_an_assumption_to_a_likely_range(signed_in, scenario):
    edit = url("scenario-assumption", scenario_id=scenario.pk)
    page = text(signed_in.get(edit, {"path": LEAVERS}))
    assert "12 in 100" not in page and "9 in 100 staff leave each year" in page
    response = signed_in.post(
        edit,
        {"path": LEAVERS, "expected_version": 1, "kind": "range", "low": "10", "mode": "12", "high": "15.5"},
    )
    assert response.status_code == 302
    assert scenario.latest.number == 2
    assert scenario.latest.spec["rates"]["support-workers"]["leaver_rate"] == {
        "dist": "triangular",
        "low": 0.1,
        "mode": 0.12,
        "high": 0.155,
    }
    page = text(signed_in.get(url("scenario", scenario_id=scenario.pk)))
    assert "support-workers: leaver rate likely range: lowest 10%, most likely 12%, highest 15.5%" in page


def test_change_an_assumption_bad_input_names_the_field(signed_in, scenario):
    edit = url("scenario-assumption", scenario_id=scenario.pk)
    response = signed_in.post(
        edit, {"path": LEAVERS, "expected_version": 1, "kind": "range", "low": "20", "mode": "10", "high": "abc"}
    )
    assert response.status_code == 400
    page = text(response)
    assert "Enter the highest value as a number" in page
    assert scenario.versions.count() == 1
    response = signed_in.post(edit, {"path": LEAVERS, "expected_version": 1, "kind": "fixed", "value": "150"})
    assert "The value must be between 0% and 100%" in text(response)
    assert scenario.versions.count() == 1


def test_change_an_assumption_after_someone_else_is_refused(signed_in, scenario, orgs):
    edit = url("scenario-assumption", scenario_id=scenario.pk)
    signed_in.post(edit, {"path": LEAVERS, "expected_version": 1, "kind": "fixed", "value": "11"})
    response = signed_in.post(edit, {"path": LEAVERS, "expected_version": 1, "kind": "fixed", "value": "13"})
    assert response.status_code == 400
    assert "Someone else changed this scenario" in text(response)
    assert scenario.latest.spec["rates"]["support-workers"]["leaver_rate"] == 0.11


def test_unknown_assumption_is_404(signed_in, scenario):
    assert signed_in.get(url("scenario-assumption", scenario_id=scenario.pk), {"path": "cohorts"}).status_code == 404


def test_add_and_remove_an_intervention(signed_in, scenario):
    response = signed_in.post(
        url("scenario-intervention-add", scenario_id=scenario.pk),
        {
            "expected_version": 1,
            "name": "Retention programme",
            "lever": "leaver_rate_change",
            "staff_group": "registered-nurses",
            "kind": "range",
            "low": "2",
            "mode": "8",
            "high": "12",
            "start_year": "2027",
            "cost_per_year": "250000",
        },
    )
    assert response.status_code == 302
    [iv] = scenario.latest.spec["interventions"]
    assert iv["effect"] == {"dist": "triangular", "low": -0.12, "mode": -0.08, "high": -0.02}
    assert iv["cost_per_year"] == 250000
    page = text(signed_in.get(url("scenario", scenario_id=scenario.pk)))
    assert "Retention programme: effect" in page
    response = signed_in.post(
        url("scenario-intervention-remove", scenario_id=scenario.pk),
        {"name": "Retention programme", "expected_version": 2},
    )
    assert response.status_code == 302
    assert "interventions" not in scenario.latest.spec


def test_add_intervention_without_a_name(signed_in, scenario):
    response = signed_in.post(
        url("scenario-intervention-add", scenario_id=scenario.pk),
        {"expected_version": 1, "name": "", "lever": "", "staff_group": "", "kind": "fixed", "value": "5"},
    )
    assert response.status_code == 400
    page = text(response)
    assert "Enter a name for the intervention" in page and "Choose what the intervention changes" in page
    assert scenario.versions.count() == 1


# ------------------------------------------------------------------------------ versions, YAML, copy


def test_versions_compared_show_the_assumptions_that_differ(signed_in, scenario):
    edit = url("scenario-assumption", scenario_id=scenario.pk)
    signed_in.post(edit, {"path": LEAVERS, "expected_version": 1, "kind": "fixed", "value": "11"})
    page = text(signed_in.get(url("scenario-versions", scenario_id=scenario.pk), {"a": 1, "b": 2}))
    assert "The assumptions that differ" in page
    assert "support-workers: leaver rate Version 1 12% Version 2 11%" in page
    assert "registered-nurses: leaver rate" not in page.split("The assumptions that differ")[1]


def test_version_page_shows_that_versions_assumptions(signed_in, scenario):
    page = text(signed_in.get(url("scenario-version", scenario_id=scenario.pk, number=1)))
    assert "Version 1" in page and "support-workers: leaver rate 12%" in page


def test_yaml_download_round_trips(signed_in, scenario, orgs):
    response = signed_in.get(url("scenario-yaml", scenario_id=scenario.pk, number=1))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/yaml")
    assert response["Content-Disposition"] == 'attachment; filename="riverside-community-nursing-version-1.yaml"'
    upload = SimpleUploadedFile("again.yaml", response.content, "text/yaml")
    signed_in.post(
        url("scenario-create"), {"way": "upload", "name": "Again", "organisation": orgs["trust_a"].pk, "file": upload}
    )
    assert Scenario.objects.get(name="Again").latest.spec == scenario.latest.spec


def test_copy_page(signed_in, scenario):
    response = signed_in.post(url("scenario-copy", scenario_id=scenario.pk), {"name": "Plan plus an extra lever"})
    copy = Scenario.objects.get(name="Plan plus an extra lever")
    assert response.status_code == 302 and copy.copied_from == scenario
    assert "Copy of another scenario (Riverside community nursing)" in text(
        signed_in.get(url("scenario", scenario_id=copy.pk))
    )


def test_copy_needs_a_name(signed_in, scenario):
    response = signed_in.post(url("scenario-copy", scenario_id=scenario.pk), {"name": ""})
    assert response.status_code == 400 and "Enter a name for the copy" in text(response)


# ------------------------------------------------------------------------------ out of reach


def test_another_organisations_scenario_is_404_everywhere(client, orgs, scenario):
    client.force_login(member(orgs["trust_b"], "org_admin"))
    sid = scenario.pk
    for name, kwargs in [
        ("scenario", {}),
        ("scenario-versions", {}),
        ("scenario-version", {"number": 1}),
        ("scenario-yaml", {"number": 1}),
        ("scenario-copy", {}),
        ("scenario-intervention-add", {}),
    ]:
        assert client.get(url(name, scenario_id=sid, **kwargs)).status_code == 404, name
    assert client.get(url("scenario-assumption", scenario_id=sid), {"path": LEAVERS}).status_code == 404
    edit = url("scenario-assumption", scenario_id=sid)
    assert client.post(edit, {"path": LEAVERS, "expected_version": 1, "kind": "fixed", "value": "1"}).status_code == 404
    remove = url("scenario-intervention-remove", scenario_id=sid)
    assert client.post(remove, {"name": "x", "expected_version": 1}).status_code == 404
    assert "Riverside" not in text(client.get(url("index")))
    assert ScenarioVersion.objects.count() == 1


def test_a_viewer_may_not_change_a_scenario(client, orgs, scenario):
    client.force_login(member(orgs["trust_a"], "viewer"))
    edit = url("scenario-assumption", scenario_id=scenario.pk)
    assert client.get(edit, {"path": LEAVERS}).status_code == 404
    assert client.post(edit, {"path": LEAVERS, "expected_version": 1, "kind": "fixed", "value": "1"}).status_code == 404


def test_front_page_links_to_the_sections_other_pages_that_exist(signed_in):
    from lodestar.projections.presenters.scenarios import link

    page = signed_in.get(url("index")).content.decode()
    for title, name in (
        ("Compare scenarios", "projections:compare"),
        ("Staffing need (WISN)", "projections:wisn-list"),
    ):
        href = link(name)
        assert (f'href="{href}">{title}</a>' in page) == bool(href), title
    assert f'href="{url("scenarios")}">Scenarios</a>' in page


def test_scenario_page_links_runs_to_their_results(signed_in, scenario):
    from lodestar.projections.presenters.scenarios import link

    run = pf.finished_run(scenario.latest, runs=5, seed=7)
    page = signed_in.get(url("scenario", scenario_id=scenario.pk)).content.decode()
    assert "5 runs, seed 7" in page
    href = link("projections:run", run_id=run.pk)
    if href:
        assert f'href="{href}"' in page
    run_request = link("projections:run-request", scenario_id=scenario.pk)
    if run_request:
        assert f'action="{run_request}"' in page

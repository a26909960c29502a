"""The Star pages: the Star, a point's interventions, filters, search, detail, local interventions."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from lodestar.core.models import AuditEvent
from lodestar.star import actions
from lodestar.star.models import Intervention
from tests.factories import UserFactory, member
from tests.factories.star import InterventionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(db):
    actions.load_catalogue()


def titles(response) -> list[str]:
    html = response.content.decode()
    return re.findall(r'class="nhsuk-card__link" href="[^"]+">([^<]+)</a>', html)


def count_heading(response) -> str:
    return re.search(r'id="results-count">([^<]+)<', response.content.decode()).group(1).strip()


def valid_form(**overrides) -> dict:
    data = {
        "title": "Rotational posts with the local hospice",
        "summary": "Band 5 nurses rotate between our wards and the hospice.",
        "description": "A two-year rotation. It suits newly qualified nurses. Good looks like them staying.",
        "point": "upskilling",
        "staff_groups": ["registered-nurses"],
        "care_settings": ["acute", "voluntary"],
        "evidence_level": "emerging",
        "time_to_impact": "1-2-years",
        "cost_band": "low",
        "lever_type": "leaver_rate_change",
        "effect_low": "1",
        "effect_likely": "3",
        "effect_high": "6",
        "ramp_up_years": "2",
    }
    data.update(overrides)
    return data


@pytest.fixture
def facilitator(orgs):
    return member(orgs["ics_a"], "facilitator")


def test_signed_out_visitors_are_sent_to_sign_in(client, catalogue):
    response = client.get(reverse("star:index"))
    assert response.status_code == 302
    assert "/account/sign-in/" in response["Location"]


def test_star_page_links_to_the_five_points_in_graphic_and_list(client, catalogue, facilitator):
    client.force_login(facilitator)
    html = client.get(reverse("star:index")).content.decode()
    start = html.index("lodestar-star__graphic")
    svg = html[start : html.index("</svg>", start)]
    point_urls = [
        reverse("star:point", args=[k])
        for k in ("supply", "upskilling", "new-roles", "new-ways-of-working", "leadership")
    ]
    assert re.findall(r'<a class="lodestar-star__point" href="([^"]+)"', svg) == point_urls
    assert 'aria-label="Supply: 13 interventions"' in svg
    assert 'role="img"' not in svg
    start = html.index("The five points</h2>")
    listing = html[start : html.index("</ul>", start)]
    assert re.findall(r'<a href="(/star/[a-z-]+/)">', listing) == point_urls
    assert "13 interventions" in listing
    assert "National catalogue version 2026.1, loaded" in html


def test_point_page_lists_only_that_points_interventions(client, catalogue, facilitator):
    client.force_login(facilitator)
    response = client.get(reverse("star:point", args=["leadership"]))
    assert response.status_code == 200
    shown = titles(response)
    expected = Intervention.objects.filter(point__key="leadership", is_active=True).count()
    assert len(shown) == expected
    assert count_heading(response) == f"{expected} interventions"
    assert "System convening leadership" in shown
    assert "Return to practice" not in shown


def test_unknown_point_is_404(client, catalogue, facilitator):
    client.force_login(facilitator)
    assert client.get("/star/not-a-point/").status_code == 404


def test_staff_group_filter_narrows_results_and_keeps_all_staff_entries(client, catalogue, facilitator):
    client.force_login(facilitator)
    everything = titles(client.get(reverse("star:point", args=["new-roles"])))
    response = client.get(reverse("star:point", args=["new-roles"]), {"staff_group": "pharmacy"})
    shown = titles(response)
    assert shown == ["Clinical pharmacist in primary care"]
    assert len(shown) < len(everything)
    assert count_heading(response) == "1 intervention match your filters"
    assert "Clear filters" in response.content.decode()

    supply = titles(client.get(reverse("star:point", args=["supply"]), {"staff_group": "paramedics"}))
    assert "Staff retention programme" in supply  # for all staff
    assert "Return to practice" not in supply


def test_care_setting_and_evidence_filters_combine(client, catalogue, facilitator):
    client.force_login(facilitator)
    url = reverse("star:interventions")
    primary = titles(client.get(url, {"care_setting": "primary-care"}))
    strong_primary = titles(client.get(url, {"care_setting": "primary-care", "evidence": "strong"}))
    assert set(strong_primary) < set(primary)
    expected = {
        i.title
        for i in Intervention.objects.filter(evidence_level="strong", is_active=True)
        if "primary-care" in i.care_settings
    }
    assert set(strong_primary) == expected and expected


def test_point_filter_on_all_interventions(client, catalogue, facilitator):
    client.force_login(facilitator)
    shown = titles(client.get(reverse("star:interventions"), {"point": "upskilling"}))
    assert set(shown) == set(Intervention.objects.filter(point__key="upskilling").values_list("title", flat=True))


def test_search_matches_title_summary_and_description_ignoring_case(client, catalogue, facilitator):
    client.force_login(facilitator)
    url = reverse("star:interventions")
    assert "Clinical pharmacist in primary care" in titles(client.get(url, {"q": "PHARMACIST"}))
    # "OSCE" appears only in the description of international recruitment.
    assert titles(client.get(url, {"q": "osce"})) == [
        "Ethical international recruitment with pastoral and exam support"
    ]
    # Every word must match somewhere.
    assert titles(client.get(url, {"q": "preceptor first year"})) == ["Preceptorship and early-career support"]
    nothing = client.get(url, {"q": "zzzz-no-such-thing"})
    assert titles(nothing) == [] and "No interventions match" in nothing.content.decode()


def test_unknown_filter_value_is_reported_not_a_crash(client, catalogue, facilitator):
    client.force_login(facilitator)
    response = client.get(reverse("star:interventions"), {"staff_group": "wizards"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_detail_page_shows_every_field_in_plain_labels_and_the_modelled_effect(client, catalogue, facilitator):
    client.force_login(facilitator)
    html = client.get(reverse("star:detail", args=["supply-retention-programme"])).content.decode()
    for label in (
        "Star point",
        "Staff groups",
        "Care settings",
        "Evidence level",
        "Typical time to impact",
        "Cost band",
    ):
        assert f">{label}<" in html.replace("\n", "").replace("  ", "") or label in html
    assert "All staff" in html
    assert "Social care: home care" in html
    assert "Strong: national evaluation or systematic review" in html
    assert "Medium: £50,000 to £250,000" in html
    assert "National catalogue (last changed in version 2026.1)" in html
    assert "Reduces the leaver rate by 1% to 10%, most likely 5%, reaching full effect after 2 years." in html
    convening = client.get(reverse("star:detail", args=["lead-system-convening"])).content.decode()
    assert "no modelled effect" in convening
    # A facilitator cannot edit the national catalogue.
    assert reverse("star:edit", args=["supply-retention-programme"]) not in html


def test_retired_national_entry_is_hidden_from_browsing_but_its_page_remains(client, catalogue, facilitator):
    intervention = Intervention.objects.get(code="supply-internal-transfer")
    actions.set_intervention_active(actor=None, intervention=intervention, active=False)
    client.force_login(facilitator)
    assert "Internal transfer scheme" not in titles(client.get(reverse("star:point", args=["supply"])))
    page = client.get(reverse("star:detail", args=["supply-internal-transfer"]))
    assert page.status_code == 200 and "has been retired" in page.content.decode()


# ---------------------------------------------------------------- local interventions


@pytest.fixture
def local(orgs, catalogue):
    from lodestar.star.models import StarPoint

    return InterventionFactory(
        code="local-ics-a-buddy-scheme",
        title="ICS A buddy scheme",
        organisation=orgs["ics_a"],
        point=StarPoint.objects.get(key="supply"),
    )


@pytest.mark.parametrize("where", ["ics_a", "trust_a", "practice_a", "region"])
def test_local_intervention_is_visible_to_its_hierarchy(client, orgs, local, where):
    client.force_login(member(orgs[where], "viewer"))
    assert client.get(reverse("star:detail", args=[local.code])).status_code == 200
    assert "ICS A buddy scheme" in titles(client.get(reverse("star:point", args=["supply"])))


@pytest.mark.parametrize("where", ["ics_b", "trust_b"])
def test_local_intervention_is_404_for_another_branch(client, orgs, local, where):
    client.force_login(member(orgs[where], "org_admin"))
    assert client.get(reverse("star:detail", args=[local.code])).status_code == 404
    assert client.get(reverse("star:edit", args=[local.code])).status_code == 404
    assert "ICS A buddy scheme" not in titles(client.get(reverse("star:point", args=["supply"])))


def test_user_without_memberships_sees_only_the_national_catalogue(client, local):
    client.force_login(UserFactory())
    assert client.get(reverse("star:detail", args=[local.code])).status_code == 404
    assert client.get(reverse("star:detail", args=["supply-return-to-practice"])).status_code == 200


def test_only_manage_catalogue_can_add_a_local_intervention(client, orgs, catalogue):
    client.force_login(member(orgs["ics_a"], "contributor"))
    assert client.get(reverse("star:create")).status_code == 403
    assert client.post(reverse("star:create"), valid_form(organisation=orgs["ics_a"].pk)).status_code == 403
    assert not Intervention.objects.filter(organisation__isnull=False).exists()
    assert "Add a local intervention" not in client.get(reverse("star:index")).content.decode()


def test_facilitator_adds_a_local_intervention_with_a_modelled_effect(client, orgs, catalogue, facilitator):
    client.force_login(facilitator)
    assert "Add a local intervention" in client.get(reverse("star:index")).content.decode()
    response = client.post(reverse("star:create"), valid_form(organisation=orgs["trust_a"].pk))
    created = Intervention.objects.get(organisation=orgs["trust_a"])
    assert response.status_code == 302 and response["Location"] == reverse("star:detail", args=[created.code])
    assert created.code.startswith(f"local-{orgs['trust_a'].pk}-rotational-posts")
    assert created.point.key == "upskilling"
    assert created.levers == [
        {
            "type": "leaver_rate_change",
            "effect": {"dist": "triangular", "low": -0.06, "mode": -0.03, "high": -0.01},
            "ramp_up_years": 2,
        }
    ]
    event = AuditEvent.objects.get(action="intervention.create")
    assert event.organisation == orgs["trust_a"] and event.actor == facilitator
    page = client.get(response["Location"]).content.decode()
    assert "Local intervention of Trust A" in page
    assert "Reduces the leaver rate by 1% to 6%, most likely 3%, reaching full effect after 2 years." in page


def test_bad_local_intervention_shows_errors_and_writes_nothing(client, orgs, catalogue, facilitator):
    client.force_login(facilitator)
    response = client.post(
        reverse("star:create"),
        valid_form(organisation=orgs["ics_a"].pk, title="", effect_likely="9", staff_groups=[]),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "The most likely effect must be between the smallest and the largest effect" in html
    assert "This field is required" in html
    assert not Intervention.objects.filter(organisation__isnull=False).exists()
    assert not AuditEvent.objects.filter(action="intervention.create").exists()


def test_cannot_add_for_an_organisation_out_of_reach(client, orgs, catalogue, facilitator):
    client.force_login(facilitator)
    response = client.post(reverse("star:create"), valid_form(organisation=orgs["trust_b"].pk))
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Intervention.objects.filter(organisation__isnull=False).exists()


def test_facilitator_edits_and_retires_their_local_intervention(client, orgs, local, facilitator):
    client.force_login(facilitator)
    edit = client.get(reverse("star:edit", args=[local.code]))
    assert edit.status_code == 200 and 'value="10"' in edit.content.decode()  # the 10% upper bound
    response = client.post(
        reverse("star:edit", args=[local.code]), valid_form(title="ICS A buddy scheme for new starters", lever_type="")
    )
    assert response.status_code == 302
    local.refresh_from_db()
    assert local.title == "ICS A buddy scheme for new starters" and local.levers == []
    event = AuditEvent.objects.get(action="intervention.update")
    assert event.before["title"] == "ICS A buddy scheme" and event.after["title"] == local.title

    assert client.get(reverse("star:retire", args=[local.code])).status_code == 200
    client.post(reverse("star:retire", args=[local.code]))
    local.refresh_from_db()
    assert local.is_active is False
    assert local.title not in titles(client.get(reverse("star:point", args=["upskilling"])))
    client.post(reverse("star:restore", args=[local.code]))
    local.refresh_from_db()
    assert local.is_active is True
    assert AuditEvent.objects.filter(action__in=["intervention.retire", "intervention.restore"]).count() == 2


def test_viewer_in_the_hierarchy_cannot_edit_a_local_intervention(client, orgs, local):
    client.force_login(member(orgs["trust_a"], "viewer"))
    assert client.get(reverse("star:edit", args=[local.code])).status_code == 403
    assert client.post(reverse("star:retire", args=[local.code])).status_code == 403
    # A facilitator beneath the owner cannot edit it either: roles reach down, never up.
    client.force_login(member(orgs["trust_a"], "facilitator"))
    assert client.post(reverse("star:edit", args=[local.code]), valid_form()).status_code == 403
    local.refresh_from_db()
    assert local.title == "ICS A buddy scheme"


def test_only_platform_staff_edit_national_interventions(client, orgs, catalogue, facilitator):
    code = "supply-retention-programme"
    client.force_login(facilitator)
    assert client.get(reverse("star:edit", args=[code])).status_code == 403
    assert client.post(reverse("star:edit", args=[code]), valid_form()).status_code == 403

    staff = UserFactory(is_platform_staff=True)
    client.force_login(staff)
    page = client.get(reverse("star:edit", args=[code])).content.decode()
    assert "This is a national entry" in page
    response = client.post(
        reverse("star:edit", args=[code]),
        valid_form(
            title="Staff retention programme (revised)",
            point="supply",
            effect_low="2",
            effect_likely="4",
            effect_high="8",
        ),
    )
    assert response.status_code == 302
    retention = Intervention.objects.get(code=code)
    assert retention.title == "Staff retention programme (revised)"
    assert retention.levers[0]["effect"] == {"dist": "triangular", "low": -0.08, "mode": -0.04, "high": -0.02}
    event = AuditEvent.objects.get(action="intervention.update")
    assert event.actor == staff and event.organisation is None
    # The data file wins at the next load (docs/adr/0005).
    actions.load_catalogue()
    assert Intervention.objects.get(code=code).title == "Staff retention programme"


def test_national_entry_with_levers_the_form_cannot_show_keeps_them(client, catalogue):
    code = "role-nursing-associate"  # a substitution lever with equivalence and new_role
    before = Intervention.objects.get(code=code).levers
    client.force_login(UserFactory(is_platform_staff=True))
    page = client.get(reverse("star:edit", args=[code])).content.decode()
    assert "can only be changed in the catalogue data file" in page
    response = client.post(reverse("star:edit", args=[code]), valid_form(point="new-roles"))
    assert response.status_code == 302
    assert Intervention.objects.get(code=code).levers == before


# ---------------------------------------------------------------- one search, every entry point


@pytest.fixture
def searchable(orgs):
    from tests.factories.star import star_points
    from tests.factories.workshops import InterventionFactory as BareIntervention

    points = star_points()
    return {
        "all_staff": BareIntervention(
            title="Wellbeing hubs", summary="Rest spaces for everyone", staff_groups=["all"], care_settings=["acute"]
        ),
        "nurses": BareIntervention(
            title="Nurse retention", summary="Keep experienced nurses", staff_groups=["registered-nurses"]
        ),
        "doctors": BareIntervention(
            title="Doctor rotas",
            summary="Flexible rotas",
            staff_groups=["doctors"],
            point=points["new-ways-of-working"],
        ),
        "words_apart": BareIntervention(
            title="Flexible working", summary="Self-rostering", description="Piloted with community nurses"
        ),
        "night": BareIntervention(
            title="Night-time hub",
            summary="Cover after dark",
            description="One team answers calls overnight",
            staff_groups=["paramedics"],
            care_settings=["ambulance"],
        ),
    }


def _catalogue_titles(client, params) -> set[str]:
    return set(titles(client.get(reverse("star:interventions"), params)))


def _workshop_titles(client, workshop, params) -> set[str]:
    html = client.get(reverse("workshops:candidates", args=[workshop.pk]), params, HTTP_HX_REQUEST="true")
    return set(
        re.findall(
            r'<h4 class="nhsuk-card__heading nhsuk-heading-s"><a href="[^"]+">([^<]+)</a></h4>', html.content.decode()
        )
    )


def _api_titles(client, token, params) -> set[str]:
    response = client.get("/api/v1/star/interventions", params, **token)
    assert response.status_code == 200, response.content
    return {item["title"] for item in response.json()["items"]}


@pytest.mark.parametrize(
    "params, expected",
    [
        # "All staff" interventions match every staff group, everywhere.
        ({"staff_group": "registered-nurses"}, {"Wellbeing hubs", "Nurse retention"}),
        ({"staff_group": "doctors"}, {"Wellbeing hubs", "Doctor rotas"}),
        # Every word somewhere in the title, summary or description, ignoring case.
        ({"q": "flexible NURSES"}, {"Flexible working"}),
        ({"q": "flexible"}, {"Flexible working", "Doctor rotas"}),
        ({"q": "rotas", "staff_group": "doctors"}, {"Doctor rotas"}),
        # A word is matched by its stem: "nursing" finds "nurse" and "nurses", "doctors" finds "Doctor".
        ({"q": "nursing"}, {"Nurse retention", "Flexible working"}),
        ({"q": "doctors"}, {"Doctor rotas"}),
        ({"care_setting": "acute"}, {"Wellbeing hubs"}),
        # A hyphen splits words, in the text and in the search: "night" finds "Night-time".
        ({"q": "night"}, {"Night-time hub"}),
        ({"q": "nights"}, {"Night-time hub"}),
        ({"q": "night-time"}, {"Night-time hub"}),
        ({"q": "self rostering"}, {"Flexible working"}),
        # Words in an intervention's tags (staff groups, care settings) count too, by their stem.
        ({"q": "paramedic"}, {"Night-time hub"}),
        ({"q": "ambulances hub"}, {"Night-time hub"}),
        ({"q": "hub"}, {"Wellbeing hubs", "Night-time hub"}),
    ],
)
def test_catalogue_page_workshop_search_and_api_give_the_same_answer(client, orgs, searchable, params, expected):
    from tests.factories.api import api_token, auth_header
    from tests.factories.workshops import WorkshopFactory, participant

    user = member(orgs["trust_a"], "facilitator")
    workshop = WorkshopFactory(lead_organisation=orgs["trust_a"], facilitator=user)
    participant(workshop, "facilitator", user=user)
    client.force_login(user)
    assert _catalogue_titles(client, params) == expected
    assert _workshop_titles(client, workshop, params) == expected
    assert _api_titles(client, auth_header(api_token(user)[1]), params) == expected

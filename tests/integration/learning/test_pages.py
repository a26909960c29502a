"""The library's pages: writing a case study with the form, adding a result, the review form,
and a search that answers any words with results or a clear message, never an error."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lodestar.learning.models import CaseStudy, CaseStudyResult, Status
from tests.factories.learning import case_study
from tests.factories.star import star_points

pytestmark = pytest.mark.django_db


def test_an_editor_writes_a_draft_with_the_form(client, world):
    star_points()
    client.force_login(world["people"]["editor"])
    response = client.post(
        reverse("learning:start"),
        {
            "organisation": world["orgs"]["pcn_a"].pk,
            "title": "Rota redesign in general practice",
            "challenge": "Long waits for appointments.",
            "sector": "primary_care",
            "visibility": "region",
            "points": ["new-ways-of-working"],
            "staff_groups": ["gps"],
        },
    )
    cs = CaseStudy.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("learning:detail", args=[cs.pk])
    page = client.get(response["Location"]).text
    assert "Rota redesign in general practice" in page
    assert "Long waits for appointments." in page
    assert "New ways of working" in page and "GPs" in page
    assert "Submit for review" in page


def test_a_draft_without_a_title_shows_the_error_and_saves_nothing(client, world):
    client.force_login(world["people"]["editor"])
    response = client.post(
        reverse("learning:start"),
        {"organisation": world["orgs"]["pcn_a"].pk, "title": "", "sector": "nhs", "visibility": "ics"},
    )
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert "Enter a title for the case study" in response.text
    assert not CaseStudy.objects.exists()


def test_people_who_cannot_contribute_are_not_offered_the_form(client, world):
    client.force_login(world["people"]["reviewer"])
    assert client.get(reverse("learning:start")).status_code == 403
    assert "Write a case study" not in client.get(reverse("learning:index")).text


def test_a_result_with_bad_figures_names_each_field(client, world):
    cs = case_study(world["orgs"]["pcn_a"], author=world["people"]["editor"])
    client.force_login(world["people"]["editor"])
    url = reverse("learning:add-result", args=[cs.pk])
    response = client.post(
        url,
        {
            "measure": "Vacancy rate",
            "baseline": "twelve",
            "baseline_date-day": "1",
            "baseline_date-month": "4",
            "baseline_date-year": "2025",
            "after": "8",
            "after_date-day": "1",
            "after_date-month": "4",
            "after_date-year": "2024",
        },
    )
    assert "The baseline value must be a number" in response.text
    assert "The date of the value after must be on or after the baseline date" in response.text
    assert not CaseStudyResult.objects.exists()
    response = client.post(
        url,
        {
            "measure": "Vacancy rate",
            "unit": "%",
            "baseline": "12",
            "baseline_date-day": "1",
            "baseline_date-month": "4",
            "baseline_date-year": "2024",
            "after": "8.5",
            "after_date-day": "1",
            "after_date-month": "4",
            "after_date-year": "2025",
        },
    )
    page = client.get(reverse("learning:detail", args=[cs.pk])).text
    assert "Vacancy rate" in page and "12%" in page and "8.5%" in page and "Down 3.5%" in page
    assert "1 April 2024" in page and "1 April 2025" in page


def test_the_review_form_needs_words_to_return_it(client, world):
    cs = case_study(world["orgs"]["pcn_a"], author=world["people"]["editor"], status=Status.SUBMITTED)
    client.force_login(world["people"]["reviewer"])
    response = client.post(reverse("learning:review", args=[cs.pk]), {"decision": "comment", "text": ""})
    assert response.status_code == 400
    assert "Enter your comments for the authors" in response.text
    cs.refresh_from_db()
    assert cs.status == Status.SUBMITTED


def test_submitting_too_early_says_why(client, world):
    cs = case_study(world["orgs"]["pcn_a"], author=world["people"]["editor"], challenge="")
    client.force_login(world["people"]["editor"])
    response = client.post(reverse("learning:submit", args=[cs.pk]), follow=True)
    assert "Describe the challenge before you submit the case study" in response.text
    cs.refresh_from_db()
    assert cs.status == Status.DRAFT


@pytest.mark.parametrize(
    "words",
    [
        "",
        "nurse",
        "'; DROP TABLE learning_casestudy; --",
        '"unbalanced quote & | ! ( :*',
        "%_\\%",
        "<script>alert(1)</script>",
        "ünïcödé 看護師 🚑",
        "a " * 99,
    ],
)
def test_any_search_words_get_a_page(client, world, words):
    case_study(world["orgs"]["pcn_a"], status=Status.PUBLISHED, visibility="everyone")
    client.force_login(world["people"]["other_region"])
    response = client.get(reverse("learning:index"), {"q": words})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.text


@pytest.mark.parametrize(
    ("words", "message"),
    [
        ("x" * 201, "Search words must be 200 characters or fewer: you typed 201"),
        ("x" * 100_000, "Search words must be 200 characters or fewer: you typed 100,000"),
        ("bad\x01words", "Search words must not contain control characters"),
        ("nul\x00byte", "Null characters are not allowed"),
    ],
)
def test_search_words_that_cannot_be_used_get_a_message(client, world, words, message):
    client.force_login(world["people"]["editor"])
    response = client.get(reverse("learning:index"), {"q": words})
    assert response.status_code == 200
    assert message in response.text
    assert "There is a problem" in response.text


def test_a_facet_value_not_in_the_list_gets_a_message(client, world):
    client.force_login(world["people"]["editor"])
    response = client.get(reverse("learning:index"), {"point": "nonsense", "sector": "nhs"})
    assert response.status_code == 200
    assert "Choose a star point from the list" in response.text


def test_search_finds_by_words_and_facets_with_title_hits_first(client, world):
    pcn = world["orgs"]["pcn_a"]
    points = star_points()
    case_study(
        pcn, title="Retention of nurses", status=Status.PUBLISHED, visibility="everyone", points=[points["supply"]]
    )
    case_study(
        pcn,
        title="A rota that works",
        status=Status.PUBLISHED,
        visibility="everyone",
        lessons="Retention followed the new rota.",
        points=[points["new-ways-of-working"]],
        staff_groups=["gps"],
        sector="primary_care",
    )
    case_study(pcn, title="Retention in draft", visibility="everyone")
    client.force_login(world["people"]["other_region"])
    page = client.get(reverse("learning:index"), {"q": "retention"}).text.split('id="results-count"')[1]
    assert "2 case studies match" in page
    assert page.index("Retention of nurses") < page.index("A rota that works")
    assert "Retention in draft" not in page
    for facet in ({"point": "new-ways-of-working"}, {"staff_group": "gps"}, {"sector": "primary_care"}):
        page = client.get(reverse("learning:index"), facet).text.split('id="results-count"')[1]
        assert "A rota that works" in page and "Retention of nurses" not in page, facet


def test_editing_a_published_case_study_warns_it_goes_back_to_draft(client, world):
    cs = case_study(world["orgs"]["pcn_a"], author=world["people"]["editor"], status=Status.PUBLISHED)
    client.force_login(world["people"]["editor"])
    page = client.get(reverse("learning:edit", args=[cs.pk])).text
    assert "Saving changes takes it back to draft" in page
    assert cs.title in page

"""Who reads a case study: each visibility level x people in and out of reach, on the case
study's page (200 or 404), the library list and the search results. Unpublished case studies
are read only by the organisation's editors and the reviewers in reach.

The case study belongs to PCN A (Test Region > ICS A > PCN A > Practice A)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lodestar.learning.models import Status
from tests.factories.learning import case_study

pytestmark = pytest.mark.django_db

EVERYONE = {
    "editor",
    "owner_viewer",
    "beneath",
    "ics_facilitator",
    "ics_viewer",
    "sibling",
    "other_ics",
    "reviewer",
    "other_region",
    "other_reviewer",
    "platform",
}
# Published: the owner and those beneath, people above it (ICS, region), platform staff...
ORGANISATION = {"editor", "owner_viewer", "beneath", "ics_facilitator", "ics_viewer", "reviewer", "platform"}
ICS = ORGANISATION | {"sibling"}  # ...everyone in its ICS...
REGION = ICS | {"other_ics"}  # ...everyone in its region...
# Not published: the organisation's editors (CONTRIBUTE there or above) and reviewers in reach.
UNPUBLISHED = {"editor", "ics_facilitator", "reviewer", "platform"}

TITLE = "Preceptorship that kept our newly qualified nurses"


def _results(response) -> str:
    """The search results part of the library page (not the person's own drafts above it)."""
    return response.text.split('id="results-count"', 1)[1]


def _reads(client, person, cs) -> dict[str, bool]:
    client.force_login(person)
    detail = client.get(reverse("learning:detail", args=[cs.pk]))
    assert detail.status_code in (200, 404)
    listing = client.get(reverse("learning:index"))
    search = client.get(reverse("learning:index"), {"q": "preceptorship nurses", "sector": "nhs"})
    intervention = cs.interventions.first()
    catalogue = client.get(reverse("star:detail", args=[intervention.code])) if intervention else None
    return {
        "detail": detail.status_code == 200,
        "list": TITLE in _results(listing),
        "search": TITLE in _results(search),
        "catalogue": catalogue is not None and TITLE in catalogue.text,
    }


@pytest.mark.parametrize(
    ("visibility", "readers"),
    [("organisation", ORGANISATION), ("ics", ICS), ("region", REGION), ("everyone", EVERYONE)],
)
def test_a_published_case_study_is_read_by_its_visibility_level(client, world, visibility, readers):
    from tests.factories.star import InterventionFactory

    intervention = InterventionFactory()
    cs = case_study(
        world["orgs"]["pcn_a"],
        title=TITLE,
        status=Status.PUBLISHED,
        visibility=visibility,
        interventions=[intervention],
    )
    seen = {who: _reads(client, person, cs) for who, person in world["people"].items()}
    for who, pages in seen.items():
        expected = who in readers
        assert pages == {"detail": expected, "list": expected, "search": expected, "catalogue": expected}, who


@pytest.mark.parametrize("status", [Status.DRAFT, Status.SUBMITTED, Status.REVIEWED])
def test_an_unpublished_case_study_is_read_only_by_editors_and_reviewers(client, world, status):
    cs = case_study(world["orgs"]["pcn_a"], title=TITLE, status=status, visibility="everyone")
    for who, person in world["people"].items():
        pages = _reads(client, person, cs)
        assert pages["detail"] == (who in UNPUBLISHED), who
        assert not pages["search"] and not pages["list"], who  # the library lists only published ones


def test_signed_out_visitors_are_sent_to_sign_in(client, world):
    cs = case_study(world["orgs"]["pcn_a"], title=TITLE, status=Status.PUBLISHED, visibility="everyone")
    response = client.get(reverse("learning:detail", args=[cs.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign-in"))


@pytest.mark.parametrize("name", ["edit", "add-result", "submit", "review", "publish"])
def test_out_of_reach_writes_are_404_and_change_nothing(client, world, name):
    cs = case_study(world["orgs"]["pcn_a"], title=TITLE, status=Status.PUBLISHED, visibility="everyone")
    client.force_login(world["people"]["other_region"])
    url = reverse(f"learning:{name}", args=[cs.pk])
    response = client.post(url, {"title": "Taken over", "decision": "reviewed", "text": "ok"})
    assert response.status_code == 404
    cs.refresh_from_db()
    assert (cs.title, cs.status) == (TITLE, Status.PUBLISHED)

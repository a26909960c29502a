"""Who reaches a programme (ADR 0037), on every page, download and API answer.

The programme is run by ICS A under the region's theme, with Trust B (in ICS B) as a partner:
* read by VIEW at ICS A or above (the region), by the partner's people (and ICS B's, above the
  partner) and by platform staff; Trust A (beneath ICS A, not a partner: reach never goes up) and
  the other region get 404 everywhere;
* changed by FACILITATE at ICS A or above; those who only read it get 404 on the edit pages
  (403 from the API, which has already shown them the programme);
* the regional dashboard is for people with a role at an ICS, a region or a national body;
* anonymous visitors are sent to sign in (401 from the API).
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from lodestar.programmes import urls
from lodestar.programmes.models import BenefitMeasure, ProgrammeMilestone, Risk
from tests.factories.api import api_token, auth_header

pytestmark = pytest.mark.django_db

# Trust A sits beneath ICS A but is no partner: reach never goes upwards, so it does not read it.
# ICS B's facilitator reaches the partner Trust B, so reads it too; the other region does not.
READERS = {"ics_facilitator", "ics_viewer", "region_viewer", "region_facilitator", "partner", "other_ics", "platform"}
EDITORS = {"ics_facilitator", "region_facilitator", "platform"}
DASHBOARD = {"ics_facilitator", "ics_viewer", "region_viewer", "region_facilitator", "other_ics", "platform"}
SIGN_IN = "/account/sign-in/"


def _addresses(world) -> dict[str, list[str]]:
    """Every route of the namespace, by who may open it."""
    prog = world["programme"]
    ms = ProgrammeMilestone.objects.create(programme=prog, title="Go live", due_date="2026-06-30")
    me = BenefitMeasure.objects.create(
        programme=prog, name="Vacancies", baseline=10, baseline_date="2025-03-31", target=5
    )
    risk = Risk.objects.create(programme=prog, description="Funding", likelihood=2, impact=2)
    read = [reverse("programmes:detail", args=[prog.pk])]
    edit = [
        reverse("programmes:edit", args=[prog.pk]),
        reverse("programmes:links", args=[prog.pk]),
        reverse("programmes:milestone-add", args=[prog.pk]),
        reverse("programmes:milestone-edit", args=[prog.pk, ms.pk]),
        reverse("programmes:measure-add", args=[prog.pk]),
        reverse("programmes:measure-edit", args=[prog.pk, me.pk]),
        reverse("programmes:risk-add", args=[prog.pk]),
        reverse("programmes:risk-edit", args=[prog.pk, risk.pk]),
    ]
    dashboard = [
        reverse("programmes:dashboard"),
        reverse("programmes:dashboard-xlsx"),
        reverse("programmes:dashboard-csv", args=["programmes"]),
    ]
    return {"read": read, "edit": edit, "dashboard": dashboard}


def test_every_route_is_covered():
    names = {p.name for p in urls.urlpatterns}
    assert names == {
        "index", "theme-create", "create", "detail", "edit", "links", "milestone-add", "milestone-edit",
        "measure-add", "measure-edit", "risk-add", "risk-edit", "dashboard", "dashboard-xlsx", "dashboard-csv",
    }  # fmt: skip


def test_pages_and_downloads_answer_200_in_reach_and_404_out_of_it(client, world):
    addresses = _addresses(world)
    for who, person in world["people"].items():
        client.force_login(person)
        for kind, allowed in (("read", READERS), ("edit", EDITORS), ("dashboard", DASHBOARD)):
            for address in addresses[kind]:
                assert client.get(address).status_code == (200 if who in allowed else 404), (who, address)
        index = client.get(reverse("programmes:index"))
        assert index.status_code == 200
        assert ("Advanced practice in ICS A" in index.text) == (who in READERS), who
        assert ('href="/programmes/dashboard/"' in index.text) == (who in DASHBOARD), who


def test_a_write_out_of_reach_changes_nothing(client, world):
    prog = world["programme"]
    for who in ("other_ics", "other_region", "partner", "ics_viewer", "beneath"):
        client.force_login(world["people"][who])
        response = client.post(reverse("programmes:milestone-add", args=[prog.pk]), {"title": "Sneaky"})
        assert response.status_code == 404, who
        response = client.post(reverse("programmes:edit", args=[prog.pk]), {"name": "Renamed", "status": "closed"})
        assert response.status_code == 404, who
    prog.refresh_from_db()
    assert prog.name == "Advanced practice in ICS A" and not prog.milestones.exists()


def test_anonymous_visitors_are_sent_to_sign_in(client, world):
    for addresses in _addresses(world).values():
        for address in addresses:
            response = client.get(address)
            assert response.status_code == 302 and response["Location"].startswith(SIGN_IN), address
    assert client.get(reverse("programmes:index"))["Location"].startswith(SIGN_IN)


def test_the_api_answers_200_in_reach_404_out_and_401_anonymous(client, world):
    prog = world["programme"]
    one = f"/api/v1/programmes/programmes/{prog.pk}"
    for who, person in world["people"].items():
        _token, plain = api_token(person)
        headers = auth_header(plain)
        assert client.get(one, **headers).status_code == (200 if who in READERS else 404), who
        listing = client.get("/api/v1/programmes/programmes", **headers).json()
        assert (prog.pk in [p["id"] for p in listing]) == (who in READERS), who
        dashboard = client.get("/api/v1/programmes/dashboard", **headers)
        assert dashboard.status_code == (200 if who in DASHBOARD else 404), who
        patch = client.patch(one, {"name": "Renamed by API"}, content_type="application/json", **headers)
        expected = 200 if who in EDITORS else (403 if who in READERS else 404)
        assert patch.status_code == expected, who
        if expected == 200:
            client.patch(one, {"name": "Advanced practice in ICS A"}, content_type="application/json", **headers)
    for address in (one, "/api/v1/programmes/programmes", "/api/v1/programmes/themes", "/api/v1/programmes/dashboard"):
        assert client.get(address).status_code == 401

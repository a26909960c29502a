"""Who reaches workforce imports and figures (ADR 0027). An import belongs to its organisation:
people whose reach includes it see it; only those who may manage the organisation's workforce data
confirm, cancel or roll it back. Everyone else gets 404 on every page and API answer, and
anonymous visitors are sent to sign in (401 from the API)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lodestar.workforce.models import ImportStatus
from lodestar.workforce.presenters import PAGES, figure_pages
from tests.factories import member
from tests.factories.api import api_token, auth_header
from tests.factories.workforce import loaded_import

pytestmark = pytest.mark.django_db

# Every figure page that can be narrowed to an organisation (population is by local authority area).
FIGURE_PAGES = [f"workforce:{page.slug}" for page in PAGES if "organisation" in page.uses]


@pytest.fixture
def world(orgs):
    return {"orgs": orgs, "load": loaded_import(organisation=orgs["trust_a"], file_name="trust-a-esr.csv")}


def import_pages(load) -> dict[str, str]:
    return {
        name: reverse(f"workforce:{name}", args=[load.pk]) for name in ("import", "import-progress", "import-roll-back")
    }


def import_posts(load) -> dict[str, str]:
    return {
        name: reverse(f"workforce:{name}", args=[load.pk])
        for name in ("import-confirm", "import-cancel", "import-roll-back")
    }


def api_urls(load) -> dict[str, tuple[str, str]]:
    base = f"/api/v1/workforce/imports/{load.pk}"
    return {
        "api import": ("get", base),
        "api confirm": ("post", f"{base}/confirm"),
        "api cancel": ("post", f"{base}/cancel"),
        "api rollback": ("post", f"{base}/rollback"),
        "api figures": ("get", f"/api/v1/workforce/datasets/{load.pk}/figures"),
    }


def figure_urls(org) -> dict[str, str]:
    urls = {}
    for name in FIGURE_PAGES:
        for suffix in ("", "-csv", "-xlsx"):
            urls[f"{name}{suffix}"] = reverse(f"{name}{suffix}") + f"?organisation={org.pk}"
    return urls


def statuses(client, user, world) -> dict[str, int]:
    load, trust_a = world["load"], world["orgs"]["trust_a"]
    client.force_login(user)
    found = {name: client.get(url).status_code for name, url in import_pages(load).items()}
    found.update({f"POST {name}": client.post(url).status_code for name, url in import_posts(load).items()})
    found.update({name: client.get(url).status_code for name, url in figure_urls(trust_a).items()})
    client.logout()
    headers = auth_header(api_token(user)[1])
    found.update({name: getattr(client, m)(url, **headers).status_code for name, (m, url) in api_urls(load).items()})
    return found


def test_the_figure_pages_are_all_checked():
    listed = [url_name for _title, url_name, _description in figure_pages()]
    assert set(FIGURE_PAGES) <= set(listed) and len(FIGURE_PAGES) >= len(listed) - 1


@pytest.mark.parametrize("role", ["viewer", "analyst", "org_admin"])
def test_another_ics_trusts_people_get_404_everywhere(client, world, role):
    person = member(world["orgs"]["trust_b"], role)
    assert set(statuses(client, person, world).values()) == {404}
    client.force_login(person)
    assert "trust-a-esr.csv" not in client.get(reverse("workforce:imports")).content.decode()
    assert "trust-a-esr.csv" not in client.get(reverse("workforce:index")).content.decode()
    world["load"].refresh_from_db()
    assert world["load"].status == ImportStatus.LOADED


def test_a_viewer_at_the_organisation_sees_the_import_but_cannot_change_it(client, world):
    person = member(world["orgs"]["trust_a"], "viewer")
    found = statuses(client, person, world)
    assert (found["import"], found["api import"], found["api figures"]) == (200, 200, 200)
    assert all(found[name] == 200 for name in figure_urls(world["orgs"]["trust_a"]))
    changes = ["import-roll-back", "POST import-confirm", "POST import-cancel", "POST import-roll-back"]
    changes += ["api confirm", "api cancel", "api rollback"]
    assert {name: found[name] for name in changes} == dict.fromkeys(changes, 404)
    client.force_login(person)
    assert client.get(reverse("workforce:upload")).status_code == 404
    world["load"].refresh_from_db()
    assert world["load"].status == ImportStatus.LOADED


@pytest.mark.parametrize("org", ["ics_a", "region"])
def test_people_above_the_organisation_see_it_and_its_figures(client, world, org):
    person = member(world["orgs"][org], "viewer")
    found = statuses(client, person, world)
    assert found["import"] == 200 and found["api import"] == 200
    assert all(found[name] == 200 for name in figure_urls(world["orgs"]["trust_a"]))


def test_an_analyst_at_the_organisation_may_roll_it_back(client, world):
    person = member(world["orgs"]["trust_a"], "analyst")
    client.force_login(person)
    page = client.get(reverse("workforce:import-roll-back", args=[world["load"].pk]))
    assert page.status_code == 200 and "Roll back this import" in page.content.decode()
    assert client.get(reverse("workforce:upload")).status_code == 200


def test_anonymous_visitors_are_sent_to_sign_in_and_the_api_answers_401(client, world):
    load = world["load"]
    pages = {
        **import_pages(load),
        **figure_urls(world["orgs"]["trust_a"]),
        "index": reverse("workforce:index"),
        "imports": reverse("workforce:imports"),
        "upload": reverse("workforce:upload"),
        "columns": reverse("workforce:upload-columns"),
    }
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 302 and "/account/sign-in/" in response["Location"], name
    for name, url in import_posts(load).items():
        assert client.post(url).status_code == 302, name
    for name, (method, url) in api_urls(load).items():
        assert getattr(client, method)(url).status_code == 401, name
    assert client.get("/api/v1/workforce/datasets").status_code == 401
    load.refresh_from_db()
    assert load.status == ImportStatus.LOADED

"""The top menu: one item per section, marked as the current one on every page of its section."""

from __future__ import annotations

import re

import pytest

from tests.factories import member

pytestmark = pytest.mark.django_db


def current_items(html: str) -> list[str]:
    """The labels of the menu items the header marks as the page the person is on."""
    menu = html.split('aria-label="Menu"', 1)[1].split("</nav>", 1)[0]
    return [re.sub(r"<[^>]+>|\s+", " ", m).strip() for m in re.findall(r"<strong[^>]*>(.*?)</strong>", menu, re.S)]


@pytest.mark.parametrize("path", ["/programmes/", "/pilots/", "/pathways/", "/roles/", "/talent/", "/networks/"])
def test_every_part_of_the_regional_programme_work_is_under_programmes_in_the_menu(client, orgs, path):
    client.force_login(member(orgs["trust_a"], "viewer"))
    response = client.get(path)
    assert response.status_code == 200
    assert current_items(response.content.decode()) == ["Programmes"]


def test_the_other_sections_are_not_marked_as_programmes(client, orgs):
    client.force_login(member(orgs["trust_a"], "viewer"))
    html = client.get("/learning/").content.decode()
    assert current_items(html) == ["Shared learning"]
    assert 'href="/programmes/"' in html

"""Wording across the service, on the demo data: every page a demo person can reach by following
links from the home page opens (no dead ends), says "1 action" and "5 actions" (never
"action(s)"), and offers no "---------" empty choice in a select."""

from __future__ import annotations

import re
from html import unescape
from io import StringIO
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.management import call_command

from lodestar.accounts.models import User

pytestmark = pytest.mark.django_db

MAX_PAGES = 150
# Not pages: downloads, signing out, and links that only change the page's filters or page number.
SKIP = re.compile(r"(/sign-out/|\.csv|\.xlsx|\.pdf|/download/|/api/|/admin/|/static/|/media/)")
LINK = re.compile(r'<a\b[^>]*\bhref="([^"#]+)')


@pytest.fixture
def demo(db):
    call_command("load_demo_data", stdout=StringIO())


def crawl(client, user) -> dict[str, tuple[int, str]]:
    """Every page reachable from the home page by following links (GET, same site): path -> (status, html)."""
    client.force_login(user)
    seen: dict[str, tuple[int, str]] = {}
    queue = ["/"]
    while queue and len(seen) < MAX_PAGES:
        path = queue.pop(0)
        if path in seen:
            continue
        # A link may lead through a redirect (starting a WISN calculation opens its first step): it
        # opens if the page it ends on does, and that page is not the sign-in page.
        response = client.get(path, follow=True)
        final = urlsplit(response.redirect_chain[-1][0]).path if response.redirect_chain else path
        html = response.content.decode() if response.get("Content-Type", "").startswith("text/html") else ""
        seen[path] = (response.status_code if not final.startswith("/account/sign-in") else 302, html)
        for href in LINK.findall(html):
            target = urlsplit(urljoin(final, unescape(href)))
            if target.netloc or target.query or SKIP.search(target.path):
                continue
            if target.path not in seen and target.path not in queue:
                queue.append(target.path)
    return seen


def text_of(html: str) -> str:
    """What a person reads: the page without its markup."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return unescape(re.sub(r"<[^>]+>", " ", html))


@pytest.mark.parametrize(
    "email", ["facilitator@demo.lodestar.test", "contributor@demo.lodestar.test", "admin@demo.lodestar.test"]
)
def test_every_page_a_demo_person_reaches_opens_and_is_written_in_words(client, demo, email):
    pages = crawl(client, User.objects.get(email=email))
    # The crawl reaches the demo journeys: the workshop's steps, its plan, an action and its forms.
    for page in (r"/workshops/\d+/prioritisation/", r"/plans/\d+/", r"/plans/actions/\d+/", r"/plans/my-actions/"):
        assert any(re.fullmatch(page, path) for path in pages), page
    dead_ends = {path: status for path, (status, _) in pages.items() if status != 200}
    assert dead_ends == {}
    with_s = {path for path, (_, html) in pages.items() if "(s)" in text_of(html)}
    assert with_s == set()
    dashes = {path for path, (_, html) in pages.items() if "---------" in html}
    assert dashes == set()

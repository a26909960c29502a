"""The Workforce section's front page: the figures to look at and the data loaded."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

from lodestar.workforce import presenters, queries
from lodestar.workforce.import_presenters import ImportPresenter
from lodestar.workforce.views.imports import may_upload

RECENT = 5


def _figure_links() -> list[dict]:
    """Each figure page that has a route: its title, address and what it shows."""
    links = []
    for title, url_name, description in presenters.figure_pages():
        try:
            href = reverse(url_name)
        except NoReverseMatch:  # a page listed before its route exists
            continue
        links.append({"title": title, "href": href, "description": description})
    return links


def index(request):
    recent = [ImportPresenter(load) for load in queries.imports(request.user)[:RECENT]]
    context = {"figure_links": _figure_links(), "imports": recent, "may_upload": may_upload(request.user)}
    return render(request, "workforce/index.jinja", context)

"""The Projections section's front page: what projections are, the scenarios in reach with their
last run, and the ways in (create a scenario, WISN, compare)."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from lodestar.projections import queries
from lodestar.projections.presenters import scenarios as presenters

RECENT = 10
OTHER_PAGES = [
    (
        "Scenarios",
        "projections:scenarios",
        "Every scenario you can see, its versions and its runs.",
    ),
    (
        "Compare scenarios",
        "projections:compare",
        "Put finished runs side by side: doing nothing, the plan, the plan plus an extra lever.",
    ),
    (
        "Staffing need (WISN)",
        "projections:wisn-list",
        "Work out the staff an activity needs with the WHO WISN method, and use it as a scenario's demand.",
    ),
]


def _links() -> list[dict]:
    """The section's other pages that have a route (one listed before its route exists is left out)."""
    links = []
    for title, name, description in OTHER_PAGES:
        href = presenters.link(name)
        if href:
            links.append({"title": title, "href": href, "description": description})
    return links


def index(request) -> HttpResponse:
    scenario_list = queries.scenarios(request.user).order_by("-updated_at", "-pk")[:RECENT]
    context = {
        "rows": presenters.rows(request.user, scenario_list),
        "total": queries.scenarios(request.user).count(),
        "may_create": queries.organisations_to_edit(request.user).exists(),
        "links": _links(),
    }
    return render(request, "projections/index.jinja", context)

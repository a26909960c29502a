"""The Workforce section's front page: the figures to look at and the data loaded."""

from __future__ import annotations

from django.shortcuts import render

from lodestar.workforce import queries


def index(request):
    loaded = queries.imports(request.user)[:20]
    return render(request, "workforce/index.jinja", {"imports": loaded})

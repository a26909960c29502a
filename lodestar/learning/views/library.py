"""The library's front page: search by words and facets (a GET form, no JavaScript needed),
the person's own unpublished case studies and, for reviewers, those waiting for review."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render

from lodestar.learning import queries
from lodestar.learning.forms import SearchForm
from lodestar.learning.presenters import CaseStudyCard

PER_PAGE = 20


def index(request):
    interventions = list(queries.interventions(request.user))
    form = SearchForm(request.GET or None, interventions=interventions)
    results, searched = [], bool(request.GET)
    page = None
    if form.is_bound and form.is_valid() or not form.is_bound:
        filters = form.filters() if form.is_bound else {}
        rows = queries.search(request.user, **filters)
        page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
        results = [CaseStudyCard(cs) for cs in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "results": results,
        "page": page,
        "query": query.urlencode(),
        "searched": searched,
        "mine": [CaseStudyCard(cs) for cs in queries.my_case_studies(request.user)[:20]],
        "to_review": [CaseStudyCard(cs) for cs in queries.to_review(request.user)[:20]],
        "may_start": queries.organisations_to_write(request.user).exists(),
    }
    return render(request, "learning/index.jinja", context)

"""The figure pages (staff in post, age profile, turnover, vacancies, GP workforce, population),
each with its CSV and XLSX download. Every page reads through its presenter
(``lodestar.workforce.presenters``), which reads through ``lodestar.workforce.queries`` and
suppresses small numbers (ADR 0027); an organisation filter outside the user's reach is a 404."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import NoReverseMatch, path, reverse
from django.utils.http import urlencode

from lodestar.workforce import downloads, presenters
from lodestar.workforce.figures import may_upload


def _upload_url(user) -> str | None:
    """The upload page, when it exists and the user may upload."""
    try:
        url = reverse("workforce:upload")
    except NoReverseMatch:
        return None
    return url if may_upload(user) else None


def _page_view(page_class):
    def view(request):
        page = page_class(request.user, request.GET)
        query = urlencode(page.selection.query())
        return render(
            request,
            "workforce/figures/page.jinja",
            {
                "page": page,
                "upload_url": None if page.loaded else _upload_url(request.user),
                "csv_url": reverse(f"workforce:{page.slug}-csv") + (f"?{query}" if query else ""),
                "xlsx_url": reverse(f"workforce:{page.slug}-xlsx") + (f"?{query}" if query else ""),
                "pages": presenters.figure_pages(),
            },
        )

    view.__name__ = page_class.__name__
    return view


def _csv_view(page_class):
    def view(request):
        return downloads.csv_response(page_class(request.user, request.GET))

    return view


def _xlsx_view(page_class):
    def view(request):
        return downloads.xlsx_response(page_class(request.user, request.GET))

    return view


ROUTES: list = []  # path(...) entries, included by lodestar/workforce/urls.py
for _page in presenters.PAGES:
    ROUTES += [
        path(f"figures/{_page.slug}/", _page_view(_page), name=_page.slug),
        path(f"figures/{_page.slug}.csv", _csv_view(_page), name=f"{_page.slug}-csv"),
        path(f"figures/{_page.slug}.xlsx", _xlsx_view(_page), name=f"{_page.slug}-xlsx"),
    ]

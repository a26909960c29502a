"""Downloads: an organisation's adoption records and a readiness assessment's result, as CSV or
XLSX. Read through the same scoped queries as their pages, so anything out of reach is 404."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.urls import path
from django.utils.text import slugify

from lodestar.learning import exports, queries_adoption, queries_readiness


def _response(body: bytes, fmt: str, name: str) -> HttpResponse:
    response = HttpResponse(body, content_type=exports.FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def _format(fmt: str) -> str:
    if fmt not in exports.FORMATS:
        raise Http404("No such download")
    return fmt


def adoption(request, organisation_id: int, fmt: str):
    fmt = _format(fmt)
    org = queries_adoption.organisation(request.user, organisation_id)
    records = queries_adoption.records_of(request.user, org).order_by("intervention__title", "case_study__title", "pk")
    body = exports.adoption_file(fmt, records, title=f"Adoption records: {org.name}")
    return _response(body, fmt, f"adoption-{slugify(org.name) or org.pk}")


def readiness(request, assessment_id: int, fmt: str):
    fmt = _format(fmt)
    assessment = queries_readiness.assessment(request.user, assessment_id)
    body = exports.readiness_file(fmt, queries_readiness.ratings(assessment), title=f"Readiness: {assessment.title}")
    return _response(body, fmt, f"readiness-{assessment.pk}")


ROUTES = [
    path("adoption/organisations/<int:organisation_id>/adoption.<str:fmt>", adoption, name="adoption-download"),
    path("readiness/<int:assessment_id>/readiness.<str:fmt>", readiness, name="readiness-download"),
]

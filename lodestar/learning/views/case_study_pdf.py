"""A case study as a one-page PDF, for anyone who may read it (out of reach: 404)."""

from __future__ import annotations

from django.http import HttpResponse
from django.urls import path

from lodestar.learning import pdf, queries


def case_study_pdf(request, case_study_id: int):
    case_study = queries.case_study(request.user, case_study_id)  # out of reach: 404
    response = HttpResponse(pdf.render_pdf(request, case_study), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{pdf.filename(case_study)}"'
    return response


ROUTES = [
    path("case-studies/<int:case_study_id>/case-study.pdf", case_study_pdf, name="pdf"),
]

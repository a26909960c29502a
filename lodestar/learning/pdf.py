"""A case study as a one-page, tagged, accessible PDF (PDF/UA-1), the way the workshop report is
made (ADR 0011, 0020): HTML rendered by WeasyPrint with a structure tree (headings, paragraphs,
the results table with header cells), the document language and title, and nothing fetched over
the network (``lodestar.plans.report.local_only_fetcher``). The page is A4 with small type so a
case study written to the template fits on one side; a longer one runs on to a second page
rather than losing words.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from lodestar.learning.models import CaseStudy
from lodestar.learning.presenters import CaseStudyPresenter
from lodestar.plans.report import PDF_VARIANT, local_only_fetcher


def filename(case_study: CaseStudy) -> str:
    return f"case-study-{case_study.pk}.pdf"


def render_html(request, case_study: CaseStudy) -> str:
    context = {
        "cs": case_study,
        "p": CaseStudyPresenter(case_study, request.user),
        "generated_at": timezone.now(),
    }
    return render_to_string("learning/pdf.jinja", context, request=request)


def render_pdf(request, case_study: CaseStudy) -> bytes:
    from weasyprint import HTML

    html = render_html(request, case_study)
    return HTML(string=html, url_fetcher=local_only_fetcher, base_url=None).write_pdf(pdf_variant=PDF_VARIANT)

"""The workshop report as PDF: scope, Star chart, challenges, priorities and the action plan.

Rendered from HTML with WeasyPrint (ADR 0011). Nothing is fetched over the network: the
URL fetcher refuses every URL that is not an inline ``data:`` URL, the stylesheet is inline
in the template, and fonts are the system's (DejaVu), so a report renders offline and
cannot be made to reach internal addresses through user-entered text.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone
from markupsafe import Markup

from lodestar.star import vocab
from lodestar.workshops.scoring import QUADRANT_LABELS


class RefusedFetch(ValueError):
    pass


def local_only_fetcher(url: str, *args, **kwargs):
    """WeasyPrint URL fetcher that allows only ``data:`` URLs."""
    if url.startswith("data:"):
        from weasyprint.urls import default_url_fetcher

        return default_url_fetcher(url, *args, **kwargs)
    raise RefusedFetch(f"The PDF report does not fetch external resources ({url[:60]}).")


def _chart(workshop) -> Markup:
    try:
        from lodestar.workshops.charts import star_chart_svg

        return star_chart_svg(workshop)
    except Exception:  # noqa: BLE001 - a report without a chart beats no report
        return Markup("<p>The Star chart could not be drawn.</p>")


def report_context(*, workshop, plan) -> dict:
    challenges = workshop.contributions.filter(kind="challenge", hidden=False, merged_into__isnull=True).select_related(
        "point"
    )
    candidates = (
        workshop.candidates.filter(shortlisted=True)
        .select_related("intervention", "intervention__point")
        .prefetch_related("ratings")
        .order_by("priority_rank", "id")
    )
    priorities = [
        {
            "rank": c.priority_rank,
            "title": c.intervention.title,
            "point": c.intervention.point.name,
            "impact": c.impact_median,
            "effort": c.effort_median,
            "quadrant": QUADRANT_LABELS.get(c.quadrant, "Not rated"),
        }
        for c in candidates
    ]
    actions = []
    if plan is not None:
        actions = list(plan.actions.select_related("point", "owner_user", "organisation").prefetch_related("measures"))
    return {
        "workshop": workshop,
        "plan": plan,
        "chart": _chart(workshop),
        "assessments": workshop.assessments.select_related("point"),
        "challenges": challenges,
        "priorities": priorities,
        "actions": actions,
        "staff_groups": [vocab.label(vocab.STAFF_GROUPS, k) for k in workshop.staff_groups or []],
        "care_settings": [vocab.label(vocab.CARE_SETTINGS, k) for k in workshop.care_settings or []],
        "partners": list(workshop.partner_organisations.all()),
        "generated_at": timezone.now(),
    }


def render_html(request, *, workshop, plan) -> str:
    return render_to_string("plans/report.jinja", report_context(workshop=workshop, plan=plan), request=request)


def render_pdf(request, *, workshop, plan) -> bytes:
    from weasyprint import HTML

    html = render_html(request, workshop=workshop, plan=plan)
    return HTML(string=html, url_fetcher=local_only_fetcher, base_url=None).write_pdf()

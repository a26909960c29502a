"""The workshop report as a tagged, accessible PDF (PDF/UA-1, ADR 0020): scope, who took part,
the Star chart, evidence, what the team contributed, priorities, and the action plan with each
action's milestones, success measures and latest progress.

Rendered from HTML with WeasyPrint (ADR 0011) as ``pdf/ua-1``: the PDF carries a structure tree
built from the HTML (headings, paragraphs, lists, tables with header cells, the chart as a
Figure), the document language (``<html lang="en-GB">``), the title (``<title>``, shown by the
reader in place of the file name) and the PDF/UA identification in its XMP metadata. The
reading order is the order of the HTML. The Star chart's alternative text is its SVG
``<title>``, which here also describes every point's current and target scores.

Nothing is fetched over the network: the URL fetcher refuses every URL that is not an inline
``data:`` URL, the stylesheet is inline in the template, and fonts are the system's (DejaVu),
so a report renders offline and cannot be made to reach internal addresses through
user-entered text.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone
from markupsafe import Markup, escape

from lodestar.star import vocab
from lodestar.workforce.glance import at_a_glance
from lodestar.workshops.models import ContributionKind, EvidenceKind
from lodestar.workshops.scoring import QUADRANT_LABELS

PDF_VARIANT = "pdf/ua-1"
EVIDENCE_NOTE_LENGTH = 400  # a note longer than this is shortened in the report's evidence summary

CONTRIBUTION_HEADINGS = [
    (ContributionKind.CHALLENGE, "Challenges"),
    (ContributionKind.EVIDENCE, "Evidence from the team"),
    (ContributionKind.IDEA, "Ideas"),
]


class RefusedFetch(ValueError):
    pass


def local_only_fetcher(url: str, *args, **kwargs):
    """WeasyPrint URL fetcher that allows only ``data:`` URLs."""
    if url.startswith("data:"):
        from weasyprint.urls import default_url_fetcher

        return default_url_fetcher(url, *args, **kwargs)
    raise RefusedFetch(f"The PDF report does not fetch external resources ({url[:60]}).")


def _chart(workshop) -> Markup:
    """The Star chart as inline SVG; its ``<title>`` (the PDF's alternative text for the figure)
    names the chart and describes every point's scores."""
    try:
        from lodestar.workshops.charts import chart_rows, describe_rows, star_chart_svg

        rows = chart_rows(workshop)
        svg = str(star_chart_svg(workshop, rows))
        return Markup(svg.replace("</title>", f". {escape(describe_rows(rows))}</title>", 1))
    except Exception:  # noqa: BLE001 - a report without a chart beats no report
        return Markup("<p>The Star chart could not be drawn.</p>")


def _participants(workshop) -> list[dict]:
    rows = []
    for p in workshop.participants.select_related("organisation").order_by("name", "id"):
        organisation = p.organisation.name if p.organisation else ("External" if p.is_external else "")
        rows.append({"name": p.name, "organisation": organisation, "role": p.get_role_display()})
    return rows


def _evidence(workshop) -> list[dict]:
    rows = []
    for item in workshop.evidence.select_related("added_by").order_by("created_at", "id"):
        text = item.text.strip()
        if len(text) > EVIDENCE_NOTE_LENGTH:
            text = text[: EVIDENCE_NOTE_LENGTH - 1].rstrip() + "…"
        summary = text if item.kind == EvidenceKind.NOTE else f"File: {item.original_name or item.title}"
        rows.append(
            {"title": item.title, "kind": item.get_kind_display(), "summary": summary, "added": item.created_at}
        )
    return rows


def _contributions(workshop) -> list[dict]:
    """The team's challenges, evidence and ideas by Star point, leaving out hidden and merged ones."""
    shown = workshop.contributions.filter(hidden=False, merged_into__isnull=True).select_related("point")
    by_kind = {kind: [] for kind, _ in CONTRIBUTION_HEADINGS}
    for c in shown.order_by("point__order", "created_at", "id"):
        by_kind.setdefault(c.kind, []).append(c)
    return [{"heading": heading, "kind": kind, "rows": by_kind[kind]} for kind, heading in CONTRIBUTION_HEADINGS]


def _priorities(workshop) -> list[dict]:
    candidates = (
        workshop.candidates.filter(shortlisted=True)
        .select_related("intervention", "intervention__point")
        .prefetch_related("ratings")
        .order_by("priority_rank", "id")
    )
    return [
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


def _actions(plan) -> list[dict]:
    """Each action with its milestones, success measures and latest progress update."""
    if plan is None:
        return []
    actions = plan.actions.select_related("point", "owner_user", "organisation").prefetch_related(
        "measures__values", "milestones", "progress_updates"
    )
    rows = []
    for action in actions:
        updates = list(action.progress_updates.all())  # newest first (the model's ordering)
        rows.append(
            {
                "action": action,
                "milestones": list(action.milestones.all()),
                "measures": list(action.measures.all()),
                "latest": updates[0] if updates else None,
            }
        )
    return rows


def report_context(*, workshop, plan, viewer=None) -> dict:
    """``viewer``: whose reach the workforce figures are read in (the person downloading)."""
    return {
        "workshop": workshop,
        "plan": plan,
        "chart": _chart(workshop),
        "assessments": workshop.assessments.select_related("point"),
        "participants": _participants(workshop),
        "evidence": _evidence(workshop),
        "workforce": at_a_glance(workshop, viewer),
        "contributions": _contributions(workshop),
        "priorities": _priorities(workshop),
        "actions": _actions(plan),
        "staff_groups": [vocab.label(vocab.STAFF_GROUPS, k) for k in workshop.staff_groups or []],
        "care_settings": [vocab.label(vocab.CARE_SETTINGS, k) for k in workshop.care_settings or []],
        "partners": list(workshop.partner_organisations.all()),
        "generated_at": timezone.now(),
    }


def render_html(request, *, workshop, plan) -> str:
    context = report_context(workshop=workshop, plan=plan, viewer=request.user)
    return render_to_string("plans/report.jinja", context, request=request)


def render_pdf(request, *, workshop, plan) -> bytes:
    """The report as a tagged PDF/UA-1 document."""
    from weasyprint import HTML

    html = render_html(request, workshop=workshop, plan=plan)
    return HTML(string=html, url_fetcher=local_only_fetcher, base_url=None).write_pdf(pdf_variant=PDF_VARIANT)

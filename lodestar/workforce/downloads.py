"""A figure page's table as a CSV or XLSX file: the same suppressed cells the page shows
("*" where a figure is hidden), with the filters chosen and the suppression note beneath."""

from __future__ import annotations

from django.http import HttpResponse

from lodestar.core import tabular

CSV_TYPE = "text/csv; charset=utf-8"


def _filename(page, extension: str) -> str:
    return f"workforce-{page.slug}.{extension}"


def _attach(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def to_csv(page) -> str:
    return tabular.to_csv(page.headings, page.download_rows())


def to_xlsx(page) -> bytes:
    notes = [[f"{s.label}: {s.chosen_text or s.all_text or ''}"] for s in page.selection.selects]
    if page.any_suppressed:
        notes.append([page.suppressed_note])
    return tabular.to_workbook(
        [
            tabular.Sheet(page.title[:31], page.headings, page.download_rows(), [22] * len(page.headings)),
            tabular.Sheet("About", ["Filters and notes"], notes, [80]),
        ],
        title=page.title,
    )


def csv_response(page) -> HttpResponse:
    body = "\ufeff" + to_csv(page)
    return _attach(HttpResponse(body.encode("utf-8"), content_type=CSV_TYPE), _filename(page, "csv"))


def xlsx_response(page) -> HttpResponse:
    return _attach(HttpResponse(to_xlsx(page), content_type=tabular.XLSX_CONTENT_TYPE), _filename(page, "xlsx"))

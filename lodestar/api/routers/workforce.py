"""Workforce data: upload a file, follow its check, confirm or roll it back, and list what is loaded.

The journey is the web pages' (``lodestar.workforce.views.imports``): an upload is stored and
checked by a background job (202 with the address to follow), its preview lists what was
detected, rows, months, organisations and every problem by row and column; nothing is loaded
until it is confirmed. Imports and organisations outside your reach are 404; who may load what
and what a file must hold are the actions' rules (``lodestar.workforce.actions``), whose
refusals come back as the documented 422 naming the field (``body.file``, ``body.period``...).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Field, File, Form, Path, Query, Router, Schema, Status
from ninja.errors import HttpError, ValidationError
from ninja.files import UploadedFile

from lodestar.api.schemas import (
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    Page,
    error_responses,
    invalid,
    paginate,
    problems_422,
)
from lodestar.core.validation import ValidationProblem
from lodestar.orgs.models import Organisation
from lodestar.orgs.permissions import Permission
from lodestar.workforce import actions, queries
from lodestar.workforce.forms import max_bytes, too_big_message
from lodestar.workforce.models import (
    FIGURE_TABLES,
    GPPractice,
    ImportStatus,
    Population,
    Source,
    StaffFlow,
    StaffInPost,
    Turnover,
    Vacancy,
    WorkforceImport,
)
from lodestar.workforce.suppression import suppress

router = Router(tags=["Workforce data"])

MAX_INT = 2_147_483_647
ID = Path(..., ge=1, le=MAX_INT, description="The import's id.")
SOURCES = ", ".join(f"`{value}` ({label})" for value, label in Source.choices)


class ProblemOut(Schema):
    row: int | None = Field(description="The spreadsheet's row number; null for the file as a whole.", examples=[14])
    column: str | None = Field(description="The column as the file names it; null when none.", examples=["Total FTE"])
    message: str = Field(examples=["must be a number, not 'twelve'"])


class _WhoseFile(Schema):
    """How an import names its source and its organisation (shared by imports and datasets)."""

    @staticmethod
    def resolve_source_label(obj: WorkforceImport) -> str:
        return obj.get_source_display() if obj.source else ""

    @staticmethod
    def resolve_organisation_ods_code(obj: WorkforceImport) -> str | None:
        return obj.organisation.ods_code if obj.organisation_id else None


class ImportOut(_WhoseFile):
    id: int
    status: str = Field(
        description="queued, checking, ready, refused, unchanged, loading, loaded, failed, cancelled or rolled_back.",
        examples=["ready"],
    )
    status_label: str = Field(examples=["Checked: ready to load"])
    status_url: str = Field(description="Where to follow this import.", examples=["/api/v1/workforce/imports/7"])
    progress: int = Field(description="Per cent of the current job done.", examples=[100])
    source: str = Field(description=f"The kind of file: {SOURCES}; empty until detected.", examples=["staff_in_post"])
    source_label: str
    detected: str = Field(description="What Lodestar detected and why, in a sentence.")
    organisation_id: int | None = Field(description="Whose data it is; null for published national statistics.")
    organisation_ods_code: str | None
    file_name: str
    sha256: str = Field(description="The SHA-256 fingerprint of the file as uploaded.")
    size: int = Field(description="Bytes.")
    uploaded_by: str
    uploaded_at: dt.datetime
    rows: int = Field(description="Data rows read from the file.")
    periods: list[str] = Field(description="The months the file holds (first day of each), ISO dates.")
    summary: dict = Field(
        description="The preview: organisations matched by ODS code and not, what it replaces, totals."
    )
    problems: list[ProblemOut] = Field(description="Every problem found, by row and column (a refused file has some).")
    error: str = Field(description="Why a job failed, when it did.")
    loaded_at: dt.datetime | None

    @staticmethod
    def resolve_status_label(obj: WorkforceImport) -> str:
        return obj.get_status_display()

    @staticmethod
    def resolve_status_url(obj: WorkforceImport) -> str:
        return f"/api/v1/workforce/imports/{obj.pk}"

    @staticmethod
    def resolve_uploaded_by(obj: WorkforceImport) -> str:
        return obj.uploaded_by.display_name if obj.uploaded_by else ""

    @staticmethod
    def resolve_summary(obj: WorkforceImport) -> dict:
        return obj.summary if isinstance(obj.summary, dict) else {}


class DatasetOut(_WhoseFile):
    id: int = Field(description="The import that loaded it.")
    source: str = Field(examples=["turnover"])
    source_label: str
    organisation_id: int | None = Field(description="Whose data it is; null for published national statistics.")
    organisation_ods_code: str | None
    organisation_name: str | None
    periods: list[str]
    rows: int
    file_name: str
    loaded_at: dt.datetime | None

    @staticmethod
    def resolve_organisation_name(obj: WorkforceImport) -> str | None:
        return obj.organisation.name if obj.organisation_id else None


class PageFilters(Schema):
    page: int = Field(1, ge=1, le=1_000_000, description="Page number, from 1.")
    page_size: int = Field(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Items per page (1 to 100).")


def _organisation(user, value: str) -> Organisation | None:
    """The organisation named by ODS code or id (404 outside reach); None for published statistics."""
    value = (value or "").strip()
    if not value:
        if not queries.may_load_national(user):
            raise invalid("organisation", "Give the ODS code or id of the organisation whose data this is")
        return None
    reach = Organisation.objects.in_reach(user, Permission.VIEW)
    if value.isdigit() and len(value) < 12:
        found = reach.filter(pk=int(value)).first()
        if found is not None:
            return found
    return get_object_or_404(reach, ods_code__iexact=value)


def _period(value: str) -> dict:
    value = (value or "").strip()
    if not value:
        return {}
    try:
        month = dt.date.fromisoformat(value if len(value) > 7 else f"{value}-01").replace(day=1)
    except ValueError:
        raise invalid("period", "Give the month as YYYY-MM, for example 2024-09") from None
    return {"period": month.isoformat()}


def _managed(request, import_id: int) -> WorkforceImport:
    return get_object_or_404(queries.imports_to_manage(request.auth), pk=import_id)


def _act(write, load: WorkforceImport) -> WorkforceImport:
    """An action on an import: out of reach is 404; a refusal (the wrong moment) is 409."""
    try:
        result = write(load)
    except PermissionDenied as denied:
        raise Http404 from denied
    except ValidationProblem as problem:
        raise HttpError(409, "; ".join(message for _field, message in problem.problems)) from problem
    return result or load


@router.post(
    "/imports",
    response={202: ImportOut, **error_responses(400, 401, 404, 422)},
    summary="Upload a workforce data file to be checked",
    description=(
        "Multipart form: `file` (CSV or XLSX), `source` (optional: "
        f"{SOURCES}; left out, Lodestar works it out from the columns), `organisation` (the ODS code or id "
        "of the organisation whose data it is; left out, published national statistics, which only platform "
        "staff load), `period` (YYYY-MM, for a General Practice file with no date in it). "
        "The answer is 202: the file is checked in the background; follow `status_url` until the status is "
        "`ready` (then confirm), `refused` (see `problems`) or `unchanged`. Nothing is loaded until confirmed."
    ),
)
def upload_import(
    request,
    file: File[UploadedFile] = None,
    source: Form[str] = "",
    organisation: Form[str] = "",
    period: Form[str] = "",
):
    if file is None:
        raise invalid("file", "Choose a CSV or Excel file")
    if file.size > max_bytes():
        raise invalid("file", too_big_message())
    owner = _organisation(request.auth, organisation)
    options = _period(period)
    try:
        load = actions.upload(
            actor=request.auth,
            file_name=file.name or "upload",
            data=file.read(),
            organisation=owner,
            source=source.strip(),
            options=options,
        )
    except PermissionDenied as denied:
        raise Http404 from denied
    except ValidationProblem as problem:
        raise problems_422(problem) from problem
    return Status(202, load)


@router.get(
    "/imports",
    response={200: Page[ImportOut], **error_responses(401, 422)},
    summary="List the imports you can see, newest first",
    description="Published national files and your organisations' own, whatever their status.",
)
def list_imports(request, filters: Query[PageFilters]):
    return paginate(queries.imports(request.auth), page=filters.page, page_size=filters.page_size)


@router.get(
    "/imports/{import_id}",
    response={200: ImportOut, **error_responses(401, 404, 422)},
    summary="Follow an import: status, progress, problems and preview",
)
def get_import(request, import_id: int = ID):
    return get_object_or_404(queries.imports(request.auth), pk=import_id)


@router.post(
    "/imports/{import_id}/confirm",
    response={202: ImportOut, **error_responses(401, 404, 409, 422)},
    summary="Load a checked import",
    description="Only an import whose status is `ready`; 409 otherwise. The figures are loaded in the background "
    "in one transaction (follow `status_url` until `loaded`); they replace the figures of earlier imports for the "
    "same kind of file, owner and months.",
)
def confirm_import(request, import_id: int = ID):
    load = _act(lambda load: actions.confirm(actor=request.auth, workforce_import=load), _managed(request, import_id))
    return Status(202, load)


@router.post(
    "/imports/{import_id}/cancel",
    response={200: ImportOut, **error_responses(401, 404, 409, 422)},
    summary="Cancel a checked or refused import",
    description="Only `ready` or `refused` imports; 409 otherwise. Nothing is loaded.",
)
def cancel_import(request, import_id: int = ID):
    return _act(lambda load: actions.cancel(actor=request.auth, workforce_import=load), _managed(request, import_id))


@router.post(
    "/imports/{import_id}/rollback",
    response={200: ImportOut, **error_responses(401, 404, 409, 422)},
    summary="Roll back a loaded import",
    description="Only a `loaded` import; 409 otherwise. Its figures stop being shown and those it replaced are "
    "shown again.",
)
def roll_back_import(request, import_id: int = ID):
    return _act(lambda load: actions.roll_back(actor=request.auth, workforce_import=load), _managed(request, import_id))


@router.get(
    "/datasets",
    response={200: Page[DatasetOut], **error_responses(401, 422)},
    summary="List the workforce data loaded that you can see",
    description="One item per loaded import: kind of file, whose data, months and rows. Figures from an "
    "organisation's own records are shown whole only to its own people (ADR 0027).",
)
def list_datasets(request, filters: Query[PageFilters]):
    loaded = queries.imports(request.auth).filter(status=ImportStatus.LOADED)
    return paginate(loaded, page=filters.page, page_size=filters.page_size)


# Each figure table by its name in the API, with its headcounts and the figures hidden with them
# when a restricted row has a headcount of 1 to 4 (ADR 0027).
FIGURE_TABLE_NAMES = {
    "staff_in_post": StaffInPost,
    "turnover": Turnover,
    "vacancies": Vacancy,
    "gp_practice": GPPractice,
    "population": Population,
    "staff_flows": StaffFlow,
}
SUPPRESSED_FIELDS: dict[type, tuple[tuple[str, ...], tuple[str, ...]]] = {
    StaffInPost: (("headcount",), ("fte",)),
    StaffFlow: (("headcount",), ("fte",)),
    Turnover: (
        ("joiners_hc", "leavers_hc", "denom_hc", "opening_hc", "stayers_hc"),
        ("joiners_fte", "leavers_fte", "denom_fte"),
    ),
    GPPractice: (("gp_hc", "nurses_hc", "dpc_hc", "admin_hc"), ("gp_fte", "nurses_fte", "dpc_fte", "admin_fte")),
    Vacancy: ((), ()),
    Population: ((), ()),
}
TableName = Literal[tuple(FIGURE_TABLE_NAMES)]  # type: ignore[valid-type]


class FigureFilters(PageFilters):
    table: TableName | None = Field(
        None,
        description="Which of the import's tables (staff records fill staff_in_post, staff_flows and turnover); "
        "default: its first.",
    )


class FiguresPage(Page[dict[str, Any]]):
    table: str = Field(description="The table listed.", examples=["staff_in_post"])


def _columns(model) -> list[str]:
    hidden = {"id", "load", "live", "organisation"}
    return [f.name for f in model._meta.concrete_fields if f.name not in hidden]


@router.get(
    "/datasets/{import_id}/figures",
    response={200: FiguresPage, **error_responses(401, 404, 422)},
    summary="The figures a loaded import holds, with small numbers hidden",
    description="One item per row of figures, as the table stores it (`period`, codes, staff group, band, age "
    "band, figures) plus `suppressed`. Figures from an organisation's own records seen by someone outside it "
    "(an ICS or regional role, platform staff) have every figure of a row with a headcount of 1 to 4 set to "
    "null and `suppressed` true (ADR 0027). An import not loaded, or out of reach, is 404.",
)
def dataset_figures(request, filters: Query[FigureFilters], import_id: int = ID):
    load = get_object_or_404(queries.imports(request.auth).filter(status=ImportStatus.LOADED), pk=import_id)
    models = FIGURE_TABLES.get(load.source, ())
    names = [name for name, model in FIGURE_TABLE_NAMES.items() if model in models]
    name = filters.table or (names[0] if names else "")
    if name not in names:
        raise invalid_query("table", f"This import has the tables {', '.join(names) or 'none'}")
    model = FIGURE_TABLE_NAMES[name]
    rows = queries.figures(request.auth, model).filter(load=load).order_by("pk")
    page = paginate(rows, page=filters.page, page_size=filters.page_size)
    columns = _columns(model)
    items = [{**{c: getattr(row, c) for c in columns}, "restricted": row.restricted} for row in page["items"]]
    headcounts, figures = SUPPRESSED_FIELDS[model]
    return {**page, "table": name, "items": suppress(items, headcounts=headcounts, figures=figures)}


def invalid_query(field: str, message: str) -> ValidationError:
    return ValidationError([{"loc": ("query", field), "msg": message}])

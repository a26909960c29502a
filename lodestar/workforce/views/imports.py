"""The import journey: upload, check and preview, confirm, progress, result, roll back.

The upload is stored by ``actions.upload`` and checked by a background job; the import's page
shows its progress (polled with HTMX every two seconds, or a "Refresh this page" link without
JavaScript), then the preview with "Load this data" and "Cancel", then the result. An
organisation's staff records first go through a page that matches the file's columns to
Lodestar's fields: the file waits for that in a private file named in the person's session.

Every import and organisation out of reach is 404, and so is an action's ``PermissionDenied``.
"""

from __future__ import annotations

import os
import secrets
import time
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lodestar.core.forms import add_problems
from lodestar.core.tabular import MIB
from lodestar.core.validation import ValidationProblem
from lodestar.ingest.common import IngestError, open_table
from lodestar.workforce import actions, queries
from lodestar.workforce.forms import MappingForm, UploadForm, manageable_organisations, max_bytes
from lodestar.workforce.import_presenters import ImportPresenter
from lodestar.workforce.models import Source

PAGE_SIZE = 50
PENDING = "workforce_pending"  # the session key of a staff records file waiting for its columns
PENDING_HOURS = 24


def may_upload(user) -> bool:
    return queries.may_load_national(user) or manageable_organisations(user).exists()


def _import(request, import_id: int, *, manage: bool = False):
    rows = queries.imports_to_manage(request.user) if manage else queries.imports(request.user)
    return get_object_or_404(rows, pk=import_id)


def _done(request, import_id: int, write, success: str):
    """Run an action on an import the person may manage; its refusal becomes a message."""
    load = _import(request, import_id, manage=True)
    try:
        write(load)
    except PermissionDenied as denied:
        raise Http404 from denied
    except ValidationProblem as problem:
        messages.error(request, "; ".join(message for _field, message in problem.problems))
    else:
        messages.success(request, success)
    return redirect("workforce:import", import_id=load.pk)


# ------------------------------------------------------------------ upload


@require_http_methods(["GET", "POST"])
def upload(request):
    if not may_upload(request.user):
        raise Http404
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        data = file.read()
        organisation = form.cleaned_data["organisation"]
        if form.chosen_source == Source.STAFF_RECORDS:
            if _stash(request, form, file.name, data):
                return redirect("workforce:upload-columns")
        else:
            load = _upload(request, form, file_name=file.name, data=data, organisation=organisation)
            if load is not None:
                return redirect("workforce:import", import_id=load.pk)
    context = {"form": form, "max_mb": f"{max_bytes() / MIB:g}"}
    return render(request, "workforce/imports/upload.jinja", context)


def _upload(request, form, *, file_name, data, organisation, source=None, options=None):
    try:
        return actions.upload(
            actor=request.user,
            file_name=file_name,
            data=data,
            organisation=organisation,
            source=form.chosen_source if source is None else source,
            options=form.options() if options is None else options,
        )
    except PermissionDenied as denied:
        raise Http404 from denied
    except ValidationProblem as problem:
        add_problems(form, problem, fields={"mapping": "__all__"})
        return None


def _pending_dir() -> Path:
    folder = Path(settings.LODESTAR_IMPORT_DIR) / "pending"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    cutoff = time.time() - PENDING_HOURS * 3600
    for old in folder.glob("*.upload"):  # files whose person never came back
        if old.stat().st_mtime < cutoff:
            old.unlink(missing_ok=True)
    return folder


def _stash(request, form, name: str, data: bytes) -> bool:
    """Keep a staff records file until its columns are matched. False (with the reason on the
    form) when the file cannot be opened at all."""
    try:
        table = open_table(name, data)
    except IngestError as err:
        form.add_error("file", " ".join(err.messages))
        return False
    _forget(request)
    token = secrets.token_urlsafe(16)
    descriptor = os.open(_pending_dir() / f"{token}.upload", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as private:  # readable by Lodestar alone, like actions.upload's
        private.write(data)
    organisation = form.cleaned_data["organisation"]
    request.session[PENDING] = {
        "token": token,
        "name": name,
        "organisation": organisation.pk if organisation else None,
        "options": form.options(),
        "columns": {column: table.labels.get(column, column) for column in table.header if column},
    }
    return True


def _forget(request) -> None:
    pending = request.session.pop(PENDING, None)
    if pending:
        (Path(settings.LODESTAR_IMPORT_DIR) / "pending" / f"{pending['token']}.upload").unlink(missing_ok=True)


@require_http_methods(["GET", "POST"])
def upload_columns(request):
    """Match the staff records file's columns to Lodestar's fields, then upload it."""
    pending = request.session.get(PENDING)
    stored = Path(settings.LODESTAR_IMPORT_DIR) / "pending" / f"{pending['token']}.upload" if pending else None
    if not pending or not stored.exists():
        messages.info(request, "The file is no longer waiting: upload it again.")
        return redirect("workforce:upload")
    organisation = None
    if pending["organisation"] is not None:
        organisation = get_object_or_404(manageable_organisations(request.user), pk=pending["organisation"])
    form = MappingForm(request.POST or None, organisation=organisation, columns=pending["columns"])
    if request.method == "POST" and form.is_valid():
        load = _map_and_upload(request, form, pending, stored, organisation)
        if load is not None:
            _forget(request)
            return redirect("workforce:import", import_id=load.pk)
    context = {"form": form, "file_name": pending["name"], "organisation": organisation}
    return render(request, "workforce/imports/columns.jinja", context)


def _map_and_upload(request, form, pending, stored: Path, organisation):
    mapping = form.mapping()
    name = form.cleaned_data.get("save_as", "").strip()
    if name and organisation is not None:
        try:
            actions.save_mapping(actor=request.user, organisation=organisation, name=name, mapping=mapping)
        except PermissionDenied as denied:
            raise Http404 from denied
        except ValidationProblem as problem:
            add_problems(form, problem, fields={"name": "save_as", "mapping": "__all__"})
            return None
    options = {**pending["options"], "mapping": mapping}
    return _upload(
        request,
        form,
        file_name=pending["name"],
        data=stored.read_bytes(),
        organisation=organisation,
        source=Source.STAFF_RECORDS,
        options=options,
    )


# ------------------------------------------------------------------ one import


@require_GET
def import_detail(request, import_id: int):
    load = _import(request, import_id)
    may_manage = queries.imports_to_manage(request.user).filter(pk=load.pk).exists()
    context = {"load": ImportPresenter(load), "may_manage": may_manage}
    return render(request, "workforce/imports/detail.jinja", context)


@require_GET
def import_progress(request, import_id: int):
    """The progress bar alone, for HTMX to swap in; once the job is done, the whole page again."""
    load = ImportPresenter(_import(request, import_id))
    page = reverse("workforce:import", kwargs={"import_id": load.pk})
    if request.headers.get("HX-Request") != "true":
        return redirect(page)
    if not load.in_progress:
        response = HttpResponse("")
        response["HX-Redirect"] = page
        return response
    return render(request, "workforce/imports/_progress.jinja", {"load": load})


@require_POST
def import_confirm(request, import_id: int):
    return _done(
        request,
        import_id,
        lambda load: actions.confirm(actor=request.user, workforce_import=load),
        "Loading the data: this page shows when it is done.",
    )


@require_POST
def import_cancel(request, import_id: int):
    return _done(
        request,
        import_id,
        lambda load: actions.cancel(actor=request.user, workforce_import=load),
        "Import cancelled: nothing was loaded.",
    )


@require_http_methods(["GET", "POST"])
def import_roll_back(request, import_id: int):
    if request.method == "POST":
        return _done(
            request,
            import_id,
            lambda load: actions.roll_back(actor=request.user, workforce_import=load),
            "Import rolled back: the figures it replaced are shown again.",
        )
    load = _import(request, import_id, manage=True)
    return render(request, "workforce/imports/roll_back.jinja", {"load": ImportPresenter(load)})


@require_GET
def import_list(request):
    page = Paginator(queries.imports(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "rows": [ImportPresenter(load) for load in page.object_list],
        "may_upload": may_upload(request.user),
    }
    return render(request, "workforce/imports/list.jinja", context)


ROUTES: list = [
    path("upload/", upload, name="upload"),
    path("upload/columns/", upload_columns, name="upload-columns"),
    path("imports/", import_list, name="imports"),
    path("imports/<int:import_id>/", import_detail, name="import"),
    path("imports/<int:import_id>/progress/", import_progress, name="import-progress"),
    path("imports/<int:import_id>/confirm/", import_confirm, name="import-confirm"),
    path("imports/<int:import_id>/cancel/", import_cancel, name="import-cancel"),
    path("imports/<int:import_id>/roll-back/", import_roll_back, name="import-roll-back"),
]

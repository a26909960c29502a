"""The evidence pack: notes and files only the workshop's participants can see."""

from __future__ import annotations

import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from lodestar.workforce.glance import at_a_glance
from lodestar.workshops import actions, filetypes, forms
from lodestar.workshops.models import EvidenceKind
from lodestar.workshops.presenters import EvidenceItemPresenter
from lodestar.workshops.views.common import participant_or_facilitator, render_workshop


def _add_file(request, workshop, form) -> bool:
    """Store the uploaded file; False (with the reason on the form) when it is refused."""
    try:
        item = actions.add_evidence_file(
            actor=request.user,
            workshop=workshop,
            title=form.cleaned_data["title"],
            upload=form.cleaned_data["file"],
        )
    except actions.EvidenceRejected as exc:
        form.add_error("file", str(exc))
        return False
    messages.success(request, f"File added to the evidence pack: {item.original_name}")
    return True


def evidence(request, pk):
    workshop = participant_or_facilitator(request, pk)
    note_form = forms.EvidenceNoteForm(auto_id="note-%s")
    file_form = forms.EvidenceFileForm(auto_id="file-%s")
    if request.method == "POST":
        if not workshop.can_contribute(request.user):
            raise PermissionDenied("Observers cannot add to the evidence pack.")
        if request.POST.get("form") == "note":
            note_form = forms.EvidenceNoteForm(request.POST, auto_id="note-%s")
            if note_form.is_valid():
                actions.add_evidence_note(actor=request.user, workshop=workshop, **note_form.cleaned_data)
                messages.success(request, "Note added to the evidence pack")
                return redirect("workshops:evidence", workshop.pk)
        else:
            file_form = forms.EvidenceFileForm(request.POST, request.FILES, auto_id="file-%s")
            if file_form.is_valid() and _add_file(request, workshop, file_form):
                return redirect("workshops:evidence", workshop.pk)
    can_facilitate = workshop.can_facilitate(request.user)
    return render_workshop(
        request,
        "evidence.jinja",
        workshop,
        items=[
            EvidenceItemPresenter(item, request.user, can_facilitate=can_facilitate)
            for item in workshop.evidence.select_related("added_by")
        ],
        note_form=note_form,
        file_form=file_form,
        form=note_form if note_form.errors else file_form,
        max_mb=actions.too_large_message(),
        glance=at_a_glance(workshop, request.user),
    )


def _stored_file(item, kind):
    """The stored file, open for reading; CSV evidence with its formula cells neutralised (ADR 16)."""
    try:
        handle = item.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("The file is missing") from exc
    if kind is not filetypes.CSV:
        return handle
    with handle:
        data = handle.read()
    return io.BytesIO(filetypes.neutralised_csv(data) or data)


def evidence_download(request, pk, item_id):
    """Always a download (never shown in the browser), with the type detected on upload and a name ending in it."""
    workshop = participant_or_facilitator(request, pk)
    item = workshop.evidence.filter(pk=item_id, kind=EvidenceKind.FILE).first()
    if item is None or not item.file:
        raise Http404("No such file")
    kind = filetypes.BY_CONTENT_TYPE.get(item.content_type)
    response = FileResponse(
        _stored_file(item, kind),
        as_attachment=True,
        filename=filetypes.download_name(item.original_name, kind),
        content_type=kind.content_type if kind else "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def evidence_delete(request, pk, item_id):
    workshop = participant_or_facilitator(request, pk)
    item = workshop.evidence.filter(pk=item_id).first()
    if item is None:
        raise Http404("No such item")
    if not (workshop.can_facilitate(request.user) or item.added_by_id == request.user.pk):
        raise PermissionDenied("Only the facilitator or the person who added it can remove this.")
    actions.delete_evidence(actor=request.user, item=item)
    messages.success(request, f"Removed from the evidence pack: {item.title}")
    return redirect("workshops:evidence", workshop.pk)

"""Importing a file into a plan: upload, check what it would change (the preview), confirm.

Nothing is written until the person confirms. The upload's rows wait in their session; the
confirm step compares them with the database again and applies them in one transaction only
if the changes are exactly those the preview showed (ADR 0018).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from lodestar.core.validation import ValidationProblem
from lodestar.core.words import plural
from lodestar.plans import actions as plan_actions
from lodestar.plans import importing, presenters, tabular
from lodestar.plans.forms import ImportForm
from lodestar.plans.views.common import get_plan

MOVED = "The plan changed after you checked the file, so nothing was imported. Check the changes again."
EXPIRED = "The file you checked is no longer waiting to be imported (it was more than an hour ago, or you checked another file since). Upload it again."


def _plan(request, plan_id):
    plan = get_plan(request, plan_id)
    if not plan.can_edit(request.user):
        raise PermissionDenied("Only contributors at the plan's organisation can import actions.")
    return plan


def _page(request, plan, form, *, preview=None, token="", name="", notice=""):
    return render(
        request,
        "plans/import.jinja",
        {
            "plan": plan,
            "form": form,
            "preview": preview,
            "row_errors": preview.refused if preview else [],
            "token": token,
            "fingerprint": preview.fingerprint() if preview else "",
            "file_name": name,
            "notice": notice,
            "columns": [*tabular.EXPORT_ONLY, *tabular.COLUMNS],
            "status_label": presenters.status_label,
        },
    )


@require_http_methods(["GET", "POST"])
def import_plan(request, plan_id):
    """Upload a file and see what it would add and change; nothing is written here."""
    plan = _plan(request, plan_id)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        try:
            rows, table = tabular.read_upload(upload.name, data)
        except tabular.TemplateError as exc:
            for message in exc.messages:
                form.add_error("file", message)
        else:
            preview = importing.preview(rows, user=request.user, plan=plan, table=table)
            token = ""
            if preview.can_apply:
                token = importing.stash(request.session, plan=plan, name=upload.name, data=data, rows=rows, table=table)
            else:
                importing.forget(request.session)
            if preview.refused:
                problems = plural(len(preview.refused), "problem")
                form.add_error("file", f"Nothing was imported: {problems} to fix in the file")
            return _page(
                request,
                plan,
                ImportForm() if not preview.refused else form,
                preview=preview,
                token=token,
                name=upload.name,
            )
    return _page(request, plan, form)


@require_POST
def import_confirm(request, plan_id):
    """Apply the checked file: all of it in one transaction, or nothing if the plan moved on."""
    plan = _plan(request, plan_id)
    token = request.POST.get("token", "")
    kept = importing.unstash(request.session, plan=plan, token=token)
    if kept is None:
        return _page(request, plan, ImportForm(), notice=EXPIRED)
    name, rows, labels = kept
    preview = importing.preview(rows, user=request.user, plan=plan, table=labels)
    if preview.can_apply and preview.fingerprint() == request.POST.get("fingerprint"):
        try:
            plan_actions.import_plan(
                actor=request.user,
                plan=plan,
                rows=[row.values for row in preview.new],
                changes=[(row.action, row.expected_version, row.values) for row in preview.changed],
            )
        except (plan_actions.StaleEdit, ValidationProblem):  # someone saved in between: nothing was written
            preview = importing.preview(rows, user=request.user, plan=plan, table=labels)
        else:
            importing.forget(request.session)
            added, changed = plural(len(preview.new), "action"), plural(len(preview.changed), "action")
            messages.success(request, f"File imported: {added} added, {changed} changed.")
            return redirect("plans:detail", plan_id=plan.pk)
    if not preview.can_apply:
        importing.forget(request.session)
        token = ""
    return _page(request, plan, ImportForm(), preview=preview, token=token, name=name, notice=MOVED)

"""Shared resources: files (served here, only to those who may read the network, never from a
public address), case studies the reader may read, and catalogue interventions."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods

from lodestar.core.forms import add_problems
from lodestar.core.validation import ValidationProblem
from lodestar.networks import actions_content, presenters, queries
from lodestar.networks.forms import FileForm, LinkForm


@require_http_methods(["GET", "POST"])
def share_file(request, network_id: int):
    network = queries.readable(request.user, network_id)
    form = FileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions_content.share_file(actor=request.user, network=network, **form.cleaned_data)
        except ValidationProblem as problem:
            add_problems(form, problem)
        else:
            messages.success(request, f"File shared: {form.cleaned_data['title']}")
            return redirect("networks:detail", network_id=network.pk)
    context = {"network": network, "form": form, "heading": "Share a file", "button": "Share", "multipart": True}
    return render(request, "networks/form.jinja", context)


@require_http_methods(["GET", "POST"])
def share_link(request, network_id: int):
    network = queries.readable(request.user, network_id)
    form = LinkForm(
        request.POST or None,
        case_studies=queries.case_studies_to_link(request.user),
        interventions=queries.interventions_to_link(request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            resource = actions_content.share_link(actor=request.user, network=network, **form.cleaned_data)
        except ValidationProblem as problem:
            add_problems(form, problem)
        else:
            messages.success(request, f"Shared: {resource.title}")
            return redirect("networks:detail", network_id=network.pk)
    context = {
        "network": network,
        "form": form,
        "heading": "Share a case study or intervention",
        "intro": "Choose one published case study from shared learning, or one intervention from the catalogue.",
        "button": "Share",
    }
    return render(request, "networks/form.jinja", context)


def download(request, resource_id: int):
    resource = queries.resource(request.user, resource_id)
    if not resource.file:
        raise Http404("No file")
    response = FileResponse(
        resource.file.open("rb"), as_attachment=True, filename=resource.file_name, content_type=resource.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "POST"])
def remove(request, resource_id: int):
    """Asks first, then removes: only for the member who shared it and the coordinators (404 otherwise)."""
    resource = queries.removable(request.user, resource_id)
    network = resource.network
    form = forms.Form(request.POST if request.method == "POST" else None)  # no fields: a bound form is valid
    if request.method == "POST" and form.is_valid():
        try:
            actions_content.remove_resource(actor=request.user, resource=resource)
        except ValidationProblem as problem:
            add_problems(form, problem)
        else:
            messages.success(request, f"Removed: {resource.title}")
            return redirect("networks:detail", network_id=network.pk)
    row = presenters.resource_row(resource)
    context = {
        "network": network,
        "form": form,
        "heading": "Remove a resource",
        "intro": "Members will no longer see it. "
        + (
            "The file is deleted and cannot be got back."
            if row["is_file"]
            else "The case study or intervention itself stays."
        ),
        "quote": f"{row['title']}. {row['kind']}. Shared {row['added']}"
        + (f" by {row['added_by']}." if row["added_by"] else "."),
        "button": "Remove",
        "warning": True,
    }
    return render(request, "networks/form.jinja", context)


ROUTES = [
    path("<int:network_id>/resources/file/", share_file, name="share-file"),
    path("<int:network_id>/resources/link/", share_link, name="share-link"),
    path("resources/<int:resource_id>/download/", download, name="resource-download"),
    path("resources/<int:resource_id>/remove/", remove, name="resource-remove"),
]

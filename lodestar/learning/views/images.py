"""Pictures in a case study: add one (with alt text) to a draft, see it through the case study's
reading rule (never a public media address), and remove one after being asked to confirm."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods

from lodestar.core.forms import add_problems
from lodestar.core.validation import ValidationProblem
from lodestar.learning import actions_images, queries, queries_images
from lodestar.learning.forms_images import ImageForm


def _editable(request, case_study_id: int):
    case_study = queries.case_study(request.user, case_study_id)
    if not queries.may_edit(request.user, case_study):
        raise Http404("No such case study")
    return case_study


@require_http_methods(["GET", "POST"])
def add(request, case_study_id: int):
    case_study = _editable(request, case_study_id)
    form = ImageForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions_images.add_image(
                actor=request.user,
                case_study=case_study,
                upload=form.cleaned_data["file"],
                alt_text=form.cleaned_data["alt_text"],
                caption=form.cleaned_data["caption"],
            )
        except ValidationProblem as problem:
            add_problems(form, problem)
        except PermissionDenied:
            raise Http404("No such case study") from None
        else:
            messages.success(request, "Picture added")
            return redirect("learning:detail", case_study_id=case_study.pk)
    return render(request, "learning/image_form.jinja", {"form": form, "cs": case_study})


def show(request, case_study_id: int, image_id: int):
    _case_study, image = queries_images.image(request.user, case_study_id, image_id)
    try:
        handle = image.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404("No such picture") from None
    response = FileResponse(handle, content_type=image.content_type)
    response["Content-Disposition"] = "inline"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response


@require_http_methods(["GET", "POST"])
def remove(request, case_study_id: int, image_id: int):
    case_study = _editable(request, case_study_id)
    _cs, image = queries_images.image(request.user, case_study_id, image_id)
    error = ""
    if request.method == "POST":
        try:
            actions_images.remove_image(actor=request.user, image=image)
        except ValidationProblem as problem:
            error = problem.message
        except PermissionDenied:
            raise Http404("No such picture") from None
        else:
            messages.success(request, "Picture removed")
            return redirect("learning:detail", case_study_id=case_study.pk)
    return render(request, "learning/image_remove.jinja", {"cs": case_study, "image": image, "error": error})


ROUTES = [
    path("case-studies/<int:case_study_id>/pictures/add/", add, name="add-image"),
    path("case-studies/<int:case_study_id>/pictures/<int:image_id>/", show, name="image"),
    path("case-studies/<int:case_study_id>/pictures/<int:image_id>/remove/", remove, name="remove-image"),
]

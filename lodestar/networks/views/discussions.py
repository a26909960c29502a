"""Discussions: members start a thread and reply; coordinators hide a post with a reason and
restore it. Hidden posts show their reason to everyone and their words only to coordinators."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods, require_POST

from lodestar.core.forms import add_problems
from lodestar.core.validation import ValidationProblem
from lodestar.networks import actions_content, presenters, queries
from lodestar.networks.forms import HideForm, ReplyForm, ThreadForm


@require_http_methods(["GET", "POST"])
def thread_new(request, network_id: int):
    network = queries.readable(request.user, network_id)
    form = ThreadForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            thread = actions_content.start_thread(actor=request.user, network=network, **form.cleaned_data)
        except ValidationProblem as problem:
            add_problems(form, problem)
        else:
            messages.success(request, "Discussion started")
            return redirect("networks:thread", thread_id=thread.pk)
    context = {"network": network, "form": form, "heading": "Start a discussion", "button": "Post"}
    return render(request, "networks/form.jinja", context)


def _thread_page(request, thread, form=None):
    network = thread.network
    coordinator = queries.is_coordinator(request.user, network)
    context = {
        "network": network,
        "thread": thread,
        "posts": [presenters.post_row(p, coordinator=coordinator) for p in queries.posts(thread)],
        "is_member": queries.is_member(request.user, network),
        "form": form or ReplyForm(),
    }
    return render(request, "networks/thread.jinja", context)


@require_http_methods(["GET", "POST"])
def thread(request, thread_id: int):
    found = queries.thread(request.user, thread_id)
    if request.method == "GET":
        return _thread_page(request, found)
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            post = actions_content.reply(actor=request.user, thread=found, **form.cleaned_data)
        except ValidationProblem as problem:
            add_problems(form, problem)
        else:
            messages.success(request, "Reply posted")
            return redirect(f"{request.path}#post-{post.pk}")
    return _thread_page(request, found, form)


@require_http_methods(["GET", "POST"])
def hide(request, post_id: int):
    post = queries.post(request.user, post_id)
    network = queries.coordinated(request.user, post.thread.network_id)
    form = HideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions_content.hide_post(actor=request.user, post=post, **form.cleaned_data)
        except ValidationProblem as problem:
            add_problems(form, problem)
        else:
            messages.success(request, "Post hidden")
            return redirect("networks:thread", thread_id=post.thread_id)
    context = {
        "network": network,
        "form": form,
        "heading": "Hide a post",
        "intro": "Members will see that a coordinator hid it, and your reason. You can show it again later.",
        "quote": post.body,
        "button": "Hide the post",
    }
    return render(request, "networks/form.jinja", context)


@require_POST
def restore(request, post_id: int):
    post = queries.post(request.user, post_id)
    queries.coordinated(request.user, post.thread.network_id)
    try:
        actions_content.restore_post(actor=request.user, post=post)
    except ValidationProblem as problem:
        messages.error(request, problem.message)
    else:
        messages.success(request, "Post shown again")
    return redirect("networks:thread", thread_id=post.thread_id)


ROUTES = [
    path("<int:network_id>/discussions/new/", thread_new, name="thread-new"),
    path("discussions/<int:thread_id>/", thread, name="thread"),
    path("posts/<int:post_id>/hide/", hide, name="post-hide"),
    path("posts/<int:post_id>/restore/", restore, name="post-restore"),
]

"""Learning from each other: ask a question about a published case study, answer one, hide and
show them again (moderators), follow a case study or an intervention, and "What you follow".
Every journey is a plain form POST; a refusal shows the form again with the message beside the
field. Anything out of reach, unpublished or hidden from the person is a 404."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_http_methods, require_POST

from lodestar.core.forms import add_problems
from lodestar.core.validation import ValidationProblem
from lodestar.learning import actions_discussion, presenters_discussion, queries_discussion
from lodestar.learning.forms_discussion import AnswerForm, HideForm, QuestionForm


def _thread(case_study, question=None):
    anchor = f"#question-{question.pk}" if question is not None else "#questions"
    return redirect(reverse("learning:detail", args=[case_study.pk]) + anchor)


@require_http_methods(["GET", "POST"])
def ask(request, case_study_id: int):
    case_study = queries_discussion.published_case_study(request.user, case_study_id)
    form = QuestionForm(request.POST or None)
    if request.method == "POST":
        form.is_valid()
        try:
            question = actions_discussion.ask_question(
                actor=request.user, case_study=case_study, text=form.cleaned_data.get("text", "")
            )
        except ValidationProblem as problem:
            add_problems(form, problem)
        else:
            messages.success(request, "Your question was added. The case study's authors have been told.")
            return _thread(case_study, question)
    status = 400 if form.errors else 200
    return render(request, "learning/question_form.jinja", {"cs": case_study, "form": form}, status=status)


@require_http_methods(["GET", "POST"])
def answer(request, question_id: int):
    question = queries_discussion.question(request.user, question_id)
    if question.hidden_at is not None:
        raise Http404("No such question")  # a hidden question takes no answers
    form = AnswerForm(request.POST or None)
    if request.method == "POST":
        form.is_valid()
        try:
            actions_discussion.answer_question(
                actor=request.user, question=question, text=form.cleaned_data.get("text", "")
            )
        except ValidationProblem as problem:
            add_problems(form, problem)
        else:
            messages.success(request, "Your answer was added. The person who asked has been told.")
            return _thread(question.case_study, question)
    context = {"cs": question.case_study, "question": question, "form": form}
    return render(request, "learning/answer_form.jinja", context, status=400 if form.errors else 200)


def _moderated(request, kind: str, pk: int):
    post = queries_discussion.question(request.user, pk) if kind == "question" else None
    if kind == "answer":
        post = queries_discussion.answer(request.user, pk)
    case_study = post.case_study if kind == "question" else post.question.case_study
    if not queries_discussion.may_moderate(request.user, case_study):
        raise Http404("No such page")
    return post, case_study


@require_http_methods(["GET", "POST"])
def hide(request, kind: str, pk: int):
    post, case_study = _moderated(request, kind, pk)
    form = HideForm(request.POST or None)
    if request.method == "POST":
        form.is_valid()
        try:
            actions_discussion.hide_post(actor=request.user, post=post, reason=form.cleaned_data.get("reason", ""))
        except ValidationProblem as problem:
            add_problems(form, problem)
        else:
            messages.success(request, f"The {kind} is hidden. Only moderators see it, with your reason.")
            return _thread(case_study, post if kind == "question" else post.question)
    context = {"cs": case_study, "post": post, "kind": kind, "form": form}
    return render(request, "learning/hide_form.jinja", context, status=400 if form.errors else 200)


@require_POST
def restore(request, kind: str, pk: int):
    post, case_study = _moderated(request, kind, pk)
    actions_discussion.restore_post(actor=request.user, post=post)
    messages.success(request, f"The {kind} is shown again to everyone who can read the case study.")
    return _thread(case_study, post if kind == "question" else post.question)


def _follow_or_stop(request, **target) -> bool:
    """Follow, or with ``value=stop`` stop following; True when now following."""
    if request.POST.get("value") == "stop":
        actions_discussion.unfollow(actor=request.user, **target)
        messages.success(request, "You no longer follow it.")
        return False
    actions_discussion.follow(actor=request.user, **target)
    messages.success(request, "You follow it now: news of it comes in your weekly shared learning email.")
    return True


def _back(request, fallback: str):
    """Back to "What you follow" when the button was there, otherwise to the page it was on."""
    if request.POST.get("from") == "following":
        return redirect("learning:following")
    return redirect(fallback)


@require_POST
def follow_case_study(request, case_study_id: int):
    case_study = queries_discussion.published_case_study(request.user, case_study_id)
    _follow_or_stop(request, case_study=case_study)
    return _back(request, reverse("learning:detail", args=[case_study.pk]) + "#follow")


@require_POST
def follow_intervention(request, code: str):
    intervention = queries_discussion.intervention(request.user, code)
    _follow_or_stop(request, intervention=intervention)
    return _back(request, reverse("star:detail", args=[intervention.code]) + "#follow")


def following(request):
    rows = presenters_discussion.following(request.user)
    return render(request, "learning/following.jinja", {"rows": rows})


ROUTES = [
    path("case-studies/<int:case_study_id>/questions/new/", ask, name="ask"),
    path("questions/<int:question_id>/answer/", answer, name="answer"),
    path("questions/<int:pk>/hide/", hide, {"kind": "question"}, name="question-hide"),
    path("questions/<int:pk>/show/", restore, {"kind": "question"}, name="question-restore"),
    path("answers/<int:pk>/hide/", hide, {"kind": "answer"}, name="answer-hide"),
    path("answers/<int:pk>/show/", restore, {"kind": "answer"}, name="answer-restore"),
    path("case-studies/<int:case_study_id>/follow/", follow_case_study, name="follow-case-study"),
    path("interventions/<slug:code>/follow/", follow_intervention, name="follow-intervention"),
    path("following/", following, name="following"),
]

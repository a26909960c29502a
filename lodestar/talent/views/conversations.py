"""The talent landing page and talent conversations: record one, read one (404 unless it is
yours, you are the line manager, or you are a talent lead at the person's organisation)."""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.urls import path

from lodestar.core.forms import add_problems
from lodestar.core.validation import ValidationProblem
from lodestar.talent import actions, queries
from lodestar.talent.forms import ConversationForm
from lodestar.talent.presenters import ConversationPresenter, SuccessionPlanPresenter


def index(request):
    user = request.user
    visible = list(queries.conversations(user))
    context = {
        "own": [ConversationPresenter(c).list_row() for c in visible if c.person_id == user.pk],
        "others": [ConversationPresenter(c).list_row() for c in visible if c.person_id != user.pk],
        "led": list(queries.led_organisations(user)),
        "plans": [SuccessionPlanPresenter(p) for p in queries.succession_plans(user)],
    }
    return render(request, "talent/index.jinja", context)


def _chosen(form, organisations):
    wanted = form.cleaned_data.get("organisation") if form.is_valid() else None
    return next((o for o in organisations if str(o.pk) == wanted), None)


def _someone(email: str):
    """The user with this email address; the text itself when it matches nobody (the action
    says so beside the field); None when nothing was typed."""
    return queries.person_by_email(email) or email.strip() or None


def conversation_new(request):
    organisations = list(queries.recording_organisations(request.user))
    initial = {"line_manager": request.user.email}
    form = ConversationForm(request.POST or None, organisations=organisations, initial=initial)
    if request.method == "POST" and form.is_valid():
        organisation = _chosen(form, organisations)
        if organisation is None:
            form.add_error("organisation", "Choose an organisation from the list")
        else:
            try:
                conversation = actions.record_conversation(
                    actor=request.user,
                    organisation=organisation,
                    person=_someone(form.cleaned_data["person"]),
                    line_manager=_someone(form.cleaned_data["line_manager"]),
                    held_on=form.cleaned_data["held_on"],
                    development_plan=form.development_plan(),
                    **form.fields_for_action(),
                )
            except ValidationProblem as problem:
                add_problems(form, problem, {"development_plan": "action_1"})
            else:
                return redirect("talent:conversation", pk=conversation.pk)
    return render(request, "talent/conversation_form.jinja", {"form": form}, status=400 if form.errors else 200)


def conversation_detail(request, pk: int):
    conversation = queries.conversation(request.user, pk)
    return render(request, "talent/conversation.jinja", {"p": ConversationPresenter(conversation)})


ROUTES = [
    path("", index, name="index"),
    path("conversations/new/", conversation_new, name="conversation-new"),
    path("conversations/<int:pk>/", conversation_detail, name="conversation"),
]

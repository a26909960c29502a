"""What the questions-and-answers section, the follow buttons and "What you follow" show, worked
out here so the templates never compute."""

from __future__ import annotations

from django.urls import reverse

from lodestar.config.jinja2 import format_date, format_datetime
from lodestar.learning import queries_discussion
from lodestar.learning.forms_discussion import QuestionForm
from lodestar.learning.models import CaseStudy, Status
from lodestar.learning.presenters import paragraphs
from lodestar.star.models import Intervention


def _badge_words(badge) -> str:
    if badge.role == "Author":
        return f"Author, {badge.organisation}"
    return f"Adopter, {badge.organisation} ({badge.stage})"


def _post(post, badges, *, kind: str) -> dict:
    hidden = post.hidden_at is not None
    return {
        "pk": post.pk,
        "kind": kind,
        "id": f"{kind}-{post.pk}",
        "who": post.author.display_name if post.author else "A former user",
        "badges": [_badge_words(b) for b in badges.get(post.author_id, [])],
        "when": format_datetime(post.created_at),
        "paragraphs": paragraphs(post.text),
        "hidden": hidden,
        "hidden_note": f"Hidden by a moderator: {post.hidden_reason}" if hidden else "",
        "hide_url": reverse(f"learning:{kind}-hide", args=[post.pk]),
        "restore_url": reverse(f"learning:{kind}-restore", args=[post.pk]),
    }


def threads(user, case_study: CaseStudy) -> list[dict]:
    """Each question the person sees, with its answers and each writer's badges."""
    found = list(queries_discussion.questions(user, case_study))
    replies = list(queries_discussion.answers(user, case_study))
    people = [q.author for q in found] + [a.author for a in replies]
    badges = queries_discussion.badges(user, case_study, people)
    by_question: dict[int, list[dict]] = {}
    for reply in replies:
        by_question.setdefault(reply.question_id, []).append(_post(reply, badges, kind="answer"))
    rows = []
    for question in found:
        row = _post(question, badges, kind="question")
        row["answers"] = by_question.get(question.pk, [])
        row["answer_url"] = reverse("learning:answer", args=[question.pk])
        rows.append(row)
    return rows


def follow_button(user, *, case_study: CaseStudy | None = None, intervention: Intervention | None = None) -> dict:
    """The follow form: where it posts and what its button says."""
    following = queries_discussion.is_following(user, case_study=case_study, intervention=intervention)
    if case_study is not None:
        name, args, what = "learning:follow-case-study", [case_study.pk], "case study"
        label = case_study.title
    else:
        name, args, what = "learning:follow-intervention", [intervention.code], "intervention"
        label = intervention.title
    return {
        "url": reverse(name, args=args),
        "following": following,
        "button": "Stop following" if following else "Follow",
        "value": "stop" if following else "follow",
        "hidden_label": label,
        "words": (
            f"You follow this {what}: its news comes in your weekly shared learning email."
            if following
            else f"Follow this {what} to get a weekly email when there is something new."
        ),
    }


def discussion(user, case_study: CaseStudy, question_form: QuestionForm | None = None) -> dict:
    """The case study page's questions and answers and its follow button (published only)."""
    if case_study.status != Status.PUBLISHED:
        return {}
    return {
        "threads": threads(user, case_study),
        "may_moderate": queries_discussion.may_moderate(user, case_study),
        "question_form": question_form or QuestionForm(auto_id="question-%s"),
        "follow": follow_button(user, case_study=case_study),
    }


def following(user) -> list[dict]:
    """The rows of "What you follow": each case study and intervention, newest first."""
    rows = []
    for f in queries_discussion.follows(user):
        if f.case_study_id:
            rows.append(
                {
                    "kind": "Case study",
                    "title": f.case_study.title,
                    "detail": f.case_study.organisation.name,
                    "href": reverse("learning:detail", args=[f.case_study_id]),
                    "since": format_date(f.created_at),
                    "follow": {"url": reverse("learning:follow-case-study", args=[f.case_study_id])},
                }
            )
        else:
            rows.append(
                {
                    "kind": "Intervention",
                    "title": f.intervention.title,
                    "detail": f.intervention.point.name,
                    "href": reverse("star:detail", args=[f.intervention.code]),
                    "since": format_date(f.created_at),
                    "follow": {"url": reverse("learning:follow-intervention", args=[f.intervention.code])},
                }
            )
    return rows

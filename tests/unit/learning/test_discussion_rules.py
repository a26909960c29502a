"""The one rule for a question or an answer (``actions_discussion.check_post``) and the words of
the shared-learning emails, without a database."""

from __future__ import annotations

import types

import pytest

from lodestar.core.validation import ValidationProblem
from lodestar.learning.actions_discussion import POST_MAX, check_post
from lodestar.notifications import learning_emails


def _problems(text, what="your question"):
    with pytest.raises(ValidationProblem) as caught:
        check_post(text, what=what)
    return caught.value.problems


def test_a_post_is_kept_trimmed_and_may_have_line_breaks():
    assert check_post("  Why?\n\nAnd how?  ") == "Why?\n\nAnd how?"
    assert check_post("x" * POST_MAX) == "x" * POST_MAX


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (None, "Enter your answer"),
        ("", "Enter your answer"),
        (" \n\t ", "Enter your answer"),
        ("x" * (POST_MAX + 1), "Your answer must be 5,000 characters or fewer"),
        ("bell\x07", "Your answer must not contain control characters"),
        ("escape\x1b[31m", "Your answer must not contain control characters"),
    ],
)
def test_a_bad_post_names_the_field_and_says_what_is_wrong(text, message):
    assert _problems(text, "your answer") == [("text", message)]


def _person(name):
    return types.SimpleNamespace(display_name=name)


def test_the_answer_email_quotes_the_question_and_the_answer_and_links_to_the_thread(settings):
    settings.LODESTAR_SITE_URL = "https://lodestar.example"
    case_study = types.SimpleNamespace(pk=7, title="Preceptorship")
    question = types.SimpleNamespace(pk=3, case_study=case_study, text="How was it paid for?")
    answer = types.SimpleNamespace(question=question, author=_person("Erin Editor"), text="From the agency budget.")
    email = learning_emails.answer_added(answer)
    assert email.subject == "A new answer about Preceptorship"
    assert email.lines[0] == 'Erin Editor answered a question about the case study "Preceptorship".'
    assert "How was it paid for?" in email.lines and "From the agency budget." in email.lines
    assert email.lines[-1] == "https://lodestar.example/learning/case-studies/7/#question-3"


def test_the_digest_lists_each_followed_thing_with_its_changes(settings):
    settings.LODESTAR_SITE_URL = "https://lodestar.example"
    section = types.SimpleNamespace(title="Intervention: Mentoring", path="/star/x/", changes=["New case study: A"])
    email = learning_emails.learning_digest([section], "2026-W49")
    assert email.subject == "Shared learning you follow (2026-W49)"
    assert email.lines[2:5] == ["Intervention: Mentoring", "https://lodestar.example/star/x/", "- New case study: A"]

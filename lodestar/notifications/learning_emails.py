"""The words of shared learning's emails: a subject and the lines between the greeting and the
footer (``delivery`` adds the greeting, the unsubscribe link and the link to the email settings)."""

from __future__ import annotations

from django.urls import reverse

from lodestar.notifications.delivery import Email, link


def _case_study_link(case_study, anchor: str = "") -> str:
    return link(reverse("learning:detail", kwargs={"case_study_id": case_study.pk}) + anchor)


def _who(person, otherwise: str) -> str:
    return person.display_name if person is not None else otherwise


def review_comment(note) -> Email:
    case_study = note.case_study
    return Email(
        f"Comments on your case study {case_study.title}",
        [
            f'{_who(note.author, "A reviewer")} has reviewed your case study "{case_study.title}" and returned it '
            "to you with comments:",
            "",
            note.text,
            "",
            "Make the changes and submit it again:",
            _case_study_link(case_study),
        ],
    )


def question_asked(question) -> Email:
    case_study = question.case_study
    return Email(
        f"A question about your case study {case_study.title}",
        [
            f'{_who(question.author, "Someone")} asked a question about the case study "{case_study.title}":',
            "",
            question.text,
            "",
            "Answer it on the case study's page:",
            _case_study_link(case_study, f"#question-{question.pk}"),
        ],
    )


def answer_added(answer) -> Email:
    question = answer.question
    case_study = question.case_study
    return Email(
        f"A new answer about {case_study.title}",
        [
            f'{_who(answer.author, "Someone")} answered a question about the case study "{case_study.title}".',
            "",
            "The question:",
            question.text,
            "",
            "The answer:",
            answer.text,
            "",
            "Read the whole thread:",
            _case_study_link(case_study, f"#question-{question.pk}"),
        ],
    )


def learning_digest(sections, week: str) -> Email:
    """``sections``: ``learning_digest.DigestSection`` for each thing followed that changed."""
    lines = ["What changed last week in the case studies and interventions you follow."]
    for section in sections:
        lines += ["", section.title, link(section.path)]
        lines += [f"- {change}" for change in section.changes]
    lines += ["", f"See or change what you follow: {link(reverse('learning:following'))}"]
    return Email(f"Shared learning you follow ({week})", lines)

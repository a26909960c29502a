"""Demo questions, answers and follows (issue 12, item 7): a question about the preceptorship case
study answered by its author, and the ICS facilitator following it and its intervention, so the
case study page, "What you follow" and the weekly digest have something to show.

Written through the actions, so each is audited. Idempotent: a question already asked (same case
study, same words) is left as it is, and following twice changes nothing.
"""

from __future__ import annotations

from lodestar.accounts.models import User
from lodestar.learning import actions_discussion
from lodestar.learning.models import CaseStudy, Question, Status
from lodestar.star.models import Intervention

CASE_STUDY = "A year of preceptorship halved first-year nurse leavers"
INTERVENTION = "supply-preceptorship"
ASKER = "admin@demo.lodestar.test"  # Alex Morgan, Riverside ICS
AUTHOR = "contributor@demo.lodestar.test"  # Chris Taylor, a matron at Riverside Hospitals (its author)
FOLLOWER = "facilitator@demo.lodestar.test"  # Fatima Khan, Riverside ICS
THREADS = [
    (
        "How did you pay for the practice educators in the first year, before the leaver rate came down?",
        [
            "From the recruitment budget: each nurse we kept saved an agency shift pattern and an advert. "
            "The finance team agreed to move the money after the first six months' figures."
        ],
    ),
    (
        "Did the protected learning time survive the winter? That is where ours always disappears.",
        ["Mostly. We moved the sessions to the afternoons in January and February and kept them on the roster."],
    ),
]


def load() -> int:
    """Add the demo threads and follows; the number of questions added."""
    people = {u.email: u for u in User.objects.filter(email__in=[ASKER, AUTHOR, FOLLOWER])}
    case_study = CaseStudy.objects.filter(title=CASE_STUDY, status=Status.PUBLISHED).first()
    if len(people) < 3 or case_study is None:
        return 0
    added = 0
    for question_text, answers in THREADS:
        if Question.objects.filter(case_study=case_study, text=question_text).exists():
            continue
        question = actions_discussion.ask_question(actor=people[ASKER], case_study=case_study, text=question_text)
        for answer_text in answers:
            actions_discussion.answer_question(actor=people[AUTHOR], question=question, text=answer_text)
        added += 1
    actions_discussion.follow(actor=people[FOLLOWER], case_study=case_study)
    intervention = Intervention.objects.filter(code=INTERVENTION, is_active=True).first()
    if intervention is not None:
        actions_discussion.follow(actor=people[FOLLOWER], intervention=intervention)
    return added

"""The demo questions, answers and follows load with the case studies, and loading again adds nothing."""

import pytest

from lodestar.accounts import demo as people_demo
from lodestar.learning import demo, demo_discussion
from lodestar.learning.models import Answer, Follow, Question
from lodestar.orgs import demo as orgs_demo
from lodestar.star import demo as star_demo

pytestmark = pytest.mark.django_db


def test_demo_threads_and_follows_load_once_with_the_case_studies():
    people_demo.load(orgs_demo.load())
    star_demo.load()
    demo.load()
    assert Question.objects.count() == len(demo_discussion.THREADS)
    assert Answer.objects.count() == sum(len(answers) for _, answers in demo_discussion.THREADS)
    assert {str(f.case_study or f.intervention.code) for f in Follow.objects.all()} == {
        demo_discussion.CASE_STUDY,
        demo_discussion.INTERVENTION,
    }
    demo.load()
    assert Question.objects.count() == len(demo_discussion.THREADS)
    assert Follow.objects.count() == 2

"""The RAG rule (lodestar.programmes.rag): the colour and the words a programme manager reads."""

from __future__ import annotations

import pytest

from lodestar.programmes.rag import measure_progress, rag, risk_band


def _rag(**kw):
    base = dict(status="active", milestones_total=6, milestones_done=2, milestones_late=0)
    return rag(**{**base, **kw})


def test_nothing_late_no_overdue_no_risk_is_green_and_says_so():
    r = _rag(plans_total=2)
    assert r.level == "green"
    assert r.words == (
        "Green: no milestone late (2 of 6 done); no linked plan has overdue actions; no high or medium open risks"
    )


def test_the_briefs_example_reads_in_words():
    r = _rag(milestones_late=1, plans_total=3, plans_with_overdue=1)
    assert r.level == "amber"
    assert r.words == "Amber: 1 of 6 milestones late; 1 linked plan has overdue actions"


def test_more_than_a_third_of_milestones_late_is_red():
    assert _rag(milestones_late=3).words == "Red: 3 of 6 milestones late"
    assert _rag(milestones_late=2).words == "Amber: 2 of 6 milestones late"  # a third exactly: amber


def test_one_late_of_one_is_red():
    assert rag(status="active", milestones_total=1, milestones_done=0, milestones_late=1).level == "red"


def test_a_high_open_risk_is_red_and_a_medium_one_amber():
    assert _rag(open_risks_high=1).words == "Red: 1 open risk scored 15 or more"
    assert _rag(open_risks_medium=2).words == "Amber: 2 open risks scored 8 to 14"


def test_several_plans_with_overdue_actions_read_in_the_plural():
    assert _rag(plans_total=3, plans_with_overdue=2).words == "Amber: 2 linked plans have overdue actions"


def test_paused_is_amber_with_the_reason():
    assert _rag(status="paused").words == "Amber: the programme is paused"


def test_closed_is_not_rated():
    r = _rag(status="closed", milestones_done=5, milestones_late=1)
    assert (r.level, r.words, r.tag) == ("closed", "Closed: 5 of 6 milestones done", "nhsuk-tag--grey")


def test_no_milestones_yet_is_said():
    r = rag(status="proposed", milestones_total=0, milestones_done=0, milestones_late=0)
    assert r.words == "Green: no milestones set yet; no high or medium open risks"


@pytest.mark.parametrize(
    ("baseline", "target", "latest", "expected"),
    [
        (10, 20, None, (None, "No value recorded since the baseline")),
        (10, 20, 15, (50, "50% of the way from the baseline to the target")),
        (20, 10, 15, (50, "50% of the way from the baseline to the target")),  # a target below the baseline
        (20, 10, 9, (110, "Target met")),
        (10, 20, 8, (-20, "Moved away from the target since the baseline")),
        (10, 10, 12, (None, "The target is the same as the baseline")),
    ],
)
def test_measure_progress_works_either_way(baseline, target, latest, expected):
    assert measure_progress(baseline=baseline, target=target, latest=latest) == expected


def test_risk_bands():
    assert [risk_band(s) for s in (25, 15, 14, 8, 7, 1)] == ["High", "High", "Medium", "Medium", "Low", "Low"]

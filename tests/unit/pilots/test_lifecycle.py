"""The pilot lifecycle: which moves each stage allows, and what each gate asks for."""

from __future__ import annotations

import pytest

from lodestar.pilots import lifecycle as lc

READY = lc.Facts(stage=lc.PROPOSED, hypothesis="Buddies keep new nurses", measures=1, sites=1)


@pytest.mark.parametrize(
    ("stage", "moves"),
    [
        (lc.PROPOSED, ["approve"]),
        (lc.APPROVED, ["start"]),
        (lc.RUNNING, ["cycle", "evaluate"]),
        (lc.EVALUATING, ["decide"]),
        (lc.DECIDED, []),
    ],
)
def test_each_stage_offers_only_its_next_moves(stage, moves):
    assert lc.moves_from(stage) == moves
    for move in ["approve", "start", "cycle", "evaluate", "decide"]:
        assert lc.possible(move, stage) == (move in moves)


def test_approval_needs_nothing_more_when_the_proposal_is_complete():
    assert lc.gate("approve", READY) == []


def test_approval_names_each_missing_thing():
    assert lc.gate("approve", lc.Facts(stage=lc.PROPOSED, hypothesis="  ")) == [
        ("hypothesis", lc.NO_HYPOTHESIS),
        ("measures", lc.NO_MEASURE),
        ("sites", lc.NO_SITES),
    ]


def test_evaluation_needs_a_pdsa_cycle():
    assert lc.gate("evaluate", lc.Facts(stage=lc.RUNNING)) == [("cycles", lc.NO_CYCLE)]
    assert lc.gate("evaluate", lc.Facts(stage=lc.RUNNING, cycles=2)) == []


@pytest.mark.parametrize(
    ("decision", "stage"), [(lc.SCALE_UP, lc.DECIDED), (lc.STOP, lc.DECIDED), (lc.ADAPT, lc.RUNNING)]
)
def test_adapt_and_retest_goes_back_to_running_the_others_end(decision, stage):
    assert lc.end_stage("decide", decision) == stage


def test_a_decision_needs_its_choice_and_a_reason():
    assert lc.decision_problems("", " ") == [("decision", lc.NO_DECISION), ("rationale", lc.NO_RATIONALE)]
    assert lc.decision_problems("maybe", "why") == [("decision", lc.NO_DECISION)]
    assert lc.decision_problems(lc.STOP, "Funding ended") == []


def test_the_wrong_stage_is_said_in_words():
    assert lc.wrong_stage("approve", "Running") == "You cannot approve a pilot that is running"
    assert lc.wrong_stage("cycle", "Proposed") == "You cannot log a cycle on a pilot that is proposed"

"""The pilot lifecycle as a pure state machine: the stages, the moves between them and the gate
each move must pass. No Django: the actions ask it, the pages use it to offer only the moves
that are possible.

    proposed --approve--> approved --start--> running --evaluate--> evaluating --decide--> decided
                                                 ^                                   |
                                                 +------ decide: adapt and retest ---+

A gate answers with every problem at once, each naming the field the person must fix.
"""

from __future__ import annotations

from dataclasses import dataclass

PROPOSED, APPROVED, RUNNING, EVALUATING, DECIDED = "proposed", "approved", "running", "evaluating", "decided"
SCALE_UP, ADAPT, STOP = "scale_up", "adapt", "stop"

# move -> (the stage it starts from, the stage it ends in)
MOVES: dict[str, tuple[str, str]] = {
    "approve": (PROPOSED, APPROVED),
    "start": (APPROVED, RUNNING),
    "evaluate": (RUNNING, EVALUATING),
    "decide": (EVALUATING, DECIDED),
}
# what a person does, in words, for the "you cannot ... a pilot that is ..." message
DOING = {
    "approve": "approve",
    "start": "start",
    "evaluate": "evaluate",
    "decide": "decide on",
    "cycle": "log a cycle on",
}

NO_HYPOTHESIS = "Write the hypothesis: what you expect to change, and why, before the pilot is approved"
NO_MEASURE = "Add at least one measure with its baseline before the pilot is approved"
NO_SITES = "Choose at least one site where the pilot will run before it is approved"
NO_CYCLE = "Log at least one PDSA cycle before the pilot is evaluated"
NO_LEARNED = "Say what was learned"
NO_DECISION = "Choose scale up, adapt and test again, or stop"
NO_RATIONALE = "Give the reason for the decision"
NO_AFTER = "Enter the value after for {name}"
NO_BEFORE = "Enter the value before for {name}"


@dataclass(frozen=True)
class Facts:
    """What the gates look at, read from a pilot."""

    stage: str
    hypothesis: str = ""
    measures: int = 0
    sites: int = 0
    cycles: int = 0


def end_stage(move: str, decision: str = "") -> str:
    """The stage a move ends in: deciding to adapt and retest goes back to running."""
    if move == "decide" and decision == ADAPT:
        return RUNNING
    return MOVES[move][1]


def possible(move: str, stage: str) -> bool:
    """Whether ``move`` can be made from ``stage`` (logging a cycle only while running)."""
    if move == "cycle":
        return stage == RUNNING
    return MOVES[move][0] == stage


def wrong_stage(move: str, stage_label: str) -> str:
    return f"You cannot {DOING[move]} a pilot that is {stage_label.lower()}"


def gate(move: str, facts: Facts) -> list[tuple[str, str]]:
    """The problems that stop ``move`` (empty: it may go ahead). The stage itself is checked by
    ``possible``; these are the things that must be in place first."""
    problems: list[tuple[str, str]] = []
    if move == "approve":
        if not facts.hypothesis.strip():
            problems.append(("hypothesis", NO_HYPOTHESIS))
        if facts.measures < 1:
            problems.append(("measures", NO_MEASURE))
        if facts.sites < 1:
            problems.append(("sites", NO_SITES))
    elif move == "evaluate" and facts.cycles < 1:
        problems.append(("cycles", NO_CYCLE))
    return problems


def decision_problems(decision: str, rationale: str) -> list[tuple[str, str]]:
    problems = []
    if decision not in (SCALE_UP, ADAPT, STOP):
        problems.append(("decision", NO_DECISION))
    if not (rationale or "").strip():
        problems.append(("rationale", NO_RATIONALE))
    return problems


def moves_from(stage: str) -> list[str]:
    """The moves a pilot at ``stage`` can make next, in order (for the page's buttons)."""
    found = [move for move, (start, _end) in MOVES.items() if start == stage]
    return (["cycle"] if stage == RUNNING else []) + found

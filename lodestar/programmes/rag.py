"""A programme's progress as red, amber or green, always with the words that explain it.

The one place the rule lives (pure: figures in, a ``Rag`` out; no Django). The programme page,
the list, the dashboard and the API all read it::

    rag(status="active", milestones_total=6, milestones_done=2, milestones_late=2,
        plans_total=3, plans_with_overdue=1, open_risks_high=0, open_risks_medium=1)
    -> Rag("amber", "Amber", "Amber: 2 of 6 milestones late; 1 linked plan has overdue actions; 1 open risk scored 8 to 14")

The rule (ADR 0037):

* **Closed** programmes are not rated: "Closed: 5 of 6 milestones done".
* **Red** when more than a third of the milestones are late (due and not done), or an open risk
  scores 15 or more (likelihood x impact, each 1 to 5).
* **Amber** when any milestone is late, any linked action plan has overdue actions, an open
  risk scores 8 to 14, or the programme is paused.
* **Green** otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass

HIGH_RISK = 15  # likelihood x impact at or above this is a red risk
MEDIUM_RISK = 8  # ... at or above this (and below HIGH_RISK) an amber one


@dataclass(frozen=True)
class Rag:
    level: str  # "red", "amber", "green" or "closed"
    label: str  # "Red", "Amber", "Green", "Closed"
    words: str  # the label and why, in one sentence

    @property
    def reason(self) -> str:
        """The words without the label: "2 of 6 milestones late"."""
        return self.words.split(": ", 1)[1] if ": " in self.words else ""

    @property
    def tag(self) -> str:
        """The NHS.UK tag modifier; the tag always carries the words too."""
        return {
            "red": "nhsuk-tag--red",
            "amber": "nhsuk-tag--yellow",
            "green": "nhsuk-tag--green",
        }.get(self.level, "nhsuk-tag--grey")


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def risk_band(score: int) -> str:
    """A risk score (likelihood x impact) in words: high, medium or low."""
    if score >= HIGH_RISK:
        return "High"
    if score >= MEDIUM_RISK:
        return "Medium"
    return "Low"


def _reasons(
    *, status, milestones_total, milestones_late, plans_with_overdue, open_risks_high, open_risks_medium
) -> list[str]:
    reasons = []
    if milestones_late:
        reasons.append(f"{milestones_late} of {_plural(milestones_total, 'milestone', 'milestones')} late")
    if plans_with_overdue:
        verb = "has" if plans_with_overdue == 1 else "have"
        reasons.append(f"{_plural(plans_with_overdue, 'linked plan', 'linked plans')} {verb} overdue actions")
    if open_risks_high:
        reasons.append(f"{_plural(open_risks_high, 'open risk', 'open risks')} scored {HIGH_RISK} or more")
    if open_risks_medium:
        reasons.append(
            f"{_plural(open_risks_medium, 'open risk', 'open risks')} scored {MEDIUM_RISK} to {HIGH_RISK - 1}"
        )
    if status == "paused":
        reasons.append("the programme is paused")
    return reasons


def _green_words(milestones_total: int, milestones_done: int, plans_total: int) -> str:
    parts = []
    if milestones_total:
        parts.append(f"no milestone late ({milestones_done} of {milestones_total} done)")
    else:
        parts.append("no milestones set yet")
    if plans_total:
        parts.append("no linked plan has overdue actions")
    parts.append("no high or medium open risks")
    return "Green: " + "; ".join(parts)


def rag(
    *,
    status: str,
    milestones_total: int,
    milestones_done: int,
    milestones_late: int,
    plans_total: int = 0,
    plans_with_overdue: int = 0,
    open_risks_high: int = 0,
    open_risks_medium: int = 0,
) -> Rag:
    """The programme's rating and the words that explain it (the rule is the module's docstring)."""
    if status == "closed":
        return Rag("closed", "Closed", f"Closed: {milestones_done} of {milestones_total} milestones done")
    reasons = _reasons(
        status=status,
        milestones_total=milestones_total,
        milestones_late=milestones_late,
        plans_with_overdue=plans_with_overdue,
        open_risks_high=open_risks_high,
        open_risks_medium=open_risks_medium,
    )
    red = open_risks_high > 0 or milestones_late * 3 > milestones_total
    if red:
        return Rag("red", "Red", "Red: " + "; ".join(reasons))
    if reasons:
        return Rag("amber", "Amber", "Amber: " + "; ".join(reasons))
    return Rag("green", "Green", _green_words(milestones_total, milestones_done, plans_total))


def measure_progress(*, baseline: float, target: float, latest: float | None) -> tuple[int | None, str]:
    """How far a benefit measure has moved from its baseline towards its target: (per cent, words).
    Works whichever way the target lies (up or down). (None, words) when there is no latest value
    or the target equals the baseline."""
    if latest is None:
        return None, "No value recorded since the baseline"
    if target == baseline:
        return None, "The target is the same as the baseline"
    share = (latest - baseline) / (target - baseline)
    percent = round(share * 100)
    if share >= 1:
        return percent, "Target met"
    if share < 0:
        return percent, "Moved away from the target since the baseline"
    return percent, f"{percent}% of the way from the baseline to the target"

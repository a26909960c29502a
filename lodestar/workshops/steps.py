"""The steps of a workshop as pages, in order, and the previous and next step links at the foot
of each step's page (the NHS pagination component)."""

from __future__ import annotations

from django.urls import reverse

# The pages of a workshop's steps, in order: (step, title, url name). Template -> step below.
STEPS = [
    ("setup", "Set up", "workshops:edit"),
    ("participants", "Participants", "workshops:participants"),
    ("evidence", "Evidence pack", "workshops:evidence"),
    ("assessment", "Star assessment", "workshops:assessment"),
    ("candidates", "Candidates", "workshops:candidates"),
    ("prioritisation", "Prioritisation", "workshops:prioritisation"),
]
STEP_OF_TEMPLATE = {f"{step}.jinja": step for step, _, _ in STEPS}


def step_nav(workshop, template: str, *, can_facilitate: bool, can_see_evidence: bool, plan=None) -> dict | None:
    """Parameters for the NHS ``pagination`` macro at the foot of a step's page: the previous
    and next steps this person may open (set-up is the facilitators', the evidence pack the
    participants'); after prioritisation, the action plan once it exists. None off a step page."""
    current = STEP_OF_TEMPLATE.get(template)
    if current is None:
        return None
    may_open = {"setup": can_facilitate, "evidence": can_see_evidence}
    links = [
        (step, title, reverse(name, args=[workshop.pk]))
        for step, title, name in STEPS
        if may_open.get(step, True) or step == current
    ]
    if plan is not None:
        links.append(("plan", "Action plan", reverse("plans:detail", kwargs={"plan_id": plan.pk})))
    at = [step for step, _, _ in links].index(current)
    nav = {"ariaLabel": "Workshop steps"}
    if at > 0:
        nav["previous"] = {"href": links[at - 1][2], "text": "Previous step", "labelText": links[at - 1][1]}
    if at + 1 < len(links):
        nav["next"] = {"href": links[at + 1][2], "text": "Next step", "labelText": links[at + 1][1]}
    return nav

"""The maturity scale used in the Star assessment: 1 to 5, with plain-words descriptors
for each Star point (see docs/adr/0009-maturity-scoring-scale.md)."""

from __future__ import annotations

LEVELS: list[tuple[int, str]] = [
    (1, "Not started"),
    (2, "Early steps"),
    (3, "Developing"),
    (4, "Established"),
    (5, "Leading"),
]
LEVEL_NAMES = dict(LEVELS)

GENERIC = {
    1: "Nothing is in place yet and there is no plan.",
    2: "Some people have started, in one or two places, without a shared plan.",
    3: "There is a plan and work is under way, but it is not yet consistent or measured.",
    4: "It is normal practice across the service, and we measure whether it works.",
    5: "We are among the best: it is sustained, improving and others learn from us.",
}

DESCRIPTORS: dict[str, dict[int, str]] = {
    "supply": {
        1: "We recruit only to fill vacancies as they arise and do not know where future staff will come from.",
        2: "We have tried one or two routes, such as a recruitment campaign or a few apprentices.",
        3: "We have a supply plan with several routes (training places, apprenticeships, return to practice) "
        "and track vacancies and leavers.",
        4: "Our routes fill most posts; we retain staff well and know our leaver rates by staff group.",
        5: "Supply meets future demand; we grow our own staff with local schools, colleges and partners.",
    },
    "upskilling": {
        1: "Training covers only what is mandatory.",
        2: "Some staff develop new skills, but it depends on individual managers.",
        3: "There is a training plan linked to the service's needs, and some competency frameworks.",
        4: "Every staff group has a development pathway, and skills are checked against agreed competencies.",
        5: "Staff routinely learn across professions and organisations; skills keep pace with how care changes.",
    },
    "new-roles": {
        1: "We have not looked at new roles.",
        2: "We are exploring one new role or have a single post in place.",
        3: "New roles are being introduced with supervision and a clear scope of practice.",
        4: "New roles are embedded, supervised and valued, and their impact is measured.",
        5: "New roles are part of how we design every service, and we help others introduce them.",
    },
    "new-ways-of-working": {
        1: "Teams work as they always have; nobody is looking at how work is organised.",
        2: "One or two teams are trying something new, such as a multidisciplinary meeting or e-rostering.",
        3: "Changes such as skill-mix review, digital tools or joint teams are being rolled out.",
        4: "New ways of working are normal practice across organisations, and their effect is measured.",
        5: "We keep redesigning care with staff and patients, and share what works across the system.",
    },
    "leadership": {
        1: "No one leads workforce change and leaders get no development.",
        2: "A few leaders champion change, without support or a shared plan.",
        3: "Leadership development is offered and named leads drive the change.",
        4: "Leaders at every level are developed, coached and held to account for inclusive, compassionate leadership.",
        5: "Leaders work across organisations, grow successors and are known for leading change well.",
    },
}


def descriptors(point_key: str) -> list[tuple[int, str, str]]:
    """(score, level name, what it looks like for this point) for scores 1 to 5."""
    words = DESCRIPTORS.get(point_key, GENERIC)
    return [(score, name, words[score]) for score, name in LEVELS]


def describe(point_key: str, score: int | None) -> str:
    if score is None:
        return "Not scored"
    return f"{score} - {LEVEL_NAMES[score]}"

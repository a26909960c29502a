"""Recommendations that explain themselves (issue 12, item 6; ADR 0036): pure ranking, no database.

What a workshop or a plan is about (its ``Focus``: interventions, Star points, staff groups,
care settings, the organisation's type, sector and size) is compared with what others wrote and
did. Every point of a score comes with the plain words that earned it, so a suggestion always
says why it is there, and the order can be checked by hand:

Case studies to read
    3 for each intervention it is tagged with that the workshop or plan has ("Tagged with
    Preceptorship, which is on your shortlist"); the Star point's weight for each shared point
    (2 where the Star assessment wants to move up, 1 otherwise); 1 for each shared staff group
    and each shared care setting; 1 when an organisation like yours wrote it; 0.5 for each
    organisation like yours that adopted one of its interventions (at most 2). A case study that
    shares no intervention, point, staff group or setting is not suggested.

Organisations to learn from
    3 for each of your interventions it has adopted (1 more when embedded); 2 when it is like
    yours (the same type of organisation), 1 more when it is of similar size (staff in post
    within half to double yours, when both are known) and 1 when it works in the same sector.
    It is suggested when it adopted one of your interventions, or when it is like yours and
    adopted something else (which is then named: "not in your plan yet").

Ties go to the title or name in alphabetical order, so the same data always gives the same list.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

INTERVENTION = 3.0
GAP_POINT = 2.0
POINT = 1.0
STAFF_GROUP = 1.0
CARE_SETTING = 1.0
WRITTEN_BY_LIKE = 1.0
ADOPTED_BY_LIKE = 0.5
ADOPTED_BY_LIKE_MAX = 2.0
ADOPTED = 3.0
EMBEDDED = 1.0
SAME_TYPE = 2.0
SIMILAR_SIZE = 1.0
SAME_SECTOR = 1.0
SIZE_RATIO = 2.0  # "similar size": within half to double
LIMIT = 5
OTHERS_SHOWN = 3  # what an organisation like yours adopted that you have not: named up to three

TYPE_WORDS = {  # organisation type -> (an X, plural)
    "national_body": ("a national body", "national bodies"),
    "region": ("a region", "regions"),
    "ics": ("an integrated care system", "integrated care systems"),
    "nhs_trust": ("an NHS trust", "NHS trusts"),
    "pcn": ("a primary care network", "primary care networks"),
    "gp_practice": ("a GP practice", "GP practices"),
    "local_authority": ("a local authority", "local authorities"),
    "care_provider": ("a care provider", "care providers"),
    "voluntary": ("a voluntary organisation", "voluntary organisations"),
    "education": ("an education provider", "education providers"),
}
SECTOR_OF_TYPE = {
    "nhs_trust": "nhs",
    "pcn": "primary_care",
    "gp_practice": "primary_care",
    "local_authority": "social_care",
    "care_provider": "social_care",
    "voluntary": "voluntary",
}
SECTOR_WORDS = {
    "nhs": "the NHS",
    "social_care": "social care",
    "primary_care": "primary care",
    "voluntary": "the voluntary sector",
    "independent": "the independent sector",
}


@dataclass(frozen=True)
class Organisation:
    pk: int
    name: str
    type: str
    size: float | None = None  # staff in post (FTE), when the workforce data has it

    @property
    def sector(self) -> str:
        return SECTOR_OF_TYPE.get(self.type, "")


@dataclass(frozen=True)
class Focus:
    """What a workshop or plan is about. ``interventions``: id -> (title, where it stands in your
    work: "on your shortlist"); ``points``: key -> (name, weight, why: "where your Star assessment
    wants to move from 2 to 4"); ``yours``: "your workshop" or "your plan"."""

    organisation: Organisation
    interventions: dict[int, tuple[str, str]] = field(default_factory=dict)
    points: dict[str, tuple[str, float, str]] = field(default_factory=dict)
    staff_groups: dict[str, str] = field(default_factory=dict)  # key -> label
    care_settings: dict[str, str] = field(default_factory=dict)  # key -> label
    yours: str = "your workshop"


@dataclass(frozen=True)
class CaseStudyFacts:
    pk: int
    title: str
    organisation: Organisation
    interventions: tuple[int, ...] = ()
    points: tuple[str, ...] = ()
    staff_groups: tuple[str, ...] = ()
    care_settings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Adoption:
    """An organisation that adopted (or embedded) an intervention, and since when."""

    organisation: Organisation
    intervention: int
    intervention_title: str
    stage: str  # "adopted" or "embedded"
    since: datetime.date


@dataclass
class Suggestion:
    subject: object  # the CaseStudyFacts or Organisation suggested
    score: float = 0.0
    why: list[str] = field(default_factory=list)

    def add(self, points: float, words: str) -> None:
        self.score += points
        self.why.append(words)


def like(mine: Organisation, other: Organisation) -> bool:
    """An organisation like yours: the same type of organisation."""
    return mine.type == other.type


def similar_size(mine: Organisation, other: Organisation) -> bool:
    if not mine.size or not other.size:
        return False
    return 1 / SIZE_RATIO <= other.size / mine.size <= SIZE_RATIO


def a_type(org_type: str) -> str:
    return TYPE_WORDS.get(org_type, ("an organisation", "organisations"))[0]


def types(org_type: str) -> str:
    return TYPE_WORDS.get(org_type, ("an organisation", "organisations"))[1]


def listing(words: list[str]) -> str:
    """["a", "b", "c"] -> "a, b and c"."""
    words = list(words)
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def fte(value: float) -> str:
    return f"about {round(value):,} FTE staff in post"


def month(day: datetime.date) -> str:
    return day.strftime("%B %Y")


# ------------------------------------------------------------------------------ case studies


def _adopted_by_like(focus: Focus, facts: CaseStudyFacts, adoptions: list[Adoption]) -> set[int]:
    """Organisations like yours (not yours) that adopted one of the case study's interventions."""
    tagged = set(facts.interventions)
    return {
        a.organisation.pk
        for a in adoptions
        if a.intervention in tagged
        and like(focus.organisation, a.organisation)
        and a.organisation.pk != focus.organisation.pk
    }


def _topics(focus: Focus, facts: CaseStudyFacts, s: Suggestion) -> None:
    for pk in facts.interventions:
        if pk in focus.interventions:
            title, where = focus.interventions[pk]
            s.add(INTERVENTION, f"Tagged with {title}, which is {where}")
    for key in facts.points:
        if key in focus.points:
            name, weight, why = focus.points[key]
            s.add(weight, f"About {name}, {why}")
    groups = [focus.staff_groups[g] for g in facts.staff_groups if g in focus.staff_groups]
    if groups:
        s.add(STAFF_GROUP * len(groups), f"For {listing([g[0].lower() + g[1:] for g in groups])}, like {focus.yours}")
    settings = [focus.care_settings[c] for c in facts.care_settings if c in focus.care_settings]
    if settings:
        s.add(
            CARE_SETTING * len(settings), f"In {listing([c[0].lower() + c[1:] for c in settings])}, like {focus.yours}"
        )


def rank_case_studies(
    focus: Focus, case_studies: list[CaseStudyFacts], adoptions: list[Adoption] = (), limit: int = LIMIT
) -> list[Suggestion]:
    """Case studies to read, best first, each with why."""
    out = []
    for facts in case_studies:
        s = Suggestion(facts)
        _topics(focus, facts, s)
        if not s.why:
            continue
        if like(focus.organisation, facts.organisation) and facts.organisation.pk != focus.organisation.pk:
            s.add(WRITTEN_BY_LIKE, f"Written by an organisation like yours: {a_type(facts.organisation.type)}")
        peers = _adopted_by_like(focus, facts, list(adoptions))
        if peers:
            n = len(peers)
            words = "1 organisation like yours" if n == 1 else f"{n} organisations like yours"
            s.add(
                min(ADOPTED_BY_LIKE * n, ADOPTED_BY_LIKE_MAX),
                f"Its practice was adopted by {words}: {types(focus.organisation.type)}",
            )
        out.append(s)
    out.sort(key=lambda s: (-s.score, s.subject.title.lower(), s.subject.pk))
    return out[:limit]


# ----------------------------------------------------------------------------- organisations


def _adopted_words(focus: Focus, a: Adoption) -> str:
    stage = f"embedded since {month(a.since)}" if a.stage == "embedded" else f"adopted since {month(a.since)}"
    if a.intervention in focus.interventions:
        title, where = focus.interventions[a.intervention]
        return f"Adopted {title}, which is {where}: {stage}"
    return f"Has adopted {a.intervention_title}, which is not in {focus.yours} yet: {stage}"


def _likeness(focus: Focus, org: Organisation, s: Suggestion) -> None:
    mine = focus.organisation
    if like(mine, org):
        words = f"An organisation like yours: {a_type(org.type)}"
        s.add(SAME_TYPE, words)
        if similar_size(mine, org):
            s.add(SIMILAR_SIZE, f"Of similar size: {fte(org.size)} (yours {fte(mine.size)})")
    elif mine.sector and org.sector == mine.sector:
        s.add(SAME_SECTOR, f"Also works in {SECTOR_WORDS[org.sector]}")


def rank_organisations(focus: Focus, adoptions: list[Adoption], limit: int = LIMIT) -> list[Suggestion]:
    """Organisations to learn from, best first, each with why (their adoptions newest first)."""
    by_org: dict[int, list[Adoption]] = {}
    for a in adoptions:
        if a.organisation.pk != focus.organisation.pk:
            by_org.setdefault(a.organisation.pk, []).append(a)
    out = []
    for found in by_org.values():
        org = found[0].organisation
        ours = [a for a in found if a.intervention in focus.interventions]
        if not ours and not like(focus.organisation, org):
            continue
        s = Suggestion(org)
        newest_first = sorted(ours or found, key=lambda a: (-a.since.toordinal(), a.intervention_title))
        for a in newest_first if ours else newest_first[:OTHERS_SHOWN]:
            points = (ADOPTED + (EMBEDDED if a.stage == "embedded" else 0)) if ours else 0
            s.add(points, _adopted_words(focus, a))
        _likeness(focus, org, s)
        out.append(s)
    out.sort(key=lambda s: (-s.score, s.subject.name.lower(), s.subject.pk))
    return out[:limit]

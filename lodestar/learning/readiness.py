"""Readiness to adopt: the vocabulary (as data) and the scoring. No database.

Two kinds of factor (``lodestar.learning.models.ReadinessRating.factor`` holds a key of ``FACTORS``):

* the seven **NASSS domains** (non-adoption, abandonment, scale-up, spread and sustainability),
  each rated simple, complicated or complex. The more domains are complex, the less likely a
  change is to be adopted and kept;
* the **attributes that predict adoption** (Rogers; Greenhalgh and colleagues, 2004), each rated
  on a five-point scale from "a strong barrier" to "a strong help". For complexity, low is good:
  a change that is hard to understand or use is a barrier.

Any factor may be marked "not sure". ``rank`` orders the factors that need most action: complex
domains first, then complicated ones, then attributes rated a strong barrier, then a barrier;
"not sure" answers come back separately as things to find out.
"""

from __future__ import annotations

import dataclasses

DOMAIN = "domain"
ATTRIBUTE = "attribute"
NOT_SURE = "not_sure"
NOT_SURE_TEXT = "Not sure"

SIMPLE, COMPLICATED, COMPLEX = "simple", "complicated", "complex"
DOMAIN_SCALE = (
    (SIMPLE, "Simple"),
    (COMPLICATED, "Complicated"),
    (COMPLEX, "Complex"),
)
DOMAIN_SCALE_HINTS = {
    SIMPLE: "Straightforward and predictable: few parts, well understood",
    COMPLICATED: "Many parts, but they can be understood and planned for",
    COMPLEX: "Unpredictable or disputed: hard to know in advance what will happen",
}

STRONG_BARRIER, BARRIER, NEUTRAL, HELP, STRONG_HELP = "strong_barrier", "barrier", "neutral", "help", "strong_help"
ATTRIBUTE_SCALE = (
    (STRONG_BARRIER, "A strong barrier"),
    (BARRIER, "A barrier"),
    (NEUTRAL, "Neither a help nor a barrier"),
    (HELP, "A help"),
    (STRONG_HELP, "A strong help"),
)

# How much action each rating needs: the lower, the sooner (absent = no action needed).
PRIORITY = {COMPLEX: 1, COMPLICATED: 2, STRONG_BARRIER: 3, BARRIER: 4}


@dataclasses.dataclass(frozen=True)
class Factor:
    key: str
    kind: str  # DOMAIN or ATTRIBUTE
    name: str
    prompt: str  # the question people answer, in plain words
    what_to_do: str  # the first step when the factor needs action

    @property
    def scale(self) -> tuple[tuple[str, str], ...]:
        return DOMAIN_SCALE if self.kind == DOMAIN else ATTRIBUTE_SCALE

    def label(self, rating: str) -> str:
        """The words for ``rating`` ("Complex", "A barrier", "Not sure"); "" for an unknown one."""
        if rating == NOT_SURE:
            return NOT_SURE_TEXT
        return dict(self.scale).get(rating, "")


_DOMAINS = [
    Factor(
        "condition",
        DOMAIN,
        "The condition or need",
        "How well understood is the need this change meets? Is it one clear problem, or several "
        "that vary from person to person and place to place?",
        "Describe the need in your own setting, with figures, and agree who it affects most.",
    ),
    Factor(
        "intervention",
        DOMAIN,
        "The intervention",
        "How easy is the change itself to describe, set up and keep working? Does it depend on "
        "new technology, new skills or other services?",
        "Break the change into its parts and decide which must stay the same and which you can adapt.",
    ),
    Factor(
        "value_proposition",
        DOMAIN,
        "The value proposition",
        "Is it clear what the change is worth, and to whom? Does the organisation that pays for it "
        "also get the benefit?",
        "Write down who pays, who benefits and how you will show the value, and agree it with them.",
    ),
    Factor(
        "adopters",
        DOMAIN,
        "The adopters: staff, patients and carers",
        "Will staff, patients and carers need to change how they work or what they do? Are they likely to welcome it?",
        "Talk with the staff, patients and carers affected, and find champions among them.",
    ),
    Factor(
        "organisation",
        DOMAIN,
        "The organisation",
        "Does your organisation have the capacity, leadership, money and readiness for change to take this on now?",
        "Secure a senior sponsor, protected time and the budget before you start.",
    ),
    Factor(
        "wider_system",
        DOMAIN,
        "The wider system",
        "Do policy, regulation, commissioning or professional bodies support the change, or stand in its way?",
        "Check the rules, contracts and professional guidance that apply, and who you need on side.",
    ),
    Factor(
        "embedding",
        DOMAIN,
        "Embedding and adaptation over time",
        "Once started, can the change be kept going and adapted as things change, or will it "
        "depend on a few people and short-term money?",
        "Plan how the change will be kept going after the first year: owners, funding and review dates.",
    ),
]

_ATTRIBUTES = [
    Factor(
        "relative_advantage",
        ATTRIBUTE,
        "Relative advantage",
        "Is the change clearly better than what you do now, in ways people care about?",
        "Gather the evidence that it is better, from others who adopted it and from a small test of your own.",
    ),
    Factor(
        "compatibility",
        ATTRIBUTE,
        "Compatibility",
        "Does the change fit your values, ways of working, systems and the needs of your staff?",
        "List where it does not fit your ways of working and decide how to adapt the change or the way you work.",
    ),
    Factor(
        "complexity",
        ATTRIBUTE,
        "Complexity",
        "Is the change easy to understand and use? A change that is hard to understand or use is a barrier; "
        "a simple one is a help.",
        "Simplify it: start with the core of the change and give people clear guides and training.",
    ),
    Factor(
        "trialability",
        ATTRIBUTE,
        "Trialability",
        "Can you try the change on a small scale first, and stop if it does not work?",
        "Design a small pilot with a clear end date and what would make you stop or carry on.",
    ),
    Factor(
        "observability",
        ATTRIBUTE,
        "Observability",
        "Will people be able to see the benefits of the change, and soon?",
        "Choose a few measures people can see, take a baseline now and share the results regularly.",
    ),
]

FACTORS: dict[str, Factor] = {f.key: f for f in (*_DOMAINS, *_ATTRIBUTES)}
DOMAINS = [f.key for f in _DOMAINS]
ATTRIBUTES = [f.key for f in _ATTRIBUTES]


def valid_ratings(factor: Factor) -> list[str]:
    return [value for value, _ in factor.scale] + [NOT_SURE]


# ------------------------------------------------------------------------------ scoring


@dataclasses.dataclass(frozen=True)
class Need:
    """A factor that needs action (or, for "not sure", finding out), with why."""

    factor: Factor
    rating: str
    note: str
    why: str

    @property
    def rating_label(self) -> str:
        return self.factor.label(self.rating)


def why(factor: Factor, rating: str) -> str:
    if rating == NOT_SURE:
        return f"You were not sure about {factor.name.lower()}: find out before you commit."
    if rating == COMPLEX:
        return (
            f"You rated {factor.name.lower()} complex. Complex domains are where changes most often "
            "fail to be adopted or are abandoned, so this needs a plan of its own."
        )
    if rating == COMPLICATED:
        return (
            f"You rated {factor.name.lower()} complicated: it can be planned for, but it needs work before you start."
        )
    strength = "a strong barrier" if rating == STRONG_BARRIER else "a barrier"
    return f"You rated {factor.name.lower()} {strength} to adoption."


def rank(ratings: dict[str, tuple[str, str]]) -> list[Need]:
    """The factors that need action, most first: complex domains, complicated domains, attributes
    rated a strong barrier, then a barrier; within each, in the order of ``FACTORS``.
    ``ratings`` maps factor keys to (rating, note); unknown keys and "not sure" are left out."""
    order = list(FACTORS)
    rows = [
        (PRIORITY[rating], order.index(key), key, rating, note)
        for key, (rating, note) in ratings.items()
        if key in FACTORS and rating in PRIORITY and rating in valid_ratings(FACTORS[key])
    ]
    return [Need(FACTORS[key], rating, note, why(FACTORS[key], rating)) for _p, _o, key, rating, note in sorted(rows)]


def unsure(ratings: dict[str, tuple[str, str]]) -> list[Need]:
    """The factors marked "not sure", in the order of ``FACTORS``."""
    return [
        Need(FACTORS[key], NOT_SURE, ratings[key][1], why(FACTORS[key], NOT_SURE))
        for key in FACTORS
        if key in ratings and ratings[key][0] == NOT_SURE
    ]


def summary(ratings: dict[str, tuple[str, str]]) -> str:
    """One sentence on the whole: the more domains are complex, the less likely the spread."""
    complex_count = sum(1 for key in DOMAINS if ratings.get(key, ("", ""))[0] == COMPLEX)
    if complex_count == 0:
        return "No domain is complex: with the actions below, the change has a good chance of being adopted and kept."
    if complex_count <= 2:
        noun = "domain is" if complex_count == 1 else "domains are"
        return (
            f"{complex_count} {noun} complex: the change can be adopted, but only with a plan for each complex domain."
        )
    return (
        f"{complex_count} domains are complex: changes like this are often not adopted or are abandoned. "
        "Consider adopting a simpler version first."
    )


def change(factor: Factor, then: str | None, now: str | None) -> str:
    """Between two assessments: "Better", "Worse", "No change" or "" (one not rated or not sure)."""
    position = {value: i for i, (value, _) in enumerate(factor.scale)}
    if then not in position or now not in position:
        return ""
    if then == now:
        return "No change"
    better = position[now] < position[then] if factor.kind == DOMAIN else position[now] > position[then]
    return "Better" if better else "Worse"

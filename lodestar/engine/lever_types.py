"""The vocabulary of model levers shared by the intervention catalogue and the engine.

A catalogue intervention carries *lever templates*: what kind of change it makes and
how big the change is, relative to the workforce it is applied to (the catalogue
cannot know the size of the service).  When a plan or scenario applies an
intervention, the engine turns each template into a concrete lever with a target
staff group, a start year, ramp-up and cost.

Every ``effect`` is a number or a distribution mapping, for example
``{"dist": "triangular", "low": -0.08, "mode": -0.04, "high": -0.01}``; see
``DISTRIBUTIONS`` for the parameters each distribution takes.
"""

from __future__ import annotations

# type -> (what the effect means, unit of effect, extra keys a template may give)
LEVER_TYPES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "leaver_rate_change": (
        "Relative change in the leaver rate (retention, leadership, flexible working); -0.05 means 5% fewer leavers.",
        "fraction of leaver rate",
        (),
    ),
    "retirement_deferral": (
        "Relative change in the retirement rate of older age bands (late-career offers); -0.2 means 20% fewer retirements.",
        "fraction of retirement rate",
        (),
    ),
    "extra_training_places": (
        "Extra training intake a year, as a fraction of staff in post; graduates arrive after course_years with attrition.",
        "fraction of stock a year",
        ("course_years", "attrition", "share_taking_posts"),
    ),
    "international_recruitment": (
        "Extra international joiners a year, as a fraction of staff in post.",
        "fraction of stock a year",
        (),
    ),
    "return_to_practice": (
        "Extra returners a year, as a fraction of staff in post.",
        "fraction of stock a year",
        (),
    ),
    "extra_joiners": (
        "Extra joiners a year from any other route (campaigns, widening participation), as a fraction of staff in post.",
        "fraction of stock a year",
        (),
    ),
    "substitution": (
        "A new role covering part of another group's demand: FTE of the new role a year, as a fraction of the covered "
        "group's demand, at an equivalence ratio (1 FTE of the new role covers `equivalence` FTE of demand).",
        "fraction of covered group's demand",
        ("equivalence", "new_role"),
    ),
    "productivity": (
        "Relative reduction in demand from new ways of working (digital, skill mix, rostering); 0.02 means 2% less demand.",
        "fraction of demand",
        (),
    ),
    "conversion": (
        "Up-skilling flow: a fraction of a source group converting each year into the target group after course_years.",
        "fraction of source stock a year",
        ("course_years", "source_group", "attrition"),
    ),
}

# distribution name -> the parameters it needs
DISTRIBUTIONS: dict[str, tuple[str, ...]] = {
    "normal": ("mean", "sd"),
    "triangular": ("low", "mode", "high"),
    "uniform": ("low", "high"),
    "lognormal": ("mu", "sigma"),
}

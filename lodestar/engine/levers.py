"""The lever-type registry: everything Lodestar knows about each kind of model lever, in one place.

A lever is one kind of change an intervention makes to a projection (fewer leavers, more
training places, less demand ...).  Each ``LeverType`` below says, for one lever:

- ``key``: the name written in scenario files (``lever:``) and catalogue templates (``type:``);
- ``label``: a few plain words for pickers ("Fewer leavers");
- ``unit``: what the number ``effect`` is a fraction of;
- ``meaning``: what the effect means, in a sentence (docs, help text);
- ``effect_range``: the values the engine accepts for ``effect`` (a hard limit);
- ``plausible_range``: the values the national catalogue accepts (anything outside is a typing mistake);
- ``amount_key``: the absolute-number field a scenario may give instead of ``effect`` (or None);
- ``extra_keys``: the lever's own spec fields (``course_years``, ``source_group`` ...);
- ``changes_supply``: True when it changes supply flows (False: it changes demand only);
- ``needs_cohorts``: True when its staff group must have cohorts in the scenario;
- ``fraction_of_stock``: True when ``effect`` is a fraction of the group's staff in post;
- ``positive_words`` / ``negative_words``: the modelled effect as a sentence when the effect is
  positive / negative, with ``{amount}`` (and ``{new_role}``, ``{source_group}``) to fill in;
- ``detail_words``: a phrase for each extra setting, with ``{value}`` to fill in;
- ``form_label``: the choice shown on the intervention form, or None when the lever needs
  settings best kept in the data file;
- ``form_sign``: -1 when the form's per cent is a reduction (entered as a positive number).

The engine's parser (``lodestar.engine.spec``), the catalogue validator
(``lodestar.star.catalogue``), the intervention form (``lodestar.star.forms``) and the
lever sentences (``lodestar.star.presenters``) all read this registry; a lever type added
here without its words fails ``tests/unit/engine/test_levers.py``.

Every ``effect`` is a number or a distribution mapping, for example
``{"dist": "triangular", "low": -0.08, "mode": -0.04, "high": -0.01}``; ``DISTRIBUTIONS``
lists the parameters each distribution takes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

__all__ = ["DISTRIBUTIONS", "LEVER_TYPES", "SUPPLY_LEVERS", "LeverType", "lever_type"]


@dataclass(frozen=True)
class LeverType:
    key: str
    label: str
    unit: str
    meaning: str
    effect_range: tuple[float, float]
    plausible_range: tuple[float, float]
    positive_words: str
    negative_words: str
    amount_key: str | None = None
    extra_keys: tuple[str, ...] = ()
    changes_supply: bool = True
    needs_cohorts: bool = True
    fraction_of_stock: bool = False
    detail_words: dict[str, str] = field(default_factory=dict)
    form_label: str | None = None
    form_sign: int = 1

    def __post_init__(self) -> None:
        for name in ("key", "label", "unit", "meaning", "positive_words", "negative_words"):
            if not getattr(self, name).strip():
                raise ValueError(f"lever type {self.key!r} needs its {name}")
        for words in (self.positive_words, self.negative_words):
            if "{amount}" not in words:
                raise ValueError(f"lever type {self.key!r}: the effect words need {{amount}}")
        low, high = self.plausible_range
        if not (self.effect_range[0] <= low <= high <= self.effect_range[1]):
            raise ValueError(f"lever type {self.key!r}: the plausible range must lie within the effect range")
        if self.form_sign not in (-1, 1):
            raise ValueError(f"lever type {self.key!r}: form_sign is 1 or -1")

    @property
    def settings(self) -> tuple[str, ...]:
        """Every field a scenario intervention of this type may give besides the common ones."""
        return ("effect", *((self.amount_key,) if self.amount_key else ()), *self.extra_keys)


_STOCK = "fraction of stock a year"
_TRAINING_DETAILS = {
    "course_years": "trainees qualify after {value} years",
    "attrition": "{value} do not complete",
    "share_taking_posts": "{value} of those who qualify take posts",
}

_ALL = (
    LeverType(
        key="leaver_rate_change",
        label="Fewer leavers",
        unit="fraction of leaver rate",
        meaning="Relative change in the leaver rate (retention, leadership, flexible working); "
        "-0.05 means 5% fewer leavers.",
        effect_range=(-1.0, 10.0),
        plausible_range=(-1.0, 1.0),
        positive_words="Increases the leaver rate by {amount}",
        negative_words="Reduces the leaver rate by {amount}",
        form_label="Fewer leavers: reduces the leaver rate by this per cent",
        form_sign=-1,
    ),
    LeverType(
        key="retirement_deferral",
        label="Fewer retirements",
        unit="fraction of retirement rate",
        meaning="Relative change in the retirement rate of older age bands (late-career offers); "
        "-0.2 means 20% fewer retirements.",
        effect_range=(-1.0, 10.0),
        plausible_range=(-1.0, 1.0),
        positive_words="Increases retirements among older staff by {amount}",
        negative_words="Reduces retirements among older staff by {amount}",
        form_label="Fewer retirements: reduces retirements of older staff by this per cent",
        form_sign=-1,
    ),
    LeverType(
        key="extra_training_places",
        label="More training places",
        unit=_STOCK,
        meaning="Extra training intake a year, as a fraction of staff in post; graduates arrive after "
        "course_years with attrition.",
        effect_range=(0.0, math.inf),
        plausible_range=(0.0, 0.5),
        positive_words="Adds training places each year equal to {amount} of staff in post",
        negative_words="Adds training places each year equal to {amount} of staff in post",
        amount_key="extra_places",
        extra_keys=("course_years", "attrition", "share_taking_posts"),
        fraction_of_stock=True,
        detail_words=_TRAINING_DETAILS,
    ),
    LeverType(
        key="international_recruitment",
        label="International recruits",
        unit=_STOCK,
        meaning="Extra international joiners a year, as a fraction of staff in post.",
        effect_range=(0.0, math.inf),
        plausible_range=(0.0, 0.5),
        positive_words="Adds international recruits each year equal to {amount} of staff in post",
        negative_words="Adds international recruits each year equal to {amount} of staff in post",
        amount_key="fte_per_year",
        fraction_of_stock=True,
        form_label="International recruits: extra a year, as a per cent of staff in post",
    ),
    LeverType(
        key="return_to_practice",
        label="Returners",
        unit=_STOCK,
        meaning="Extra returners a year, as a fraction of staff in post.",
        effect_range=(0.0, math.inf),
        plausible_range=(0.0, 0.5),
        positive_words="Brings back returners each year equal to {amount} of staff in post",
        negative_words="Brings back returners each year equal to {amount} of staff in post",
        amount_key="fte_per_year",
        fraction_of_stock=True,
        form_label="Returners: extra returners a year, as a per cent of staff in post",
    ),
    LeverType(
        key="extra_joiners",
        label="More joiners",
        unit=_STOCK,
        meaning="Extra joiners a year from any other route (campaigns, widening participation), "
        "as a fraction of staff in post.",
        effect_range=(0.0, math.inf),
        plausible_range=(0.0, 0.5),
        positive_words="Adds joiners each year equal to {amount} of staff in post",
        negative_words="Adds joiners each year equal to {amount} of staff in post",
        amount_key="fte_per_year",
        fraction_of_stock=True,
        form_label="More joiners: extra joiners a year, as a per cent of staff in post",
    ),
    LeverType(
        key="substitution",
        label="A new role covering demand",
        unit="fraction of covered group's demand",
        meaning="A new role covering part of another group's demand: FTE of the new role a year, as a "
        "fraction of the covered group's demand, at an equivalence ratio (1 FTE of the new role covers "
        "`equivalence` FTE of demand).",
        effect_range=(0.0, math.inf),
        plausible_range=(0.0, 0.5),
        positive_words="Adds {new_role} each year equal to {amount} of the demand on the group they support",
        negative_words="Adds {new_role} each year equal to {amount} of the demand on the group they support",
        amount_key="fte",
        extra_keys=("equivalence", "new_role"),
        changes_supply=False,
        needs_cohorts=False,
        detail_words={"equivalence": "one full-time post in the new role covers {value} of a full-time post"},
    ),
    LeverType(
        key="productivity",
        label="Less demand",
        unit="fraction of demand",
        meaning="Relative reduction in demand from new ways of working (digital, skill mix, rostering); "
        "0.02 means 2% less demand.",
        effect_range=(-0.5, 0.95),
        plausible_range=(-0.5, 0.5),
        positive_words="Reduces the demand for staff by {amount}",
        negative_words="Increases the demand for staff by {amount}",
        changes_supply=False,
        needs_cohorts=False,
        form_label="Less demand: reduces the staff needed by this per cent",
    ),
    LeverType(
        key="conversion",
        label="Up-skilling from another group",
        unit="fraction of source stock a year",
        meaning="Up-skilling flow: a fraction of a source group converting each year into the target "
        "group after course_years.",
        effect_range=(0.0, 1.0),
        plausible_range=(0.0, 1.0),
        positive_words="Each year {amount} of {source_group} start training into the target group",
        negative_words="Each year {amount} of {source_group} start training into the target group",
        amount_key="fte_per_year",
        extra_keys=("course_years", "source_group", "attrition"),
        detail_words={"course_years": "qualifying after {value} years", "attrition": "{value} do not complete"},
    ),
)

# key -> LeverType, in the order pickers and messages list them
LEVER_TYPES: dict[str, LeverType] = {lever.key: lever for lever in _ALL}
# levers that change supply flows (the others change demand only)
SUPPLY_LEVERS = frozenset(k for k, lever in LEVER_TYPES.items() if lever.changes_supply)

# distribution name -> the parameters it needs
DISTRIBUTIONS: dict[str, tuple[str, ...]] = {
    "normal": ("mean", "sd"),
    "triangular": ("low", "mode", "high"),
    "uniform": ("low", "high"),
    "lognormal": ("mu", "sigma"),
}


def lever_type(key: str) -> LeverType:
    """The registry entry for ``key`` (KeyError when there is none)."""
    return LEVER_TYPES[key]

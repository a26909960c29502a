"""Hypothesis strategies generating small but complete projection scenarios (as dicts)."""

from __future__ import annotations

from hypothesis import strategies as st

AGE_BAND_SETS = [["all"], ["<25", "25-44", "45+"], ["18-29", "30-49", "50-59", "60+"]]
LEVERS = [
    "leaver_rate_change",
    "retirement_deferral",
    "extra_training_places",
    "international_recruitment",
    "return_to_practice",
    "extra_joiners",
    "substitution",
    "productivity",
    "conversion",
]

rate = st.floats(0.0, 0.4, allow_nan=False)
count = st.floats(0.0, 50.0, allow_nan=False)


def dist_or(value_strategy, low, high):
    """A number, or sometimes a distribution around it (the deterministic run uses its mean)."""

    def widen(v):
        lo, hi = max(low, v - 0.01), min(high, v + 0.01)
        return st.sampled_from(
            [
                v,
                {"dist": "uniform", "low": lo, "high": hi},
                {"dist": "triangular", "low": lo, "mode": (lo + hi) / 2, "high": hi},
                {"dist": "normal", "mean": v, "sd": 0.001},
            ]
        )

    return value_strategy.flatmap(widen)


@st.composite
def scenarios(draw, max_groups=3):
    bands = draw(st.sampled_from(AGE_BAND_SETS))
    groups = [f"g{i}" for i in range(draw(st.integers(1, max_groups)))]
    orgs = ["A", "B"][: draw(st.integers(1, 2))]
    cohorts = []
    for g in groups:
        for o in draw(st.lists(st.sampled_from(orgs), min_size=1, max_size=len(orgs), unique=True)):
            for b in draw(st.lists(st.sampled_from(["Band 3", "Band 5"]), min_size=1, max_size=2, unique=True)):
                for a in draw(st.lists(st.sampled_from(bands), min_size=1, max_size=len(bands), unique=True)):
                    fte = draw(st.floats(0.0, 200.0, allow_nan=False))
                    hc = fte * draw(st.floats(1.0, 1.3))
                    cohorts.append(
                        {"organisation": o, "staff_group": g, "band": b, "age_band": a, "fte": fte, "headcount": hc}
                    )
    rates = {}
    for g in groups:
        r = {}
        if draw(st.booleans()):
            r["leaver_rate"] = draw(dist_or(rate, 0, 1))
        else:
            r["leaver_rate"] = {a: draw(rate) for a in bands}
        if draw(st.booleans()):
            r["retirement_rate_by_age"] = {bands[-1]: draw(rate)}
        if draw(st.booleans()):
            r["joiners_per_year"] = draw(dist_or(count, 0, 1000))
        if draw(st.booleans()):
            r["joiner_rate"] = draw(st.floats(0, 0.2))
        if draw(st.booleans()):
            r["international_recruits_per_year"] = draw(count)
        if draw(st.booleans()):
            r["returners_per_year"] = draw(count)
        if draw(st.booleans()):
            r["joiner_age_profile"] = {bands[-1]: draw(st.floats(0, 1)), bands[0]: 1.0}
        rates[g] = r
    pipelines = []
    if draw(st.booleans()):
        pipelines.append(
            {
                "staff_group": draw(st.sampled_from(groups)),
                "intake_per_year": draw(count),
                "course_years": draw(st.integers(0, 3)),
                "attrition": draw(st.floats(0, 0.5)),
                "share_taking_posts": draw(st.floats(0.5, 1)),
            }
        )
    conversions = []
    if len(groups) > 1 and draw(st.booleans()):
        src, dst = draw(st.permutations(groups))[:2]
        conversions.append(
            {
                "from_group": src,
                "to_group": dst,
                "rate": draw(st.floats(0, 0.3)),
                "course_years": draw(st.integers(0, 3)),
                "attrition": draw(st.floats(0, 0.3)),
            }
        )
    years = draw(st.integers(1, 8))
    demand = {
        "non_demographic_growth": draw(st.floats(-0.02, 0.04)),
        "productivity_gain": draw(dist_or(st.floats(0, 0.03), -0.5, 0.5)),
    }
    if draw(st.booleans()):
        demand["base_fte"] = {groups[0]: draw(st.floats(0, 500))}
    if len(groups) > 1 and draw(st.booleans()):
        demand["vacancies_fte"] = {groups[1]: draw(st.floats(0, 50))}
    if draw(st.booleans()):
        demand["population"] = {
            "0-64": {"base": 1000, "growth": draw(st.floats(-0.01, 0.02))},
            "65+": [draw(st.floats(100, 400)) for _ in range(years + 1)],
        }
        demand["utilisation"] = {"65+": draw(st.floats(1, 5))}
    interventions = []
    for k in range(draw(st.integers(0, 4))):
        lever = draw(st.sampled_from(LEVERS))
        iv = {
            "name": f"iv{k}",
            "lever": lever,
            "staff_group": draw(st.sampled_from(groups)),
            "start_year": 2026 + draw(st.integers(0, years)),
            "ramp_up_years": draw(st.integers(1, 3)),
            "cost_per_year": draw(st.floats(0, 1e5)),
        }
        if lever in ("leaver_rate_change", "retirement_deferral"):
            iv["effect"] = draw(st.floats(-0.5, 0.2))
        elif lever == "productivity":
            iv["effect"] = draw(st.floats(0, 0.1))
        elif lever == "substitution":
            iv["effect"] = draw(st.floats(0, 0.2))
            iv["equivalence"] = draw(st.floats(0.5, 1.0))
            iv["new_role"] = draw(st.sampled_from(["new-role", *[g for g in groups if g != iv["staff_group"]]]))
        elif lever == "conversion":
            others = [g for g in groups if g != iv["staff_group"]]
            if not others:
                continue
            iv["source_group"] = draw(st.sampled_from(others))
            iv["effect"] = draw(st.floats(0, 0.2))
            iv["course_years"] = draw(st.integers(0, 2))
        elif draw(st.booleans()):
            key = "extra_places" if lever == "extra_training_places" else "fte_per_year"
            iv[key] = draw(count)
        else:
            iv["effect"] = draw(st.floats(0, 0.05))
            base = sum(c["fte"] for c in cohorts if c["staff_group"] == iv["staff_group"])
            if base <= 0:
                continue
        if lever == "extra_training_places":
            iv["course_years"] = draw(st.integers(0, 3))
        interventions.append(iv)
    return {
        "name": "generated",
        "start_year": 2026,
        "years": years,
        "leaver_rate_denominator": draw(st.sampled_from(["mean_stock", "opening_stock"])),
        "age_bands": bands if bands != ["all"] else None,
        "cohorts": cohorts,
        "rates": rates,
        "pipelines": pipelines,
        "conversions": conversions,
        "demand": demand,
        "interventions": interventions,
    }

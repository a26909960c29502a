"""Synthetic scenarios for the benchmarks (shaped like the national NHS workforce, numbers made up)."""

from __future__ import annotations

AGE_BANDS = ["<25", "25-29", "30-34", "35-39", "40-44", "45-49", "50-54", "55-59", "60-64", "65+"]


def synthetic(
    orgs: int = 215, groups: int = 30, age_bands: int = 10, years: int = 15, interventions: bool = True
) -> dict:
    """A scenario dict with orgs x groups x age_bands cohorts, uncertain rates and the main levers."""
    bands = AGE_BANDS[: age_bands - 1] + [AGE_BANDS[-1]] if age_bands < len(AGE_BANDS) else AGE_BANDS
    names = ["registered-nurses", "nursing-associates", "support-workers"] + [
        f"group-{i:02d}" for i in range(3, groups)
    ]
    names = names[:groups]
    cohorts = []
    for o in range(orgs):
        for gi, g in enumerate(names):
            for ai, a in enumerate(bands):
                fte = 5.0 + ((o * 7 + gi * 13 + ai * 3) % 23)
                cohorts.append(
                    {"organisation": f"R{o:03d}", "staff_group": g, "age_band": a, "fte": fte, "headcount": fte * 1.12}
                )
    rates = {}
    for gi, g in enumerate(names):
        mode = 0.06 + 0.002 * (gi % 10)
        rates[g] = {
            "leaver_rate": {"dist": "triangular", "low": mode - 0.02, "mode": mode, "high": mode + 0.03},
            "retirement_rate_by_age": {bands[-3]: 0.05, bands[-2]: 0.15, bands[-1]: 0.35},
            "joiners_per_year": {"dist": "normal", "mean": orgs * 12.0, "sd": orgs * 1.0},
            "joiner_age_profile": {bands[0]: 0.5, bands[1]: 0.3, bands[2]: 0.2},
        }
    scenario = {
        "name": f"Synthetic national workforce ({orgs} organisations x {groups} staff groups x {len(bands)} age bands)",
        "start_year": 2026,
        "years": years,
        "leaver_rate_denominator": "mean_stock",
        "age_bands": bands,
        "cohorts": cohorts,
        "rates": rates,
        "pipelines": [
            {
                "staff_group": names[0],
                "intake_per_year": orgs * 8.0,
                "course_years": 3,
                "attrition": {"dist": "uniform", "low": 0.1, "high": 0.2},
                "share_taking_posts": 0.85,
            }
        ],
        "conversions": [],
        "demand": {
            "vacancies_fte": dict.fromkeys(names, orgs * 10.0),
            "population": {
                "0-64": {"base": 45_000_000, "growth": 0.002},
                "65-84": {"base": 9_000_000, "growth": 0.02},
                "85+": {"base": 1_400_000, "growth": 0.03},
            },
            "utilisation": {"0-64": 1.0, "65-84": 2.6, "85+": 4.8},
            "non_demographic_growth": {"dist": "normal", "mean": 0.01, "sd": 0.003},
            "productivity_gain": {"dist": "uniform", "low": 0.01, "high": 0.02},
        },
        "interventions": [],
    }
    if groups >= 3:
        scenario["conversions"] = [
            {"from_group": names[2], "to_group": names[1], "rate": 0.02, "course_years": 2, "attrition": 0.1},
            {"from_group": names[1], "to_group": names[0], "rate": 0.08, "course_years": 2, "attrition": 0.05},
        ]
    if interventions:
        scenario["interventions"] = [
            {
                "name": "Retention programme",
                "lever": "leaver_rate_change",
                "staff_group": names[0],
                "effect": {"dist": "triangular", "low": -0.12, "mode": -0.08, "high": -0.02},
                "start_year": 2027,
                "ramp_up_years": 2,
                "cost_per_year": 25_000_000,
            },
            {
                "name": "More training places",
                "lever": "extra_training_places",
                "staff_group": names[0],
                "effect": 0.01,
                "start_year": 2027,
                "cost_per_year": 40_000_000,
            },
            {
                "name": "International recruitment",
                "lever": "international_recruitment",
                "staff_group": names[min(3, groups - 1)],
                "fte_per_year": orgs * 2.0,
                "start_year": 2027,
                "cost_per_year": 10_000_000,
            },
            {
                "name": "Digital ways of working",
                "lever": "productivity",
                "staff_group": names[0],
                "effect": {"dist": "uniform", "low": 0.01, "high": 0.04},
                "start_year": 2028,
                "ramp_up_years": 3,
                "cost_per_year": 15_000_000,
            },
        ]
    return scenario

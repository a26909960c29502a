"""The example scenario printed by ``lodestar project --example`` (and checked by the tests)."""

EXAMPLE_SCENARIO = """\
# A Lodestar workforce projection scenario. Every field is described in docs/engine/method.md.
# Numbers may be fixed values or distributions for Monte Carlo runs:
#   {dist: normal, mean: 0.09, sd: 0.01}      {dist: triangular, low: 0.07, mode: 0.09, high: 0.12}
#   {dist: uniform, low: 0.07, high: 0.11}     {dist: lognormal, mu: 3.0, sigma: 0.2}
# With runs: 1 every distribution is replaced by its mean (a deterministic central projection).
name: Riverside community nursing 2026-2041
start_year: 2026              # the base year: cohorts are staff in post at the start
years: 15                     # projection years after the base year
leaver_rate_denominator: mean_stock   # mean_stock (as NHS published turnover) or opening_stock

# Age bands, youngest first. Each year 1/width of a band ages into the next band
# ("<25" spans ages 18-24, "25-34" ten years); nobody ages out of the last band.
age_bands: ["<25", "25-34", "35-44", "45-54", "55-59", "60+"]

# Staff in post in the base year: any combination of organisation, staff group,
# AfC band and age band, in FTE (headcount defaults to the FTE).
cohorts:
  - {organisation: RX1, staff_group: registered-nurses, band: "Band 5", age_band: "<25", fte: 60, headcount: 64}
  - {organisation: RX1, staff_group: registered-nurses, band: "Band 5", age_band: "25-34", fte: 120, headcount: 135}
  - {organisation: RX1, staff_group: registered-nurses, band: "Band 6", age_band: "35-44", fte: 110, headcount: 124}
  - {organisation: RX1, staff_group: registered-nurses, band: "Band 6", age_band: "45-54", fte: 95, headcount: 108}
  - {organisation: RX1, staff_group: registered-nurses, band: "Band 6", age_band: "55-59", fte: 40, headcount: 47}
  - {organisation: RX1, staff_group: registered-nurses, band: "Band 6", age_band: "60+", fte: 15, headcount: 19}
  - {organisation: RX1, staff_group: nursing-associates, band: "Band 4", age_band: "25-34", fte: 20, headcount: 21}
  - {organisation: RX1, staff_group: support-workers, band: "Band 3", age_band: "25-34", fte: 90, headcount: 104}
  - {organisation: RX1, staff_group: support-workers, band: "Band 3", age_band: "45-54", fte: 70, headcount: 80}

# Flows by staff group. leaver_rate excludes retirement; it may also be given by age band.
rates:
  registered-nurses:
    leaver_rate: {dist: triangular, low: 0.07, mode: 0.09, high: 0.12}
    retirement_rate_by_age: {"55-59": 0.10, "60+": 0.25}
    joiners_per_year: 25                   # FTE a year from other employers
    international_recruits_per_year: 10
    returners_per_year: 3
    joiner_age_profile: {"<25": 0.5, "25-34": 0.4, "35-44": 0.1}
  nursing-associates:
    leaver_rate: 0.08
    joiner_rate: 0.03                      # a fraction of the group's stock a year
  support-workers:
    leaver_rate: {dist: normal, mean: 0.12, sd: 0.02}
    retirement_rate_by_age: {"55-59": 0.08, "60+": 0.2}
    joiners_per_year: 20

# Training pipelines: graduates join course_years after intake, less attrition,
# and only the share taking NHS posts. Students already in training are assumed to
# be the same intake, so graduates arrive from the first projected year.
pipelines:
  - {name: Nursing degree, staff_group: registered-nurses, intake_per_year: 30, course_years: 3, attrition: 0.15, share_taking_posts: 0.85}

# Up-skilling: a fraction of the source group starts converting each year and joins
# the target group course_years later (less attrition), at the same organisation.
conversions:
  - {name: Nursing associate apprenticeship, from_group: support-workers, to_group: nursing-associates, rate: 0.03, course_years: 2, attrition: 0.1}
  - {name: Top-up to registered nurse, from_group: nursing-associates, to_group: registered-nurses, rate: 0.1, course_years: 2, attrition: 0.05}

demand:
  base_fte: {registered-nurses: 480}       # or vacancies_fte: staff in post plus vacancies
  vacancies_fte: {support-workers: 12}
  # groups with neither (nursing-associates) start at their staff in post
  population:                              # one value a year, or {base: ..., growth: ...}
    "0-64": {base: 250000, growth: 0.002}
    "65-84": {base: 45000, growth: 0.02}
    "85+": {base: 6000, growth: 0.04}
  utilisation: {"0-64": 1.0, "65-84": 2.6, "85+": 4.8}   # relative use of services per person
  non_demographic_growth: 0.01
  productivity_gain: {dist: uniform, low: 0.005, high: 0.015}

# Interventions, applied in this order (the waterfall attributes the change in gap in this order).
# The effect ramps up: effect x min(1, (year - start_year + 1) / ramp_up_years).
interventions:
  - name: Retention programme
    lever: leaver_rate_change               # see lodestar/engine/levers.py
    staff_group: registered-nurses
    effect: {dist: triangular, low: -0.12, mode: -0.08, high: -0.02}
    start_year: 2027
    ramp_up_years: 2
    cost_per_year: 250000
  - name: More nursing degree places
    lever: extra_training_places
    staff_group: registered-nurses
    extra_places: 10                        # or effect: a fraction of staff in post
    start_year: 2027
    cost_per_year: {dist: normal, mean: 120000, sd: 15000}
  - name: Late-career offer
    lever: retirement_deferral
    staff_group: registered-nurses
    effect: -0.2
    start_year: 2028
    cost_per_year: 60000
  - name: Virtual wards
    lever: productivity
    staff_group: registered-nurses
    effect: 0.03
    start_year: 2028
    ramp_up_years: 3
    cost_per_year: 90000
"""

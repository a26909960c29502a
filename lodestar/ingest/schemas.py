"""The tidy output of each source: one row per observation, columns named in users' words.

These are the contract between ``lodestar.ingest`` and everything that stores or draws the
figures (``lodestar.workforce``) or models them (``lodestar.engine`` through
``lodestar.ingest.scenario_inputs``). Periods are dates: the first day of the month a figure is
for (a quarter's figures are dated by the quarter's last month). Codes are ODS codes as
published (upper case). Text values are cleaned: numeric prefixes such as ``005_`` are removed.
"""

from __future__ import annotations

import polars as pl

# NHS Workforce Statistics staff in post, and cohorts aggregated from an organisation's own
# record-level extract (which alone has age bands: published files give age_band "").
STAFF_IN_POST = {
    "period": pl.Date,
    "org_code": pl.String,
    "org_name": pl.String,
    "staff_group": pl.String,  # "Nurses & health visitors"
    "band": pl.String,  # "Band 5", "Very Senior Manager", "Non AfC Grade"; "" when not given
    "age_band": pl.String,  # "25-34"...; "" when the source has no ages
    "fte": pl.Float64,
    "headcount": pl.Int64,
}

# Turnover over the twelve months to ``period`` (published: Joiners, Leavers, Denoms rows; from
# two linked snapshots: counted). ``denom`` is the mean of staff at the start and the end of the
# period, the published convention; opening and stayers are known only from linked snapshots.
TURNOVER = {
    "period": pl.Date,
    "org_code": pl.String,
    "org_name": pl.String,
    "staff_group": pl.String,
    "joiners_hc": pl.Float64,
    "leavers_hc": pl.Float64,
    "denom_hc": pl.Float64,
    "joiners_fte": pl.Float64,
    "leavers_fte": pl.Float64,
    "denom_fte": pl.Float64,
    "opening_hc": pl.Float64,  # null when not known
    "stayers_hc": pl.Float64,  # null when not known
}

# NHS Vacancy Statistics (quarterly), by region or organisation and staff group.
VACANCIES = {
    "period": pl.Date,
    "area_code": pl.String,  # region (Y..) or organisation code
    "area_name": pl.String,
    "staff_group": pl.String,
    "vacancies_fte": pl.Float64,
    "vacancy_rate": pl.Float64,  # per cent of establishment (planned posts)
}

# General Practice Workforce, practice level (one row per practice and period).
GP_PRACTICE = {
    "period": pl.Date,
    "prac_code": pl.String,
    "prac_name": pl.String,
    "pcn_code": pl.String,  # null before March 2020
    "pcn_name": pl.String,
    "icb_code": pl.String,
    "total_patients": pl.Int64,
    "gp_fte": pl.Float64,
    "nurses_fte": pl.Float64,
    "dpc_fte": pl.Float64,  # direct patient care
    "admin_fte": pl.Float64,
    "gp_hc": pl.Int64,
    "nurses_hc": pl.Int64,
    "dpc_hc": pl.Int64,
    "admin_hc": pl.Int64,
}

# ONS subnational population projections, unpivoted: one row per area, sex, age band and year.
# Stored in five-year bands ("0-4" ... "85-89", "90+"); ``band_population`` rebands to a scenario's.
POPULATION = {
    "area_code": pl.String,
    "area_name": pl.String,
    "sex": pl.String,  # "persons", "males", "females"
    "age_band": pl.String,
    "year": pl.Int64,
    "population": pl.Float64,
}

# Flows between two linked snapshots of an organisation's own records, by cohort (organisation,
# staff group, band, age band). ``flow`` is one of FLOWS; a person in both snapshots whose cohort
# changed counts as moved_out of the old cohort and moved_in to the new one (aged_out/aged_in
# when only the age band changed).
FLOWS = ("opening", "closing", "joiners", "leavers", "stayers", "moved_in", "moved_out", "aged_in", "aged_out")
STAFF_FLOWS = {
    "period_from": pl.Date,
    "period": pl.Date,
    "org_code": pl.String,
    "staff_group": pl.String,
    "band": pl.String,
    "age_band": pl.String,
    "flow": pl.String,
    "headcount": pl.Int64,
    "fte": pl.Float64,
}

# The record-level rows of an extract, after the column mapping: held in memory while a file is
# read and aggregated, never stored (ADR 0026).
STAFF_RECORDS = {
    "snapshot": pl.Date,
    "person_id": pl.String,
    "org_code": pl.String,
    "occupation_code": pl.String,
    "staff_group": pl.String,
    "band": pl.String,
    "wte": pl.Float64,
    "age_band": pl.String,
    "start_date": pl.Date,
    "cost_centre": pl.String,
}

"""Write the demo workforce files (lodestar/workforce/data/demo/), in the published layouts.

    .venv/bin/python scripts/make_workforce_demo.py

Synthetic, seeded (the same files every run) and small: NHS Workforce Statistics staff in
post (24 months) and turnover (12-month periods, quarterly), NHS Vacancy Statistics
(quarterly), General Practice Workforce (practice level, four months), an ONS population
projection for the demo council's area (2022 to 2047) and an ESR-like extract of Riverside
Hospitals NHS Foundation Trust's nursing, midwifery and support staff at two snapshots a year
apart. The demo organisations' codes are those of ``lodestar/orgs/demo.py``; the other
organisations are fictional, there so that national comparisons look real. Magnitudes are
realistic (a trust of 5,000 to 8,000 staff, nurses about 30 %, leaver rates 8 to 10 %, nursing
vacancies about 10 %, 85+ growing faster than the rest). ``lodestar.workforce.demo`` loads
them; the files are committed, so run this only to change them.
"""

from __future__ import annotations

import datetime
import hashlib
from pathlib import Path

import numpy as np
import polars as pl

OUT = Path(__file__).resolve().parents[1] / "lodestar" / "workforce" / "data" / "demo"
SEED = 20260930
LAST_MONTH = datetime.date(2026, 9, 1)  # the latest month of the demo figures
MONTHS = 24

NORTH = ("Y99", "North of England (demo)")
SOUTH = ("Y98", "Midlands and South (demo)")

# code, name, region, ICS code, ICS name, care setting, headcount at the start, yearly growth
TRUSTS = [
    ("RVX", "Riverside Hospitals NHS Foundation Trust", NORTH, "QZR", "Riverside ICS", "Acute", 6150, 0.035),
    ("R9C", "Riverside Community Health NHS Trust", NORTH, "QZR", "Riverside ICS", "Community", 2380, 0.025),
    ("R9M", "Moorland General NHS Trust", NORTH, "QZM", "Moorland ICS", "Acute", 4260, 0.02),
    ("R9A", "Northfield Teaching Hospitals NHS Foundation Trust", NORTH, "QZN", "Northfield ICS", "Acute", 7820, 0.03),
    ("R9B", "Eastbrook and Vale NHS Trust", SOUTH, "QZV", "Vale ICS", "Acute", 5240, 0.04),
    ("R9E", "Harbourside University Hospitals NHS Trust", SOUTH, "QZH", "Harbourside ICS", "Acute", 6630, 0.03),
]

CLINICAL, SUPPORT, INFRASTRUCTURE = (
    "100_Professionally qualified clinical staff",
    "200_Support to clinical staff",
    "300_NHS infrastructure support",
)
# Staff Group 1 as published, main staff group, share of headcount, FTE per head, AfC bands and shares
STAFF_GROUPS = [
    ("001_HCHS doctors", CLINICAL, 0.12, 0.93, {"N_Non AfC Grade": 1.0}),
    (
        "005_Nurses & health visitors",
        CLINICAL,
        0.30,
        0.88,
        {"Band 5": 0.52, "Band 6": 0.30, "Band 7": 0.15, "Band 8a": 0.03},
    ),
    ("006_Midwives", CLINICAL, 0.025, 0.82, {"Band 6": 1.0}),
    ("008_Scientific, therapeutic & technical staff", CLINICAL, 0.13, 0.90, {"Band 6": 1.0}),
    ("010_Support to doctors, nurses & midwives", SUPPORT, 0.19, 0.84, {"Band 3": 1.0}),
    ("012_Support to ST&T staff", SUPPORT, 0.05, 0.86, {"Band 3": 1.0}),
    ("014_Central functions", INFRASTRUCTURE, 0.11, 0.89, {"Band 4": 1.0}),
    ("015_Hotel, property & estates", INFRASTRUCTURE, 0.045, 0.76, {"Band 2": 1.0}),
    ("016_Senior managers", INFRASTRUCTURE, 0.012, 0.98, {"Very Senior Manager": 1.0}),
    ("017_Managers", INFRASTRUCTURE, 0.018, 0.97, {"Band 8a": 1.0}),
]
LEAVER_RATE = {"005_Nurses & health visitors": 0.07, "010_Support to doctors, nurses & midwives": 0.12}

CLUSTER = {"Acute": "Acute", "Community": "Community Provider Trust", "Mental health": "Mental Health"}
BENCHMARK = {
    "Acute": "Acute - Large",
    "Community": "Community",
    "Mental health": "Mental Health and Learning Disability",
}


def month_list(last: datetime.date, count: int) -> list[datetime.date]:
    months = []
    year, month = last.year, last.month
    for _ in range(count):
        months.append(datetime.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


def month_end(month: datetime.date) -> datetime.date:
    following = (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return following - datetime.timedelta(days=1)


def plain(group: str) -> str:
    return group.split("_", 1)[1]


def staff_in_post(rng: np.random.Generator) -> pl.DataFrame:
    """One CSV covering 24 months, as the monthly files' rows (split by AfC band)."""
    rows = []
    months = month_list(LAST_MONTH, MONTHS)
    for code, name, (_, region), _, ics, setting, start, growth in TRUSTS:
        for group, main, share, fte_ratio, bands in STAFF_GROUPS:
            base = start * share
            drift = rng.normal(growth, 0.01)
            for i, month in enumerate(months):
                size = base * (1 + drift) ** (i / 12) * (1 + rng.normal(0, 0.004))
                for band, band_share in bands.items():
                    headcount = max(1, round(size * band_share))
                    fte = headcount * fte_ratio * (1 + rng.normal(0, 0.01))
                    rows.append(
                        {
                            "Date": month_end(month).isoformat(),
                            "NHSE_Region_Name": region,
                            "ICS name": ics,
                            "Org code": code,
                            "Org name": name,
                            "Main Staff Group": main,
                            "Staff Group 1": group,
                            "Staff Group 2": group,
                            "Care Setting": setting,
                            "Level": "Organisation",
                            "AfC Band": band,
                            "Total FTE": round(fte, 2),
                            "Total Headcount": headcount,
                        }
                    )
    return pl.DataFrame(rows)


def turnover(rng: np.random.Generator, sip: pl.DataFrame) -> pl.DataFrame:
    """Twelve-month periods ending each quarter of the last eighteen months: Joiners, Leavers, Denoms."""
    periods = [m for m in month_list(LAST_MONTH, 24) if m.month % 3 == 0][-6:]
    totals = sip.group_by("Date", "Org code", "Staff Group 1").agg(
        pl.col("Total Headcount").sum().alias("hc"), pl.col("Total FTE").sum().alias("fte")
    )
    stock = {(r["Date"], r["Org code"], r["Staff Group 1"]): (r["hc"], r["fte"]) for r in totals.iter_rows(named=True)}
    rows = []
    for code, name, (region_code, region), ics_code, ics, setting, _, growth in TRUSTS:
        for group, *_ in STAFF_GROUPS:
            rate = LEAVER_RATE.get(group, 0.085) + rng.normal(0, 0.006)
            for period in periods:
                hc, fte = stock[(month_end(period).isoformat(), code, group)]
                hc_start, fte_start = hc / (1 + growth), fte / (1 + growth)
                denom_hc, denom_fte = (hc + hc_start) / 2, (fte + fte_start) / 2
                leavers = rate * (1 + rng.normal(0, 0.05))
                figures = {
                    "Denoms": (denom_hc, denom_fte),
                    "Leavers": (denom_hc * leavers, denom_fte * leavers),
                    "Joiners": (denom_hc * leavers + hc - hc_start, denom_fte * leavers + fte - fte_start),
                }
                for kind, (count, ftes) in figures.items():
                    rows.append(
                        {
                            "period": period.strftime("%Y%m"),
                            "org_code": code,
                            "org_name": name,
                            "nhse_region_code": region_code,
                            "nhse_region_name": region,
                            "ics_code": ics_code,
                            "ics_name": ics,
                            "cluster_group": CLUSTER[setting],
                            "benchmark_group": BENCHMARK[setting],
                            "staff_group": plain(group),
                            "type": kind,
                            "hc": round(count),
                            "fte": round(ftes, 2),
                        }
                    )
    return pl.DataFrame(rows)


# ---------------------------------------------------------------------- general practice

# code, name, PCN code, PCN name, ICB code, ICB name, region, patients
PRACTICES = [
    ("Y99901", "Bridge Street Surgery", "U99901", "Riverside Central PCN", "QZR", "Riverside ICS", NORTH, 11240),
    ("Y99902", "Riverbank Medical Centre", "U99901", "Riverside Central PCN", "QZR", "Riverside ICS", NORTH, 9310),
    ("Y99903", "Old Mill Surgery", "U99901", "Riverside Central PCN", "QZR", "Riverside ICS", NORTH, 8120),
    ("Y99904", "Moorside Health Centre", "U99902", "Moorland Rural PCN", "QZM", "Moorland ICS", NORTH, 10480),
    ("Y99905", "High Fell Practice", "U99902", "Moorland Rural PCN", "QZM", "Moorland ICS", NORTH, 7960),
    ("Y99906", "Northfield Road Surgery", "U99903", "Northfield North PCN", "QZN", "Northfield ICS", NORTH, 12050),
]
GP_MONTHS = [datetime.date(2025, 12, 1), datetime.date(2026, 3, 1), datetime.date(2026, 6, 1), LAST_MONTH]
# staff type, FTE per 1,000 patients, FTE per head
PRACTICE_STAFF = [("GP", 0.52, 0.72), ("NURSES", 0.27, 0.70), ("DPC", 0.42, 0.74), ("ADMIN", 1.18, 0.71)]


def gp_practice(rng: np.random.Generator, month: datetime.date, index: int) -> pl.DataFrame:
    rows = []
    for code, name, pcn, pcn_name, icb, icb_name, (region_code, region), patients in PRACTICES:
        row = {
            "PRAC_CODE": code,
            "PRAC_NAME": name,
            "PCN_CODE": pcn,
            "PCN_NAME": pcn_name,
            "SUB_ICB_CODE": f"{icb}01",
            "SUB_ICB_NAME": f"{icb_name} - {icb}01",
            "ICB_CODE": icb,
            "ICB_NAME": icb_name,
            "REGION_CODE": region_code,
            "REGION_NAME": region,
            "TOTAL_PATIENTS": round(patients * (1 + 0.002 * index + rng.normal(0, 0.002))),
        }
        for kind, per_thousand, fte_per_head in PRACTICE_STAFF:
            fte = patients / 1000 * per_thousand * (1 + rng.normal(0, 0.06))
            row[f"TOTAL_{kind}_HC"] = max(1, round(fte / fte_per_head))
            row[f"TOTAL_{kind}_FTE"] = round(fte, 2)
        rows.append(row)
    return pl.DataFrame(rows)


# ---------------------------------------------------------------------- population

AREA = ("E06000999", "Riverside")
YEARS = range(2022, 2048)


def population(rng: np.random.Generator) -> pl.DataFrame:
    """Persons by single year of age, 2022 to 2047, for the demo council's area: about 260,000
    people; ages 65+ grow about 1.5 % a year and 85+ about 3 %, younger ages barely."""
    ages = np.arange(91)
    base = 3400 - 6 * ages  # a gently falling age profile ...
    base = np.where(ages >= 60, base * np.exp(-(ages - 60) / 14), base)  # ... thinning from 60
    base = np.where(ages == 90, base[89] * 4.5, base)  # "90 and over" holds every age from 90
    base = base * rng.normal(1, 0.03, size=ages.size)
    growth = np.select([ages >= 85, ages >= 65, ages >= 18], [0.031, 0.015, 0.002], 0.0)
    years = np.array(list(YEARS)) - YEARS.start
    values = base[:, None] * (1 + growth[:, None]) ** years[None, :]
    labels = [str(a) for a in ages[:-1]] + ["90 and over"]
    frame = pl.DataFrame({"AGE_GROUP": labels, **{str(y): values[:, i].round(0) for i, y in enumerate(YEARS)}})
    total = frame.select(pl.lit("All ages").alias("AGE_GROUP"), *(pl.col(str(y)).sum() for y in YEARS))
    frame = pl.concat([frame, total])
    return frame.select(
        pl.lit(AREA[0]).alias("AREA_CODE"),
        pl.lit(AREA[1]).alias("AREA_NAME"),
        pl.lit("Population").alias("COMPONENT"),
        pl.lit("persons").alias("SEX"),
        pl.all(),
    )


# ---------------------------------------------------------------------- own records (ESR-like)

ESR_TRUST = ("RVX", "Riverside Hospitals NHS Foundation Trust")
SNAPSHOTS = [datetime.date(2025, 9, 30), datetime.date(2026, 9, 30)]
AGE_BANDS = ["<25", "25-29", "30-34", "35-39", "40-44", "45-49", "50-54", "55-59", "60-64", "65+"]
# staff group 1, occupation code, people at the first snapshot, bands, age shares, leaver rate, joiners
ESR_GROUPS = [
    (
        "Nurses & health visitors",
        "N0C",
        1840,
        {"Band 5": 0.52, "Band 6": 0.30, "Band 7": 0.15, "Band 8a": 0.03},
        [0.08, 0.14, 0.14, 0.12, 0.11, 0.10, 0.11, 0.10, 0.07, 0.03],
        0.075,
        0.11,
    ),
    (
        "Midwives",
        "N7A",
        150,
        {"Band 6": 0.7, "Band 7": 0.3},
        [0.06, 0.13, 0.14, 0.13, 0.12, 0.11, 0.11, 0.11, 0.07, 0.02],
        0.08,
        0.09,
    ),
    (
        "Support to doctors, nurses & midwives",
        "H1A",
        1170,
        {"Band 2": 0.25, "Band 3": 0.55, "Band 4": 0.20},
        [0.12, 0.10, 0.09, 0.09, 0.09, 0.10, 0.12, 0.13, 0.11, 0.05],
        0.12,
        0.15,
    ),
]
WARDS = ["W101", "W102", "W204", "W205", "W310", "C401", "C402", "M510", "O620", "T700"]


def _people(rng, count, group, occupation, bands, ages, start_after, start_before) -> pl.DataFrame:
    days = (start_before - start_after).days
    return pl.DataFrame(
        {
            "Unique Nhs identifier": [hashlib.sha256(rng.bytes(16)).hexdigest()[:10] for _ in range(count)],
            "Occupation Code": [occupation] * count,
            "STAFF_GROUP_1_NAME": [group] * count,
            "AfC Band": rng.choice(list(bands), size=count, p=list(bands.values())),
            "Contracted WTE": rng.choice([1.0, 1.0, 1.0, 0.8, 0.6, 0.5], size=count),
            "age": rng.choice(len(AGE_BANDS), size=count, p=ages),
            "Assignment Start Date": [
                start_after + datetime.timedelta(days=int(d)) for d in rng.integers(0, days, count)
            ],
            "Cost Centre": [f"{ESR_TRUST[0]}{w}" for w in rng.choice(WARDS, size=count)],
        }
    )


def staff_records(rng: np.random.Generator) -> pl.DataFrame:
    """Two snapshots a year apart: stayers (some a year older, a few re-banded), leavers
    (missing from the second) and joiners (new in the second)."""
    first_day, second_day = SNAPSHOTS
    parts = []
    for group, occupation, count, bands, ages, leaver_rate, joiner_rate in ESR_GROUPS:
        first = _people(rng, count, group, occupation, bands, ages, datetime.date(1990, 1, 1), first_day)
        stay = rng.random(count) >= leaver_rate
        older = rng.random(count) < 0.2  # a year older: one in five crosses into the next five-year band
        second = first.filter(stay).with_columns(
            pl.when(pl.Series(older[stay]) & (pl.col("age") < len(AGE_BANDS) - 1))
            .then(pl.col("age") + 1)
            .otherwise(pl.col("age"))
        )
        joiners = _people(rng, round(count * joiner_rate), group, occupation, bands, ages, first_day, second_day)
        parts += [
            first.with_columns(snapshot=pl.lit(first_day)),
            pl.concat([second, joiners]).with_columns(snapshot=pl.lit(second_day)),
        ]
    frame = pl.concat(parts)
    return frame.select(
        pl.col("snapshot").alias("Tm End Date"),
        "Unique Nhs identifier",
        pl.lit(ESR_TRUST[0]).alias("Reporting Org code"),
        "Occupation Code",
        "STAFF_GROUP_1_NAME",
        "AfC Band",
        "Contracted WTE",
        pl.col("age").replace_strict(dict(enumerate(AGE_BANDS)), return_dtype=pl.String).alias("Age Band"),
        "Assignment Start Date",
        "Cost Centre",
    ).sort("Tm End Date", "Unique Nhs identifier")


# ---------------------------------------------------------------------- vacancies

# staff group, vacancy rate around which each area varies (per cent), share of the staff it covers
VACANCY_GROUPS = [("Registered nurses", 10.2, 0.30), ("Medical", 6.1, 0.12), ("All staff groups", 7.8, 1.0)]


def vacancies(rng: np.random.Generator) -> pl.DataFrame:
    """The quarters of the last two years by NHS England region (as published: region by staff
    group), in Lodestar's documented template (NHS England publishes no single CSV layout). A
    region's staff are about 15 times those of its demo trusts."""
    quarters = [m for m in month_list(LAST_MONTH, 24) if m.month % 3 == 0]
    regions: dict[tuple[str, str], float] = {}
    for _, _, region, *_, start, _ in TRUSTS:
        regions[region] = regions.get(region, 0) + start * 15
    rows = []
    for (code, name), staff in regions.items():
        for group, rate, share in VACANCY_GROUPS:
            level = rate + rng.normal(0, 1.2)
            for i, quarter in enumerate(quarters):
                percent = max(1.0, level - 0.15 * i + rng.normal(0, 0.4))  # falling slowly, as since 2022
                in_post = staff * share * 0.88
                rows.append(
                    {
                        "period": month_end(quarter).isoformat(),
                        "region_code": code,
                        "region_name": name,
                        "staff_group": group,
                        "vacancies_fte": round(in_post * percent / (100 - percent), 1),
                        "vacancy_rate_percent": round(percent, 1),
                    }
                )
    return pl.DataFrame(rows)


# ---------------------------------------------------------------------- writing

FILES = {
    "staff_in_post": "NHS Workforce Statistics staff in post October 2024 to September 2026.csv",
    "turnover": "NHS Workforce Statistics turnover to September 2026.csv",
    "vacancies": "NHS Vacancy Statistics regions to September 2026.csv",
    "population": "ONS SNPP 2022-based persons Riverside.csv",
    "staff_records": "Riverside Hospitals ESR extract September 2025 and September 2026.csv",
}


def gp_file_name(month: datetime.date) -> str:
    return f"General Practice Workforce practice level {month_end(month):%d %B %Y}.csv"


def main() -> None:
    rng = np.random.default_rng(SEED)
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("*.csv"):
        old.unlink()
    sip = staff_in_post(rng)
    frames = {
        FILES["staff_in_post"]: sip,
        FILES["turnover"]: turnover(rng, sip),
        FILES["vacancies"]: vacancies(rng),
        FILES["population"]: population(rng),
        FILES["staff_records"]: staff_records(rng),
    }
    for index, month in enumerate(GP_MONTHS):
        frames[gp_file_name(month)] = gp_practice(rng, month, index)
    total = 0
    for name, frame in frames.items():
        path = OUT / name
        frame.write_csv(path)
        total += path.stat().st_size
        print(f"{path.stat().st_size / 1024:7.1f} KB  {len(frame):6,} rows  {name}")
    print(f"{total / 1024:7.1f} KB in all")


if __name__ == "__main__":
    main()

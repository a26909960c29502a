"""Slow, obviously correct versions of ``lodestar.ingest.linking``: loops over dicts.

They define what the vectorised versions compute; tests/unit/ingest/test_linking.py checks both
agree on random small extracts. Records are dicts with the keys of ``schemas.STAFF_RECORDS``;
results are lists of dicts with the keys of the matching schema, in no particular order.
"""

from __future__ import annotations

from collections import defaultdict

COHORT = ("org_code", "staff_group", "band", "age_band")
GROUP = ("org_code", "staff_group")


def reference_aggregate(records: list[dict]) -> list[dict]:
    """Staff in post by snapshot and cohort: FTE summed, headcount distinct people."""
    fte: dict[tuple, float] = defaultdict(float)
    people: dict[tuple, set] = defaultdict(set)
    for record in records:
        key = (record["snapshot"], *(record[c] for c in COHORT))
        fte[key] += record["wte"]
        people[key].add(record["person_id"])
    rows = []
    for key, total in fte.items():
        period, org, group, band, age = key
        rows.append(
            {
                "period": period,
                "org_code": org,
                "org_name": "",
                "staff_group": group,
                "band": band,
                "age_band": age,
                "fte": total,
                "headcount": len(people[key]),
            }
        )
    return rows


def _snapshots(records: list[dict]) -> dict:
    """snapshot -> {person_id: record}, snapshots in date order."""
    by_snapshot: dict = {}
    for record in sorted(records, key=lambda r: r["snapshot"]):
        by_snapshot.setdefault(record["snapshot"], {})[record["person_id"]] = record
    return by_snapshot


def _pairs(records: list[dict]):
    snapshots = _snapshots(records)
    dates = list(snapshots)
    for earlier, later in zip(dates, dates[1:], strict=False):
        yield earlier, later, snapshots[earlier], snapshots[later]


def _flow_of(before: dict, after: dict) -> tuple[str, str]:
    """How a person in both snapshots moved: (flow out of the old cohort, flow into the new)."""
    if all(before[c] == after[c] for c in COHORT):
        return "stayers", ""
    if all(before[c] == after[c] for c in COHORT if c != "age_band"):
        return "aged_out", "aged_in"
    return "moved_out", "moved_in"


def reference_link(records: list[dict]) -> list[dict]:
    """Flows by cohort between consecutive snapshots (see ``linking`` for the definitions)."""
    totals: dict[tuple, list] = {}

    def count(earlier, later, record: dict, flow: str) -> None:
        key = (earlier, later, *(record[c] for c in COHORT), flow)
        total = totals.setdefault(key, [0, 0.0])
        total[0] += 1
        total[1] += record["wte"]

    for earlier, later, before, after in _pairs(records):
        for person, record in before.items():
            count(earlier, later, record, "opening")
            if person not in after:
                count(earlier, later, record, "leavers")
            else:
                flow_out, flow_in = _flow_of(record, after[person])
                count(earlier, later, record, flow_out)
                if flow_in:
                    count(earlier, later, after[person], flow_in)
        for person, record in after.items():
            count(earlier, later, record, "closing")
            if person not in before:
                count(earlier, later, record, "joiners")
    return [
        {
            "period_from": key[0],
            "period": key[1],
            **dict(zip(COHORT, key[2:6], strict=True)),
            "flow": key[6],
            "headcount": hc,
            "fte": fte,
        }
        for key, (hc, fte) in totals.items()
    ]


def reference_turnover(records: list[dict]) -> list[dict]:
    """Joiners, leavers and mean-stock denominators per organisation and staff group."""
    rows = []
    for _, later, before, after in _pairs(records):
        table: dict[tuple, dict] = {}

        def add(record: dict, name: str, table: dict = table) -> None:
            key = tuple(record[c] for c in GROUP)
            row = table.setdefault(key, defaultdict(float))
            row[f"{name}_hc"] += 1
            row[f"{name}_fte"] += record["wte"]

        for person, record in before.items():
            add(record, "opening")
            other = after.get(person)
            if other is None or any(other[c] != record[c] for c in GROUP):
                add(record, "leavers")
        for person, record in after.items():
            add(record, "closing")
            other = before.get(person)
            if other is None or any(other[c] != record[c] for c in GROUP):
                add(record, "joiners")
        for (org, group), row in table.items():
            rows.append(
                {
                    "period": later,
                    "org_code": org,
                    "org_name": "",
                    "staff_group": group,
                    "joiners_hc": row["joiners_hc"],
                    "leavers_hc": row["leavers_hc"],
                    "denom_hc": (row["opening_hc"] + row["closing_hc"]) / 2,
                    "joiners_fte": row["joiners_fte"],
                    "leavers_fte": row["leavers_fte"],
                    "denom_fte": (row["opening_fte"] + row["closing_fte"]) / 2,
                    "opening_hc": row["opening_hc"],
                    "stayers_hc": row["opening_hc"] - row["leavers_hc"],
                }
            )
    return rows

"""Workforce at a glance: a handful of dated, sourced figures for a Star workshop's evidence pack
and its PDF report.

From the figures of the workshop's lead and partner organisations (and the organisations
beneath them) for the workshop's staff groups:

* staff in post, FTE and headcount, in the latest month, and the change over 12 months;
* the leaver rate over the 12 months to the latest period, beside the national rate;
* the vacancy rate (for the organisations, else for their NHS England region);
* the share of staff aged 55 and over (only an organisation's own records have ages);
* the growth of the population aged 65 and over and 85 and over over the next 10 years, when a
  projection for one of the organisations' areas (a council's) is loaded.

Everything is read through ``queries.figures(viewer, Model)`` and aggregated with
``figures.aggregate``, so the viewer's reach and the small-number suppression (ADR 0027) apply:
a figure from an organisation's own records shown to someone outside it is hidden ("*") when any
of its headcounts is from 1 to 4.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.db.models import Q, QuerySet, Sum
from django.utils import timezone

from lodestar.ingest.sources.population import band_range
from lodestar.orgs.models import Organisation, OrganisationType
from lodestar.workforce import queries
from lodestar.workforce.figures import ANY_RESTRICTED, aggregate, month, ratio
from lodestar.workforce.models import ImportStatus, Population, StaffInPost, Turnover, Vacancy
from lodestar.workforce.suppression import SUPPRESSED_NOTE, SUPPRESSED_TEXT, suppress

EMPTY_TEXT = "No workforce data is loaded for these organisations yet."
STAFF_IN_POST_SOURCE = "NHS Workforce Statistics"
TURNOVER_SOURCE = "NHS Workforce Statistics (turnover)"
OWN_RECORDS_SOURCE = "Organisations' own staff records"
OLDER_STAFF_AGE = 55
HORIZON_YEARS = 10

# Workshop staff groups (lodestar.star.vocab.STAFF_GROUPS keys) -> NHS Workforce Statistics staff
# groups (Staff Group 1, as stored), and -> NHS Vacancy Statistics staff groups. Keys not listed
# (GPs, social care, volunteers...) have no published counterpart and leave the figures for all staff.
PUBLISHED_GROUPS = {
    "registered-nurses": ["Nurses & health visitors"],
    "midwives": ["Midwives"],
    "nursing-associates": ["Support to doctors, nurses & midwives"],
    "support-workers": ["Support to doctors, nurses & midwives"],
    "doctors": ["HCHS doctors"],
    "ahps": ["Scientific, therapeutic & technical staff"],
    "healthcare-scientists": ["Scientific, therapeutic & technical staff"],
    "pharmacy": ["Scientific, therapeutic & technical staff"],
    "paramedics": ["Ambulance staff"],
    "admin": ["Central functions"],
    "leaders": ["Senior managers", "Managers"],
}
VACANCY_GROUPS = {"registered-nurses": ["Registered nurses", "Nursing"], "doctors": ["Medical", "Medical staff"]}
ALL_STAFF_VACANCIES = ["All staff groups", "All staff", "Total"]


@dataclass(frozen=True)
class GlanceFigure:
    label: str
    value: str  # "5,432.1 FTE"; "*" when suppressed
    date: str  # "September 2026", "12 months to September 2026", "2026 to 2036"
    source: str  # "NHS Workforce Statistics"
    note: str = ""  # "Up 3.2 % on September 2025", "England: 8.4 %"
    suppressed: bool = False


@dataclass
class Glance:
    """What the evidence pack and the report show: ``figures`` (empty: show ``empty_text``)."""

    organisations: list[str]
    staff_groups: list[str]  # the published staff groups the figures cover; empty: all staff
    figures: list[GlanceFigure] = field(default_factory=list)
    empty_text: str = EMPTY_TEXT

    @property
    def scope(self) -> str:
        groups = ", ".join(self.staff_groups) if self.staff_groups else "all staff groups"
        return f"{', '.join(self.organisations)}; {groups}."

    @property
    def suppressed_note(self) -> str:
        return SUPPRESSED_NOTE if any(f.suppressed for f in self.figures) else ""


# ------------------------------------------------------------------------------ scope


def workshop_organisations(workshop) -> list[Organisation]:
    return [workshop.lead_organisation, *workshop.partner_organisations.order_by("name")]


def published_groups(staff_groups) -> list[str]:
    """The published staff groups for a workshop's staff group keys; [] means all staff."""
    keys = list(staff_groups or [])
    if not keys or "all" in keys or not any(k in PUBLISHED_GROUPS for k in keys):
        return []
    return list(dict.fromkeys(g for k in keys for g in PUBLISHED_GROUPS.get(k, [])))


def _beneath_any(rows: QuerySet, organisations: list[Organisation]) -> QuerySet:
    """``rows`` for any of ``organisations`` or those beneath them (none for an organisation
    without a path: an empty path would match every row)."""
    paths = [o.path for o in organisations if o.path]
    if not paths:
        return rows.none()
    return rows.filter(reduce(or_, (Q(organisation__path__startswith=p) for p in paths)))


def _regions_of(organisations: list[Organisation]) -> QuerySet:
    """The NHS England regions above ``organisations`` (read from their paths: one query, when run)."""
    ids = {i for o in organisations for i in o.ancestor_ids(include_self=True)}
    return Organisation.objects.filter(pk__in=ids, type=OrganisationType.REGION)


def _in_groups(rows: QuerySet, groups: list[str]) -> QuerySet:
    return rows.filter(staff_group__in=groups) if groups else rows


def _year_before(day: datetime.date) -> datetime.date:
    return day.replace(year=day.year - 1)


def _number(value: float | None, places: int = 0, unit: str = "") -> str:
    if value is None:
        return SUPPRESSED_TEXT
    text = f"{value:,.{places}f}"
    return f"{text} {unit}".strip()


def _percent(value: float | None) -> str:
    return SUPPRESSED_TEXT if value is None else f"{value:.1f}%"


def _change(now: float | None, before: float | None, when: datetime.date) -> str:
    change = ratio(now - before, before) if now is not None and before is not None else None
    if change is None:
        return ""
    direction = "Up" if change > 0 else "Down" if change < 0 else "No change"
    return f"{direction} {abs(change):.1f}% on {month(when)}" if change else f"No change on {month(when)}"


# ------------------------------------------------------------------------------ figures
# Each reads its rows with one or two grouped queries and works out the figure from the cells.


def _by_period(rows: QuerySet, sums: list[str], headcounts: list[str]) -> dict:
    return {c["period"]: c for c in aggregate(rows, by=["period"], sums=sums, headcounts=headcounts)}


def _published_else_own(rows: QuerySet, sums: list[str], headcounts: list[str]) -> tuple[dict, str]:
    """Cells by period from published figures, else from organisations' own records."""
    cells = _by_period(queries.published_only(rows), sums, headcounts)
    if cells:
        return cells, ""
    return _by_period(queries.own_records_only(rows), sums, headcounts), OWN_RECORDS_SOURCE


def _staff_in_post(staff: QuerySet, organisations, groups) -> list[GlanceFigure]:
    rows = _in_groups(_beneath_any(staff, organisations), groups)
    cells, own = _published_else_own(rows, ["fte", "headcount"], ["headcount"])
    if not cells:
        return []
    latest = max(cells)
    earlier = _year_before(latest)
    now, before, source = cells[latest], cells.get(earlier, {}), own or STAFF_IN_POST_SOURCE
    return [
        GlanceFigure(
            "Staff in post (full-time equivalent)",
            _number(now["fte"], 0, "FTE"),
            month(latest),
            source,
            _change(now["fte"], before.get("fte"), earlier),
            now["suppressed"],
        ),
        GlanceFigure(
            "Staff in post (headcount)",
            _number(now["headcount"], 0, "people"),
            month(latest),
            source,
            _change(now["headcount"], before.get("headcount"), earlier),
            now["suppressed"],
        ),
    ]


def _leaver_rate(turnover: QuerySet, organisations, groups) -> list[GlanceFigure]:
    sums = ["leavers_hc", "denom_hc"]
    rows = _in_groups(turnover, groups)
    cells, own = _published_else_own(_beneath_any(rows, organisations), sums, sums)
    if not cells:
        return []
    latest = max(cells)
    cell = cells[latest]
    (national,) = aggregate(queries.published_only(rows).filter(period=latest), by=[], sums=sums, headcounts=sums)
    national_rate = ratio(national["leavers_hc"], national["denom_hc"])
    note = f"All organisations loaded: {_percent(national_rate)}" if national_rate is not None else ""
    rate = ratio(cell["leavers_hc"], cell["denom_hc"])
    when = f"12 months to {month(latest)}"
    return [GlanceFigure("Leaver rate", _percent(rate), when, own or TURNOVER_SOURCE, note, cell["suppressed"])]


def _vacancy_cells(vacancies: QuerySet, organisations, group_keys) -> tuple[list[dict], str]:
    """Vacancy rows for the organisations (else their regions), in the workshop's staff groups
    when the statistics name them, else for all staff; and whose figures they are ("" when the
    organisations' own)."""
    wanted = list(dict.fromkeys(g for k in group_keys or [] for g in VACANCY_GROUPS.get(k, [])))
    fields = ["period", "staff_group", "vacancies_fte", "vacancy_rate", "organisation__name"]
    for scoped, regional in (
        (_beneath_any(vacancies, organisations), False),
        (vacancies.filter(organisation__in=_regions_of(organisations)), True),
    ):
        rows = list(scoped.filter(staff_group__in=[*wanted, *ALL_STAFF_VACANCIES]).values(*fields))
        chosen = [r for r in rows if r["staff_group"] in wanted] or rows
        if chosen:
            whose = ", ".join(sorted({r["organisation__name"] for r in chosen})) if regional else ""
            return chosen, whose
    return [], ""


def _vacancy_rate(vacancies: QuerySet, organisations, group_keys) -> list[GlanceFigure]:
    rows, whose = _vacancy_cells(vacancies, organisations, group_keys)
    if not rows:
        return []
    latest = max(r["period"] for r in rows)
    latest_rows = [r for r in rows if r["period"] == latest and r["vacancy_rate"] > 0]
    vacancies_fte = sum(r["vacancies_fte"] for r in latest_rows)
    establishment = sum(r["vacancies_fte"] * 100 / r["vacancy_rate"] for r in latest_rows)
    groups = sorted({r["staff_group"] for r in latest_rows})
    label = f"Vacancy rate ({', '.join(groups)})" if groups else "Vacancy rate"
    note = f"Region: {whose} (no figures for the organisations themselves)" if whose else ""
    rate = _percent(ratio(vacancies_fte, establishment))
    return [GlanceFigure(label, rate, f"Quarter to {month(latest)}", "NHS Vacancy Statistics", note)]


def _band_from(age_band: str, age: int) -> bool:
    try:
        return band_range(age_band)[0] >= age
    except ValueError:
        return False


def _older_staff(staff: QuerySet, organisations, groups) -> list[GlanceFigure]:
    """The share aged 55 and over in the latest month of the organisations' own records: the two
    headcounts are summed from the age bands first, then suppressed together (ADR 0027)."""
    rows = _in_groups(_beneath_any(queries.own_records_only(staff), organisations), groups).exclude(age_band="")
    bands = list(rows.values("period", "age_band").annotate(people=Sum("headcount"), restricted_cell=ANY_RESTRICTED))
    if not bands:
        return []
    latest = max(b["period"] for b in bands)
    latest_bands = [b for b in bands if b["period"] == latest]
    cell = {
        "older": sum(b["people"] for b in latest_bands if _band_from(b["age_band"], OLDER_STAFF_AGE)),
        "headcount": sum(b["people"] for b in latest_bands),
        "restricted": any(b["restricted_cell"] for b in latest_bands),
    }
    (cell,) = suppress([cell], headcounts=["older", "headcount"], figures=[])
    share = ratio(cell["older"], cell["headcount"])
    note = "" if cell["suppressed"] else f"{cell['older']:,} of {cell['headcount']:,} people"
    label = f"Staff aged {OLDER_STAFF_AGE} and over"
    return [GlanceFigure(label, _percent(share), month(latest), OWN_RECORDS_SOURCE, note, cell["suppressed"])]


def _population_cells(population: QuerySet, organisations) -> tuple[dict[tuple[int, str], float], list[str]]:
    """(year, age band) -> people for the organisations' areas (persons, else males and females
    summed), and the areas' names."""
    by = ["area_name", "sex", "year", "age_band"]
    cells = aggregate(_beneath_any(population, organisations), by=by, sums=["population"])
    persons = [c for c in cells if c["sex"] == "persons"] or cells
    found: dict[tuple[int, str], float] = {}
    for c in persons:
        key = (c["year"], c["age_band"])
        found[key] = found.get(key, 0) + (c["population"] or 0)
    return found, sorted({c["area_name"] for c in persons})


def _population(population: QuerySet, organisations) -> list[GlanceFigure]:
    cells, areas = _population_cells(population, organisations)
    years = sorted({year for year, _ in cells})
    if not years:
        return []
    start = min(max(timezone.localdate().year, years[0]), years[-1] - HORIZON_YEARS)
    end = start + HORIZON_YEARS
    if start not in years or end not in years:
        return []
    found = []
    for age in (65, 85):
        first, last = (
            sum(v for (y, band), v in cells.items() if y == year and _band_from(band, age)) for year in (start, end)
        )
        growth = ratio(last - first, first)
        if growth is None:
            continue
        found.append(
            GlanceFigure(
                f"Population aged {age} and over, {', '.join(areas)}",
                f"{'+' if growth >= 0 else ''}{growth:.0f}% in {HORIZON_YEARS} years",
                f"{start} to {end}",
                "ONS subnational population projections",
                f"{first:,.0f} in {start}, {last:,.0f} in {end}",
            )
        )
    return found


def at_a_glance(workshop, viewer) -> Glance:
    """The workshop's workforce figures as ``viewer`` may see them."""
    organisations = workshop_organisations(workshop)
    groups = published_groups(workshop.staff_groups)
    glance = Glance(organisations=[o.name for o in organisations], staff_groups=groups)
    if not queries.imports(viewer).filter(status=ImportStatus.LOADED).exists():
        return glance  # nothing loaded that the viewer may see: no need to ask each table
    staff = queries.figures(viewer, StaffInPost)
    glance.figures = [
        *_staff_in_post(staff, organisations, groups),
        *_leaver_rate(queries.figures(viewer, Turnover), organisations, groups),
        *_vacancy_rate(queries.figures(viewer, Vacancy), organisations, workshop.staff_groups),
        *_older_staff(staff, organisations, groups),
        *_population(queries.figures(viewer, Population), organisations),
    ]
    return glance

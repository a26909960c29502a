"""A presenter per workforce figure page: its filters, its suppressed figures, its chart and its
table, ready for the template (which only lays them out) and the downloads.

    page = StaffInPostPage(request.user, request.GET)   # Http404 for an organisation out of reach
    page.rows        # cells after suppression (dicts keyed by page.columns)
    page.chart       # accessible SVG, or None when there is nothing to draw
    page.table       # [[{"text", "numeric"}]] for the nhsuk table beneath the chart

``figure_pages()`` lists the pages for the Workforce front page.
"""

from __future__ import annotations

from functools import cached_property

from django.db.models import Case, F, FloatField, Sum, When

from lodestar.ingest import rates
from lodestar.workforce import charts, queries
from lodestar.workforce.figures import (
    Column,
    FigurePage,
    Select,
    aggregate,
    grouped,
    hide_small,
    month,
    ratio,
    rollup,
    short_month,
)
from lodestar.workforce.models import GPPractice, Population, StaffInPost, Turnover, Vacancy
from lodestar.workforce.suppression import SUPPRESSED_TEXT


def _age_start(band: str) -> int:
    """The first age in a band ("55-64" -> 55, "65+" -> 65); -1 when there is none."""
    digits = "".join(c if c.isdigit() else " " for c in band).split()
    return int(digits[0]) if digits else -1


class StaffInPostPage(FigurePage):
    slug = "staff-in-post"
    title = "Staff in post"
    description = "Full-time equivalent (FTE) staff and headcount over time, by staff group and band."
    noun = "staff in post figures"
    columns = (
        Column("period", "Period", "period"),
        Column("staff_group", "Staff group", "text"),
        Column("band", "Band", "text"),
        Column("fte", "FTE"),
        Column("headcount", "Headcount", "count"),
    )

    sums = ("fte", "headcount")

    @property
    def detail(self) -> list[dict]:
        """By period, staff group and band (one query, by the Selection; not yet suppressed)."""
        return self.selection.cells

    def _hidden(self, cells: list[dict]) -> list[dict]:
        return hide_small(cells, headcounts=["headcount"], figures=self.sums)

    def table_rows(self):  # the downloads: by band too
        return self._hidden(self.detail)

    @cached_property
    def shown_rows(self) -> list[dict]:  # the page: by period and staff group
        return self._hidden(rollup(self.detail, by=["period", "staff_group"], sums=self.sums))

    @property
    def shown_columns(self):
        return [c for c in self.columns if c.key != "band"]

    @cached_property
    def totals(self) -> list[dict]:
        return self._hidden(rollup(self.detail, by=["period"], sums=self.sums))

    def draw(self):
        points = self.totals
        last = points[-1]
        words = f"{month(last['period'])}: {charts.number(last['fte'])} FTE, {charts.number(last['headcount'])} people."
        if last["suppressed"]:
            words = f"{month(last['period'])}: hidden, fewer than 5 people."
        return charts.line_chart(
            uid="staff-in-post",
            title=self.chart_title,
            description=f"Staff in post in each period from {month(points[0]['period'])}. Latest, {words}",
            labels=[short_month(p["period"]) for p in points],
            series=[
                charts.Series("FTE (solid line)", [p["fte"] for p in points]),
                charts.Series("Headcount (dashed line)", [p["headcount"] for p in points]),
            ],
            unit="Staff",
        )


class AgeProfilePage(FigurePage):
    slug = "age-profile"
    title = "Age profile"
    description = "Staff by age band from organisations' own records, and the share aged 55 and over."
    noun = "age profile figures (from organisations' own staff records)"
    latest = True
    offer_data_from = False
    columns = (
        Column("age_band", "Age band", "text"),
        Column("headcount", "Headcount", "count"),
        Column("fte", "FTE"),
        Column("share", "Share of headcount", "percent"),
    )

    def base_rows(self, user):
        # Only own records have age bands (published staff in post has none).
        return queries.own_records_only(queries.figures(user, StaffInPost)).exclude(age_band="")

    SUMS = ("headcount", "fte")

    @cached_property
    def detail(self) -> list[dict]:
        """One query: staff by age band (not yet suppressed)."""
        return grouped(self.selection.rows, by=["age_band"], sums=self.SUMS)

    def _total(self, cells: list[dict]) -> dict:
        """``cells`` added up into one, suppressed like any cell."""
        total = rollup(cells, by=[], sums=self.SUMS) or [{"headcount": 0, "fte": 0.0, "restricted": False}]
        return hide_small(total, headcounts=["headcount"], figures=self.SUMS)[0]

    @cached_property
    def whole(self) -> dict:
        return self._total(self.detail)

    def table_rows(self):
        cells = hide_small(self.detail, headcounts=["headcount"], figures=self.SUMS)
        for cell in cells:
            cell["share"] = ratio(cell["headcount"], self.whole["headcount"])
        return sorted(cells, key=lambda c: _age_start(c["age_band"]), reverse=True)

    @cached_property
    def older(self) -> dict:
        cell = self._total([c for c in self.detail if _age_start(c["age_band"]) >= 55])
        cell["share"] = ratio(cell["headcount"], self.whole["headcount"])
        return cell

    def summary(self):
        older = self.older
        if older["share"] is None:
            return [f"Aged 55 and over (retirement risk): {SUPPRESSED_TEXT} (too few people to show)."]
        return [
            f"Aged 55 and over (retirement risk): {older['share']:.1f}% of headcount "
            f"({older['headcount']:,.0f} of {self.whole['headcount']:,.0f} people) in {month(self.selection.period)}."
        ]

    def draw(self):
        rows = self.rows
        return charts.hbar_chart(
            uid="age-profile",
            title=f"{self.chart_title}, {month(self.selection.period)}",
            description="Headcount by age band, oldest at the top. " + " ".join(self.summary()),
            labels=[r["age_band"] for r in rows],
            series=[charts.Series("Headcount", [r["headcount"] for r in rows])],
            unit="Headcount",
        )


class TurnoverPage(FigurePage):
    slug = "turnover"
    title = "Leavers, joiners and stability"
    description = "Leaver, joiner and stability rates over time, against the national figure."
    noun = "turnover figures"
    model = Turnover
    uses = ("organisation", "staff_group", "period")
    HEADCOUNTS = ["joiners_hc", "leavers_hc", "denom_hc", "opening_hc", "stayers_hc"]
    columns = (
        Column("period", "Twelve months to", "period"),
        Column("leavers_hc", "Leavers", "count"),
        Column("joiners_hc", "Joiners", "count"),
        Column("denom_hc", "Average staff in post", "number"),
        Column("leaver_rate", "Leaver rate", "percent"),
        Column("joiner_rate", "Joiner rate", "percent"),
        Column("stability", "Stability", "percent"),
        Column("national_leaver_rate", "National leaver rate", "percent"),
    )

    sums = HEADCOUNTS

    def _cells(self, cells: list[dict]) -> list[dict]:
        """Turnover by period with its rates in per cent (``lodestar.ingest.rates``, the published
        convention: over the mean staff in post; stability exact when stayers are known)."""
        cells = rollup(cells, by=["period"], sums=self.HEADCOUNTS)
        cells = hide_small(cells, headcounts=self.HEADCOUNTS, figures=self.HEADCOUNTS)
        for cell in cells:
            known = not cell["suppressed"] and None not in (cell["joiners_hc"], cell["leavers_hc"], cell["denom_hc"])
            found = rates.row_rates(cell) if known else {}
            for key, column in (
                ("leaver_rate", "leaver_rate"),
                ("joiner_rate", "joiner_rate"),
                ("stability_index", "stability"),
            ):
                cell[column] = None if found.get(key) is None else found[key] * 100
        return cells

    @cached_property
    def national(self) -> dict:
        """National rates by period: every live published turnover row, with this page's staff
        group and period, whatever the organisation."""
        rows = queries.published_only(queries.figures(self.user, Turnover))
        for name in ("staff_group", "period"):
            if self.selection.value(name):
                rows = rows.filter(**{name: self.selection.value(name)})
        cells = grouped(rows, by=["period"], sums=self.HEADCOUNTS)
        return {c["period"]: c["leaver_rate"] for c in self._cells(cells)}

    def table_rows(self):
        cells = self._cells(self.selection.cells)
        for cell in cells:
            cell["national_leaver_rate"] = self.national.get(cell["period"])
        return cells

    def draw(self):
        rows = self.rows
        series = [
            charts.Series("Leaver rate (solid)", [r["leaver_rate"] for r in rows]),
            charts.Series("Joiner rate (dashed)", [r["joiner_rate"] for r in rows]),
            charts.Series("National leaver rate (dotted)", [r["national_leaver_rate"] for r in rows]),
        ]
        series.append(charts.Series("Stability (dash-dot)", [r["stability"] for r in rows]))
        last = rows[-1]
        words = ", ".join(
            f"{s.name.split(' (')[0].lower()} "
            + ("hidden (fewer than 5 people)" if s.values[-1] is None else f"{charts.number(s.values[-1])}%")
            for s in series
        )
        return charts.line_chart(
            uid="turnover",
            title=self.chart_title,
            description=f"Rates over the twelve months to each period, per cent. {month(last['period'])}: {words}.",
            labels=[short_month(r["period"]) for r in rows],
            series=series,
            unit="Per cent",
        )


class VacanciesPage(FigurePage):
    slug = "vacancies"
    title = "Vacancies"
    description = "Vacancies (FTE) and the vacancy rate over time, by staff group."
    noun = "vacancy figures"
    model = Vacancy
    uses = ("organisation", "staff_group", "period")
    columns = (
        Column("period", "Period", "period"),
        Column("staff_group", "Staff group", "text"),
        Column("vacancies_fte", "Vacancies (FTE)"),
        Column("vacancy_rate", "Vacancy rate", "percent"),
    )
    # Planned posts behind each published rate (vacancies / rate), so that rates of several
    # areas or staff groups combine as total vacancies over total planned posts.
    ESTABLISHMENT = Sum(
        Case(When(vacancy_rate__gt=0, then=F("vacancies_fte") * 100.0 / F("vacancy_rate")), output_field=FloatField())
    )

    sums = ("vacancies_fte",)
    extra = {"establishment": ESTABLISHMENT}

    @property
    def detail(self) -> list[dict]:
        """Vacancies and planned posts by period and staff group (one query, by the Selection)."""
        return self.selection.cells

    def _cells(self, cells: list[dict]) -> list[dict]:
        cells = hide_small(cells, headcounts=[], figures=["vacancies_fte", "establishment"])
        for cell in cells:
            cell["vacancy_rate"] = ratio(cell["vacancies_fte"], cell["establishment"])
        return cells

    def table_rows(self):
        return self._cells(self.detail)

    def draw(self):
        points = self._cells(rollup(self.detail, by=["period"], sums=["vacancies_fte", "establishment"]))
        last = points[-1]
        rate = "" if last["vacancy_rate"] is None else f", a vacancy rate of {last['vacancy_rate']:.1f}%"
        return charts.bar_chart(
            uid="vacancies",
            title=self.chart_title,
            description=(
                f"Vacancies in full-time equivalents in each period. {month(last['period'])}: "
                f"{charts.number(last['vacancies_fte'])} FTE{rate}."
            ),
            labels=[short_month(p["period"]) for p in points],
            series=[charts.Series("Vacancies (FTE)", [p["vacancies_fte"] for p in points])],
            unit="FTE",
        )


class GPWorkforcePage(FigurePage):
    slug = "gp-workforce"
    title = "GP workforce per 10,000 patients"
    description = "GPs, nurses, direct patient care and admin staff (FTE) per 10,000 patients, by practice or PCN."
    noun = "general practice workforce figures"
    model = GPPractice
    uses = ("organisation", "period")
    latest = True
    ROLES = (("gp", "GPs"), ("nurses", "Nurses"), ("dpc", "Direct patient care"), ("admin", "Admin"))
    HEADCOUNTS = [f"{key}_hc" for key, _ in ROLES]
    LEVELS = {"practice": ("prac_code", "prac_name"), "pcn": ("pcn_code", "pcn_name")}
    CHART_ROWS = 25

    def __init__(self, user, params):
        super().__init__(user, params)
        level = params.get("level", "")
        self.level = level if level in self.LEVELS else "practice"
        options = [("practice", "Practices"), ("pcn", "Primary care networks (PCNs)")]
        self.selection.selects.append(Select("level", "Show", options, self.level))

    @property
    def columns(self):
        name = "Practice" if self.level == "practice" else "PCN"
        return (
            Column("code", f"{name} code", "text"),
            Column("name", name, "text"),
            Column("total_patients", "Registered patients", "count"),
            *(Column(f"{key}_per_10k", f"{label} FTE per 10,000 patients") for key, label in self.ROLES),
        )

    def table_rows(self):
        code, name = self.LEVELS[self.level]
        sums = ["total_patients", *[f"{key}_fte" for key, _ in self.ROLES], *self.HEADCOUNTS]
        cells = aggregate(self.selection.rows, by=[code, name], sums=sums, headcounts=self.HEADCOUNTS)
        for cell in cells:
            cell["code"], cell["name"] = cell.pop(code) or "No PCN", cell.pop(name) or ""
            for key, _ in self.ROLES:
                cell[f"{key}_per_10k"] = ratio(cell[f"{key}_fte"], cell["total_patients"], 10_000)
        return cells

    def draw(self):
        rows = self.rows[: self.CHART_ROWS]
        more = len(self.rows) - len(rows)
        extra = f" The chart shows the first {len(rows)}; the table has all {len(self.rows)}." if more else ""
        return charts.hbar_chart(
            uid="gp-workforce",
            title=f"{self.chart_title}, {month(self.selection.period)}",
            description=f"Full-time equivalent staff per 10,000 registered patients, by role.{extra}",
            labels=[r["name"] or r["code"] for r in rows],
            series=[charts.Series(label, [r[f"{key}_per_10k"] for r in rows]) for key, label in self.ROLES],
            unit="FTE per 10,000 patients",
        )


class PopulationPage(FigurePage):
    slug = "population"
    title = "Population projection"
    description = "Projected population by age band for an area, against the first year projected."
    noun = "population projections"
    model = Population
    uses = ()
    offer_data_from = False

    def __init__(self, user, params):
        super().__init__(user, params)
        selection, rows = self.selection, self.selection.rows
        areas = dict(rows.order_by("area_name").values_list("area_code", "area_name").distinct())
        first = next(iter(areas), "")
        selection.rows = selection.narrow("area_code", "Area", None, [(c, n or c) for c, n in areas.items()], first)
        sexes = selection.distinct("sex")
        default = "persons" if "persons" in sexes else ""
        selection.rows = selection.narrow("sex", "Sex", None if default else "All", sexes, default)
        self.years = sorted({int(y) for y in selection.distinct("year")})
        self.base_year = self.years[0] if self.years else None
        options = [(str(y), str(y)) for y in self.years]
        latest = options[-1][0] if options else ""
        wanted = params.get("year", "")
        self.year = int(wanted) if wanted in dict(options) else (int(latest) if latest else None)
        selection.selects.append(Select("year", "Year", options, str(self.year or "")))

    @property
    def area_name(self) -> str:
        return next((s.chosen_text for s in self.selection.selects if s.name == "area_code"), "")

    def table_rows(self):
        if self.year is None:
            return []
        rows = self.selection.rows.filter(year__in={self.base_year, self.year})
        cells = aggregate(rows, by=["age_band", "year"], sums=["population"])
        by_band: dict[str, dict] = {}
        for cell in cells:
            band = by_band.setdefault(cell["age_band"], {"age_band": cell["age_band"], "suppressed": False})
            if cell["year"] == self.base_year:
                band["base"] = cell["population"]
            if cell["year"] == self.year:
                band["chosen"] = cell["population"]
        for band in by_band.values():
            band["change"] = ratio((band.get("chosen") or 0) - (band.get("base") or 0), band.get("base"))
        return sorted(by_band.values(), key=lambda c: _age_start(c["age_band"]), reverse=True)

    @property
    def columns(self):
        return (
            Column("age_band", "Age band", "text"),
            Column("base", f"{self.base_year}"),
            Column("chosen", f"{self.year}"),
            Column("change", "Change", "percent"),
        )

    def draw(self):
        rows = self.rows
        return charts.hbar_chart(
            uid="population",
            title=f"Population projection, {self.area_name}: {self.base_year} and {self.year}",
            description=f"People by age band, oldest at the top, in {self.base_year} and projected for {self.year}.",
            labels=[r["age_band"] for r in rows],
            series=[
                charts.Series(f"{self.base_year} (dark)", [r.get("base") for r in rows]),
                charts.Series(f"{self.year} (hatched)", [r.get("chosen") for r in rows]),
            ],
            unit="People",
        )


PAGES: tuple[type[FigurePage], ...] = (
    StaffInPostPage,
    AgeProfilePage,
    TurnoverPage,
    VacanciesPage,
    GPWorkforcePage,
    PopulationPage,
)


def figure_pages() -> list[tuple[str, str, str]]:
    """(title, url name, description) of each figure page, for the Workforce front page."""
    return [(page.title, f"workforce:{page.slug}", page.description) for page in PAGES]

"""What a figure page reads: its filters (from the query string) and its figures, aggregated in SQL
and suppressed (ADR 0027) before anything else sees them.

    selection = Selection(user, request.GET, rows=queries.figures(user, StaffInPost), uses=("staff_group", "period"))
    selection.rows                 # the live rows the filters leave (a queryset)
    selection.selects              # the filters as NHS.UK selects, with the current choice
    cells = aggregate(selection.rows, by=["period"], sums=["fte", "headcount"], headcounts=["headcount"])

Rows come only through ``lodestar.workforce.queries`` (scoped to the user's reach and annotated
``restricted``). ``aggregate`` groups and sums in the database, marks a cell restricted when any
row in it is, and passes every cell through ``suppression.suppress``: a restricted cell with a
headcount from 1 to 4 comes back with its figures None and ``suppressed`` True.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Case, Exists, IntegerField, Max, OuterRef, Sum, Value, When
from django.http import Http404
from markupsafe import Markup

from lodestar.orgs.models import Organisation
from lodestar.orgs.permissions import Permission
from lodestar.workforce import queries
from lodestar.workforce.models import FIGURE_TABLES, ImportStatus, StaffInPost
from lodestar.workforce.suppression import SUPPRESSED_NOTE, SUPPRESSED_TEXT, suppress

PUBLISHED, OWN = "published", "own"
DATA_FROM = {PUBLISHED: "Published statistics", OWN: "Organisations' own records"}
# Any own-records row in a cell makes the cell restricted (Max of 0/1: PostgreSQL has no max(boolean)).
ANY_RESTRICTED = Max(Case(When(restricted=True, then=Value(1)), default=Value(0), output_field=IntegerField()))


def month(day: datetime.date | None) -> str:
    """A period as people write it: "September 2024"."""
    return day.strftime("%B %Y") if day else ""


def short_month(day: datetime.date) -> str:
    return day.strftime("%b %Y")


def ratio(numerator, denominator, scale: float = 100.0) -> float | None:
    """``numerator`` per ``denominator`` times ``scale`` (per cent by default); None when either is
    unknown (suppressed) or the denominator is not positive. The published leaver rate is leavers
    over the mean staff in post (the ``denom``) and is computed here, the same way for national
    and local rows."""
    if numerator is None or denominator is None or denominator <= 0:
        return None
    return numerator / denominator * scale


@dataclass
class Select:
    """One filter: an NHS.UK select in the page's GET form."""

    name: str
    label: str
    options: list[tuple[str, str]]
    value: str = ""
    all_text: str | None = None  # the first option ("All staff groups"); None when a choice is required

    @property
    def items(self) -> list[dict]:
        first = [{"value": "", "text": self.all_text, "selected": not self.value}] if self.all_text else []
        return first + [{"value": v, "text": t, "selected": v == self.value} for v, t in self.options]

    @property
    def chosen_text(self) -> str:
        return dict(self.options).get(self.value, "")


@dataclass
class Selection:
    """The page's rows after its filters. ``uses`` names the filters the page offers, in order:
    organisation, staff_group, band, period (``latest`` makes the newest period the default and
    drops "All periods").

    With ``sums``, the figures are read in one query: grouped by the filters' dimensions (period,
    staff group, band) and ``group_by``, summed (``grouped``, not yet suppressed) into ``cells``;
    the filters' choices come from those cells and narrow them in Python. Without, the choices
    come from one scan of the rows and narrow ``rows`` in SQL, for the page to read."""

    user: object
    params: Mapping[str, str]
    rows: object  # queryset from queries.figures
    uses: Sequence[str] = ("organisation", "staff_group", "band", "period")
    latest: bool = False
    offer_data_from: bool = True
    sums: Sequence[str] = ()
    extra: Mapping | None = None
    group_by: Sequence[str] = ()
    selects: list[Select] = field(default_factory=list)
    organisation: Organisation | None = None
    data_from: str = ""
    loaded: bool = False
    cells: list[dict] = field(default_factory=list)

    def __post_init__(self):
        if self.offer_data_from:
            self._choose_source()
        else:
            self.loaded = self.rows.exists()
        if "organisation" in self.uses:
            self._choose_organisation()
        dimensions = [d for d in ("period", "staff_group", "band") if d in self.uses]
        if self.sums:
            self.cells = grouped(self.rows, by=[*dimensions, *self.group_by], sums=self.sums, extra=self.extra)
            combinations = [tuple(c[d] for d in dimensions) for c in self.cells]
        else:  # the choices for every filter from one scan of the rows (not one per filter)
            combinations = list(self.rows.order_by().values_list(*dimensions).distinct()) if dimensions else []
        choices = {d: sorted({c[i] for c in combinations} - {"", None}) for i, d in enumerate(dimensions)}
        for name, label, all_text in (
            ("staff_group", "Staff group", "All staff groups"),
            ("band", "Band", "All bands"),
        ):
            if name in self.uses:
                self.rows = self.narrow(name, label, all_text, choices[name])
        if "period" in self.uses:
            options = [(p.isoformat(), month(p)) for p in reversed(choices["period"])]
            default = options[0][0] if self.latest and options else ""
            self.rows = self.narrow("period", "Period", None if self.latest else "All periods", options, default)

    def distinct(self, name: str) -> list:
        values = self.rows.order_by(name).values_list(name, flat=True).distinct()
        return [v for v in values if v not in ("", None)]

    def narrow(self, name, label, all_text, options, default: str = ""):
        """Add the filter ``name`` and return ``rows`` narrowed to its choice (``cells`` too)."""
        options = [o if isinstance(o, tuple) else (o, o) for o in options]
        wanted = self.params.get(name, "") or default
        value = wanted if wanted in dict(options) else default
        self.selects.append(Select(name, label, options, value, all_text))
        if not value:
            return self.rows
        chosen = datetime.date.fromisoformat(value) if name == "period" else value
        if self.cells:
            self.cells = [c for c in self.cells if c[name] == chosen]
        return self.rows.filter(**{name: chosen})

    def _choose_source(self) -> None:
        """Published statistics or organisations' own records, when both are loaded: which
        visible loaded imports have live rows here, in one query of the imports."""
        has_rows = Exists(self.rows.filter(load=OuterRef("pk")))
        sources = [s for s, tables in FIGURE_TABLES.items() if self.rows.model in tables]
        owners = (
            queries.imports(self.user)
            .filter(status=ImportStatus.LOADED, source__in=sources)
            .filter(has_rows)
            .values_list("organisation_id", flat=True)
        )
        kinds = {OWN if owner else PUBLISHED for owner in owners}
        available = [k for k in (PUBLISHED, OWN) if k in kinds]
        self.loaded = bool(available)
        if not available:
            return
        wanted = self.params.get("data_from", "")
        self.data_from = wanted if wanted in available else available[0]
        only = queries.published_only if self.data_from == PUBLISHED else queries.own_records_only
        self.rows = only(self.rows)
        if len(available) > 1:
            self.selects.append(
                Select("data_from", "Data from", [(k, DATA_FROM[k]) for k in available], self.data_from)
            )

    def _choose_organisation(self) -> None:
        reach = list(Organisation.objects.in_reach(self.user, Permission.VIEW).only("pk", "name", "path"))
        wanted = self.params.get("organisation", "")
        if wanted:
            found = [o for o in reach if str(o.pk) == wanted]
            if not found:
                raise Http404("There is no such organisation in your reach")
            self.organisation = found[0]
            self.rows = queries.beneath(self.rows, self.organisation)
        options = [(str(o.pk), o.name) for o in reach]
        self.selects.insert(0, Select("organisation", "Organisation", options, wanted, "All organisations you can see"))

    def value(self, name: str) -> str:
        return next((s.value for s in self.selects if s.name == name), "")

    def query(self) -> dict[str, str]:
        """The current choices, for the download links."""
        return {s.name: s.value for s in self.selects if s.value}

    @property
    def period(self) -> datetime.date | None:
        value = self.value("period")
        return datetime.date.fromisoformat(value) if value else None


def grouped(rows, *, by: Sequence[str], sums: Sequence[str], extra: Mapping | None = None) -> list[dict]:
    """``rows`` grouped by ``by`` with each of ``sums`` summed in SQL (and ``extra`` aggregates,
    which must be sums too), each cell ``restricted`` when any of its rows is. Not yet
    suppressed: pass the cells (or their ``rollup``) through ``hide_small``."""
    annotations = {f"total_{k}": Sum(k) for k in sums} | dict(extra or {})
    if by:
        found = rows.values(*by).annotate(**annotations, restricted_cell=ANY_RESTRICTED).order_by(*by)
    else:  # one cell: the whole selection
        found = [rows.aggregate(**annotations, restricted_cell=ANY_RESTRICTED)]
    return [
        {k: cell[k] for k in by}
        | {k: cell[f"total_{k}"] for k in sums}
        | {k: cell[k] for k in (extra or {})}
        | {"restricted": bool(cell["restricted_cell"])}
        for cell in found
    ]


def rollup(cells: list[dict], *, by: Sequence[str], sums: Sequence[str]) -> list[dict]:
    """Unsuppressed ``cells`` summed to coarser groups ``by`` (as SQL's SUM: unknowns are left
    out, all unknown is unknown); restricted when any cell is. Ordered by ``by``."""
    out: dict[tuple, dict] = {}
    for cell in cells:
        key = tuple(cell[k] for k in by)
        total = out.setdefault(key, {k: cell[k] for k in by} | dict.fromkeys(sums) | {"restricted": False})
        for k in sums:
            if cell[k] is not None:
                total[k] = (total[k] or 0) + cell[k]
        total["restricted"] |= cell["restricted"]
    return [out[key] for key in sorted(out)]


def hide_small(cells: list[dict], *, headcounts: Sequence[str], figures: Sequence[str]) -> list[dict]:
    """``suppression.suppress``: every figure of a restricted cell with a headcount of 1 to 4 hidden."""
    hidden = [k for k in dict.fromkeys(figures) if k not in headcounts]
    return suppress(cells, headcounts=list(headcounts), figures=hidden)


def aggregate(
    rows,
    *,
    by: Sequence[str],
    sums: Sequence[str],
    headcounts: Sequence[str] = (),
    figures: Sequence[str] = (),
    extra: Mapping | None = None,
) -> list[dict]:
    """``grouped`` then ``hide_small``: cells keyed by ``by``, ``sums`` and ``extra``, with
    ``suppressed``; every figure that is not a headcount is hidden with the headcounts."""
    cells = grouped(rows, by=by, sums=sums, extra=extra)
    return hide_small(cells, headcounts=headcounts, figures=[*figures, *sums, *(extra or {})])


def may_upload(user) -> bool:
    """Whether to offer the upload page on an empty figure page."""
    return (
        queries.may_load_national(user)
        or Organisation.objects.in_reach(user, Permission.MANAGE_WORKFORCE_DATA).exists()
    )


@dataclass(frozen=True)
class Column:
    key: str
    heading: str
    kind: str = "number"  # text, period, count, number (one decimal), percent, rate

    @property
    def numeric(self) -> bool:
        return self.kind not in ("text", "period")


def cell_text(row: dict, column: Column) -> str:
    """A cell as the page shows it: "*" when suppressed, "" when not known, else the figure."""
    value = row.get(column.key)
    if value is None:
        return SUPPRESSED_TEXT if row.get("suppressed") and column.numeric else ""
    if column.kind == "period":
        return month(value)
    if column.kind == "text":
        return str(value)
    if column.kind == "count":
        return f"{value:,.0f}"
    return f"{value:,.1f}" + ("%" if column.kind == "percent" else "")


def cell_value(row: dict, column: Column):
    """A cell as a download holds it: a date, a number (rounded), text, or "*" when suppressed."""
    value = row.get(column.key)
    if value is None:
        return SUPPRESSED_TEXT if row.get("suppressed") and column.numeric else ""
    if column.kind in ("text", "period"):
        return value
    return round(value) if column.kind == "count" else round(value, 2)


class FigurePage:
    """What every figure page has; a subclass names its table and draws its chart."""

    slug = ""
    title = ""
    description = ""
    noun = ""  # "staff in post figures": "No staff in post figures are loaded yet."
    model = StaffInPost
    uses: Sequence[str] = ("organisation", "staff_group", "band", "period")
    latest = False
    offer_data_from = True
    columns: Sequence[Column] = ()
    suppressed_note = SUPPRESSED_NOTE
    # Figures read in one grouped query by the Selection (see there); empty: the page reads rows.
    sums: Sequence[str] = ()
    extra: Mapping | None = None

    def __init__(self, user, params):
        self.user = user
        self.selection = Selection(
            user,
            params,
            rows=self.base_rows(user),
            uses=self.uses,
            latest=self.latest,
            offer_data_from=self.offer_data_from,
            sums=self.sums,
            extra=self.extra,
        )

    def base_rows(self, user):
        return queries.figures(user, self.model)

    @property
    def url_name(self) -> str:
        return f"workforce:{self.slug}"

    @property
    def loaded(self) -> bool:
        return self.selection.loaded

    @cached_property
    def rows(self) -> list[dict]:
        return self.table_rows()

    def table_rows(self) -> list[dict]:
        raise NotImplementedError

    @cached_property
    def chart(self) -> Markup | None:
        return self.draw() if self.rows else None

    def draw(self) -> Markup | None:
        return None

    def summary(self) -> list[str]:
        return []

    @property
    def any_suppressed(self) -> bool:
        return any(r.get("suppressed") for r in (*self.rows, *self.shown_rows))

    # The page's table: the download's rows and columns unless a page shows fewer (coarser) rows.
    @property
    def shown_rows(self) -> list[dict]:
        return self.rows

    @property
    def shown_columns(self) -> Sequence[Column]:
        return self.columns

    @property
    def table(self) -> list[list[dict]]:
        columns = self.shown_columns
        return [[{"text": cell_text(r, c), "numeric": c.numeric} for c in columns] for r in self.shown_rows]

    @property
    def table_headings(self) -> list[dict]:
        return [{"text": c.heading, "numeric": c.numeric} for c in self.shown_columns]

    def download_rows(self) -> list[list]:
        return [[cell_value(r, c) for c in self.columns] for r in self.rows]

    @property
    def headings(self) -> list[str]:
        return [c.heading for c in self.columns]

    @property
    def chart_title(self) -> str:
        where = self.selection.organisation.name if self.selection.organisation else "all organisations you can see"
        return f"{self.title}, {where}"

    @property
    def empty_message(self) -> str:
        if not self.loaded:
            return f"No {self.noun} are loaded yet."
        return "No figures match these filters."

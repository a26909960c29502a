"""Reads for the spread dashboard, scoped: people with a role at an ICS, a region or a national
body (and platform staff) see the adoption records of organisations in their reach."""

from __future__ import annotations

import datetime

from django.db import connection
from django.db.models import Case, Count, IntegerField, Min, Prefetch, QuerySet, Value, When
from django.http import Http404

from lodestar.learning import queries_adoption, spread
from lodestar.learning.models import AdoptionChange, AdoptionRecord, Stage
from lodestar.orgs.models import Membership, Organisation, OrganisationType, holds_everything, is_signed_in
from lodestar.star.models import Intervention

SYSTEM_LEVELS = (OrganisationType.ICS, OrganisationType.REGION, OrganisationType.NATIONAL_BODY)


def may_see(user) -> bool:
    if not is_signed_in(user):
        return False
    return holds_everything(user) or Membership.objects.filter(user=user, organisation__type__in=SYSTEM_LEVELS).exists()


def require(user) -> None:
    """The dashboard is for ICS, regional and national users: anyone else is not found."""
    if not may_see(user):
        raise Http404("No such page")


def icss(user) -> QuerySet[Organisation]:
    return queries_adoption.organisations_in_reach(user).filter(type=OrganisationType.ICS).order_by("name")


def records(user, *, ics: Organisation | None = None, code: str = "", stage: str = "") -> QuerySet[AdoptionRecord]:
    """Intervention adoption records in reach, filtered by ICS, intervention code and stage. Only the
    fields the dashboard shows; each organisation and intervention is loaded once (two more queries)
    and shared by its records, not joined into every row (10,000 rows were 40,000 model objects)."""
    rows = queries_adoption.records(user).filter(intervention__isnull=False)
    if ics is not None:
        rows = rows.filter(organisation__path__startswith=ics.path)
    if code:
        rows = rows.filter(intervention__code=code)
    if stage:
        rows = rows.filter(stage=stage)
    return (
        rows.select_related(None)
        .only("organisation", "intervention", "stage", "since", "reason")
        .prefetch_related(
            Prefetch("organisation", Organisation.objects.only("name", "path")),
            Prefetch("intervention", Intervention.objects.only("code", "title")),
        )
        .order_by("intervention__title", "organisation__name", "pk")
    )


def _changes(rows: QuerySet[AdoptionRecord]) -> QuerySet[AdoptionChange]:
    return AdoptionChange.objects.filter(record__in=rows.order_by().prefetch_related(None).values("pk"))


def curve(rows: QuerySet[AdoptionRecord], today: datetime.date) -> tuple[list[datetime.date], list[spread.Span]]:
    """(the quarters' ends, the stage changes of ``rows`` counted as spans by the database).

    Each change holds its stage from the first quarter counted on or after its day to the first
    counted on or after its ``until`` (the record's next change): the database groups 25,000
    changes into a few hundred (stage, first, until, count) rows, so the page builds no object per
    change. Tested equal to ``spread.curve_by_walking``."""
    first = _changes(rows).aggregate(first=Min("on"))["first"]
    if first is None:
        return [], []
    cut = spread.cuts(first, today)

    def quarter(field: str) -> Case:
        whens = [When(**{f"{field}__lte": day}, then=Value(i)) for i, day in enumerate(cut)]
        return Case(*whens, default=Value(len(cut)), output_field=IntegerField())

    counted = _changes(rows).order_by().values_list("stage", quarter("on"), quarter("until")).annotate(n=Count("pk"))
    return spread.quarters(first, today), [(stage, int(a), int(b), int(n)) for stage, a, b, n in counted]


def pilot_to_adoption_days(rows: QuerySet[AdoptionRecord]) -> list[int]:
    """For each record that was piloted and later adopted (or embedded): the days from its first
    day piloting to its first day adopted on or after it, as ``spread.pilot_to_adoption_days``
    works out from a history, but by the database (one row per such record, not per change).

    One grouped join, not a correlated subquery per record: SQLite answered those through the
    (stage, day) index, reading every piloting change once per record (57 s for 10,000 records)."""
    piloted = (
        _changes(rows)
        .filter(stage=Stage.PILOTING)
        .order_by()
        .values("record_id")
        .annotate(first=Min("on"))
        .values_list("record_id", "first")
    )
    inner, params = piloted.query.sql_with_params()
    table = connection.ops.quote_name(AdoptionChange._meta.db_table)
    record, on, stage = (
        connection.ops.quote_name(AdoptionChange._meta.get_field(name).column) for name in ("record", "on", "stage")
    )
    sql = (
        f"SELECT piloted.first, MIN(later.{on}) FROM ({inner}) piloted "
        f"JOIN {table} later ON later.{record} = piloted.record_id "
        f"AND later.{stage} IN (%s, %s) AND later.{on} >= piloted.first "
        "GROUP BY piloted.record_id, piloted.first"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, Stage.ADOPTED, Stage.EMBEDDED])
        found = cursor.fetchall()
    return [(_day(adopted) - _day(first)).days for first, adopted in found]


def _day(value) -> datetime.date:
    """A date as the database returns it from a raw query (SQLite: ISO text)."""
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)


def stage_counts(rows: QuerySet[AdoptionRecord]) -> dict[int, dict[str, int]]:
    """{intervention id: {stage: records}}, counted by the database (GROUP BY), not row by row."""
    out: dict[int, dict[str, int]] = {}
    counted = rows.order_by().prefetch_related(None).values("intervention_id", "stage").annotate(n=Count("pk"))
    for intervention_id, stage, n in counted.values_list("intervention_id", "stage", "n"):
        out.setdefault(intervention_id, {})[stage] = n
    return out


def interventions_of(ids) -> list[Intervention]:
    """The interventions with these ids (already read through a scoped query), by title."""
    return list(Intervention.objects.filter(pk__in=list(ids)).only("code", "title").order_by("title", "pk"))


def sizes(rows: QuerySet[AdoptionRecord]) -> tuple[int, int]:
    """(organisations, interventions) among ``rows``, counted by the database."""
    plain = rows.order_by().prefetch_related(None)
    found = plain.aggregate(
        organisations=Count("organisation_id", distinct=True), interventions=Count("intervention_id", distinct=True)
    )
    return found["organisations"], found["interventions"]


def discontinued(rows: QuerySet[AdoptionRecord]) -> list[tuple[str, str, object, str]]:
    """(intervention title, organisation name, since, reason) of only the discontinued records (a few
    hundred of 10,000), as tuples, not model instances."""
    stopped = rows.filter(stage=Stage.DISCONTINUED).prefetch_related(None)
    return list(stopped.values_list("intervention__title", "organisation__name", "since", "reason"))

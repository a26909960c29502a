"""Reads for recommendations (ADR 0036), scoped to the person asking: the facts the pure ranking
in ``lodestar.learning.recommendations`` compares.

* Case studies: only published ones ``user`` may read (``queries.published``).
* Adoptions (adopted or embedded, of a catalogue intervention): records of organisations in
  ``user``'s reach (``queries_adoption.records``), and, for an organisation out of reach, only
  what it has shared itself: its adoption of an intervention that one of its published case
  studies, readable by ``user``, is tagged with. Nothing else about it is shown.
* Size: staff in post (FTE) from the published national workforce statistics, the latest month
  loaded; organisations without them are compared without size.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from django.db.models import Q, Sum

from lodestar.learning import queries, queries_adoption
from lodestar.learning import recommendations as r
from lodestar.learning.models import AdoptionRecord, CaseStudy, Stage
from lodestar.orgs.models import Organisation
from lodestar.star import vocab
from lodestar.workforce import queries as workforce_queries
from lodestar.workforce.models import ImportStatus, Source, StaffInPost

ADOPTED_STAGES = (Stage.ADOPTED, Stage.EMBEDDED)
CASE_STUDIES_READ = 200  # the most recent published case studies compared (ranking is in Python)


def sizes(user, organisation_ids) -> dict[int, float]:
    """Staff in post (FTE) of each organisation in the latest month of the published statistics
    (national, read by everyone signed in: no small numbers of anyone's own records)."""
    ids = list(set(organisation_ids))
    if len(ids) < 2:  # nobody to compare with
        return {}
    national = list(
        workforce_queries.imports(user)
        .filter(status=ImportStatus.LOADED, organisation__isnull=True, source=Source.STAFF_IN_POST)
        .values_list("pk", flat=True)
    )
    if not national:
        return {}
    rows = StaffInPost.objects.filter(live=True, load_id__in=national, organisation_id__in=ids)
    latest: dict[int, tuple] = {}
    for org_id, period, total in rows.values_list("organisation_id", "period").annotate(fte=Sum("fte")).order_by():
        if org_id not in latest or period > latest[org_id][0]:
            latest[org_id] = (period, total)
    return {org_id: float(total) for org_id, (_, total) in latest.items() if total}


def organisation(org: Organisation, size: float | None = None) -> r.Organisation:
    return r.Organisation(pk=org.pk, name=org.name, type=org.type, size=size)


@dataclass
class _Published:
    pk: int
    title: str
    organisation: r.Organisation  # without its size, added once the sizes are read
    staff_groups: list
    care_settings: list
    interventions: set = field(default_factory=set)
    points: set = field(default_factory=set)


def _published_facts(user) -> list[_Published]:
    """The newest published case studies ``user`` may read, with their tags, in one query."""
    newest = queries.published(user).order_by("-published_at", "-pk").values("pk")[:CASE_STUDIES_READ]
    rows = CaseStudy.objects.filter(pk__in=newest).values_list(
        "pk",
        "title",
        "staff_groups",
        "care_settings",
        "interventions",
        "points__key",
        "organisation_id",
        "organisation__name",
        "organisation__type",
    )
    found: dict[int, _Published] = {}
    for pk, title, groups, settings, intervention, point, org_id, org_name, org_type in rows:
        if pk not in found:
            org = r.Organisation(pk=org_id, name=org_name, type=org_type)
            found[pk] = _Published(pk, title, org, groups or [], settings or [])
        if intervention is not None:
            found[pk].interventions.add(intervention)
        if point is not None:
            found[pk].points.add(point)
    return list(found.values())


def _shared_adoptions(user, published) -> list[AdoptionRecord]:
    """Adoptions of organisations out of reach that their own readable case studies are tagged with."""
    pairs = [(cs.organisation.pk, pk) for cs in published for pk in cs.interventions]
    if not pairs:
        return []
    reach = queries_adoption.organisations_in_reach(user).values("pk")
    condition = Q(pk__in=[])
    for org_id, intervention_id in set(pairs):
        condition |= Q(organisation_id=org_id, intervention_id=intervention_id)
    return list(
        AdoptionRecord.objects.filter(condition, stage__in=ADOPTED_STAGES)
        .exclude(organisation__in=reach)
        .select_related("organisation", "intervention")
    )


def facts(user, org: Organisation) -> tuple[list[r.CaseStudyFacts], list[r.Adoption], float | None]:
    """The published case studies and the adoptions ``user`` may learn from, and ``org``'s size."""
    published = _published_facts(user)
    in_reach = list(queries_adoption.records(user).filter(intervention__isnull=False, stage__in=ADOPTED_STAGES))
    records = in_reach + _shared_adoptions(user, published)
    size = sizes(user, [org.pk, *(cs.organisation.pk for cs in published), *(a.organisation_id for a in records)])
    case_studies = [
        r.CaseStudyFacts(
            pk=cs.pk,
            title=cs.title,
            organisation=dataclasses.replace(cs.organisation, size=size.get(cs.organisation.pk)),
            interventions=tuple(sorted(cs.interventions)),
            points=tuple(sorted(cs.points)),
            staff_groups=tuple(cs.staff_groups or ()),
            care_settings=tuple(cs.care_settings or ()),
        )
        for cs in published
    ]
    adoptions = [
        r.Adoption(
            organisation=organisation(a.organisation, size.get(a.organisation_id)),
            intervention=a.intervention_id,
            intervention_title=a.intervention.title,
            stage=a.stage,
            since=a.since,
        )
        for a in records
    ]
    return case_studies, adoptions, size.get(org.pk)


def reachable_organisation_ids(user) -> set[int]:
    """Organisations whose adoption pages ``user`` may open (others are linked by their case study)."""
    return set(queries_adoption.organisations_in_reach(user).values_list("pk", flat=True))


def case_study_of(user, organisation_id: int) -> CaseStudy | None:
    """A published case study of the organisation that ``user`` may read (the newest)."""
    return queries.published(user).filter(organisation_id=organisation_id).order_by("-published_at", "-pk").first()


STAFF_GROUPS = dict(vocab.STAFF_GROUPS)
CARE_SETTINGS = dict(vocab.CARE_SETTINGS)

"""Every write to the Star catalogue, each in one transaction with its audit event."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from lodestar.core.audit import record, snapshot
from lodestar.core.validation import Problems
from lodestar.star import catalogue as catalogue_file
from lodestar.star import vocab
from lodestar.star.models import CatalogueEvent, CatalogueLoad, Intervention, StarPoint

POINT_FIELDS = ["name", "order", "summary", "description"]
CONTENT_FIELDS = ["point_id", *vocab.CONTENT_FIELDS, "levers"]
AUDIT_FIELDS = ["code", *CONTENT_FIELDS, "organisation_id", "is_active", "catalogue_version"]


@dataclass
class LoadResult:
    version: str
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)
    points_changed: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.retired or self.points_changed)

    def summary(self) -> str:
        if not self.changed:
            return f"Catalogue {self.version} is already up to date: nothing changed."
        return (
            f"Loaded catalogue {self.version}: {len(self.created)} created, {len(self.updated)} updated, "
            f"{len(self.retired)} retired, {len(self.points_changed)} Star points changed."
        )


def _entry_values(entry: catalogue_file.Entry, point_ids: dict[str, int]) -> dict:
    return {
        "point_id": point_ids[entry.point],
        "title": entry.title,
        "summary": entry.summary,
        "description": entry.description,
        "staff_groups": list(entry.staff_groups),
        "care_settings": list(entry.care_settings),
        "evidence_level": entry.evidence_level,
        "time_to_impact": entry.time_to_impact,
        "cost_band": entry.cost_band,
        "levers": [dict(lever) for lever in entry.levers],
    }


@transaction.atomic
def load_catalogue(*, path: str | Path | None = None, actor=None) -> LoadResult:
    """Validate the catalogue file, then bring the national catalogue in line with it.

    Points and national interventions are matched by key and id; an intervention whose
    content changed takes the file's version as its ``catalogue_version``; national
    interventions no longer in the file are retired (never deleted, because workshops
    and plans point at them). Raises ``catalogue.CatalogueError`` and writes nothing
    when the file has any problem. A second load of the same file changes nothing.
    """
    path = Path(path) if path else catalogue_file.DEFAULT_PATH
    cat = catalogue_file.load(path)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    result = LoadResult(version=cat.version)

    _refuse_local_code_clashes(cat)
    point_ids = _sync_points(cat, result)
    _sync_interventions(cat, point_ids, result)
    if result.changed:
        _record_load(cat, path=path, digest=digest, result=result, actor=actor)
    return result


def _refuse_local_code_clashes(cat) -> None:
    clashes = list(
        Intervention.objects.filter(code__in=[e.id for e in cat.interventions], organisation__isnull=False).values_list(
            "code", flat=True
        )
    )
    if clashes:
        index = {e.id: i for i, e in enumerate(cat.interventions)}
        raise catalogue_file.CatalogueError(
            [(f"interventions[{index[c]}].id", f"{c!r} is already used by a local intervention") for c in clashes]
        )


def _sync_points(cat, result: LoadResult) -> dict[str, int]:
    """Create or update the Star points from the file; their ids by key."""
    points = {p.key: p for p in StarPoint.objects.select_for_update()}
    for spec in cat.points:
        values = {"name": spec.name, "order": spec.order, "summary": spec.summary, "description": spec.description}
        point = points.get(spec.key)
        if point is None:
            points[spec.key] = StarPoint.objects.create(key=spec.key, **values)
            result.points_changed.append(spec.key)
        elif any(getattr(point, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(point, k, v)
            point.save()
            result.points_changed.append(spec.key)
    return {key: p.pk for key, p in points.items()}


def _sync_interventions(cat, point_ids: dict[str, int], result: LoadResult) -> None:
    """Create, update or retire national interventions to match the file."""
    existing = {i.code: i for i in Intervention.objects.select_for_update().filter(organisation__isnull=True)}
    for entry in cat.interventions:
        values = _entry_values(entry, point_ids)
        obj = existing.get(entry.id)
        if obj is None:
            Intervention.objects.create(code=entry.id, catalogue_version=cat.version, is_active=True, **values)
            result.created.append(entry.id)
        elif not obj.is_active or any(getattr(obj, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(obj, k, v)
            obj.is_active = True
            obj.catalogue_version = cat.version
            obj.save()
            result.updated.append(entry.id)
    in_file = {e.id for e in cat.interventions}
    for code, obj in sorted(existing.items()):
        if code not in in_file and obj.is_active:
            obj.is_active = False
            obj.save(update_fields=["is_active", "updated_at"])
            result.retired.append(code)


def _record_load(cat, *, path: Path, digest: str, result: LoadResult, actor) -> None:
    load = CatalogueLoad.objects.create(
        version=cat.version,
        source=str(path)[:500],
        sha256=digest,
        created=len(result.created),
        updated=len(result.updated),
        retired=len(result.retired),
        loaded_by=actor if getattr(actor, "pk", None) else None,
    )
    previous = CatalogueLoad.objects.exclude(pk=load.pk).first()
    record(
        actor=actor,
        action=CatalogueEvent.LOAD,
        target=load,
        before={"version": previous.version if previous else None},
        after={
            "version": cat.version,
            "sha256": digest,
            "created": result.created,
            "updated": result.updated,
            "retired": result.retired,
            "points_changed": result.points_changed,
        },
    )


# ---------------------------------------------------------------- local and edited entries


def _local_code(organisation, title: str) -> str:
    stem = f"{catalogue_file.LOCAL_PREFIX}{organisation.pk}-{slugify(title)}"[: catalogue_file.ID_MAX_LENGTH]
    stem = stem.rstrip("-")
    code, n = stem, 2
    while Intervention.objects.filter(code=code).exists():
        suffix = f"-{n}"
        code = stem[: catalogue_file.ID_MAX_LENGTH - len(suffix)].rstrip("-") + suffix
        n += 1
    return code


TITLE_MAX, SUMMARY_MAX = 200, 400


def check_intervention_text(data: dict) -> None:
    """The words of a local or edited intervention (``Problems.text``: a length limit and no
    control characters); ``ValidationProblem`` naming each field that breaks the rule."""
    problems = Problems()
    problems.text(data.get("title"), "title", "The title", TITLE_MAX)
    problems.text(data.get("summary"), "summary", "The summary", SUMMARY_MAX)
    problems.text(data.get("description"), "description", "The description")
    problems.raise_any()


def _apply(intervention: Intervention, data: dict) -> None:
    for name in ("point", *vocab.CONTENT_FIELDS):
        setattr(intervention, name, data[name])
    if "levers" in data:
        intervention.levers = data["levers"]


@transaction.atomic
def create_local_intervention(*, actor, organisation, data: dict) -> Intervention:
    """Add a local intervention owned by ``organisation`` (visible to its hierarchy)."""
    check_intervention_text(data)
    intervention = Intervention(organisation=organisation, code=_local_code(organisation, data["title"]))
    _apply(intervention, data)
    intervention.levers = data.get("levers", [])
    intervention.save()
    record(
        actor=actor,
        action=CatalogueEvent.CREATE,
        target=intervention,
        organisation=organisation,
        after=snapshot(intervention, AUDIT_FIELDS),
    )
    return intervention


@transaction.atomic
def update_intervention(*, actor, intervention: Intervention, data: dict) -> Intervention:
    """Edit a local intervention, or (platform staff) a national one.

    The data file is the source of the national catalogue: the next ``load_catalogue``
    puts a national entry back to what the file says unless the same change is made in
    the file too (docs/adr/0005).
    """
    check_intervention_text(data)
    before = snapshot(intervention, AUDIT_FIELDS)
    _apply(intervention, data)
    intervention.save()
    record(
        actor=actor,
        action=CatalogueEvent.UPDATE,
        target=intervention,
        organisation=intervention.organisation,
        before=before,
        after=snapshot(intervention, AUDIT_FIELDS),
    )
    return intervention


@transaction.atomic
def set_intervention_active(*, actor, intervention: Intervention, active: bool) -> Intervention:
    """Retire (hide from browsing) or restore an intervention. Nothing is ever deleted."""
    before = snapshot(intervention, ["is_active"])
    intervention.is_active = active
    intervention.save(update_fields=["is_active", "updated_at"])
    record(
        actor=actor,
        action=CatalogueEvent.RESTORE if active else CatalogueEvent.RETIRE,
        target=intervention,
        organisation=intervention.organisation,
        before=before,
        after=snapshot(intervention, ["is_active"]),
    )
    return intervention

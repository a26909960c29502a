"""The Star points and the intervention catalogue: national entries and the local ones you can see."""

from __future__ import annotations

from typing import Literal

from django.shortcuts import get_object_or_404
from ninja import Field, Path, Query, Router, Schema

from lodestar.api.schemas import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, Page, error_responses, paginate
from lodestar.star import vocab
from lodestar.star.models import Intervention, StarPoint
from lodestar.star.queries import search_interventions

router = Router(tags=["Star catalogue"])


def _keys(choices):
    return Literal[tuple(key for key, _ in choices)]  # type: ignore[valid-type]


PointKey = _keys(vocab.STAR_POINTS)
StaffGroupKey = _keys(vocab.STAFF_GROUPS)
CareSettingKey = _keys(vocab.CARE_SETTINGS)
EvidenceKey = _keys(vocab.EVIDENCE_LEVELS)


class StarPointOut(Schema):
    key: str = Field(description="Stable identifier.", examples=["supply"])
    name: str = Field(examples=["Supply"])
    order: int = Field(description="Position around the Star, from 1.", examples=[1])
    summary: str = Field(examples=["Recruiting and retaining the staff you need."])
    description: str


class InterventionOut(Schema):
    code: str = Field(description="Stable identifier.", examples=["supply-return-to-practice"])
    title: str = Field(examples=["Return to practice programme"])
    summary: str
    point: str = Field(description="The Star point's key.", examples=["supply"])
    point_name: str = Field(examples=["Supply"])
    staff_groups: list[str] = Field(description="Staff group keys.", examples=[["registered-nurses"]])
    care_settings: list[str] = Field(description="Care setting keys.", examples=[["acute", "community"]])
    evidence_level: str = Field(examples=["strong"])
    time_to_impact: str = Field(examples=["6-12-months"])
    cost_band: str = Field(examples=["low"])
    is_national: bool = Field(description="True for the national catalogue, false for a local intervention.")
    organisation_id: int | None = Field(description="The owning organisation of a local intervention.")
    organisation_name: str | None = Field(examples=[None])
    catalogue_version: str = Field(examples=["2025.1"])
    is_active: bool = Field(description="False for an intervention withdrawn from the catalogue.")

    @staticmethod
    def resolve_point(obj: Intervention) -> str:
        return obj.point.key

    @staticmethod
    def resolve_point_name(obj: Intervention) -> str:
        return obj.point.name

    @staticmethod
    def resolve_organisation_name(obj: Intervention) -> str | None:
        return obj.organisation.name if obj.organisation_id else None


class InterventionDetailOut(InterventionOut):
    description: str
    levers: list[dict] = Field(description="Model lever templates (see the engine's lever types).")


class InterventionFilters(Schema):
    point: PointKey | None = Field(None, description="Only this Star point.")
    staff_group: StaffGroupKey | None = Field(None, description="Only interventions for this staff group.")
    care_setting: CareSettingKey | None = Field(None, description="Only interventions for this care setting.")
    evidence_level: EvidenceKey | None = Field(None, description="Only this strength of evidence.")
    q: str | None = Field(
        None, max_length=200, pattern=r"^[^\x00]*$", description="Words to find in the title, summary or description."
    )
    page: int = Field(1, ge=1, le=1_000_000, description="Page number, from 1.")
    page_size: int = Field(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Items per page (1 to 100).")


@router.get(
    "/points",
    response={200: list[StarPointOut], **error_responses(401)},
    summary="The five Star points",
)
def list_points(request):
    # Reference data shared by every organisation: nothing to scope.
    return StarPoint.objects.order_by("order")


@router.get(
    "/interventions",
    response={200: Page[InterventionOut], **error_responses(401, 422)},
    summary="Search the intervention catalogue",
    description="Active national interventions and the local ones you can see, by Star point then title.",
)
def list_interventions(request, filters: Query[InterventionFilters]):
    qs = search_interventions(
        request.auth,
        q=filters.q or "",
        points=[filters.point] if filters.point else [],
        staff_groups=[filters.staff_group] if filters.staff_group else [],
        care_settings=[filters.care_setting] if filters.care_setting else [],
        evidence_levels=[filters.evidence_level] if filters.evidence_level else [],
    ).order_by("point__order", "title", "pk")
    return paginate(qs, page=filters.page, page_size=filters.page_size)


@router.get(
    "/interventions/{code}",
    response={200: InterventionDetailOut, **error_responses(401, 404, 422)},
    summary="Get one intervention",
    description="404 when it does not exist or is a local intervention you cannot see.",
)
def get_intervention(
    request,
    code: str = Path(
        ...,
        max_length=40,
        pattern=r"^[-a-zA-Z0-9_]+$",
        description="The intervention's code.",
        # `example`, not `examples`: ninja copies a parameter's `examples` list into the
        # OpenAPI parameter, where it must be a map, and the document would be invalid.
        example="supply-return-to-practice",
    ),
):
    qs = Intervention.objects.visible_to(request.auth).select_related("point", "organisation")
    return get_object_or_404(qs, code=code)

"""Organisations the caller can see: their memberships' organisations and everything beneath them."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from ninja import Field, Path, Query, Router, Schema

from lodestar.api.schemas import DEFAULT_PAGE_SIZE, MAX_ID, MAX_PAGE_SIZE, Page, error_responses, paginate
from lodestar.orgs.models import Organisation, OrganisationType
from lodestar.orgs.permissions import Permission

router = Router(tags=["Organisations"])


class OrganisationOut(Schema):
    id: int = Field(description="Lodestar's identifier for the organisation.", examples=[12])
    name: str = Field(examples=["Leeds Teaching Hospitals NHS Trust"])
    type: OrganisationType = Field(description="The kind of organisation.", examples=["nhs_trust"])
    type_label: str = Field(description="The kind of organisation, in words.", examples=["NHS trust"])
    ods_code: str | None = Field(description="Organisation Data Service code, where it has one.", examples=["RR8"])
    parent_id: int | None = Field(description="The organisation it sits beneath (e.g. its ICS), if any.", examples=[3])

    @staticmethod
    def resolve_type_label(obj: Organisation) -> str:
        return obj.get_type_display()


class OrganisationFilters(Schema):
    type: OrganisationType | None = Field(None, description="Only organisations of this kind.")
    page: int = Field(1, ge=1, le=1_000_000, description="Page number, from 1.")
    page_size: int = Field(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Items per page (1 to 100).")


@router.get(
    "",
    response={200: Page[OrganisationOut], **error_responses(401, 422)},
    summary="List organisations you can see",
    description="Organisations where you hold a role, and every organisation beneath them, by name.",
)
def list_organisations(request, filters: Query[OrganisationFilters]):
    qs = Organisation.objects.in_reach(request.auth, Permission.VIEW).order_by("name", "pk")
    if filters.type:
        qs = qs.filter(type=filters.type)
    return paginate(qs, page=filters.page, page_size=filters.page_size)


@router.get(
    "/{id}",
    response={200: OrganisationOut, **error_responses(401, 404, 422)},
    summary="Get one organisation",
    description="404 when it does not exist or is outside your organisations.",
)
def get_organisation(request, id: int = Path(..., ge=1, le=MAX_ID, description="The organisation's id.")):  # noqa: A002
    return get_object_or_404(Organisation.objects.in_reach(request.auth, Permission.VIEW), pk=id)

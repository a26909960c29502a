"""The new roles register: roles being introduced, posts planned, funded and filled.

Reads go through ``lodestar.roles.queries`` (an entry belongs to its organisation: anything outside
your reach is 404); every write goes through ``lodestar.roles.actions``, whose refusals are the
documented 422 naming the body's field. Reading an entry but not being allowed to change it is 403.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import StrictInt

from lodestar.api.schemas import BodySchema, Page, error_responses, paginate, text_field, validation_example
from lodestar.roles import actions, presenters, queries
from lodestar.roles.models import NewRole, PostCount

router = Router(tags=["New roles"])
CANNOT_CHANGE = "Only facilitators at the organisation can change its new roles."
MAX_INT = 2_147_483_647
Number = StrictInt | float | str


class PageFilters(Schema):
    page: int = Field(1, ge=1, le=1_000_000, description="Page number, from 1.")
    page_size: int = Field(25, ge=1, le=100, description="Items per page (1 to 100).")


class PostsOut(Schema):
    on: dt.date
    planned: Decimal
    funded: Decimal
    filled: Decimal


class RoleOut(Schema):
    id: int
    name: str
    organisation_id: int
    organisation_name: str
    setting: str = Field(description="community, primary, secondary, mental_health or social_care.")
    supervision: str = Field(description="Supervision and governance, in words.")
    supervisor_role: str
    covers_group: str = Field(description="The staff group whose work it takes on (its name in scenarios).")
    equivalence: Decimal | None = Field(description="1 FTE of the role covers this much of that group's demand.")
    url: str

    @staticmethod
    def resolve_organisation_name(obj: NewRole) -> str:
        return obj.organisation.name

    @staticmethod
    def resolve_url(obj: NewRole) -> str:
        return f"/api/v1/roles/{obj.pk}"


class RoleDetailOut(RoleOut):
    posts: list[PostsOut] = Field(description="Every count recorded, newest first: the first is the current one.")

    @staticmethod
    def resolve_posts(obj: NewRole):
        return list(queries.history(obj))


class RoleIn(BodySchema):
    organisation: StrictInt = Field(ge=1, le=MAX_INT, description="The id of the organisation introducing it.")
    name: str | None = text_field(None, "The role's name, e.g. Physician associate.")
    setting: str | None = Field(None, description="community, primary, secondary, mental_health or social_care.")
    supervision: str = text_field("", "Supervision and governance.")
    supervisor_role: str = text_field("", "The named supervisor role.")
    covers_group: str = text_field("", "The staff group whose work it takes on.")
    equivalence: Number | None = Field(None, description="How much of that group's work 1 FTE covers (0 to 5).")


class RolePatch(BodySchema):
    name: str | None = None
    setting: str | None = None
    supervision: str | None = None
    supervisor_role: str | None = None
    covers_group: str | None = None
    equivalence: Number | None = None


class PostsIn(BodySchema):
    on: dt.date | None = Field(None, description="The date the counts are for (today or earlier).")
    planned: Number | None = None
    funded: Number | None = None
    filled: Number | None = None


class RegionalRowOut(Schema):
    ics: str
    sector: str
    roles: int
    planned: float
    funded: float
    filled: float


def _changeable(user, role_id: int) -> NewRole:
    found = queries.role(user, role_id)
    if not queries.may_change(user, found.organisation):
        raise HttpError(403, CANNOT_CHANGE)
    return found


@router.get("", response={200: Page[RoleOut], **error_responses(401, 422)}, summary="List the new roles you can see")
def list_roles(request, filters: Query[PageFilters]):
    found = queries.roles(request.auth).order_by("name", "organisation__name", "pk")
    return paginate(found, page=filters.page, page_size=filters.page_size)


@router.get(
    "/regional",
    response={200: list[RegionalRowOut], **error_responses(401)},
    summary="Posts by ICS and sector",
    description="The regional view's table: for each ICS and sector, the roles and their posts planned, funded "
    "and filled now, over the organisations you can see.",
)
def regional(request):
    p = presenters.RegionalPresenter(
        queries.roles(request.auth), queries.current_by_role(request.auth), queries.icss_in_reach(request.auth)
    )
    keys = ("ics", "sector", "roles", "planned", "funded", "filled")
    return [dict(zip(keys, row, strict=True)) for row in p.rows()]


@router.post(
    "",
    response={201: RoleDetailOut, **error_responses(401, 403, 404, 422)},
    summary="Add a new role",
    description="An organisation outside your reach is 404; one where you may only view is 403. Bad values are a "
    "422 naming the field; nothing is saved.",
    openapi_extra=validation_example("setting", "Choose the care setting"),
)
def create_role(request, payload: RoleIn):
    organisation = get_object_or_404(queries.organisations_in_reach(request.auth), pk=payload.organisation)
    if not queries.may_change(request.auth, organisation):
        raise HttpError(403, "Only facilitators at the organisation can add its new roles.")
    data = payload.model_dump(exclude={"organisation"})
    return Status(201, actions.create_role(actor=request.auth, organisation=organisation, **data))


@router.get("/{role_id}", response={200: RoleDetailOut, **error_responses(401, 404, 422)}, summary="A new role")
def get_role(request, role_id: int):
    return queries.role(request.auth, role_id)


@router.patch(
    "/{role_id}",
    response={200: RoleDetailOut, **error_responses(401, 403, 404, 422)},
    summary="Change a new role",
    description="Only the fields given change.",
)
def update_role(request, role_id: int, payload: RolePatch):
    found = _changeable(request.auth, role_id)
    data = {name: getattr(found, name) for name in actions.ROLE_FIELDS}
    data.update(payload.model_dump(exclude_unset=True))
    return actions.update_role(actor=request.auth, role=found, **data)


@router.post(
    "/{role_id}/posts",
    response={201: PostsOut, **error_responses(401, 403, 404, 422)},
    summary="Record posts planned, funded and filled",
    description="Earlier counts are kept as the history. Funded cannot be more than planned, nor filled more "
    "than funded.",
)
def record_posts(request, role_id: int, payload: PostsIn):
    found = _changeable(request.auth, role_id)
    made: PostCount = actions.record_posts(actor=request.auth, role=found, **payload.model_dump())
    return Status(201, made)

"""Schemas shared by every router: errors and pagination.

Every endpoint declares the 4xx responses it can give, so they appear in the
OpenAPI document::

    @router.get("/{id}", response={200: ThingOut, **error_responses(401, 404)})
"""

from __future__ import annotations

from typing import Generic, TypeVar

from django.db.models import QuerySet
from ninja import Schema
from ninja.errors import ValidationError
from pydantic import Field

from lodestar.core.validation import ValidationProblem

T = TypeVar("T")

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 25


class ErrorSchema(Schema):
    detail: str = Field(
        description="What went wrong, in plain words.",
        examples=["Not found."],
    )


class FieldError(Schema):
    field: str = Field(description="Where the bad value is, e.g. 'query.page_size'.", examples=["query.page_size"])
    message: str = Field(description="Why it was refused.", examples=["Input should be less than or equal to 100"])


class ValidationErrorSchema(ErrorSchema):
    errors: list[FieldError] = Field(description="One entry per bad value.")


class Page(Schema, Generic[T]):
    count: int = Field(description="How many items match, across every page.", examples=[42])
    page: int = Field(description="This page's number, from 1.", examples=[1])
    page_size: int = Field(description="Items per page.", examples=[DEFAULT_PAGE_SIZE])
    pages: int = Field(description="How many pages there are (at least 1).", examples=[2])
    items: list[T]


# Response descriptions used in the OpenAPI document.
ERROR_DESCRIPTIONS = {
    400: "The request could not be understood.",
    401: "No valid credentials: send 'Authorization: Bearer lds_...' or sign in.",
    403: "Signed in, but the request failed the CSRF check or is not allowed.",
    404: "Not found, or outside your organisations (the two look the same).",
    422: "A parameter has a bad value: see 'errors'.",
}


def error_responses(*codes: int) -> dict[int, type[Schema]]:
    """The documented error bodies for ``codes``: 422 has field errors, the rest just a detail."""
    return {code: (ValidationErrorSchema if code == 422 else ErrorSchema) for code in codes}


def paginate(queryset: QuerySet, *, page: int, page_size: int) -> dict:
    count = queryset.count()
    pages = max(1, -(-count // page_size))
    start = (page - 1) * page_size
    return {
        "count": count,
        "page": page,
        "page_size": page_size,
        "pages": pages,
        "items": list(queryset[start : start + page_size]),
    }


def invalid(field: str, message: str) -> ValidationError:
    """A 422 for a value that is well-formed but not acceptable (an unknown code, dates the
    wrong way round), in the same documented shape as a type error: ``{detail, errors}``.

    ``field`` is the value's place in the body, e.g. ``"intervention_code"``.
    """
    return ValidationError([{"loc": ("body", *field.split(".")) if field else ("body",), "msg": message}])


def problems_422(problem: ValidationProblem, fields: dict[str, str] | None = None) -> ValidationError:
    """An action's ``ValidationProblem`` as the documented 422 ``{detail, errors}``; ``fields``
    renames an action's argument to the body's name for it (``{"point": "star_point"}``)."""
    fields = fields or {}
    return ValidationError(
        [
            {"loc": ("body", *fields.get(field, field).split(".")) if field else ("body",), "msg": message}
            for field, message in problem.problems
        ]
    )

"""Schemas shared by every router: request bodies, errors and pagination.

Every endpoint declares the 4xx responses it can give, so they appear in the
OpenAPI document::

    @router.get("/{id}", response={200: ThingOut, **error_responses(401, 404)})

A request body is a ``BodySchema``: a JSON object holding only the fields it declares (``null``,
a list, a string or an unknown field is a 422, never a default-filled body). A field that may be
left out but never sent as ``null`` is declared with ``not_null(...)``. Free text is checked by
the action it reaches (``lodestar.core.validation.Problems.text``: no control characters, a
length limit), whose message comes back as the 422; ``text_field`` documents that rule.
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from django.db.models import QuerySet
from ninja import Schema
from ninja.errors import ValidationError
from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from lodestar.core.validation import ValidationProblem

T = TypeVar("T")

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 25


NOT_AN_OBJECT = "The body must be a JSON object, for example {}"
NO_CONTROL_CHARACTERS = "No control characters other than tab and line breaks (422 otherwise)."


class BodySchema(BaseModel):
    """A request body: a JSON object with only the declared fields.

    A plain pydantic model, not ``ninja.Schema``: ninja's schemas read attributes from any object
    (they are made for Django models), so ``null``, ``[]`` or ``"x"`` would pass as an empty body.
    """

    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _an_object(cls, data: Any) -> Any:
        if not isinstance(data, dict) and not isinstance(data, BaseModel):
            raise PydanticCustomError("body_not_object", NOT_AN_OBJECT)
        return data


def _no_null(schema: dict) -> None:
    """The OpenAPI schema of a ``not_null`` field: no default, and no ``null`` among its types."""
    schema.pop("default", None)
    options = [option for option in schema.get("anyOf", []) if option != {"type": "null"}]
    if len(options) == 1:
        del schema["anyOf"]
        schema.update(options[0])


def not_null(description: str, **kwargs) -> Any:
    """A body field that may be left out (nothing changes) but is never ``null``: the document
    shows no ``null`` and no default. Declare it ``str | None`` when the action has words for a
    missing value ("Enter a title for the action"), so a ``null`` gets that 422; or plain ``str``
    for a 422 from the type check."""
    return Field(None, description=description, json_schema_extra=_no_null, **kwargs)


def text_field(default: Any, description: str, **kwargs) -> Any:
    """A free-text body field; its rules (length, no control characters) are the action's."""
    return Field(default, description=f"{description} {NO_CONTROL_CHARACTERS}", **kwargs)


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


MAX_ID = 2**63 - 1  # the largest id a database column holds


def storable_ids(ids) -> set[int]:
    """The ids of a body's list that a database could hold: ``pk__in`` with a larger one is an
    error in SQLite (not an empty match, as Django makes ``pk=`` one). The caller compares counts
    and answers "choose from the list" for the rest."""
    return {i for i in ids if 1 <= i <= MAX_ID}


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


def validation_example(field: str, message: str) -> dict:
    """``openapi_extra`` for an operation: an example of its 422 for a well-formed but unacceptable
    ``field`` (an unknown code), so the document shows the message a client will get."""
    body = {
        "detail": f"Some values are not valid: body.{field}: {message}",
        "errors": [{"field": f"body.{field}", "message": message}],
    }
    return {"responses": {422: {"content": {"application/json": {"example": body}}}}}

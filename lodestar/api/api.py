"""The Lodestar REST API (django-ninja), served under /api/v1.

* OpenAPI document: /api/v1/openapi.json. Interactive docs: /api/v1/docs (Swagger UI served
  from our own static files, so it works offline and under the content security policy).
* Authentication (every endpoint): ``Authorization: Bearer lds_...`` (a personal API token,
  see lodestar.api.models) or the signed-in Django session (with Django's CSRF check on
  unsafe methods). Neither: 401 ``{"detail": "..."}``.
* Errors always have the shape ``{"detail": "..."}`` (``ErrorSchema``); 422 adds
  ``errors: [{field, message}]`` (``ValidationErrorSchema``).

Adding a router (workshops, plans, ...)
--------------------------------------
1. Write ``lodestar/<app>/api.py`` (or ``lodestar/api/routers/<area>.py``) with
   ``router = Router(tags=["Workshops"])`` and its endpoints. Read data only through scoped
   querysets (``in_reach``, ``scoped``, ``visible_to``); anything out of reach is 404.
2. Declare every 4xx an endpoint can return, so the OpenAPI document lists it::

       from lodestar.api.schemas import error_responses
       @router.get("/{id}", response={200: WorkshopOut, **error_responses(401, 404)})

   (add 422 when the endpoint takes parameters or a body). 400 (unparseable body) and 403
   (failed CSRF check on session calls to unsafe methods) come from the framework and are added
   to the document automatically (``LodestarAPI.get_openapi_schema``).
3. Add ONE line to ``ROUTERS`` below: ``("/workshops", "lodestar.workshops.api.router"),``.

Nothing else: tests/integration/api/test_schema.py walks the whole OpenAPI document, so the
new endpoints are fuzzed by schemathesis and checked for documented 401/404 responses with
no change to the tests.
"""

from __future__ import annotations

import functools

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.openapi.docs import Swagger
from ninja.security import HttpBearer
from ninja.security.apikey import APIKeyCookie
from ninja.utils import check_csrf

from lodestar.api.models import ApiToken
from lodestar.api.schemas import ERROR_DESCRIPTIONS, ErrorSchema, problems_422
from lodestar.core.validation import ValidationProblem

# (URL prefix under /api/v1, import path of a ninja Router). One line per router.
ROUTERS: tuple[tuple[str, str], ...] = (
    ("/organisations", "lodestar.api.routers.orgs.router"),
    ("/star", "lodestar.api.routers.star.router"),
    ("/workshops", "lodestar.api.routers.workshops.router"),
    ("/plans", "lodestar.api.routers.plans.router"),
    ("/workforce", "lodestar.api.routers.workforce.router"),
    ("/projections", "lodestar.api.routers.projections.router"),
    ("/programmes", "lodestar.api.routers.programmes.router"),
    ("/pilots", "lodestar.api.routers.pilots.router"),
    ("/pathways", "lodestar.api.routers.pathways.router"),
    ("/roles", "lodestar.api.routers.roles.router"),
    ("/talent", "lodestar.api.routers.talent.router"),
    ("/networks", "lodestar.api.routers.networks.router"),
    ("/learning", "lodestar.api.routers.learning.router"),
)

UNAUTHENTICATED = "Authentication required: send 'Authorization: Bearer <your API token>' or sign in."
BAD_TOKEN = "The API token is not valid, or has been revoked or has expired."


class TokenAuth(HttpBearer):
    """``Authorization: Bearer lds_<prefix>_<secret>``. A header that is present but wrong is a 401
    straight away (no falling back to the session), and the token is never logged."""

    def __call__(self, request: HttpRequest):
        value = request.headers.get("Authorization")
        if not value:
            return None
        scheme, _, token = value.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise AuthenticationError(message=BAD_TOKEN)
        return self.authenticate(request, token.strip())

    def authenticate(self, request: HttpRequest, token: str):
        api_token = ApiToken.objects.authenticate(token)
        if api_token is None:
            raise AuthenticationError(message=BAD_TOKEN)
        request.api_token = api_token
        return api_token.user


class SessionAuth(APIKeyCookie):
    """The signed-in Django session. Unsafe methods must pass Django's CSRF check (403 otherwise);
    a request with no session is simply not authenticated by this method (then 401)."""

    def __init__(self) -> None:
        from django.conf import settings

        self.param_name = settings.SESSION_COOKIE_NAME
        super().__init__(csrf=True)

    def _get_key(self, request: HttpRequest):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise HttpError(403, "CSRF check failed: send the X-CSRFToken header with the csrftoken cookie's value.")
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key):
        return request.user if key is not None and request.user.is_authenticated else None


def docs_access(view):
    """The OpenAPI document and its docs page: public when ``API_DOCS_PUBLIC`` (development), else
    only for a signed-in person or a valid API token (401 otherwise), so production does not
    describe its API to strangers."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs):
        if settings.API_DOCS_PUBLIC or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        try:
            user = TokenAuth()(request)
        except AuthenticationError:
            user = None
        if user is None:
            return JsonResponse(
                {"detail": UNAUTHENTICATED}, status=401, headers={"WWW-Authenticate": 'Bearer realm="lodestar"'}
            )
        return view(request, *args, **kwargs)

    return wrapped


class LocalSwagger(Swagger):
    """Swagger UI from our own static files (django-ninja ships them; ``ninja`` is in INSTALLED_APPS),
    in a page with a language and a title. No CDN, so it works offline and under our CSP."""

    template = "ninja/lodestar_swagger.html"


class LodestarAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        error_ref = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorSchema"}}}}
        schema.setdefault("components", {}).setdefault("schemas", {}).setdefault(
            "ErrorSchema", ErrorSchema.model_json_schema()
        )
        for operations in schema.get("paths", {}).values():
            for method, operation in operations.items():
                responses = operation.setdefault("responses", {})
                # Errors the framework gives on its own, documented for every router automatically:
                # an unparseable request body (400) and a failed CSRF check on session calls (403).
                if "requestBody" in operation:
                    responses.setdefault(400, dict(error_ref))
                if method.lower() in ("post", "put", "patch", "delete"):
                    responses.setdefault(403, dict(error_ref))
                for code, response in responses.items():
                    if int(code) in ERROR_DESCRIPTIONS:
                        response["description"] = ERROR_DESCRIPTIONS[int(code)]
        return schema


api = LodestarAPI(
    title="Lodestar API",
    version="1.0.0",
    description=(
        "Read Lodestar data from other systems: the organisations you can see and the Star "
        "intervention catalogue. Authenticate with a personal API token "
        "(`Authorization: Bearer lds_...`, created at /account/api-tokens/) or a signed-in session. "
        "Lists are paginated with `page` and `page_size` (at most 100). Errors have the shape "
        '`{"detail": "..."}`.'
    ),
    urls_namespace="api",
    docs_decorator=docs_access,
    auth=[TokenAuth(), SessionAuth()],
    docs=LocalSwagger(settings={"persistAuthorization": False}),
)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    message = str(exc) if str(exc) not in ("", "Unauthorized") else UNAUTHENTICATED
    response = api.create_response(request, {"detail": message}, status=401)
    response["WWW-Authenticate"] = 'Bearer realm="lodestar"'
    return response


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    # The same body whether the object does not exist or is outside the caller's reach.
    return api.create_response(request, {"detail": "Not found."}, status=404)


@api.exception_handler(ValidationProblem)
def _problem(request: HttpRequest, exc: ValidationProblem) -> HttpResponse:
    """An action refused the input: the same 422 as a schema error (routers may rename fields first)."""
    return _invalid(request, problems_422(exc))


def _field(loc) -> str:
    """Where a bad value is, as the caller wrote it: ``body.title``, ``query.page_size``.

    Ninja puts the endpoint's parameter name after ``body`` (``body.payload.title``); callers never
    see that name, and the actions' own refusals say ``body.title``, so it is left out."""
    parts = [str(part) for part in loc if part != "__root__"]
    if len(parts) >= 2 and parts[0] == "body" and parts[1] == "payload":
        del parts[1]
    return ".".join(parts) or "request"


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [
        {"field": _field(error.get("loc", ())), "message": str(error.get("msg", "Invalid value"))}
        for error in exc.errors
    ]
    detail = "Some values are not valid: " + "; ".join(f"{e['field']}: {e['message']}" for e in errors)
    return api.create_response(request, {"detail": detail, "errors": errors}, status=422)


for prefix, router in ROUTERS:
    api.add_router(prefix, router)

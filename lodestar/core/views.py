import logging

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render

from lodestar.core.presenters import HomePresenter

logger = logging.getLogger(__name__)


def home(request):
    return render(request, "core/home.jinja", {"home": HomePresenter(request.user)})


@login_not_required
def accessibility(request):
    return render(request, "core/accessibility.jinja", {})


# Error pages in the NHS.UK layout (Django's own are plain, unstyled pages). The API answers
# JSON {"detail": ...} instead, like its own errors. Wording follows the NHS service manual.
ERRORS = {
    400: ("There is a problem with your request", ["Go back and try again."]),
    403: ("You cannot do this", ["Ask an administrator of your organisation if you think you should be able to."]),
    404: (
        "Page not found",
        [
            "If you typed the web address, check it was correct.",
            "If you pasted the web address, check you copied the entire address.",
            "It may also be a page you do not have access to.",
        ],
    ),
    500: ("Sorry, there is a problem with the service", ["Try again later."]),
}
CSRF_FAILURE = (
    "Sorry, we could not save your form",
    [
        "This can happen if the page was open for a long time, or if cookies are blocked in your browser.",
        "Go back, refresh the page and try again.",
    ],
)
# The same wording as the API's own errors (lodestar/api/api.py).
API_DETAIL = {400: "Bad request.", 403: "Forbidden.", 404: "Not found.", 500: "Server error."}
PLAIN_500 = (
    '<!doctype html><html lang="en"><head><title>Sorry, there is a problem with the service - Lodestar</title>'
    "</head><body><main><h1>Sorry, there is a problem with the service</h1><p>Try again later.</p></main>"
    "</body></html>"
)


def _error(request, status: int, heading_and_lines=None) -> HttpResponse:
    heading, lines = heading_and_lines or ERRORS[status]
    if request.path_info.startswith("/api/"):
        return JsonResponse({"detail": API_DETAIL[status]}, status=status)
    return render(request, "core/error.jinja", {"heading": heading, "lines": lines}, status=status)


@login_not_required
def bad_request(request, exception=None):
    return _error(request, 400)


@login_not_required
def permission_denied(request, exception=None):
    return _error(request, 403)


@login_not_required
def page_not_found(request, exception=None):
    return _error(request, 404)


@login_not_required
def csrf_failure(request, reason=""):
    return _error(request, 403, CSRF_FAILURE)


@login_not_required
def server_error(request):
    try:
        return _error(request, 500)
    except Exception:  # the layout itself may be what failed (e.g. the database is down)
        logger.exception("The error page could not be rendered")
        return HttpResponse(PLAIN_500, status=500)

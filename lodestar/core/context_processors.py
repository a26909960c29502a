"""Values every page layout needs: the navigation, the account links, the CSP nonce."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse

SERVICE_NAME = "Lodestar"

# (label, url name, path prefix (or prefixes) that marks the item as current)
NAVIGATION = [
    ("Home", "core:home", None),
    ("The Star", "star:index", "/star/"),
    ("Workshops", "workshops:list", "/workshops/"),
    ("Action plans", "plans:portfolio", "/plans/"),
    ("Workforce", "workforce:index", "/workforce/"),
    ("Projections", "projections:index", "/projections/"),
    ("Shared learning", "learning:index", "/learning/"),
    # One menu item for the regional programme work, current on each of its sections
    ("Programmes", "programmes:index", ("/programmes/", "/pilots/", "/pathways/", "/roles/", "/talent/", "/networks/")),
    ("Organisations", "orgs:list", "/organisations/"),
]


def _reverse(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def layout(request) -> dict:
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    items = []
    if signed_in:
        for label, name, prefix in NAVIGATION:
            href = _reverse(name)
            if href is None:
                continue
            current = request.path == href if prefix is None else request.path.startswith(prefix)
            items.append({"text": label, "href": href, "current": current})
    account_items = []
    if signed_in:
        account_items = [
            {"text": user.display_name, "href": _reverse("accounts:profile"), "icon": True},
            {"text": "Sign out", "href": _reverse("accounts:sign-out")},
        ]
    return {
        "service_name": SERVICE_NAME,
        "nav_items": items,
        "account_items": account_items,
        "csp_nonce": getattr(request, "csp_nonce", ""),
    }

"""Factories for the API tests: tokens (through the real action) and a small catalogue."""

from __future__ import annotations

from lodestar.api import actions
from lodestar.api.models import ApiToken
from lodestar.star import vocab
from lodestar.star.models import Intervention, StarPoint


def api_token(user, name: str = "Test token", **kwargs) -> tuple[ApiToken, str]:
    """A token for ``user`` and its plain text (as shown once on the page)."""
    return actions.create_token(actor=user, name=name, **kwargs)


def auth_header(plain: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {plain}"}


def star_points() -> dict[str, StarPoint]:
    points = {}
    for order, (key, name) in enumerate(vocab.STAR_POINTS, start=1):
        points[key], _ = StarPoint.objects.get_or_create(
            key=key, defaults={"name": name, "order": order, "summary": f"{name} summary", "description": name}
        )
    return points


def intervention(code: str, *, point: str = "supply", organisation=None, **kwargs) -> Intervention:
    points = star_points()
    values = {
        "title": code.replace("-", " ").capitalize(),
        "summary": f"Summary of {code}",
        "description": f"Description of {code}",
        "staff_groups": ["registered-nurses"],
        "care_settings": ["acute"],
        "evidence_level": "moderate",
        "time_to_impact": "6-12-months",
        "cost_band": "low",
        "catalogue_version": "" if organisation else "2025.1",
    }
    values.update(kwargs)
    return Intervention.objects.create(code=code, point=points[point], organisation=organisation, **values)

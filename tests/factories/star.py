"""Factories for the Star catalogue."""

from __future__ import annotations

import factory

from lodestar.star import vocab
from lodestar.star.models import Intervention, StarPoint

POINT_NAMES = dict(vocab.STAR_POINTS)


class StarPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StarPoint
        django_get_or_create = ("key",)

    key = "supply"
    name = factory.LazyAttribute(lambda o: POINT_NAMES[o.key])
    order = factory.LazyAttribute(lambda o: list(POINT_NAMES).index(o.key) + 1)
    summary = factory.LazyAttribute(lambda o: f"What {o.name} covers, in one line.")
    description = factory.LazyAttribute(lambda o: f"A longer description of {o.name}.")


def star_points() -> dict[str, StarPoint]:
    """The five Star points, keyed by key (created when the catalogue is not loaded)."""
    return {key: StarPointFactory(key=key) for key in POINT_NAMES}


def star_point(key: str = "supply") -> StarPoint:
    return StarPointFactory(key=key)


class InterventionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Intervention

    code = factory.Sequence(lambda n: f"test-intervention-{n}")
    point = factory.SubFactory(StarPointFactory)
    title = factory.Sequence(lambda n: f"Intervention {n}")
    summary = "A one-sentence summary."
    description = "What it is, who it suits, what it takes and what good looks like."
    staff_groups = factory.LazyFunction(lambda: ["registered-nurses"])
    care_settings = factory.LazyFunction(lambda: ["acute"])
    evidence_level = "moderate"
    time_to_impact = "1-2-years"
    cost_band = "low"
    levers = factory.LazyFunction(
        lambda: [
            {
                "type": "leaver_rate_change",
                "effect": {"dist": "triangular", "low": -0.1, "mode": -0.05, "high": -0.01},
                "ramp_up_years": 2,
            }
        ]
    )
    organisation = None
    catalogue_version = "2026.1"
    is_active = True

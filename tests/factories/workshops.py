"""Factories for workshops (and the catalogue entries they need, so tests do not depend on
the catalogue data file)."""

from __future__ import annotations

import factory

from lodestar.star import vocab
from lodestar.star.models import Intervention, StarPoint
from lodestar.workshops.models import (
    Candidate,
    Contribution,
    ContributionKind,
    Participant,
    ParticipantRole,
    Rating,
    Workshop,
)
from tests.factories import OrganisationFactory, UserFactory

POINT_SUMMARIES = {
    "supply": "Attract and secure future supply.",
    "upskilling": "Develop existing staff.",
    "new-roles": "Create and embed new roles.",
    "new-ways-of-working": "Mobilise innovation in how work is done.",
    "leadership": "Compassionate and inclusive leadership.",
}


def star_points() -> list[StarPoint]:
    """The five Star points (created if the catalogue is not loaded)."""
    out = []
    for order, (key, name) in enumerate(vocab.STAR_POINTS, start=1):
        point, _ = StarPoint.objects.get_or_create(
            key=key,
            defaults={
                "name": name,
                "order": order,
                "summary": POINT_SUMMARIES[key],
                "description": POINT_SUMMARIES[key],
            },
        )
        out.append(point)
    return out


def star_point(key: str = "supply") -> StarPoint:
    return next(p for p in star_points() if p.key == key)


class InterventionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Intervention

    code = factory.Sequence(lambda n: f"test-intervention-{n}")
    point = factory.LazyFunction(lambda: star_point("supply"))
    title = factory.Sequence(lambda n: f"Intervention {n}")
    summary = "A short summary."
    description = "A longer description."
    staff_groups = factory.LazyFunction(list)
    care_settings = factory.LazyFunction(list)
    evidence_level = "moderate"
    time_to_impact = "1-2-years"
    cost_band = "low"
    organisation = None


class WorkshopFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Workshop
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Workshop {n}")
    lead_organisation = factory.SubFactory(OrganisationFactory)
    challenge = "We cannot recruit enough community nurses."

    @factory.post_generation
    def partners(obj, create, extracted, **kwargs):  # noqa: N805
        if create and extracted:
            obj.partner_organisations.set(extracted)


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    workshop = factory.SubFactory(WorkshopFactory)
    user = factory.SubFactory(UserFactory)
    name = factory.LazyAttribute(lambda o: o.user.display_name if o.user else "Someone")
    email = factory.LazyAttribute(lambda o: o.user.email if o.user else "someone@example.org")
    role = ParticipantRole.CONTRIBUTOR


def participant(workshop: Workshop, role: str = ParticipantRole.CONTRIBUTOR, user=None, **kwargs):
    """A user taking part in ``workshop`` with ``role`` (a new user with no membership by default)."""
    user = user or UserFactory()
    ParticipantFactory(workshop=workshop, user=user, role=role, **kwargs)
    return user


class ContributionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contribution

    workshop = factory.SubFactory(WorkshopFactory)
    point = factory.LazyFunction(lambda: star_point("supply"))
    kind = ContributionKind.CHALLENGE
    text = factory.Sequence(lambda n: f"Contribution {n}")


class CandidateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Candidate

    workshop = factory.SubFactory(WorkshopFactory)
    intervention = factory.SubFactory(InterventionFactory)


class RatingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rating

    candidate = factory.SubFactory(CandidateFactory)
    user = factory.SubFactory(UserFactory)
    impact = 3
    effort = 3

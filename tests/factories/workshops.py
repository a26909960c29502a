"""Factories for workshops (and the catalogue entries they need, so tests do not depend on
the catalogue data file)."""

from __future__ import annotations

import factory

from lodestar.star.models import StarPoint
from lodestar.workshops.models import (
    Candidate,
    Contribution,
    ContributionKind,
    Participant,
    ParticipantRole,
    Rating,
    Workshop,
)
from tests.factories import OrganisationFactory, UserFactory, star
from tests.factories.star import star_point


def star_points() -> list[StarPoint]:
    """The five Star points in order (created when the catalogue is not loaded)."""
    return list(star.star_points().values())


class InterventionFactory(star.InterventionFactory):
    """A catalogue entry with no staff groups, settings or levers unless a test gives them."""

    staff_groups = factory.LazyFunction(list)
    care_settings = factory.LazyFunction(list)
    levers = factory.LazyFunction(list)


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

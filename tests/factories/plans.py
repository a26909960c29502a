"""Factories for action plans (and the Star points and interventions they need)."""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from lodestar.plans.models import Action, ActionPlan, Milestone, ProgressUpdate, Status, SuccessMeasure
from lodestar.star.models import StarPoint
from tests.factories import OrganisationFactory, star
from tests.factories.star import star_point, star_points


def all_points() -> list[StarPoint]:
    return list(star_points().values())


class InterventionFactory(star.InterventionFactory):
    """A catalogue entry with no staff groups, settings or levers unless a test gives them."""

    staff_groups = factory.LazyFunction(list)
    care_settings = factory.LazyFunction(list)
    levers = factory.LazyFunction(list)
    time_to_impact = "6-12-months"


class ActionPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionPlan

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Plan {n}")


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    plan = factory.SubFactory(ActionPlanFactory)
    title = factory.Sequence(lambda n: f"Action {n}")
    point = factory.LazyFunction(lambda: star_point("supply"))
    organisation = factory.LazyAttribute(lambda o: o.plan.organisation)
    start_date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
    due_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=90))
    status = Status.ON_TRACK


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    action = factory.SubFactory(ActionFactory)
    title = factory.Sequence(lambda n: f"Milestone {n}")


class SuccessMeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SuccessMeasure

    action = factory.SubFactory(ActionFactory)
    metric = "Vacancy rate"
    unit = "%"


class ProgressUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressUpdate

    action = factory.SubFactory(ActionFactory)
    date = factory.LazyFunction(timezone.localdate)
    text = "Progress made."

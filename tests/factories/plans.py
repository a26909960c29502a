"""Factories for action plans (and the Star points and interventions they need)."""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from lodestar.plans.models import Action, ActionPlan, Milestone, ProgressUpdate, Status, SuccessMeasure
from lodestar.star import vocab
from lodestar.star.models import Intervention, StarPoint
from tests.factories import OrganisationFactory


def star_point(key: str = "supply") -> StarPoint:
    names = dict(vocab.STAR_POINTS)
    order = [k for k, _ in vocab.STAR_POINTS].index(key) + 1
    point, _ = StarPoint.objects.get_or_create(
        key=key, defaults={"name": names[key], "order": order, "summary": names[key], "description": names[key]}
    )
    return point


def all_points() -> list[StarPoint]:
    return [star_point(k) for k, _ in vocab.STAR_POINTS]


class InterventionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Intervention

    code = factory.Sequence(lambda n: f"plan-intervention-{n}")
    point = factory.LazyFunction(lambda: star_point("supply"))
    title = factory.Sequence(lambda n: f"Intervention {n}")
    summary = "A test intervention."
    description = "A test intervention."
    evidence_level = "moderate"
    time_to_impact = "6-12-months"
    cost_band = "low"


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

"""Reads about talent that pages, downloads and the API share.

Individual records only through ``visible_to`` (``lodestar.talent.models``): the person, their
line manager, their organisation's talent leads; anything else is a 404. Figures through
``lodestar.talent.aggregates``, over the organisations the reader may view.
"""

from __future__ import annotations

from django.http import Http404

from lodestar.accounts.models import User
from lodestar.orgs.models import Organisation
from lodestar.orgs.permissions import Permission
from lodestar.talent import aggregates
from lodestar.talent.models import SuccessionPlan, TalentConversation, talent_lead_organisation_ids


def conversations(user):
    return (
        TalentConversation.objects.visible_to(user)
        .select_related("organisation", "person", "line_manager")
        .prefetch_related("development_actions")
    )


def conversation(user, pk: int) -> TalentConversation:
    found = conversations(user).filter(pk=pk).first()
    if found is None:
        raise Http404("No such talent conversation")
    return found


def succession_plans(user):
    return SuccessionPlan.objects.visible_to(user).select_related("organisation").prefetch_related("successors")


def succession_plan(user, pk: int) -> SuccessionPlan:
    found = succession_plans(user).filter(pk=pk).first()
    if found is None:
        raise Http404("No such succession plan")
    return found


def led_organisations(user):
    """Where ``user`` is a talent lead (the organisation itself only)."""
    return Organisation.objects.filter(pk__in=talent_lead_organisation_ids(user)).order_by("name")


def recording_organisations(user):
    """Where ``user`` may record a conversation: where they are a member (as someone's line
    manager) or a talent lead."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(memberships__user=user).distinct().order_by("name")


def person_by_email(email: str) -> User | None:
    """The Lodestar user with ``email`` (the action checks they belong to the organisation)."""
    email = (email or "").strip()
    return User.objects.filter(email__iexact=email, is_active=True).first() if email else None


def pipeline_organisations(user):
    """The organisations whose figures ``user`` sees: every one they may view."""
    return Organisation.objects.in_reach(user, Permission.VIEW)


def pipeline_tables(user):
    return aggregates.every_table(pipeline_organisations(user).values_list("pk", flat=True))

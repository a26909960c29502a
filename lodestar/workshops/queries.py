"""Scoped reads used by workshop views, forms and the API (so views never touch ``Model.objects``)."""

from __future__ import annotations

import functools
import operator

from django.db.models import Count, Exists, OuterRef, Q, Subquery

from lodestar.orgs.models import Organisation, OrganisationType
from lodestar.orgs.permissions import Permission
from lodestar.plans.models import ActionPlan
from lodestar.star import queries as star_queries
from lodestar.workshops.models import Participant, Workshop

# Partner organisations may sit outside the facilitator's reach: councils, care providers,
# charities and colleges rarely share an NHS hierarchy. They can be chosen from every
# organisation of these types (see docs/guide/workshops-facilitators.md).
OPEN_PARTNER_TYPES = [
    OrganisationType.LOCAL_AUTHORITY,
    OrganisationType.CARE_PROVIDER,
    OrganisationType.VOLUNTARY,
    OrganisationType.EDUCATION,
]


def lead_organisation_choices(user, workshop: Workshop | None = None):
    """Where ``user`` can facilitate; when editing, also the workshop's current lead (a
    participant facilitator from a partner may not facilitate there, but can keep it)."""
    reach = Organisation.objects.in_reach(user, Permission.FACILITATE).values("pk")
    current = Q(pk=workshop.lead_organisation_id) if workshop is not None else Q(pk__in=[])
    return Organisation.objects.filter(Q(pk__in=reach) | current).order_by("name")


def partner_choices(user, workshop: Workshop | None = None):
    """Organisations in reach and every open-type organisation; when editing, also the
    workshop's current partners, so saving never drops a partner someone else added."""
    reach = Organisation.objects.in_reach(user, Permission.VIEW).values("pk")
    current = Q(pk__in=workshop.partner_organisations.values("pk")) if workshop is not None else Q(pk__in=[])
    return Organisation.objects.filter(Q(pk__in=reach) | Q(type__in=OPEN_PARTNER_TYPES) | current).order_by("name")


def get_visible_workshop(user, pk) -> Workshop | None:
    # With the scenario its candidates are modelled against (lodestar.projections), if any: the
    # prioritisation step asks, and this way it costs no query of its own.
    return (
        Workshop.objects.visible_to(user)
        .select_related("lead_organisation", "facilitator", "scenario_link__scenario")
        .filter(pk=pk)
        .first()
    )


def taking_part(user):
    """The workshops ``user`` takes part in or is the named facilitator of, newest first, each
    with what their home page says about it (one query): ``n_candidates``, ``n_rated_by_me``
    (candidates this person has rated), ``n_raters`` (people who have rated any candidate),
    ``facilitates``, ``participant_role`` (None when not a participant) and ``plan_id`` (the
    action plan made from it, when they may see it)."""
    if not getattr(user, "is_authenticated", False):
        return Workshop.objects.none()
    mine = Participant.objects.filter(user=user)
    plans = ActionPlan.objects.visible_to(user).filter(workshop=OuterRef("pk"))
    return (
        Workshop.objects.visible_to(user)
        .filter(Q(facilitator=user) | Q(pk__in=mine.values("workshop_id")))
        .select_related("lead_organisation")
        .annotate(
            n_candidates=Count("candidates", distinct=True),
            n_rated_by_me=Count("candidates__ratings", filter=Q(candidates__ratings__user=user), distinct=True),
            n_raters=Count("candidates__ratings__user", distinct=True),
            facilitates=Exists(Workshop.objects.facilitated_by(user).filter(pk=OuterRef("pk"))),
            participant_role=Subquery(mine.filter(workshop=OuterRef("pk")).values("role")[:1]),
            plan_id=Subquery(plans.values("pk")[:1]),
        )
        .order_by("-created_at", "-id")
    )


def eligible_members(workshop: Workshop):
    """People with a membership in the lead or a partner organisation (or beneath them) who
    are not yet participants."""
    from lodestar.accounts.models import User

    orgs = [workshop.lead_organisation, *workshop.partner_organisations.all()]
    cond = functools.reduce(operator.or_, (Q(memberships__organisation__path__startswith=o.path) for o in orgs))
    taken = workshop.participants.filter(user__isnull=False).values("user_id")
    return User.objects.filter(cond, is_active=True).exclude(pk__in=taken).distinct().order_by("full_name", "email")


def member_organisation(workshop: Workshop, user) -> Organisation | None:
    """The organisation through which ``user`` takes part (for display): their membership in
    or beneath the lead or a partner organisation, else (an ICS or regional colleague above
    them) their first membership."""
    orgs = [workshop.lead_organisation, *workshop.partner_organisations.all()]
    memberships = list(user.memberships.select_related("organisation").order_by("pk"))
    for m in memberships:
        for o in orgs:
            if m.organisation.path.startswith(o.path):
                return m.organisation
    return memberships[0].organisation if memberships else None


def star_points():
    from lodestar.star.models import StarPoint

    return StarPoint.objects.order_by("order")


def star_point(key: str):
    return star_points().filter(key=key).first()


def visible_interventions(user):
    """Active catalogue interventions ``user`` may see (the catalogue's own rule)."""
    return star_queries.interventions(user)


def action_plan(workshop: Workshop, user) -> ActionPlan | None:
    """The action plan generated from ``workshop``, when there is one ``user`` may see."""
    return ActionPlan.objects.visible_to(user).filter(workshop=workshop).first()


def account_exists(email: str) -> bool:
    from lodestar.accounts.models import User

    return User.objects.filter(email__iexact=email).exists()

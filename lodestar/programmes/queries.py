"""Reads of themes and programmes, always scoped to the reader (ADR 0037).

A programme is seen by anyone holding VIEW at its owning organisation (or above it) and by the
members of its partner organisations; anything else is 404. It is changed by FACILITATE at the
owning organisation. Linked plans are counted for everyone who sees the programme (the RAG must
read the same for all), but a plan's name and link are shown only to those who may open the plan.
"""

from __future__ import annotations

import datetime

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from lodestar.accounts.models import User
from lodestar.orgs.models import Membership, Organisation, OrganisationType, holds_everything, is_signed_in
from lodestar.orgs.permissions import Permission
from lodestar.orgs.queries import has_permission
from lodestar.plans.models import Action, ActionPlan, Status, overdue_condition
from lodestar.programmes.models import Programme, Theme, above
from lodestar.programmes.rag import HIGH_RISK, MEDIUM_RISK, Rag, rag
from lodestar.workshops.models import Workshop

THEME_OWNER_TYPES = (OrganisationType.REGION, OrganisationType.ICS)


def today() -> datetime.date:
    return timezone.localdate()


# ------------------------------------------------------------------------------ reading


def themes(user) -> QuerySet[Theme]:
    return Theme.objects.visible_to(user).select_related("organisation")


def programmes(user, *, theme: Theme | None = None, status: str = "", ics: Organisation | None = None):
    rows = Programme.objects.visible_to(user).select_related("theme", "organisation", "lead")
    if theme is not None:
        rows = rows.filter(theme=theme)
    if status:
        rows = rows.filter(status=status)
    if ics is not None:
        rows = rows.filter(organisation__path__startswith=ics.path)
    return rows.order_by("theme__position", "theme__name", "name", "pk")


def get_programme(user, pk) -> Programme:
    """The programme, or 404 when it does not exist or is out of the user's reach."""
    found = programmes(user).filter(pk=pk).first()
    if found is None:
        raise Http404("No such programme")
    return found


def get_theme(user, pk) -> Theme:
    found = themes(user).filter(pk=pk).first()
    if found is None:
        raise Http404("No such theme")
    return found


def may_edit(user, programme: Programme) -> bool:
    return has_permission(user, Permission.FACILITATE, org=programme.organisation)


def require_edit(user, programme: Programme) -> None:
    """Those who see a programme but may not change it get 404 on its edit pages too."""
    if not may_edit(user, programme):
        raise Http404("No such page")


# ------------------------------------------------------------------------------ choices


def theme_owner_choices(user) -> QuerySet[Organisation]:
    """Regions and ICSs where the user may define themes (FACILITATE there or above)."""
    reach = Organisation.objects.in_reach(user, Permission.FACILITATE)
    return reach.filter(type__in=THEME_OWNER_TYPES).order_by("name")


def owner_choices(user) -> QuerySet[Organisation]:
    """Organisations that may own a programme the user sets up: where they hold FACILITATE."""
    return Organisation.objects.in_reach(user, Permission.FACILITATE).order_by("name")


def theme_choices(user) -> QuerySet[Theme]:
    """Themes a new programme may go under: those of organisations where the user holds
    FACILITATE, those beneath them, and those above them (an ICS's programme under its region's theme)."""
    if holds_everything(user):
        return Theme.objects.order_by("organisation__name", "position", "name")
    reach = Organisation.objects.in_reach(user, Permission.FACILITATE)
    mine = Q(organisation__in=reach) | Q(organisation_id__in=above(user, Permission.FACILITATE))
    return Theme.objects.filter(mine).order_by("organisation__name", "position", "name")


def partner_choices(user, programme: Programme | None = None) -> QuerySet[Organisation]:
    """Any organisation the user reaches, of any sector (health, social care, voluntary...), and
    the programme's partners already (named by someone who reaches them, kept when it is changed)."""
    condition = Q(pk__in=Organisation.objects.in_reach(user, Permission.VIEW).values("pk"))
    if programme is not None and programme.pk:
        condition |= Q(pk__in=programme.partners.values("pk"))
    return Organisation.objects.filter(condition).order_by("name")


def lead_choices(user) -> QuerySet[User]:
    """People with a role at an organisation the user reaches."""
    reach = Organisation.objects.in_reach(user, Permission.VIEW)
    return User.objects.filter(is_active=True, memberships__organisation__in=reach).distinct().order_by("full_name")


def workshop_choices(user) -> QuerySet[Workshop]:
    return Workshop.objects.visible_to(user).order_by("title", "pk")


def plan_choices(user) -> QuerySet[ActionPlan]:
    return ActionPlan.objects.visible_to(user).order_by("title", "pk")


def icss(user) -> QuerySet[Organisation]:
    """ICSs the user reaches, for the dashboard's filter."""
    return Organisation.objects.in_reach(user, Permission.VIEW).filter(type=OrganisationType.ICS).order_by("name")


# ------------------------------------------------------------------------------ roll-up


def plan_status(programmes_: list[Programme], on: datetime.date | None = None) -> dict[int, list[dict]]:
    """Each programme's linked plans with their actions total, done and overdue, in one query."""
    on = on or today()
    ids = [p.pk for p in programmes_]
    links = Programme.plans.through.objects.filter(programme_id__in=ids).values_list("programme_id", "actionplan_id")
    plan_ids = {plan_id for _p, plan_id in links}
    counts = {
        row["pk"]: row
        for row in ActionPlan.objects.filter(pk__in=plan_ids)
        .annotate(
            total=Count("actions", distinct=True),
            done=Count("actions", filter=Q(actions__status=Status.DONE), distinct=True),
            overdue=Count(
                "actions",
                filter=Q(actions__in=Action.objects.filter(overdue_condition(on)).values("pk")),
                distinct=True,
            ),
        )
        .values("pk", "title", "total", "done", "overdue")
    }
    out: dict[int, list[dict]] = {pk: [] for pk in ids}
    for programme_id, plan_id in links:
        if plan_id in counts:
            out[programme_id].append(counts[plan_id])
    return out


def milestone_counts(programme: Programme, on: datetime.date) -> tuple[int, int, int]:
    """(total, done, late) among the programme's milestones (prefetched or not)."""
    milestones = list(programme.milestones.all())
    done = sum(1 for m in milestones if m.done_date)
    late = sum(1 for m in milestones if not m.done_date and m.due_date < on)
    return len(milestones), done, late


def programme_rag(programme: Programme, plans: list[dict], on: datetime.date | None = None) -> Rag:
    """The programme's RAG and its words, from its milestones, linked plans and open risks."""
    on = on or today()
    total, done, late = milestone_counts(programme, on)
    scores = [r.likelihood * r.impact for r in programme.risks.all() if r.is_open]
    return rag(
        status=programme.status,
        milestones_total=total,
        milestones_done=done,
        milestones_late=late,
        plans_total=len(plans),
        plans_with_overdue=sum(1 for p in plans if p["overdue"]),
        open_risks_high=sum(1 for s in scores if s >= HIGH_RISK),
        open_risks_medium=sum(1 for s in scores if MEDIUM_RISK <= s < HIGH_RISK),
    )


def with_parts(rows: QuerySet[Programme]) -> QuerySet[Programme]:
    return rows.prefetch_related("milestones", "measures", "risks", "partners", "workshops")


def readable_plan_ids(user, plan_ids) -> set[int]:
    return set(ActionPlan.objects.visible_to(user).filter(pk__in=plan_ids).values_list("pk", flat=True))


# ------------------------------------------------------------------------------ dashboard

SYSTEM_LEVELS = (OrganisationType.ICS, OrganisationType.REGION, OrganisationType.NATIONAL_BODY)


def may_see_dashboard(user) -> bool:
    """The regional dashboard is for people with a role at an ICS, a region or a national body."""
    if not is_signed_in(user):
        return False
    return holds_everything(user) or Membership.objects.filter(user=user, organisation__type__in=SYSTEM_LEVELS).exists()


def require_dashboard(user) -> None:
    if not may_see_dashboard(user):
        raise Http404("No such page")

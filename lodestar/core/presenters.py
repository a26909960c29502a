"""The home page of the person signed in: what needs them next, their workshops and their
organisations. Everything is read through each app's scoped queries (``workshops.queries``,
``plans.queries``), a few queries in all however many workshops and plans there are."""

from __future__ import annotations

import dataclasses
from functools import cached_property

from django.conf import settings
from django.db.models import Count
from django.urls import reverse

from lodestar.core.words import a_or_an, and_list, plural
from lodestar.plans import queries as plan_queries
from lodestar.plans.models import Action, ActionPlan
from lodestar.workshops import queries as workshop_queries
from lodestar.workshops.models import ParticipantRole, WorkshopStatus

MAX_WORKSHOPS = 10  # the newest; the workshops page lists them all
MAX_STALE_PLANS = 5
RATERS = (ParticipantRole.FACILITATOR, ParticipantRole.CONTRIBUTOR)


@dataclasses.dataclass(frozen=True)
class Step:
    text: str
    href: str


class HomeWorkshop:
    """One of the person's workshops, from ``workshop_queries.taking_part``: a row of "Your
    workshops" and the steps it asks of them. Contributors are told their own progress; only
    facilitators are told the group's, and given the facilitator's steps."""

    def __init__(self, workshop):
        self.title = workshop.title
        self.lead_organisation = workshop.lead_organisation.name
        self.href = reverse("workshops:detail", args=[workshop.pk])
        self.facilitates = workshop.facilitates
        self.can_rate = workshop.facilitates or workshop.participant_role in RATERS
        if workshop.facilitates or workshop.participant_role is None:  # None: the named facilitator
            self.you_are = "You are the facilitator"
        else:
            role = ParticipantRole(workshop.participant_role).label.lower()
            self.you_are = f"You are {a_or_an(role)}"
        self.status = workshop.get_status_display()
        self.plan_href = reverse("plans:detail", kwargs={"plan_id": workshop.plan_id}) if workshop.plan_id else ""
        self._w = workshop

    def _url(self, name: str, anchor: str = "") -> str:
        return reverse(f"workshops:{name}", args=[self._w.pk]) + anchor

    @cached_property
    def progress(self) -> str:
        """The person's own ratings, when they rate and there is something to rate."""
        w = self._w
        if not (self.can_rate and w.n_candidates):
            return ""
        return f"You have rated {w.n_rated_by_me} of {plural(w.n_candidates, 'candidate')}."

    @cached_property
    def steps(self) -> list[Step]:
        w = self._w
        steps = []
        rating_open = not w.shortlist_confirmed and w.status != WorkshopStatus.COMPLETED
        if rating_open and self.can_rate and w.n_candidates:
            left = w.n_candidates - w.n_rated_by_me
            if not w.n_rated_by_me:
                steps.append(
                    Step(f"Rate {plural(w.n_candidates, 'candidate')} in {w.title}", self._url("prioritisation"))
                )
            elif left:
                steps.append(
                    Step(
                        f"You have rated {w.n_rated_by_me} of {plural(w.n_candidates, 'candidate')} in {w.title}: "
                        f"rate the other {left}",
                        self._url("prioritisation"),
                    )
                )
        if not self.facilitates:
            return steps
        if rating_open and not w.n_candidates:
            steps.append(Step(f"Add candidate interventions to {w.title}", self._url("candidates")))
        elif rating_open and w.n_raters:
            raters = plural(w.n_raters, "person has", "people have")
            steps.append(
                Step(f"Confirm the shortlist in {w.title}: {raters} rated", self._url("prioritisation", "#shortlist"))
            )
        elif w.shortlist_confirmed and not w.plan_id:
            steps.append(Step(f"Generate the action plan for {w.title}", self._url("prioritisation", "#shortlist")))
        return steps


class HomePresenter:
    """The home page for ``user``."""

    def __init__(self, user):
        self._user = user
        self.stale_days = settings.LODESTAR_STALE_UPDATE_DAYS

    @cached_property
    def memberships(self) -> list[dict]:
        rows = self._user.memberships.select_related("organisation", "role").order_by("organisation__name")
        return [
            {"name": m.organisation.name, "href": reverse("orgs:detail", args=[m.organisation.pk]), "role": m.role.name}
            for m in rows
        ]

    @cached_property
    def workshops(self) -> list[HomeWorkshop]:
        return [HomeWorkshop(w) for w in workshop_queries.taking_part(self._user)[:MAX_WORKSHOPS]]

    @property
    def is_platform_staff(self) -> bool:
        return self._user.is_platform_staff

    @property
    def is_outside_invitee(self) -> bool:
        """Invited to workshops from outside their organisations: no membership anywhere."""
        return bool(self.workshops) and not self.memberships and not self.is_platform_staff

    @cached_property
    def owned_actions(self) -> Step | None:
        counts = plan_queries.owned_summary(Action.objects.visible_to(self._user), self._user)
        if not counts["open"]:
            return None
        words = {"at_risk": "at risk", "off_track": "off track", "overdue": "overdue"}
        flags = [f"{counts[key]} {word}" for key, word in words.items() if counts[key]]
        text = f"You own {plural(counts['open'], 'open action')}" + (f", {and_list(flags)}" if flags else "")
        return Step(text, reverse("plans:my-actions"))

    @cached_property
    def stale_plans(self) -> list[Step]:
        """For the plans the person leads: how many actions have had no update for a while."""
        led = plan_queries.led_by(ActionPlan.objects.visible_to(self._user), self._user)
        stale = plan_queries.without_updates(Action.objects.visible_to(self._user).filter(plan__in=led))
        rows = stale.values("plan_id", "plan__title").annotate(n=Count("pk")).order_by("-n", "plan__title")
        return [
            Step(
                f"{plural(r['n'], 'action')} in {r['plan__title']} {'has' if r['n'] == 1 else 'have'} had "
                f"no progress update for {self.stale_days} days",
                reverse("plans:detail", kwargs={"plan_id": r["plan_id"]}),
            )
            for r in rows[:MAX_STALE_PLANS]
        ]

    @cached_property
    def next_steps(self) -> list[Step]:
        steps = [step for w in self.workshops for step in w.steps]
        if self.owned_actions:
            steps.append(self.owned_actions)
        return steps + self.stale_plans

    @property
    def is_new(self) -> bool:
        """Nothing to show yet: no organisation, no workshop, not on the platform team."""
        return not (self.memberships or self.workshops or self.is_platform_staff)

"""The portfolio (every action the user can see, filtered) and 'My actions'."""

from __future__ import annotations

from django.db.models import Count
from django.shortcuts import render
from django.utils.http import urlencode

from lodestar.orgs.models import Organisation
from lodestar.orgs.permissions import Permission
from lodestar.plans import queries
from lodestar.plans.models import Action, ActionPlan, Status
from lodestar.plans.views.common import action_list, page_of, sorted_actions, status_counts
from lodestar.star.models import StarPoint


class Filters:
    """The portfolio filters, read from the query string (a GET form: works without JavaScript)."""

    def __init__(self, request, organisations):
        get = request.GET
        points = {p.key: p for p in StarPoint.objects.all()}
        self.point = get.get("point", "") if get.get("point", "") in points else ""
        self.status = get.get("status", "") if get.get("status", "") in Status.values else ""
        org = get.get("organisation", "")
        self.organisation = org if org.isdigit() and int(org) in {o.pk for o in organisations} else ""
        self.overdue = get.get("overdue") == "1"
        self.points = list(points.values())
        self.organisations = organisations

    def apply(self, qs, *, with_status=True):
        return queries.filtered(
            qs,
            point=self.point,
            status=self.status if with_status else "",
            organisation=int(self.organisation) if self.organisation else None,
            overdue=True if self.overdue else None,
        )

    def query(self, **extra) -> str:
        params = {"point": self.point, "status": self.status, "organisation": self.organisation}
        if self.overdue:
            params["overdue"] = "1"
        params.update(extra)
        return urlencode({k: v for k, v in params.items() if v})

    @property
    def active(self) -> bool:
        return bool(self.point or self.status or self.organisation or self.overdue)


def portfolio(request):
    """Every action in plans the user can see, across the organisations beneath them."""
    actions = Action.objects.visible_to(request.user)
    organisations = list(actions.organisations())
    filters = Filters(request, organisations)
    counted = filters.apply(actions, with_status=False)
    listed = sorted_actions(action_list(filters.apply(actions)))
    plans = ActionPlan.objects.visible_to(request.user).select_related("organisation").annotate(n=Count("actions"))
    return render(
        request,
        "plans/portfolio.jinja",
        {
            "filters": filters,
            "counts": status_counts(counted),
            "overdue_count": counted.overdue().count(),
            "page": page_of(request, listed),
            "plans": plans[:100],
            "can_start_plan": Organisation.objects.in_reach(request.user, Permission.CONTRIBUTE).exists(),
        },
    )


def my_actions(request):
    actions = Action.objects.visible_to(request.user).filter(owner_user=request.user)
    listed = sorted_actions(action_list(actions))
    return render(
        request,
        "plans/my_actions.jinja",
        {
            "page": page_of(request, listed),
            "counts": status_counts(actions),
            "overdue_count": actions.overdue().count(),
        },
    )

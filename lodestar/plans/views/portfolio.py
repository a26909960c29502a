"""The portfolio (every action the user can see, filtered) and 'My actions'."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode

from lodestar.core import tabular
from lodestar.orgs.models import Organisation, OrganisationType
from lodestar.orgs.permissions import Permission
from lodestar.plans import portfolio as plan_portfolio
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

    def apply(self, qs, *, with_status=True, with_overdue=True):
        return queries.filtered(
            qs,
            point=self.point,
            status=self.status if with_status else "",
            organisation=int(self.organisation) if self.organisation else None,
            overdue=True if self.overdue and with_overdue else None,
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


def _rollup(request, filters: Filters, actions):
    """The plans rolled up by ICS (``lodestar.plans.portfolio``), with the filters applied to the
    counts; organisations in reach without a plan only when no filter is set."""
    without_plan = None
    if not filters.active:
        without_plan = (
            Organisation.objects.in_reach(request.user, Permission.VIEW)
            .exclude(type__in=[OrganisationType.NATIONAL_BODY, OrganisationType.REGION])
            .filter(action_plans__isnull=True)
        )
    return plan_portfolio.rollup(
        ActionPlan.objects.visible_to(request.user),
        filters.apply(actions),
        only_with_actions=filters.active,
        without_plan=without_plan,
    )


def portfolio(request):
    """Every action in plans the user can see, across the organisations beneath them."""
    actions = Action.objects.visible_to(request.user)
    organisations = list(actions.organisations())
    filters = Filters(request, organisations)
    counted = filters.apply(actions, with_status=False)
    listed = sorted_actions(action_list(filters.apply(actions)))
    return render(
        request,
        "plans/portfolio.jinja",
        {
            "filters": filters,
            "counts": status_counts(counted),
            "overdue_count": counted.overdue().count(),
            "page": page_of(request, listed),
            "rollup": _rollup(request, filters, actions),
            "trend": plan_portfolio.trend_chart(
                plan_portfolio.trend(filters.apply(actions, with_status=False, with_overdue=False))
            ),
            "can_start_plan": Organisation.objects.in_reach(request.user, Permission.CONTRIBUTE).exists(),
        },
    )


def portfolio_xlsx(request):
    """The rollup (plans by ICS, organisations without a plan, the status trend) as an XLSX, filtered like the page."""
    actions = Action.objects.visible_to(request.user)
    filters = Filters(request, list(actions.organisations()))
    trend = plan_portfolio.trend(filters.apply(actions, with_status=False, with_overdue=False))
    body = plan_portfolio.workbook(_rollup(request, filters, actions), trend)
    response = HttpResponse(body, content_type=tabular.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="action-plans-portfolio.xlsx"'
    return response


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

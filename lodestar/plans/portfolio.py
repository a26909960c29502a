"""The portfolio rolled up: one row per plan, grouped by integrated care system (ICS) with
totals, the organisations in reach that have no plan, the status trend over six months, and
the same as an XLSX workbook (ADR 0023).

Every read starts from querysets the caller has already scoped to the signed-in person
(``ActionPlan.objects.visible_to``, ``Action.objects.visible_to``, ``Organisation.objects.
in_reach``) and after the portfolio filters; the counts are a fixed number of queries however
many plans there are.

**A plan's RAG, in words** (from its actions that match the filters):

* "Off track": at least one action is Off track;
* "At risk": none is Off track, and at least one is At risk or overdue (past its due date
  and not done or stopped);
* "On track": it has actions and none of the above (done and stopped actions count as fine);
* "No actions": nothing to judge yet.

A plan is as healthy as its least healthy action: one action off track is worth a
conversation however many are fine.

**No update in 60 days**: the newest progress update on any of the plan's actions (or, with
none, the day the plan was created) is ``LODESTAR_STALE_UPDATE_DAYS`` (60) or more days ago.

**The trend** counts actions by status at the end of each of the last five months and today.
An action's status at a moment is its status now, taken back through the status changes the
audit log recorded after that moment (each change's ``before`` value): the audit log records
every change of status (edits, progress updates, imports) in the same transaction as the
change, so this reproduces what the plan page showed then. Actions added after the moment are
not counted; deleted actions are not counted at all. The point and organisation filters apply;
the status and overdue filters do not (they describe today).
"""

from __future__ import annotations

import calendar
import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import CharField, Count, Max, Q
from django.db.models.functions import Cast
from django.utils import timezone

from lodestar.core import tabular
from lodestar.core.models import AuditEvent
from lodestar.orgs.models import Organisation, OrganisationType
from lodestar.plans.models import Action, PlanEvent, ProgressUpdate, Status, overdue_condition, today
from lodestar.projections.presenters.plans import portfolio_figures

OFF_TRACK, AT_RISK, ON_TRACK, NO_ACTIONS = "Off track", "At risk", "On track", "No actions"
RAG_TAG = {
    OFF_TRACK: "nhsuk-tag--red",
    AT_RISK: "nhsuk-tag--yellow",
    ON_TRACK: "nhsuk-tag--green",
    NO_ACTIONS: "nhsuk-tag--grey",
}
RAG_ORDER = [OFF_TRACK, AT_RISK, ON_TRACK, NO_ACTIONS]
NOT_IN_AN_ICS = "Not in an integrated care system"
MAX_WITHOUT_PLAN = 500  # organisations without a plan named on the page; the rest are counted
TREND_POINTS = 6
STATUS_EVENTS = [PlanEvent.ACTION_UPDATE.value, PlanEvent.PROGRESS_ADD.value]


def rag(*, total: int, off_track: int, at_risk: int, overdue: int) -> str:
    """A plan's RAG in words from its actions' counts (the rule in this module's docstring)."""
    if not total:
        return NO_ACTIONS
    if off_track:
        return OFF_TRACK
    if at_risk or overdue:
        return AT_RISK
    return ON_TRACK


def stale_days() -> int:
    return settings.LODESTAR_STALE_UPDATE_DAYS


@dataclass
class PlanRow:
    plan: object
    total: int = 0
    done: int = 0
    overdue: int = 0
    at_risk: int = 0
    off_track: int = 0
    last_update: datetime.date | None = None
    days_since: int | None = None
    stale: bool = False
    modelled: object | None = None  # the modelled view's figures (lodestar.projections.presenters.plans)

    @property
    def rag(self) -> str:
        return rag(total=self.total, off_track=self.off_track, at_risk=self.at_risk, overdue=self.overdue)

    @property
    def rag_tag(self) -> str:
        return RAG_TAG[self.rag]


@dataclass
class IcsGroup:
    name: str
    rows: list[PlanRow] = field(default_factory=list)
    without_plan: list[str] = field(default_factory=list)

    def total(self, name: str) -> int:
        return sum(getattr(row, name) for row in self.rows)

    @property
    def totals(self) -> dict:
        counts = {name: self.total(name) for name in ("total", "done", "overdue", "at_risk", "off_track")}
        rags = [row.rag for row in self.rows]
        return {
            **counts,
            "plans": len(self.rows),
            "stale": sum(row.stale for row in self.rows),
            "rag": [(value, rags.count(value), RAG_TAG[value]) for value in RAG_ORDER if value in rags],
        }


@dataclass
class Rollup:
    groups: list[IcsGroup]
    without_plan_count: int = 0  # every organisation without a plan (some may not be named)
    stale_days: int = 60

    @property
    def plan_count(self) -> int:
        return sum(len(group.rows) for group in self.groups)

    @property
    def without_plan_named(self) -> int:
        return sum(len(group.without_plan) for group in self.groups)

    @property
    def modelled_rows(self) -> list[tuple[str, PlanRow]]:
        """(ICS, row) for every plan: modelled ones first, the least likely to close the gap first."""
        rows = [(group.name, row) for group in self.groups for row in group.rows]
        return sorted(
            rows,
            key=lambda item: (
                item[1].modelled is None,
                item[1].modelled.probability if item[1].modelled else 0,
                item[1].plan.title.lower(),
            ),
        )


# --------------------------------------------------------------------------- reads


def action_counts(actions) -> dict[int, dict]:
    """Per plan: actions, done, overdue, at risk, off track (one query)."""
    rows = (
        actions.order_by()
        .values("plan_id")
        .annotate(
            total=Count("pk"),
            done=Count("pk", filter=Q(status=Status.DONE)),
            overdue=Count("pk", filter=overdue_condition()),
            at_risk=Count("pk", filter=Q(status=Status.AT_RISK)),
            off_track=Count("pk", filter=Q(status=Status.OFF_TRACK)),
        )
    )
    return {row.pop("plan_id"): row for row in rows}


def last_updates(actions) -> dict[int, datetime.date]:
    """Per plan: the date of the newest progress update on its actions (one query)."""
    rows = (
        ProgressUpdate.objects.filter(action__in=actions.order_by().values("pk"))
        .order_by()
        .values("action__plan_id")
        .annotate(last=Max("date"))
    )
    return {row["action__plan_id"]: row["last"] for row in rows}


def ics_names(organisations) -> dict[int, str]:
    """The integrated care systems above (or at) each of ``organisations``: {ICS id: name} (one query)."""
    ids = {int(part) for org in organisations for part in org.path.strip("/").split("/") if part}
    if not ids:
        return {}
    return dict(Organisation.objects.filter(pk__in=ids, type=OrganisationType.ICS).values_list("pk", "name"))


def ics_of(organisation, names: dict[int, str]) -> str:
    for part in reversed(organisation.path.strip("/").split("/")):
        if part and int(part) in names:
            return names[int(part)]
    return NOT_IN_AN_ICS


# --------------------------------------------------------------------------- the rollup


def plan_row(plan, counts: dict, last: datetime.date | None, on: datetime.date) -> PlanRow:
    row = PlanRow(plan=plan, **counts)
    row.last_update = last
    since = last or timezone.localdate(plan.created_at)
    row.days_since = (on - since).days if last else None
    row.stale = (on - since).days >= stale_days()
    return row


def rollup(plans, actions, *, only_with_actions: bool, without_plan=None) -> Rollup:
    """``plans`` (visible), ``actions`` (visible, filtered), and ``without_plan`` (organisations in
    reach with no plan, or None not to list them) as ICS groups of plan rows, worst first."""
    on = today()
    counts = action_counts(actions)
    last = last_updates(actions)
    plans = list(plans.select_related("organisation").order_by("title", "pk"))
    if only_with_actions:
        plans = [plan for plan in plans if plan.pk in counts]
    orgs_without = list(without_plan.order_by("name")[:MAX_WITHOUT_PLAN]) if without_plan is not None else []
    names = ics_names([plan.organisation for plan in plans] + orgs_without)
    modelled = portfolio_figures(plans)
    groups: dict[str, IcsGroup] = {}
    for plan in plans:
        name = ics_of(plan.organisation, names)
        row = plan_row(plan, counts.get(plan.pk, {}), last.get(plan.pk), on)
        row.modelled = modelled.get(plan.pk)
        groups.setdefault(name, IcsGroup(name)).rows.append(row)
    for org in orgs_without:
        groups.setdefault(ics_of(org, names), IcsGroup(ics_of(org, names))).without_plan.append(org.name)
    for group in groups.values():
        group.rows.sort(key=lambda row: (RAG_ORDER.index(row.rag), row.plan.title.lower()))
    ordered = sorted(groups.values(), key=lambda g: (g.name == NOT_IN_AN_ICS, g.name.lower()))
    count = without_plan.count() if without_plan is not None and len(orgs_without) == MAX_WITHOUT_PLAN else None
    return Rollup(ordered, count if count is not None else len(orgs_without), stale_days())


# --------------------------------------------------------------------------- the trend


def month_ends(on: datetime.date, points: int = TREND_POINTS) -> list[datetime.date]:
    """The last day of each of the ``points - 1`` months before ``on``'s month, then ``on``."""
    ends = []
    year, month = on.year, on.month
    for _ in range(points - 1):
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
        ends.append(datetime.date(year, month, calendar.monthrange(year, month)[1]))
    return [*reversed(ends), on]


def _end_of(day: datetime.date) -> datetime.datetime:
    start = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min)
    return timezone.make_aware(start)


def status_changes(actions, since: datetime.datetime) -> dict[int, list[tuple[datetime.datetime, str]]]:
    """Per action: (when, status before) for each status change recorded after ``since``,
    newest first (one query)."""
    ids = actions.order_by().annotate(sid=Cast("pk", output_field=CharField())).values("sid")
    events = (
        AuditEvent.objects.filter(
            target_type=Action._meta.label, target_id__in=ids, action__in=STATUS_EVENTS, created_at__gte=since
        )
        .order_by("-created_at", "-id")
        .values_list("target_id", "created_at", "before__status", "after__status")
    )  # only the status out of each snapshot: the database reads the key, Python decodes no JSON
    changes: dict[int, list] = defaultdict(list)
    for target_id, when, was, now in events:
        if was and was != now:
            changes[int(target_id)].append((when, was))
    return changes


def trend(actions, on: datetime.date | None = None) -> list[dict]:
    """Counts of actions by status at the end of each month (see the module docstring), oldest first:
    [{"date", "label", "counts": [{"value", "label", "count"}], "total"}] (two queries)."""
    on = on or today()
    ends = month_ends(on)
    moments = [_end_of(day) for day in ends]
    rows = list(actions.order_by().values_list("pk", "status", "created_at"))
    changes = status_changes(actions, moments[0])
    points = []
    for day, moment in zip(ends, moments, strict=True):
        counts = dict.fromkeys(Status.values, 0)
        for pk, status, created in rows:
            if created >= moment:
                continue
            for when, was in changes.get(pk, ()):  # newest first: undo each change after the moment
                if when < moment:
                    break
                status = was
            counts[status] = counts.get(status, 0) + 1
        label = "Today" if day == on else day.strftime("%B %Y")
        points.append(
            {
                "date": day,
                "label": label,
                "counts": [{"value": v, "label": lab, "count": counts[v]} for v, lab in Status.choices],
                "total": sum(counts.values()),
            }
        )
    return points


# --------------------------------------------------------------------------- the workbook

PLAN_COLUMNS = [
    ("Integrated care system", 30),
    ("Plan", 40),
    ("Organisation", 30),
    ("RAG", 12),
    ("Actions", 9),
    ("Done", 8),
    ("Overdue", 9),
    ("At risk", 9),
    ("Off track", 10),
    ("Last update", 12),
    ("Days since update", 10),
    ("No update in {days} days", 12),  # LODESTAR_STALE_UPDATE_DAYS
]


def workbook(result: Rollup, points: list[dict]) -> bytes:
    """The rollup as an XLSX: a sheet of plans, one of organisations without a plan, one of the trend."""
    columns = [name.format(days=result.stale_days) for name, _w in PLAN_COLUMNS]
    plan_rows = [
        [
            group.name,
            row.plan.title,
            row.plan.organisation.name,
            row.rag,
            row.total,
            row.done,
            row.overdue,
            row.at_risk,
            row.off_track,
            row.last_update or "",
            row.days_since if row.days_since is not None else "",
            "Yes" if row.stale else "No",
        ]
        for group in result.groups
        for row in group.rows
    ]
    without = [[group.name, name] for group in result.groups for name in group.without_plan]
    trend_columns = ["Date", *[label for _v, label in Status.choices], "Total"]
    trend_rows = [[p["date"], *[c["count"] for c in p["counts"]], p["total"]] for p in points]
    return tabular.to_workbook(
        [
            tabular.Sheet("Plans", columns, plan_rows, [w for _n, w in PLAN_COLUMNS]),
            tabular.Sheet(
                "Organisations without a plan", ["Integrated care system", "Organisation"], without, [30, 40]
            ),
            tabular.Sheet("Status trend", trend_columns, trend_rows, [12] * len(trend_columns)),
        ],
        title="Action plans portfolio",
    )


# --------------------------------------------------------------------------- the trend as a chart

STATUS_FILL = {
    Status.NOT_STARTED: "#ffffff",
    Status.ON_TRACK: "#007f3b",
    Status.AT_RISK: "#ffeb3b",
    Status.OFF_TRACK: "#d5281b",
    Status.DONE: "#005eb8",
    Status.STOPPED: "#768692",
}
CHART = {"width": 640, "height": 260, "left": 48, "right": 16, "top": 16, "bottom": 40}


def _scale_top(largest: int) -> int:
    """A round number at or above ``largest`` for the chart's top line (at least 4)."""
    top = max(largest, 4)
    step = 10 ** (len(str(top)) - 1)
    return -(-top // step) * step


def trend_chart(points: list[dict]) -> dict:
    """The trend as a stacked bar chart: bars (x, width, label, segments of y, height, fill), the
    value lines (y, label) and a one-sentence description; the page draws it as SVG beside a table."""
    inner_w = CHART["width"] - CHART["left"] - CHART["right"]
    inner_h = CHART["height"] - CHART["top"] - CHART["bottom"]
    top = _scale_top(max((p["total"] for p in points), default=0))
    slot = inner_w / max(len(points), 1)
    bars = []
    for index, point in enumerate(points):
        x = CHART["left"] + index * slot + slot * 0.2
        y = CHART["top"] + inner_h
        segments = []
        for count in point["counts"]:
            height = inner_h * count["count"] / top
            if count["count"]:
                y -= height
                segments.append(
                    {"y": round(y, 1), "height": round(height, 1), "fill": STATUS_FILL[count["value"]], **count}
                )
        bars.append({"x": round(x, 1), "width": round(slot * 0.6, 1), "label": point["label"], "segments": segments})
    lines = [
        {"y": round(CHART["top"] + inner_h - inner_h * value / top, 1), "label": value} for value in (0, top // 2, top)
    ]
    last = points[-1] if points else {"counts": [], "total": 0}
    words = ", ".join(f"{c['count']} {c['label'].lower()}" for c in last["counts"] if c["count"])
    description = f"Today {last['total']} actions: {words}." if words else "There are no actions yet."
    return {
        **CHART,
        "baseline": CHART["top"] + inner_h,
        "bars": bars,
        "lines": lines,
        "points": points,
        "description": description,
        "key": [{"label": label, "fill": STATUS_FILL[value]} for value, label in Status.choices],
    }

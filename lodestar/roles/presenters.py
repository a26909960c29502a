"""The new roles register shaped for the pages: rows, words for figures, and the regional view (by
ICS and sector, as a table, a grey bar chart and a download). Templates never compute."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse

from lodestar.roles import queries
from lodestar.roles.models import NewRole, PostCount, Setting
from lodestar.workforce import charts

REGIONAL_COLUMNS = ["ICS", "Sector", "Roles", "Posts planned", "Posts funded", "Posts filled"]
OUTSIDE_ICS = "Not in an ICS"


def figure(value) -> str:
    if value is None:
        return ""
    return f"{Decimal(value).normalize():f}"


def _row(key: str, value: str) -> dict:
    return {"key": {"text": key}, "value": {"text": value}}


def ics_name(organisation, icss: dict[int, str]) -> str:
    """The ICS an organisation is in (itself when it is one)."""
    ids = [int(p) for p in organisation.path.strip("/").split("/") if p]
    return next((icss[i] for i in reversed(ids) if i in icss), OUTSIDE_ICS)


def list_rows(roles, current: dict[int, PostCount]) -> list[dict]:
    out = []
    for r in roles:
        c = current.get(r.pk)
        out.append(
            {
                "url": reverse("roles:role", args=[r.pk]),
                "name": r.name,
                "organisation": r.organisation.name,
                "setting": r.get_setting_display(),
                "planned": figure(c.planned) if c else "None yet",
                "filled": figure(c.filled) if c else "None yet",
            }
        )
    return out


class RolePresenter:
    def __init__(self, role: NewRole, user):
        self.role = role
        self.may_change = queries.may_change(user, role.organisation)
        self.history = list(queries.history(role))
        self.latest = self.history[0] if self.history else None

    def rows(self) -> list[dict]:
        r = self.role
        rows = [
            _row("Organisation", r.organisation.name),
            _row("Care setting", r.get_setting_display()),
            _row("Supervision and governance", r.supervision or "Not recorded"),
            _row("Named supervisor role", r.supervisor_role or "Not recorded"),
        ]
        if r.covers_group and r.equivalence is not None:
            rows.append(
                _row(
                    "Work it takes on",
                    f"1 full-time post covers {figure(r.equivalence)} of a full-time post in {r.covers_group}",
                )
            )
        else:
            rows.append(_row("Work it takes on", "Not recorded"))
        return rows

    def post_rows(self) -> list[dict]:
        c = self.latest
        if c is None:
            return [_row("Posts", "No posts recorded yet")]
        return [
            _row("Planned", figure(c.planned)),
            _row("Funded", figure(c.funded)),
            _row("Filled", figure(c.filled)),
            _row("Counted on", f"{c.on:%-d %B %Y}"),
        ]

    def history_rows(self) -> list[list[str]]:
        return [
            [
                f"{c.on:%-d %B %Y}",
                figure(c.planned),
                figure(c.funded),
                figure(c.filled),
                c.recorded_by.full_name if c.recorded_by else "Lodestar",
            ]
            for c in self.history
        ]


class RegionalPresenter:
    """Entries in reach grouped by ICS and sector (the care setting), with their current posts."""

    def __init__(self, roles, current: dict[int, PostCount], icss: dict[int, str]):
        groups: dict[tuple[str, str], list] = {}
        for r in roles:
            key = (ics_name(r.organisation, icss), r.get_setting_display())
            c = current.get(r.pk)
            total = groups.setdefault(key, [0, Decimal(0), Decimal(0), Decimal(0)])
            total[0] += 1
            if c is not None:
                total[1] += c.planned
                total[2] += c.funded
                total[3] += c.filled
        order = {label: i for i, (_v, label) in enumerate(Setting.choices)}
        self.keys = sorted(groups, key=lambda k: (k[0] == OUTSIDE_ICS, k[0], order.get(k[1], 99)))
        self.groups = groups

    def rows(self) -> list[list]:
        return [[ics, sector, *self._values(ics, sector)] for ics, sector in self.keys]

    def _values(self, ics, sector) -> list:
        count, planned, funded, filled = self.groups[(ics, sector)]
        return [count, float(planned), float(funded), float(filled)]

    def table_rows(self) -> list[list[str]]:
        return [[ics, sector, str(n), *(charts.number(v) for v in rest)] for ics, sector, n, *rest in self.rows()]

    def chart(self):
        if not self.keys:
            return None
        rows = self.rows()
        return charts.hbar_chart(
            uid="roles-by-ics",
            title="New roles: posts planned and filled by ICS and sector",
            description="For each ICS and sector, the posts planned and the posts filled now; the table beneath gives "
            "every figure.",
            labels=[f"{ics}: {sector}" for ics, sector, *_r in rows],
            series=[
                charts.Series("Posts planned", [r[3] for r in rows]),
                charts.Series("Posts filled", [r[5] for r in rows]),
            ],
        )

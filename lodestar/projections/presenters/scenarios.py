"""What the scenario pages show, worked out here so templates never compute: a scenario's row in a
list (name, organisation, version, last run), its page (assumptions by heading, versions, runs,
what the person may do) and the difference between two versions.

Links to other journeys' pages (a run's results, asking for a run) are given only when their
routes exist (``link``), so this journey's pages work while the others are being built.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode

from lodestar.config.jinja2 import format_datetime
from lodestar.projections import assumptions, queries
from lodestar.projections.models import Origin, RunStatus, Scenario, ScenarioVersion

RECENT_RUNS = 5
STATUS_TAGS = {
    RunStatus.QUEUED: "nhsuk-tag--grey",
    RunStatus.RUNNING: "nhsuk-tag--blue",
    RunStatus.DONE: "nhsuk-tag--green",
    RunStatus.FAILED: "nhsuk-tag--red",
}


def link(name: str, **kwargs) -> str | None:
    """The address of a route, or None while it does not exist."""
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return None


@dataclass
class RunRow:
    number: int
    status: str
    tag: str
    when: str
    runs: int
    seed: int
    version: int
    href: str | None


def run_row(run) -> RunRow:
    return RunRow(
        number=run.pk,
        status=run.get_status_display(),
        tag=STATUS_TAGS.get(run.status, "nhsuk-tag--grey"),
        when=format_datetime(run.finished_at or run.requested_at),
        runs=run.runs,
        seed=run.seed,
        version=run.scenario_version.number,
        href=link("projections:run", run_id=run.pk),
    )


def scenario_runs(user, scenario: Scenario):
    return (
        queries.runs(user)
        .filter(scenario_version__scenario=scenario)
        .defer("own_spec", "result")
        .order_by("-requested_at", "-pk")
    )


@dataclass
class ScenarioRow:
    scenario: Scenario
    href: str
    version: int
    last_run: RunRow | None


def rows(user, scenario_list) -> list[ScenarioRow]:
    """A row for each scenario: its latest version number and its last run."""
    scenario_list = list(scenario_list)
    ids = [s.pk for s in scenario_list]
    numbers: dict[int, int] = {}
    for scenario_id, number in queries.versions(user).filter(scenario_id__in=ids).values_list("scenario_id", "number"):
        numbers[scenario_id] = max(number, numbers.get(scenario_id, 0))
    last: dict[int, RunRow] = {}
    recent = queries.runs(user).filter(scenario_version__scenario_id__in=ids).defer("own_spec", "result")
    for run in recent.order_by("-requested_at", "-pk"):
        last.setdefault(run.scenario_version.scenario_id, run_row(run))
    return [
        ScenarioRow(
            s, reverse("projections:scenario", kwargs={"scenario_id": s.pk}), numbers.get(s.pk, 0), last.get(s.pk)
        )
        for s in scenario_list
    ]


class ScenarioPage:
    """One scenario: its latest assumptions by heading, its versions and recent runs."""

    def __init__(self, user, scenario: Scenario):
        self.scenario = scenario
        self.versions = list(
            queries.versions(user).filter(scenario=scenario).select_related("created_by").order_by("-number")
        )
        self.latest: ScenarioVersion = self.versions[0]
        self.spec = self.latest.spec
        self.groups = assumptions.groups(self.spec)
        self.may_edit = queries.may_edit(user, scenario.organisation)
        self.may_copy = queries.organisations_to_edit(user).exists()
        self.runs = [run_row(r) for r in scenario_runs(user, scenario)[:RECENT_RUNS]]
        self.run_request_url = link("projections:run-request", scenario_id=scenario.pk) if self.may_edit else None
        self.yaml_url = yaml_url(scenario, self.latest.number)

    @property
    def origin(self) -> str:
        words = Origin(self.scenario.origin).label
        if self.scenario.origin == Origin.COPY and self.scenario.copied_from_id:
            words = f"{words} ({self.scenario.copied_from.name})" if self.scenario.copied_from else words
        return words

    @property
    def facts(self) -> list[tuple[str, str]]:
        spec = self.spec
        start, years = spec.get("start_year"), spec.get("years")
        return [
            ("Organisation", self.scenario.organisation.name),
            ("Staff groups", ", ".join(assumptions.staff_groups(spec)) or "None"),
            (
                "Years",
                f"{start} to {start + years}" if isinstance(start, int) and isinstance(years, int) else "Not set",
            ),
            ("Built", self.origin),
            ("Version", f"{self.latest.number}, {format_datetime(self.latest.created_at)}"),
        ]

    def edit_url(self, item: assumptions.Assumption) -> str | None:
        if not (self.may_edit and item.editable):
            return None
        base = reverse("projections:scenario-assumption", kwargs={"scenario_id": self.scenario.pk})
        return f"{base}?{urlencode({'path': item.path})}"


def yaml_url(scenario: Scenario, number: int) -> str:
    return reverse("projections:scenario-yaml", kwargs={"scenario_id": scenario.pk, "number": number})


@dataclass
class Difference:
    label: str
    before: str
    after: str


def differences(a: ScenarioVersion, b: ScenarioVersion) -> list[Difference]:
    """The assumptions whose values differ between two versions (by path), and the read-only
    summaries (staff in post, population) that differ."""
    out: list[Difference] = []
    items_a = {i.path: i for g in assumptions.groups(a.spec) for i in g.items}
    items_b = {i.path: i for g in assumptions.groups(b.spec) for i in g.items}
    for path in list(dict.fromkeys([*items_a, *items_b])):
        ia, ib = items_a.get(path), items_b.get(path)
        va, vb = (ia.value if ia else None), (ib.value if ib else None)
        if va != vb:
            label = (ib or ia).label
            out.append(
                Difference(label, ia.words if ia else "Not in this version", ib.words if ib else "Not in this version")
            )
    rows_a = {(g.key, k): v for g in assumptions.groups(a.spec) for k, v in g.rows}
    rows_b = {(g.key, k): v for g in assumptions.groups(b.spec) for k, v in g.rows}
    for key in list(dict.fromkeys([*rows_a, *rows_b])):
        if rows_a.get(key) != rows_b.get(key):
            out.append(
                Difference(key[1], rows_a.get(key, "Not in this version"), rows_b.get(key, "Not in this version"))
            )
    for key in ("name", "start_year", "years", "age_bands"):
        if a.spec.get(key) != b.spec.get(key):
            out.append(Difference(key.replace("_", " ").capitalize(), str(a.spec.get(key)), str(b.spec.get(key))))
    return out

"""Every write to a scenario: creating one (from imported workforce data, from a scenario file,
as a copy), changing one assumption, adding or removing the scenario's own interventions, and
any new version of its assumptions. Keyword-only, one transaction each, one audit event each.

A scenario's assumptions are never edited in place: each change makes a new ``ScenarioVersion``
(the number after the latest). A change made from a page carries the version the person saw
(``expected_version``): when someone else has made a version since, it is refused, so nobody's
change is lost without them knowing.

Each action checks the whole scenario with the engine's own parser (``specs.check``) and
translates its problems into plain words naming the field ("rates → registered-nurses →
leaver rate: must be between 0 and 1").
"""

from __future__ import annotations

import polars as pl
from django.db import transaction

from lodestar.core.audit import record
from lodestar.core.validation import Problems, ValidationProblem
from lodestar.engine import SpecError
from lodestar.engine.levers import LEVER_TYPES
from lodestar.ingest import scenario_inputs
from lodestar.projections import assumptions, specs
from lodestar.projections.models import Origin, ProjectionEvent, Scenario, ScenarioVersion
from lodestar.projections.queries import organisations_to_edit
from lodestar.workforce import queries as workforce_queries
from lodestar.workforce.models import Population, StaffFlow, StaffInPost, Turnover, Vacancy

NAME_MAX = 200
CHANGE_MAX = 300
YEARS_MAX = 50
TEXT_MAX = 5 * 1024 * 1024  # characters of a scenario file
INTERVENTION_FIELDS = ("name", "lever", "staff_group", "effect", "start_year", "ramp_up_years", "cost_per_year")


# ------------------------------------------------------------------------------ shared rules


def spec_problems(err: SpecError, field: str) -> list[tuple[str, str]]:
    """The engine's problems as (field, message) in plain words: "Line 4, column 3: ..." for a YAML
    syntax error, "rates → registered-nurses → leaver rate: must be between 0 and 1" otherwise."""
    out = []
    for path, reason in err.problems:
        if not path:
            out.append((field, reason[:1].upper() + reason[1:]))
        elif path.startswith("line "):
            out.append((field, f"{path[:1].upper()}{path[1:]}: {reason}"))
        else:
            out.append((field, f"{assumptions.path_words(path)}: {reason}"))
    return out


def _check_name(name, problems: Problems) -> str:
    name = name.strip() if isinstance(name, str) else name
    if problems.require(name, "name", "Enter a name for the scenario"):
        problems.text(name, "name", "The name", NAME_MAX)
    return name or ""


def _check_organisation(actor, organisation, problems: Problems) -> None:
    if organisation is None:
        problems.add("organisation", "Choose the organisation the scenario belongs to")
    elif not organisations_to_edit(actor).filter(pk=organisation.pk).exists():
        problems.add("organisation", "Choose an organisation whose scenarios you may change")


def _require_editable(actor, scenario: Scenario) -> None:
    if not organisations_to_edit(actor).filter(pk=scenario.organisation_id).exists():
        raise ValidationProblem("scenario", "You may not change this scenario")


def _checked(spec: dict, field: str) -> None:
    try:
        specs.check(spec)
    except SpecError as err:
        raise ValidationProblem(spec_problems(err, field)) from err


def _version_after(actor, scenario: Scenario, spec: dict, change: str) -> ScenarioVersion:
    latest = scenario.versions.order_by("-number").first()
    version = ScenarioVersion.objects.create(
        scenario=scenario,
        number=(latest.number if latest else 0) + 1,
        spec=spec,
        change=change[:CHANGE_MAX],
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    scenario.save(update_fields=["updated_at"])
    return version


def _create(actor, *, organisation, name: str, origin: str, spec: dict, change: str, copied_from=None) -> Scenario:
    scenario = Scenario.objects.create(
        organisation=organisation,
        name=name,
        origin=origin,
        copied_from=copied_from,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    version = _version_after(actor, scenario, spec, change)
    record(
        actor=actor,
        action=ProjectionEvent.SCENARIO_CREATE,
        target=scenario,
        organisation=organisation,
        after={"name": name, "origin": origin, "version": version.number, "spec_hash": specs.spec_hash(spec)},
    )
    return scenario


# ------------------------------------------------------------------------------ creating


@transaction.atomic
def create_from_data(*, actor, organisation, name, staff_groups: list[str], start_year: int, years: int) -> Scenario:
    """A scenario built from the organisation's imported workforce data (``build_from_data``)."""
    problems = Problems()
    name = _check_name(name, problems)
    _check_organisation(actor, organisation, problems)
    if not isinstance(start_year, int) or not 2000 <= start_year <= 2099:
        problems.add("start_year", "Enter the first year as a year between 2000 and 2099")
    if not isinstance(years, int) or not 1 <= years <= YEARS_MAX:
        problems.add("years", f"Enter how many years to project, from 1 to {YEARS_MAX}")
    if not staff_groups:
        problems.add("staff_groups", "Choose at least one staff group")
    problems.raise_any()
    spec, notes = build_from_data(
        actor, organisation, name=name, staff_groups=list(staff_groups), start_year=start_year, years=years
    )
    _checked(spec, "staff_groups")
    change = "Built from imported workforce data" + (f". {' '.join(notes)}" if notes else "")
    return _create(actor, organisation=organisation, name=name, origin=Origin.DATA, spec=spec, change=change)


@transaction.atomic
def create_from_yaml(*, actor, organisation, name, text: str) -> Scenario:
    """A scenario from a scenario file's text; without a name, the file's own ``name``."""
    problems = Problems()
    _check_organisation(actor, organisation, problems)
    spec = None
    if not isinstance(text, str) or not text.strip():
        problems.add("text", "Choose a scenario file or paste its text")
    elif len(text) > TEXT_MAX:
        problems.add("text", "The scenario file must be smaller than 5 MB")
    else:
        try:
            spec = specs.from_yaml(text)
        except SpecError as err:
            for field, message in spec_problems(err, "text"):
                problems.add(field, message)
    if (name is None or not str(name).strip()) and spec and isinstance(spec.get("name"), str):
        name = spec["name"]
    name = _check_name(name, problems)
    problems.raise_any()
    _checked(spec, "text")
    return _create(actor, organisation=organisation, name=name, origin=Origin.UPLOAD, spec=spec, change="Uploaded")


@transaction.atomic
def copy_scenario(*, actor, scenario: Scenario, name, organisation=None) -> Scenario:
    """A new scenario holding the latest assumptions of ``scenario`` (in its organisation, or
    ``organisation`` when given)."""
    problems = Problems()
    name = _check_name(name, problems)
    organisation = organisation or scenario.organisation
    _check_organisation(actor, organisation, problems)
    problems.raise_any()
    latest = scenario.latest
    spec = specs.deep_copy(latest.spec)
    change = f"Copied from {scenario.name}, version {latest.number}"
    return _create(
        actor,
        organisation=organisation,
        name=name,
        origin=Origin.COPY,
        spec=spec,
        change=change,
        copied_from=scenario,
    )


# ------------------------------------------------------------------------------ changing


def _locked_latest(scenario: Scenario, expected_version: int | None) -> ScenarioVersion:
    """The latest version, with the scenario row locked; refused when it is not ``expected_version``."""
    Scenario.objects.select_for_update().filter(pk=scenario.pk).first()
    latest = scenario.versions.order_by("-number").first()
    if expected_version is not None and latest.number != expected_version:
        who = latest.created_by.email if latest.created_by else "someone else"
        raise ValidationProblem(
            "expected_version",
            f"Someone else changed this scenario while you were editing it: it is now version "
            f"{latest.number} ({who}). Your change was not saved. Look at the scenario again and make your change once more",
        )
    return latest


@transaction.atomic
def new_version(*, actor, scenario: Scenario, spec: dict, change: str, expected_version: int | None = None):
    """A new version holding ``spec`` (checked by the engine), with ``change`` saying what changed."""
    _require_editable(actor, scenario)
    problems = Problems()
    if problems.require(change, "change", "Say what changed"):
        problems.text(change, "change", "What changed", CHANGE_MAX)
    if not isinstance(spec, dict):
        problems.add("spec", "The scenario must be a mapping of keys (name, start_year, years, cohorts ...)")
    problems.raise_any()
    before = _locked_latest(scenario, expected_version)
    _checked(spec, "spec")
    version = _version_after(actor, scenario, specs.deep_copy(spec), change.strip())
    record(
        actor=actor,
        action=ProjectionEvent.SCENARIO_CHANGE,
        target=scenario,
        organisation=scenario.organisation,
        before={"version": before.number, "spec_hash": specs.spec_hash(before.spec)},
        after={"version": version.number, "spec_hash": specs.spec_hash(version.spec), "change": version.change},
    )
    return version


def _check_number(x, field: str, label: str, item: assumptions.Assumption, problems: Problems) -> None:
    if isinstance(x, bool) or not isinstance(x, int | float):
        problems.add(field, f"Enter {label} as a number")
        return
    low, high = item.bounds
    unit = item.unit
    if (low is not None and x < low) or (high is not None and x > high):
        if low is not None and high is not None:
            within = f"between {assumptions.number_words(low, unit)} and {assumptions.number_words(high, unit)}"
        elif low is not None:
            within = f"at least {assumptions.number_words(low, unit)}"
        else:
            within = f"at most {assumptions.number_words(high, unit)}"
        problems.add(field, f"{label[:1].upper()}{label[1:]} must be {within}")


def check_value(item: assumptions.Assumption, value, problems: Problems) -> None:
    """A fixed number, or a likely range ({"dist": "triangular", "low", "mode", "high"}) within the
    assumption's bounds; fields "value", "low", "mode", "high"."""
    if isinstance(value, dict):
        if item.fixed_only:
            problems.add("value", "This assumption takes a fixed value only")
            return
        if value.get("dist") != "triangular" or set(value) != {"dist", "low", "mode", "high"}:
            problems.add("value", "Give a fixed value or a likely range (lowest, most likely, highest)")
            return
        for key, label in (
            ("low", "the lowest value"),
            ("mode", "the most likely value"),
            ("high", "the highest value"),
        ):
            _check_number(value[key], key, label, item, problems)
        if not problems and not value["low"] <= value["mode"] <= value["high"]:
            problems.add("mode", "The most likely value must be between the lowest and the highest")
    else:
        _check_number(value, "value", "the value", item, problems)


@transaction.atomic
def set_assumption(*, actor, scenario: Scenario, path: str, value, expected_version: int) -> ScenarioVersion:
    """A new version with one assumption changed (a number, or a likely range)."""
    _require_editable(actor, scenario)
    latest = _locked_latest(scenario, expected_version)
    item = assumptions.find(latest.spec, path)
    problems = Problems()
    if item is None:
        raise ValidationProblem("path", "This assumption cannot be changed here: upload a scenario file instead")
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = float(value) if isinstance(value, float) else value
    check_value(item, value, problems)
    problems.raise_any()
    spec = assumptions.with_value(latest.spec, item, value)
    change = f"{item.label}: {assumptions.value_words(value, item.unit)} (was {item.words})"
    return new_version(actor=actor, scenario=scenario, spec=spec, change=change, expected_version=latest.number)


@transaction.atomic
def add_intervention(*, actor, scenario: Scenario, intervention: dict, expected_version: int) -> ScenarioVersion:
    """A new version with one more of the scenario's own interventions (a scenario file's
    intervention mapping: name, lever, staff_group, effect ...), e.g. "the plan plus an extra lever"."""
    _require_editable(actor, scenario)
    latest = _locked_latest(scenario, expected_version)
    problems = Problems()
    intervention = dict(intervention or {})
    name = intervention.get("name")
    if problems.require(name, "name", "Enter a name for the intervention"):
        problems.text(name, "name", "The name", NAME_MAX)
        intervention["name"] = name.strip()
    if intervention.get("lever") not in LEVER_TYPES:
        problems.add("lever", "Choose what the intervention changes")
    if not intervention.get("staff_group"):
        problems.add("staff_group", "Choose the staff group")
    problems.raise_any()
    spec = specs.deep_copy(latest.spec)
    spec.setdefault("interventions", []).append(intervention)
    index = len(spec["interventions"]) - 1
    try:
        specs.check(spec)
    except SpecError as err:
        raise ValidationProblem(_intervention_problems(err, index)) from err
    change = f"Intervention added: {intervention['name']}"
    return new_version(actor=actor, scenario=scenario, spec=spec, change=change, expected_version=latest.number)


def _intervention_problems(err: SpecError, index: int) -> list[tuple[str, str]]:
    prefix = f"interventions[{index}]."
    out = []
    for field, message in spec_problems(err, "intervention"):
        out.append((field, message))
    for i, (path, _reason) in enumerate(err.problems):
        if path.startswith(prefix) and path[len(prefix) :].split(".")[0] in INTERVENTION_FIELDS:
            out[i] = (path[len(prefix) :].split(".")[0], out[i][1])
    return out


@transaction.atomic
def remove_intervention(*, actor, scenario: Scenario, name: str, expected_version: int) -> ScenarioVersion:
    """A new version without the scenario's own intervention called ``name``."""
    _require_editable(actor, scenario)
    latest = _locked_latest(scenario, expected_version)
    spec = specs.deep_copy(latest.spec)
    kept = [iv for iv in spec.get("interventions") or [] if not (isinstance(iv, dict) and iv.get("name") == name)]
    if len(kept) == len(spec.get("interventions") or []):
        raise ValidationProblem("name", "This scenario has no intervention of that name")
    if kept:
        spec["interventions"] = kept
    else:
        spec.pop("interventions", None)
    change = f"Intervention removed: {name}"
    return new_version(actor=actor, scenario=scenario, spec=spec, change=change, expected_version=latest.number)


# ------------------------------------------------------------------------------ from imported data

DEMAND_BANDS = ["0-64", "65-84", "85+"]
# How much care a person of each age uses compared with the youngest band: the engine's example
# scenario's weights, a starting point each scenario shows and lets people change.
UTILISATION = {"0-64": 1.0, "65-84": 2.6, "85+": 4.8}
STAFF_COLUMNS = ["period", "org_code", "staff_group", "band", "age_band", "fte", "headcount"]
TURNOVER_COLUMNS = [
    "period",
    "staff_group",
    "joiners_hc",
    "leavers_hc",
    "denom_hc",
    "joiners_fte",
    "leavers_fte",
    "denom_fte",
]
FLOW_COLUMNS = ["period_from", "period", "staff_group", "age_band", "flow", "fte"]


def _rows(actor, model, organisation):
    """Live rows of ``model`` for the organisation and those beneath it that ``actor`` sees whole
    (figures shown to them suppressed are left out)."""
    rows = workforce_queries.figures(actor, model).filter(restricted=False)
    return workforce_queries.beneath(rows, organisation)


def _own_else_published(rows):
    own = workforce_queries.own_records_only(rows)
    return own if own.exists() else workforce_queries.published_only(rows)


def _frame(rows, columns: list[str]) -> pl.DataFrame | None:
    data = list(rows.values(*columns))
    return pl.DataFrame(data) if data else None


def data_staff_groups(actor, organisation) -> list[str]:
    """The staff groups with staff in post in the organisation's imported data."""
    if organisation is None:
        return []
    rows = _own_else_published(_rows(actor, StaffInPost, organisation))
    return sorted(set(rows.order_by().values_list("staff_group", flat=True).distinct()))


def _population(actor, organisation, start_year: int, years: int) -> tuple[dict | None, str]:
    frame = _frame(
        _rows(actor, Population, organisation), ["area_code", "area_name", "sex", "age_band", "year", "population"]
    )
    if frame is None:
        return None, "No population projection is loaded for its areas: demand grows only as set below."
    try:
        return scenario_inputs.population(frame, DEMAND_BANDS, start_year=start_year, years=years), ""
    except ValueError:
        try:
            growth = scenario_inputs.population_growth(frame, DEMAND_BANDS, start_year=start_year, years=years)
        except ValueError as err:
            return None, f"The population projection could not be used ({err})."
        return growth, "The population projection ends early: the years after it continue its growth."


def build_from_data(actor, organisation, *, name, staff_groups, start_year, years) -> tuple[dict, list[str]]:
    """The scenario mapping built from the organisation's imported data, and notes on what was
    missing. ValidationProblem naming "staff_groups" when a needed dataset is missing."""
    staff = _own_else_published(_rows(actor, StaffInPost, organisation)).filter(staff_group__in=staff_groups)
    staff_frame = _frame(staff, STAFF_COLUMNS)
    if staff_frame is None:
        raise ValidationProblem(
            "staff_groups",
            f"There are no staff in post for {organisation.name} in these staff groups: import staff in "
            "post figures or your staff records first",
        )
    flows = _frame(_rows(actor, StaffFlow, organisation).filter(staff_group__in=staff_groups), FLOW_COLUMNS)
    turnover = _frame(
        _own_else_published(_rows(actor, Turnover, organisation)).filter(staff_group__in=staff_groups),
        TURNOVER_COLUMNS,
    )
    if flows is None and turnover is None:
        raise ValidationProblem(
            "staff_groups",
            f"There are no leaver and joiner figures for {organisation.name} in these staff groups: import "
            "turnover figures or staff records from two dates first",
        )
    vacancy = _frame(
        _rows(actor, Vacancy, organisation).filter(staff_group__in=staff_groups),
        ["period", "area_code", "staff_group", "vacancies_fte"],
    )
    try:
        spec = scenario_inputs.scenario(
            name=name,
            start_year=start_year,
            years=years,
            staff_in_post=staff_frame,
            turnover=turnover,
            flows=flows,
            vacancy_frame=vacancy,
        )
    except ValueError as err:
        raise ValidationProblem("staff_groups", f"The figures could not be turned into a scenario: {err}") from err
    notes = [] if vacancy is not None else ["No vacancies are loaded: demand starts at staff in post."]
    population, note = _population(actor, organisation, start_year, years)
    if population is not None:
        spec.setdefault("demand", {})["population"] = population
        spec["demand"]["utilisation"] = dict(UTILISATION)
    if note:
        notes.append(note)
    return spec, notes

"""Demo projections: Riverside ICS's scenario from its imported workforce data, a finished run, the
demo action plan tied to it with each catalogue action modelled and a finished plan run, the demo
workshop linked to the scenario, and a WISN calculation.

Called by the demo-data command after ``lodestar.workforce.demo.load()`` (the imported figures
the scenario is built from) and the plans demo. Runs are projected here and now with the engine
(200 runs each, so ``make run`` stays quick) and stored as the worker stores them
(``lodestar.projections.results.stored``). Idempotent: whatever already exists (the scenario by
its name, a finished run, the plan's model, an action's model, the workshop link, the WISN
calculation by its name) is kept, so loading again adds nothing.

Every write but the runs goes through the journeys' actions (so it is checked and audited as a
person's would be): the scenario through ``create_from_data`` from the ICS's imported figures,
then each leaver rate given a likely range (a second version); the plan's scenario and each
action's lever from its catalogue intervention's template; the workshop link; the WISN
calculation of ``examples/wisn-community-nurses.yaml``.
"""

from __future__ import annotations

import time
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from lodestar.accounts.models import User
from lodestar.core.audit import record
from lodestar.engine import run as engine_run
from lodestar.engine.levers import LEVER_TYPES
from lodestar.engine.yamlio import load_yaml
from lodestar.orgs.models import Organisation
from lodestar.projections import modelling, results, specs
from lodestar.projections.actions import modelling as modelling_actions
from lodestar.projections.actions import scenarios as scenario_actions
from lodestar.projections.actions import wisn as wisn_actions
from lodestar.projections.actions import workshops as workshop_actions
from lodestar.projections.models import (
    ActionModel,
    PlanModel,
    ProjectionEvent,
    Run,
    RunKind,
    RunStatus,
    Scenario,
    ScenarioVersion,
    WisnCalculation,
    WorkshopScenario,
)
from lodestar.workforce.models import Vacancy

ICS = "QZR"  # Riverside ICS: its trusts' figures are in the demo workforce files
ANALYST = "admin@demo.lodestar.test"  # manages Riverside ICS's workforce data
FACILITATOR = "facilitator@demo.lodestar.test"
WORKSHOP_TITLE = "Community nursing in Riverside"
SCENARIO_NAME = "Riverside community nursing, from imported data"
NURSES = "Nurses & health visitors"
SUPPORT = "Support to doctors, nurses & midwives"
STAFF_GROUPS = [NURSES, SUPPORT]
START_YEAR = 2026
YEARS = 10
TARGET_YEAR = 2031
RUNS = 200
SEED = 2026
WISN_FILE = Path(__file__).resolve().parents[2] / "examples" / "wisn-community-nurses.yaml"
WISN_NAME = "Riverside community nursing team (registered nurses)"

# The plan's catalogue actions: which staff group each acts on and what it costs a year
# (the catalogue's lever template gives the lever and its likely effect).
ACTION_SETTINGS = {
    "supply-late-career-flexibility": (NURSES, 60_000),
    "supply-preceptorship": (NURSES, 90_000),
    "role-nursing-associate": (NURSES, 250_000),
    "nwow-e-rostering": (NURSES, 180_000),
    "upskill-support-worker-competencies": (SUPPORT, 40_000),
}
NOT_MODELLED_REASON = "The catalogue gives no honest way to put a number on this action's effect on staff numbers."


def _people() -> dict[str, User]:
    return {u.email: u for u in User.objects.filter(email__in=[ANALYST, FACILITATOR])}


# -- the scenario ---------------------------------------------------------------------------


def _likely_range(rate: float) -> dict:
    """A leaver rate from the data as a likely range: 15% lower to 20% higher, the data most likely."""
    return {"dist": "triangular", "low": round(rate * 0.85, 4), "mode": round(rate, 4), "high": round(rate * 1.2, 4)}


def _scenario(organisation: Organisation, actor) -> Scenario:
    """The scenario built from the imported figures, then each leaver rate given a likely range
    (a second version: what a person does on the assumptions page)."""
    existing = Scenario.objects.filter(organisation=organisation, name=SCENARIO_NAME).first()
    if existing is not None:
        return existing
    scenario = scenario_actions.create_from_data(
        actor=actor,
        organisation=organisation,
        name=SCENARIO_NAME,
        staff_groups=STAFF_GROUPS,
        start_year=START_YEAR,
        years=YEARS,
    )
    for group, rates in sorted(scenario.latest.spec.get("rates", {}).items()):
        rate = rates.get("leaver_rate")
        if isinstance(rate, int | float) and not isinstance(rate, bool) and rate > 0:
            scenario_actions.set_assumption(
                actor=actor,
                scenario=scenario,
                path=f"rates.{group}.leaver_rate",
                value=_likely_range(rate),
                expected_version=scenario.latest.number,
            )
    _demand(scenario, organisation, actor)
    return scenario


def _demand(scenario: Scenario, organisation: Organisation, actor) -> None:
    """A third version, as an analyst would make it: vacancies from the region's latest published
    vacancy rate applied to staff in post (the regional statistics name no trust), and growth in
    demand beyond population as a likely range around the Long Term Workforce Plan's 3 % a year."""
    region = organisation.parent
    while region is not None and region.type != "region":
        region = region.parent
    rates = dict(
        Vacancy.objects.filter(live=True, area_code=getattr(region, "ods_code", ""))
        .order_by("period")
        .values_list("staff_group", "vacancy_rate")
    )  # the latest period's rate of each staff group wins
    spec = specs.deep_copy(scenario.latest.spec)
    staff = {}
    for cohort in spec["cohorts"]:
        staff[cohort["staff_group"]] = staff.get(cohort["staff_group"], 0.0) + cohort["fte"]
    vacancies = {
        group: round(staff[group] * rates[source] / 100, 1)
        for group, source in ((NURSES, "Registered nurses"), (SUPPORT, "All staff groups"))
        if group in staff and source in rates
    }
    demand = spec.setdefault("demand", {})
    if vacancies:
        demand["vacancies_fte"] = vacancies
    demand["non_demographic_growth"] = {"dist": "triangular", "low": 0.015, "mode": 0.025, "high": 0.035}
    scenario_actions.new_version(
        actor=actor,
        scenario=scenario,
        spec=spec,
        change="Vacancies from the region's latest vacancy rates applied to staff in post; other growth in "
        "demand 1.5 % to 3.5 % a year (most likely 2.5 %)",
        expected_version=scenario.latest.number,
    )


# -- runs -----------------------------------------------------------------------------------


def _finished_run(version: ScenarioVersion, spec: dict, *, actor, kind=RunKind.SCENARIO, plan=None) -> Run:
    """``spec`` projected here and now, stored as the worker stores a finished run."""
    started = timezone.now()
    clock = time.perf_counter()
    result = engine_run(specs.check(spec), runs=RUNS, seed=SEED)
    seconds = time.perf_counter() - clock
    with transaction.atomic():
        run = Run.objects.create(
            scenario_version=version,
            kind=kind,
            plan=plan,
            own_spec=None if kind == RunKind.SCENARIO else spec,  # a scenario run refers to its version's
            spec_hash=specs.spec_hash(spec),
            runs=RUNS,
            seed=SEED,
            size=specs.size(result.scenario, RUNS),
            status=RunStatus.DONE,
            progress_done=RUNS,
            progress_total=RUNS,
            where="here (demo data)",
            result=results.stored(
                result, baseline_step=len(version.spec.get("interventions") or []) if kind == RunKind.PLAN else None
            ),
            seconds=seconds,
            requested_by=actor,
            started_at=started,
            finished_at=timezone.now(),
        )
        record(
            actor=actor,
            action=ProjectionEvent.RUN_FINISH,
            target=run,
            organisation=version.scenario.organisation,
            after={"kind": kind, "runs": RUNS, "seed": SEED, "seconds": round(seconds, 2)},
        )
    return run


def _scenario_run(version: ScenarioVersion, actor) -> Run:
    done = Run.objects.filter(scenario_version=version, kind=RunKind.SCENARIO, status=RunStatus.DONE).first()
    return done or _finished_run(version, version.spec, actor=actor)


# -- the plan tied to the model -------------------------------------------------------------


def _plan():
    from lodestar.plans.models import ActionPlan

    return ActionPlan.objects.filter(workshop__title=WORKSHOP_TITLE).select_related("organisation").first()


def _plan_model(plan, scenario: Scenario, actor) -> PlanModel:
    existing = PlanModel.objects.filter(plan=plan).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        return modelling_actions.set_plan_model(
            actor=actor, plan=plan, scenario=scenario, target_year=TARGET_YEAR, runs=RUNS, seed=SEED
        )


def _action_models(plan, actor) -> None:
    """Each catalogue action modelled with its intervention's first lever template (or marked
    not modelled when the catalogue has none); actions already modelled are left alone."""
    for action in plan.actions.select_related("intervention").order_by("priority_rank", "id"):
        if action.intervention_id is None or ActionModel.objects.filter(action=action).exists():
            continue
        levers = [t for t in (action.intervention.levers or []) if t.get("type") in LEVER_TYPES]
        with transaction.atomic():
            if not levers:
                modelling_actions.mark_not_modelled(actor=actor, action=action, reason=NOT_MODELLED_REASON)
                continue
            template = levers[0]
            group, cost = ACTION_SETTINGS.get(action.intervention.code, (NURSES, 0))
            modelling_actions.set_action_model(
                actor=actor,
                action=action,
                lever=template["type"],
                staff_group=group,
                effect=template.get("effect"),
                ramp_up_years=int(template.get("ramp_up_years", 1)),
                cost_per_year=cost,
                settings={k: template[k] for k in LEVER_TYPES[template["type"]].extra_keys if k in template},
            )


def _plan_run(plan, plan_model: PlanModel, actor) -> Run:
    done = Run.objects.filter(plan=plan, kind=RunKind.PLAN, status=RunStatus.DONE).first()
    if done is not None:
        return done
    version = plan_model.scenario.latest
    return _finished_run(version, modelling.plan_spec(plan, plan_model), actor=actor, kind=RunKind.PLAN, plan=plan)


# -- the workshop and WISN ------------------------------------------------------------------


def _workshop_link(workshop, scenario: Scenario, actor) -> WorkshopScenario | None:
    if workshop is None:
        return None
    existing = WorkshopScenario.objects.filter(workshop=workshop).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        return workshop_actions.link_scenario(actor=actor, workshop=workshop, scenario=scenario, staff_group=NURSES)


def _candidates_run(workshop, actor) -> Run | None:
    """Each of the workshop's candidates modelled on its own against the linked scenario, so the
    prioritisation step shows modelled effects: asked for as a facilitator would, projected now."""
    if workshop is None:
        return None
    done = Run.objects.filter(workshop=workshop, kind=RunKind.CANDIDATES, status=RunStatus.DONE).first()
    if done is not None:
        return done
    from lodestar.projections import tasks

    with transaction.atomic():
        run = workshop_actions.model_candidates(actor=actor, workshop=workshop, runs=RUNS)
    return tasks.execute(run.pk)  # the queued task finds it finished and leaves it as it is


def _wisn(organisation: Organisation, actor) -> WisnCalculation:
    existing = WisnCalculation.objects.filter(organisation=organisation, name=WISN_NAME).first()
    if existing is not None:
        return existing
    spec = load_yaml(WISN_FILE.read_text(encoding="utf-8"))
    return wisn_actions.save_wisn(actor=actor, organisation=organisation, name=WISN_NAME, spec=spec)


def load() -> Scenario | None:
    """Load whatever of the demo projections is missing; the demo scenario (None without the demo
    organisation or its imported staff in post)."""
    organisation = Organisation.objects.filter(ods_code=ICS).select_related("parent").first()
    if organisation is None:
        return None
    people = _people()
    analyst, facilitator = people.get(ANALYST), people.get(FACILITATOR)
    from lodestar.workforce.models import StaffInPost

    if not StaffInPost.objects.filter(live=True, staff_group__in=STAFF_GROUPS).exists():
        return None  # the workforce demo was not loaded: nothing to build the scenario from
    scenario = _scenario(organisation, analyst)
    _scenario_run(scenario.latest, analyst)
    plan = _plan()
    if plan is not None:
        plan_model = _plan_model(plan, scenario, facilitator)
        _action_models(plan, facilitator)
        _plan_run(plan, plan_model, facilitator)
        _workshop_link(plan.workshop, scenario, facilitator)
        _candidates_run(plan.workshop, facilitator)
    _wisn(organisation, analyst)
    return scenario

"""The scenario spec: what a workforce projection is asked to compute.

``load_scenario`` turns a YAML file, a YAML string or a dict into a frozen, validated
``Scenario``.  Every problem in the input is collected in one pass and raised together
as a ``SpecError`` whose lines name the field path (``rates.nurses.leaver_rate``) and
the reason (``must be between 0 and 1``).

The spec only *describes* a projection; ``lodestar.engine.kernel`` (fast) and
``lodestar.engine.reference`` (slow, obviously correct) compute it.  The method and
every field are documented in docs/engine/method.md.

Modules, by concern:

- ``scenario``: the frozen dataclasses (``Scenario``, ``Param``, ``Cohort`` ...);
- ``common``: the field reader every section uses (numbers, distributions, text);
- ``cohorts``: age bands and cohorts;
- ``rates``: leaver, retirement and joiner rates, pipelines and conversions;
- ``demand``: base-year demand, population, utilisation and growth;
- ``interventions``: levers applied to staff groups (lever types: ``lodestar.engine.levers``);
- ``templates``: catalogue lever templates -> scenario interventions;
- ``load``: ``load_scenario`` and ``parse_scenario``, reading the sections in order.
"""

from lodestar.engine.levers import SUPPLY_LEVERS
from lodestar.engine.spec.cohorts import band_years
from lodestar.engine.spec.common import MAX_MAGNITUDE, RESERVED_GROUP
from lodestar.engine.spec.load import DENOMINATORS, load_scenario, parse_scenario
from lodestar.engine.spec.scenario import (
    AgeBand,
    Cohort,
    Conversion,
    Demand,
    Dist,
    GroupRates,
    Intervention,
    Param,
    Pipeline,
    Scenario,
)
from lodestar.engine.spec.templates import from_catalogue, validate_lever_template

__all__ = [
    "DENOMINATORS",
    "MAX_MAGNITUDE",
    "RESERVED_GROUP",
    "SUPPLY_LEVERS",
    "AgeBand",
    "Cohort",
    "Conversion",
    "Demand",
    "Dist",
    "GroupRates",
    "Intervention",
    "Param",
    "Pipeline",
    "Scenario",
    "band_years",
    "from_catalogue",
    "load_scenario",
    "parse_scenario",
    "validate_lever_template",
]

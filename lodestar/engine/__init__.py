"""Lodestar's numeric engine: workforce projections and Monte Carlo (NumPy and Numba, no Django).

The public interface (lodestar/engine/CONTRACT.md, docs/engine/method.md, docs/engine/results.md)::

    scenario = load_scenario("scenario.yaml")        # or a YAML string or a dict; raises SpecError
    result = run(scenario, runs=1000, seed=42)       # scheduler="tcp://host:8786" for Dask
    result.summary(); result.waterfall(); result.waterfall(2030); result.steps(); result.cost()
    result.probability_meets_demand()

WISN lives in ``lodestar.engine.wisn``.
"""

from lodestar.engine.errors import SpecError
from lodestar.engine.example import EXAMPLE_SCENARIO
from lodestar.engine.projection import run
from lodestar.engine.results import ProjectionResult
from lodestar.engine.spec import Scenario, load_scenario

__all__ = ["EXAMPLE_SCENARIO", "ProjectionResult", "Scenario", "SpecError", "load_scenario", "run"]

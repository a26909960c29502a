"""Every method test runs on both engines (the ehrql pattern: a parametrised ``engine`` fixture).

``engine.run(scenario, runs=..., seed=...)`` returns a ``ProjectionResult`` from the fused
(compiled) kernel, the NumPy kernel (``lodestar.engine.run(..., kernel=...)``) or the
reference engine (``lodestar.engine.reference.reference_result``); a test asserting
hand-worked figures therefore holds all three to the same numbers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import pytest

from lodestar.engine import run as kernel_run
from lodestar.engine.reference import reference_result
from lodestar.engine.results import ProjectionResult
from lodestar.engine.spec import Scenario


@dataclass(frozen=True)
class Engine:
    name: str
    project: Callable[..., ProjectionResult]

    def run(self, scenario: Scenario, *, runs: int = 1, seed: int = 0) -> ProjectionResult:
        return self.project(scenario, runs=runs, seed=seed)


ENGINES = {
    "fused": Engine("fused", partial(kernel_run, kernel="fused")),
    "numpy": Engine("numpy", partial(kernel_run, kernel="numpy")),
    "reference": Engine("reference", reference_result),
}


@pytest.fixture(params=list(ENGINES))
def engine(request) -> Engine:
    return ENGINES[request.param]

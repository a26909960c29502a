"""Random draws for Monte Carlo runs, reproducible for any split of the work.

Each run ``r`` of a projection with seed ``s`` draws from its own generator,
``numpy.random.Generator(PCG64(SeedSequence(s, spawn_key=(r,))))`` - the same stream
``SeedSequence(s).spawn(runs)[r]`` gives.  A run's draws therefore depend only on the
seed and the run's number: never on the block size, the order blocks finish, the
number of threads or the Dask cluster (docs/adr/0007-monte-carlo-seeding.md).

Per run, two vectors are drawn, one entry per scenario parameter (``Scenario.params``
order): standard normals ``z`` and uniforms ``u``.  A parameter's value is

* normal(mean, sd): ``mean + sd * z``
* lognormal(mu, sigma): ``exp(mu + sigma * z)``
* uniform(low, high): ``low + (high - low) * u``
* triangular(low, mode, high): the inverse of its CDF at ``u``

then clipped to the field's valid range.  Fixed numbers ignore their draws.  With
``runs == 1`` no draws are made: every parameter takes its mean (so a single run is
the deterministic "central" projection).
"""

from __future__ import annotations

import numpy as np

from lodestar.engine.spec import Param, Scenario


def run_generator(seed: int, run_index: int) -> np.random.Generator:
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(run_index,))))


def draw(scenario: Scenario, seed: int, run_start: int, n_runs: int, total_runs: int) -> np.ndarray:
    """Values of every parameter for runs ``run_start .. run_start + n_runs - 1``: shape (n_runs, n_params)."""
    params = scenario.params
    n_params = len(params)
    if total_runs == 1:
        return np.array([[p.mean() for p in params]] * n_runs, dtype=np.float64).reshape(n_runs, n_params)
    z = np.empty((n_runs, n_params))
    u = np.empty((n_runs, n_params))
    for i in range(n_runs):
        rng = run_generator(seed, run_start + i)
        z[i] = rng.standard_normal(n_params)
        u[i] = rng.random(n_params)
    out = np.empty((n_runs, n_params))
    for j, p in enumerate(params):
        out[:, j] = transform(p, z[:, j], u[:, j])
    return out


def transform(p: Param, z: np.ndarray, u: np.ndarray) -> np.ndarray:
    """A parameter's values from its standard-normal and uniform draws, clipped to its range."""
    if p.dist is None:
        values = np.full(z.shape, p.value, dtype=np.float64)
    else:
        kind, a = p.dist.kind, p.dist.args
        if kind == "normal":
            values = a[0] + a[1] * z
        elif kind == "lognormal":
            values = np.exp(a[0] + a[1] * z)
        elif kind == "uniform":
            values = a[0] + (a[1] - a[0]) * u
        else:  # triangular
            low, mode, high = a
            width = high - low
            if width == 0:
                values = np.full(z.shape, low, dtype=np.float64)
            else:
                cut = (mode - low) / width
                left = low + np.sqrt(u * width * (mode - low))
                right = high - np.sqrt((1 - u) * width * (high - mode))
                values = np.where(u < cut, left, right)
    return np.clip(values, p.low, p.high)


class Values:
    """Parameter values of a block of runs, looked up by ``Param`` (shape (n_runs,) each)."""

    def __init__(self, scenario: Scenario, matrix: np.ndarray):
        self.matrix = matrix
        self.n = matrix.shape[0]
        self.index = scenario.param_index()

    def __call__(self, p: Param | None, default: float = 0.0) -> np.ndarray:
        if p is None:
            return np.full(self.n, default, dtype=np.float64)
        j = self.index.get(p.path)
        if j is None:
            return np.full(self.n, p.mean(), dtype=np.float64)
        return self.matrix[:, j]

"""The fused (compiled) kernel gives the NumPy kernel's results, run by run, with the same draws.

Both kernels take every parameter value from the same NumPy draws (docs/adr/0007); the fused
kernel only moves the year loop into compiled code, summing a few totals in a different order
(docs/adr/0028-fused-kernel.md).  They must agree to a relative 1e-9 - in practice to a few
units in the last place - on the spec tests' scenarios (the ``engine`` fixture runs those on
both kernels and the reference), on generated scenarios and on a national-shaped one.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

from benchmarks.scenarios import synthetic
from lodestar.engine import EXAMPLE_SCENARIO, load_scenario, run
from lodestar.engine import fused as fused_module
from tests.engine_spec.strategies import scenarios

REL = 1e-9
ARRAYS = ("supply_fte", "headcount", "demand_fte", "gap_by_step", "cost_by_run")


def assert_kernels_agree(scenario, runs=1, seed=0, block_size=None):
    fused = run(scenario, runs=runs, seed=seed, kernel="fused", block_size=block_size)
    numpy = run(scenario, runs=runs, seed=seed, kernel="numpy", block_size=block_size)
    assert fused.groups == numpy.groups
    for name in ARRAYS:
        a, b = getattr(fused, name), getattr(numpy, name)
        assert a.shape == b.shape, name
        # a gap is a difference of two totals, so its error is relative to the totals (abs_tol)
        scale = max(1.0, float(np.abs(fused.supply_fte).max(initial=0.0)))
        np.testing.assert_allclose(a, b, rtol=REL, atol=REL * scale, err_msg=name)
    return fused, numpy


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_deterministic_runs_agree_on_generated_scenarios(data):
    assert_kernels_agree(load_scenario(data))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_monte_carlo_runs_agree_run_by_run_on_generated_scenarios(data):
    """Same seed, same draws: every run agrees, not only the averages."""
    assert_kernels_agree(load_scenario(data), runs=5, seed=3, block_size=2)


def test_the_example_scenario_is_bit_for_bit_the_same():
    """Where every total has the same order of additions (few segments), the kernels agree exactly."""
    fused, numpy = assert_kernels_agree(load_scenario(EXAMPLE_SCENARIO), runs=20, seed=4)
    for name in ARRAYS:
        assert np.array_equal(getattr(fused, name), getattr(numpy, name)), name


def test_a_national_shaped_scenario_with_conversions_and_every_lever_agrees():
    scenario = load_scenario(synthetic(orgs=12, groups=5, age_bands=10, years=15))
    fused, numpy = assert_kernels_agree(scenario, runs=30, seed=9, block_size=7)
    assert fused.gap_by_step.shape == (30, 5, 16)  # the waterfall: baseline and four interventions, every year
    assert fused.supply_fte.std(axis=0).max() > 0  # the runs differ: uncertainty was drawn


def test_the_block_size_and_thread_count_do_not_change_fused_results():
    scenario = load_scenario(synthetic(orgs=6, groups=4, age_bands=4, years=8))
    one = run(scenario, runs=23, seed=2, kernel="fused", block_size=23, threads=1)
    many = run(scenario, runs=23, seed=2, kernel="fused", block_size=4, threads=2)
    for name in ARRAYS:
        assert np.array_equal(getattr(one, name), getattr(many, name)), name


def test_the_kernel_can_be_chosen_by_setting(monkeypatch):
    scenario = load_scenario(EXAMPLE_SCENARIO)
    monkeypatch.setenv("LODESTAR_ENGINE_KERNEL", "numpy")
    assert np.array_equal(
        run(scenario, runs=3, seed=1).supply_fte, run(scenario, runs=3, seed=1, kernel="numpy").supply_fte
    )
    monkeypatch.setenv("LODESTAR_ENGINE_KERNEL", "quantum")
    with pytest.raises(ValueError, match="kernel must be one of fused, numpy"):
        run(scenario)


def test_compiled_code_is_cached_on_disk_where_configured():
    cache = fused_module.cache_dir()
    assert cache == fused_module.Path(fused_module.os.environ["NUMBA_CACHE_DIR"])
    run(load_scenario(EXAMPLE_SCENARIO), runs=2, seed=1, kernel="fused")
    assert any(cache.rglob("*.nbi")), "no Numba cache index written"


def test_two_projections_at_once_in_two_threads_give_what_each_gives_alone():
    """As two web requests or tasks might: the compiled loops take turns, results are unchanged."""
    from concurrent.futures import ThreadPoolExecutor

    a = load_scenario(synthetic(orgs=5, groups=4, age_bands=4, years=6))
    b = load_scenario(EXAMPLE_SCENARIO)
    alone = [run(a, runs=40, seed=1, block_size=5), run(b, runs=40, seed=2, block_size=5)]
    with ThreadPoolExecutor(max_workers=2) as pool:
        together = [
            pool.submit(run, a, runs=40, seed=1, block_size=5),
            pool.submit(run, b, runs=40, seed=2, block_size=5),
        ]
        together = [f.result() for f in together]
    for one, other in zip(alone, together, strict=True):
        for name in ARRAYS:
            assert np.array_equal(getattr(one, name), getattr(other, name)), name

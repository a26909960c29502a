"""Running a projection: split the runs into blocks, project each, gather per-run aggregates.

Each block's cohorts are projected by one of two kernels (docs/adr/0028-fused-kernel.md):
``"fused"`` (the default), a compiled Numba loop that spreads a block's runs over the cores
(``lodestar.engine.fused``), or ``"numpy"``, the vectorised NumPy loop
(``lodestar.engine.kernel``).  ``LODESTAR_ENGINE_KERNEL`` sets the default.  Fused blocks
run one after another (each uses every core); NumPy blocks run on local threads (NumPy
releases the GIL in its array loops).  Given a ``scheduler`` address, blocks run on a Dask
distributed cluster (``lodestar.engine.distributed``).
Either way every block is computed by the same function from the same seeds and results
are assembled by run number, so the tables are identical however the work is split.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from functools import partial

import numpy as np

from lodestar.engine.grid import Compiled, compile_scenario
from lodestar.engine.kernel import BlockOutput, collect_blocks, run_block
from lodestar.engine.results import ProjectionResult
from lodestar.engine.spec import Scenario

MAX_RUNS = 100_000
KERNELS = ("fused", "numpy")
# runs per block: the fused kernel keeps a run's cohorts in cache whatever the block's size, so
# fewer, larger blocks save Python work and thread start-ups; NumPy's arrays grow with the block
BLOCK_SIZE = {"fused": 250, "numpy": 50}


def default_kernel() -> str:
    """The kernel ``run`` uses unless told: ``LODESTAR_ENGINE_KERNEL`` ("fused" or "numpy"), else "fused"."""
    return os.environ.get("LODESTAR_ENGINE_KERNEL") or "fused"


def block_runner(kernel: str, threads: int | None = None) -> Callable[..., BlockOutput]:
    """``run_block`` with the named kernel's component loop (picklable, for Dask); ``threads``:
    the cores the fused kernel spreads a block's runs over (None: all)."""
    if kernel == "fused":
        from lodestar.engine.fused import simulate_component

        return partial(run_block, simulate=partial(simulate_component, threads=threads))
    return run_block


def blocks_of(runs: int, block_size: int) -> list[tuple[int, int]]:
    return [(start, min(block_size, runs - start)) for start in range(0, runs, block_size)]


def run(
    scenario: Scenario,
    *,
    runs: int = 1,
    seed: int = 0,
    scheduler: str | None = None,
    block_size: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    threads: int | None = None,
    kernel: str | None = None,
) -> ProjectionResult:
    """Project ``scenario`` ``runs`` times (Monte Carlo when it has distributions) and return tidy results.

    ``runs == 1`` projects every parameter at its mean: a deterministic central projection.
    ``progress(done_runs, total_runs)`` is called as blocks finish.  ``scheduler`` is a Dask
    distributed scheduler address (e.g. "tcp://127.0.0.1:8786") or None to run here.
    ``kernel`` is "fused" (compiled, the default) or "numpy"; both give the same tables to a
    relative 1e-9.  ``block_size`` runs go together (default 250 fused, 50 NumPy); the tables
    do not depend on it.
    """
    if not isinstance(runs, int) or isinstance(runs, bool) or not 1 <= runs <= MAX_RUNS:
        raise ValueError(f"runs must be a whole number between 1 and {MAX_RUNS}")
    kernel = kernel or default_kernel()
    if kernel not in KERNELS:
        raise ValueError(f"kernel must be one of {', '.join(KERNELS)}, not {kernel!r}")
    block_size = block_size or BLOCK_SIZE[kernel]
    if not isinstance(block_size, int) or block_size < 1:
        raise ValueError("block_size must be a whole number of at least 1")
    if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0:
        raise ValueError("seed must be a whole number of at least 0")
    compiled = compile_scenario(scenario)
    blocks = blocks_of(runs, block_size)
    if scheduler:
        from lodestar.engine.distributed import run_blocks_on_cluster

        outputs = run_blocks_on_cluster(scheduler, compiled, seed, blocks, runs, progress, block_runner(kernel))
    elif kernel == "fused":
        # two blocks at a time: one block's set-up (Python) overlaps the other's compiled loop,
        # which spreads its runs over the cores itself (one compiled loop at a time: fused.py)
        runner = block_runner(kernel, threads)
        outputs = run_blocks_locally(compiled, seed, blocks, runs, progress, min(2, len(blocks)), runner)
    else:
        outputs = run_blocks_locally(compiled, seed, blocks, runs, progress, threads)
    return assemble(scenario, compiled, runs, seed, outputs)


def run_blocks_locally(
    compiled: Compiled, seed, blocks, runs, progress, threads=None, runner=run_block
) -> list[BlockOutput]:
    workers = threads or min(os.cpu_count() or 1, len(blocks))
    done = 0
    outputs = []
    if workers <= 1:
        for start, n in blocks:
            outputs.append(runner(compiled, seed, start, n, runs))
            done += n
            if progress:
                progress(done, runs)
        return outputs
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(runner, compiled, seed, start, n, runs) for start, n in blocks]
        return collect_blocks(as_completed(futures), runs, progress)


def assemble(scenario: Scenario, compiled: Compiled, runs: int, seed: int, outputs: list[BlockOutput]):
    outputs = sorted(outputs, key=lambda o: o.run_start)
    return ProjectionResult(
        scenario=scenario,
        runs=runs,
        seed=seed,
        groups=list(compiled.result_groups),
        supply_fte=np.concatenate([o.supply_fte for o in outputs]),
        headcount=np.concatenate([o.headcount for o in outputs]),
        demand_fte=np.concatenate([o.demand_fte for o in outputs]),
        gap_by_step=np.concatenate([o.gap_by_step for o in outputs]),
        cost_by_run=np.concatenate([o.cost for o in outputs]),
    )

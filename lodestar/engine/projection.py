"""Running a projection: split the runs into blocks, project each, gather per-run aggregates.

Blocks run on local threads (NumPy releases the GIL in its array loops) or, given a
``scheduler`` address, on a Dask distributed cluster (``lodestar.engine.distributed``).
Either way every block is computed by the same function from the same seeds and results
are assembled by run number, so the tables are identical however the work is split.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed

import numpy as np

from lodestar.engine.grid import Compiled, compile_scenario
from lodestar.engine.kernel import BlockOutput, collect_blocks, run_block
from lodestar.engine.results import ProjectionResult
from lodestar.engine.spec import Scenario

MAX_RUNS = 100_000


def blocks_of(runs: int, block_size: int) -> list[tuple[int, int]]:
    return [(start, min(block_size, runs - start)) for start in range(0, runs, block_size)]


def run(
    scenario: Scenario,
    *,
    runs: int = 1,
    seed: int = 0,
    scheduler: str | None = None,
    block_size: int = 50,
    progress: Callable[[int, int], None] | None = None,
    threads: int | None = None,
) -> ProjectionResult:
    """Project ``scenario`` ``runs`` times (Monte Carlo when it has distributions) and return tidy results.

    ``runs == 1`` projects every parameter at its mean: a deterministic central projection.
    ``progress(done_runs, total_runs)`` is called as blocks finish.  ``scheduler`` is a Dask
    distributed scheduler address (e.g. "tcp://127.0.0.1:8786") or None to run here.
    """
    if not isinstance(runs, int) or isinstance(runs, bool) or not 1 <= runs <= MAX_RUNS:
        raise ValueError(f"runs must be a whole number between 1 and {MAX_RUNS}")
    if not isinstance(block_size, int) or block_size < 1:
        raise ValueError("block_size must be a whole number of at least 1")
    if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0:
        raise ValueError("seed must be a whole number of at least 0")
    compiled = compile_scenario(scenario)
    blocks = blocks_of(runs, block_size)
    if scheduler:
        from lodestar.engine.distributed import run_blocks_on_cluster

        outputs = run_blocks_on_cluster(scheduler, compiled, seed, blocks, runs, progress)
    else:
        outputs = run_blocks_locally(compiled, seed, blocks, runs, progress, threads)
    return assemble(scenario, compiled, runs, seed, outputs)


def run_blocks_locally(compiled: Compiled, seed, blocks, runs, progress, threads=None) -> list[BlockOutput]:
    workers = threads or min(os.cpu_count() or 1, len(blocks))
    done = 0
    outputs = []
    if workers <= 1:
        for start, n in blocks:
            outputs.append(run_block(compiled, seed, start, n, runs))
            done += n
            if progress:
                progress(done, runs)
        return outputs
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(run_block, compiled, seed, start, n, runs) for start, n in blocks]
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
        final_gap_by_step=np.concatenate([o.final_gap_by_step for o in outputs]),
        cost_by_run=np.concatenate([o.cost for o in outputs]),
    )

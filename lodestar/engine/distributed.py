"""Monte Carlo blocks on a Dask distributed cluster.

``run(..., scheduler="tcp://host:8786")`` sends each block of runs to the cluster as one
task.  A block's result depends only on the scenario, the seed and the block's run numbers
(docs/adr/0007-monte-carlo-seeding.md), and blocks are put back in run order before any
reduction, so the tables equal a local run's exactly, whatever the cluster's size.
"""

from __future__ import annotations

from lodestar.engine.grid import Compiled
from lodestar.engine.kernel import BlockOutput, collect_blocks, run_block


def run_blocks_on_cluster(
    address: str, compiled: Compiled, seed: int, blocks, runs: int, progress, runner=run_block
) -> list[BlockOutput]:
    """``runner`` is ``run_block`` or ``projection.block_runner(kernel)``: the kernel each worker uses."""
    from distributed import Client, as_completed

    with Client(address, timeout="30s") as client:
        [shared] = client.scatter([compiled], broadcast=True)
        futures = [
            client.submit(runner, shared, seed, start, n, runs, key=f"lodestar-block-{seed}-{start}-{n}-{id(compiled)}")
            for start, n in blocks
        ]
        return collect_blocks(as_completed(futures), runs, progress)

"""Monte Carlo blocks sent to a Dask cluster give exactly the local results."""

from __future__ import annotations

import pytest
from polars.testing import assert_frame_equal

from lodestar.engine import EXAMPLE_SCENARIO, load_scenario, run

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=False,
        protocol="tcp",
        host="127.0.0.1",
        dashboard_address=None,
    ) as c:
        yield c


@pytest.mark.slow
def test_runs_on_a_dask_cluster_equal_the_local_run(cluster):
    scenario = load_scenario(EXAMPLE_SCENARIO)
    assert cluster.scheduler_address.startswith("tcp://127.0.0.1:")
    seen = []
    remote = run(
        scenario,
        runs=40,
        seed=7,
        block_size=7,
        scheduler=cluster.scheduler_address,
        progress=lambda d, t: seen.append((d, t)),
    )
    local = run(scenario, runs=40, seed=7, block_size=20, threads=1)
    for name, table in local.tables().items():
        assert_frame_equal(remote.tables()[name], table, check_exact=True), name
    assert seen[-1] == (40, 40)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)

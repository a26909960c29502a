"""The load test's own arithmetic (benchmarks/load/runner.py): the server's times are split at the
moment every simulated person had signed in, so the measured window holds no sign-in queue."""

import datetime

from benchmarks.load import runner

LINE = '127.0.0.1 - - [{stamp}] "{method} {path} HTTP/1.1" 200 512 "-" "locust" {micros}\n'


def _stamp(seconds: int) -> str:
    when = datetime.datetime(2026, 12, 3, 12, 0, seconds, tzinfo=datetime.UTC)
    return when.strftime("%d/%b/%Y:%H:%M:%S %z")


def test_server_times_split_the_sign_ins_from_the_measured_window(tmp_path):
    log = [
        LINE.format(stamp=_stamp(1), method="POST", path="/account/sign-in/", micros=900_000),
        LINE.format(stamp=_stamp(2), method="GET", path="/", micros=300_000),
        LINE.format(stamp=_stamp(5), method="GET", path="/", micros=40_000),
        LINE.format(stamp=_stamp(6), method="GET", path="/plans/1/", micros=60_000),
        LINE.format(stamp=_stamp(7), method="GET", path="/not-a-load-page/", micros=5_000),
    ]
    (tmp_path / "run-access.log").write_text("".join(log))
    since = datetime.datetime(2026, 12, 3, 12, 0, 5, 400_000, tzinfo=datetime.UTC).timestamp()

    before, during = runner.server_times(tmp_path / "run", {"home": "/", "plan": "/plans/1/"}, since)

    assert before == {"sign in": [900.0], "home": [300.0], "Aggregated": [300.0, 900.0]}
    assert during == {"home": [40.0], "plan": [60.0], "Aggregated": [40.0, 60.0]}


def test_percentiles_read_from_sorted_times():
    assert runner.percentile([10.0, 20.0, 30.0, 40.0, 1000.0], 0.5) == "30"
    assert runner.percentile([], 0.95) == "-"

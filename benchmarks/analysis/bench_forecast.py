"""Benchmark 2: the stock-flow forecast, all kommuner × all SSYK × 10 years × 3 scenarios.

    .venv/bin/python benchmarks/analysis/bench_forecast.py [--seed 20260101] [--repeat 5]

The inputs (workforce cells of the last six years, flows, a survey answered for 20 % of
the groups) are loaded into an in-process DuckDB first; the timing covers
``stock_flow_arrow(...)`` until its result is an Arrow table.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import ibis

sys.path.insert(0, str(Path(__file__).parent))
from _data import forecast_tables

from ecc_atlas.analysis import Event
from ecc_atlas.analysis.stockflow import stock_flow_arrow


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", type=int, default=20260101)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    tables = forecast_tables(args.seed)
    con = ibis.duckdb.connect()
    wf = con.create_table("workforce", tables["workforce"])
    fl = con.create_table("flows", tables["flows"])
    pl = con.create_table("plans", tables["plans"])
    print(f"workforce cells: {tables['workforce'].num_rows:,}; flows: {tables['flows'].num_rows:,}")
    times, cpu = [], []
    for _ in range(args.repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = stock_flow_arrow(
            wf, fl, pl, by=("kommun_code", "ssyk"), horizon=10,
            scenario=["trend", "plans", "event"], events=[Event("plant", 2026, 5000.0)],
            cols={"org": "org_number"},
        )  # fmt: skip
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    groups = result.num_rows // 30
    print(f"groups: {groups:,}; output rows: {result.num_rows:,}")
    print(f"stock_flow on DuckDB: median {statistics.median(times):.2f} s "
          f"(min {min(times):.2f}, max {max(times):.2f}) over {args.repeat} runs; "
          f"CPU time median {statistics.median(cpu):.2f} s")  # fmt: skip


if __name__ == "__main__":
    main()

"""Benchmark 3: the same specialisation on PySpark local[2], and the break-even scale.

    .venv/bin/python benchmarks/analysis/bench_spark.py [--seed 20260101] [--scales 1 4 16]

For each scale the long table has ``scale`` × 290 regions (copies with their own noise)
× 429 SSYK × 10 years; it is written as Parquet and read by both engines, and
``specialisation`` runs on each (median of ``--repeat`` runs, after one warm-up). Spark's
start-up time is reported separately. Spark "pays off" at the first scale where it is
faster than DuckDB on the same machine.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

import ibis

sys.path.insert(0, str(Path(__file__).parent))
from _data import long_table

from ecc_atlas.analysis.relatedness import specialisation_arrow
from ecc_atlas.warehouse import connect


def _time(table: object, repeat: int) -> list[float]:
    times = []
    for i in range(repeat + 1):
        start = time.perf_counter()
        specialisation_arrow(table, cols={"time": "year"})  # type: ignore[arg-type]
        if i:  # the first run warms up (JIT, caches)
            times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", type=int, default=20260101)
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 4, 16])
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--shuffle-partitions", type=int, default=4)
    parser.add_argument("--driver-memory", default="4g", help="JVM heap of the local driver.")
    args = parser.parse_args()
    # Must be set before the JVM starts; local mode runs the executors in the driver.
    os.environ["PYSPARK_SUBMIT_ARGS"] = f"--driver-memory {args.driver_memory} pyspark-shell"
    start = time.perf_counter()
    spark = connect("pyspark")
    spark._session.conf.set("spark.sql.shuffle.partitions", str(args.shuffle_partitions))
    spark._session.sparkContext.setLogLevel("ERROR")
    print(f"Spark local[2] start-up: {time.perf_counter() - start:.1f} s")
    folder = Path(tempfile.mkdtemp(prefix="bench-spark-"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for scale in args.scales:
            df = long_table(args.seed, scale=scale)
            path = folder / f"long-{scale}.parquet"
            df.to_parquet(path)
            duck = ibis.duckdb.connect().read_parquet(str(path))
            spk = spark.read_parquet(str(path))
            d = statistics.median(_time(duck, args.repeat))
            print(f"scale {scale:>3}: {len(df):>11,} rows  DuckDB {d:6.2f} s", flush=True)
            try:
                s = statistics.median(_time(spk, args.repeat))
            except Exception as exc:  # report and stop (e.g. Java heap space)
                print(f"scale {scale:>3}: Spark failed: {type(exc).__name__}: {exc}"[:300])
                break
            verdict = "Spark faster" if s < d else "DuckDB faster"
            print(
                f"scale {scale:>3}: {len(df):>11,} rows  Spark  {s:6.2f} s  "
                f"({verdict}, Spark/DuckDB {s / d:.1f})",
                flush=True,
            )
    spark._session.stop()


if __name__ == "__main__":
    main()

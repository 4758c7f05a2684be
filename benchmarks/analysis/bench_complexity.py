"""Benchmark 1: specialisation with density and complexity vs py-ecomplexity.

    .venv/bin/python benchmarks/analysis/bench_complexity.py [--seed 20260101] [--repeat 3]

Input: 290 kommuner × 429 SSYK × 10 years of synthetic employment (zeros dropped, as a
register extract would be). Ours reads it from an in-process DuckDB table; ecomplexity
from the same pandas DataFrame. Both are timed in the same process, alternating, and the
median is reported; ecomplexity with its defaults (including its log-supermodularity
check) and with that check switched off. Agreement is checked after applying the
documented conventions (docs/methods/complexity.md).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import warnings
from pathlib import Path

import ibis
import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from _data import long_table

from ecc_atlas.analysis.relatedness import specialisation_arrow

COLS = {"time": "year", "loc": "region", "prod": "item", "val": "value"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", type=int, default=20260101)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from ecomplexity import ecomplexity

    df = long_table(args.seed)
    con = ibis.duckdb.connect()
    table = con.create_table("long", df)
    print(f"input rows: {len(df):,} (290 kommuner × 429 SSYK × 10 years, zeros dropped)")
    ours_t, eco_t, eco_fast_t = [], [], []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for _ in range(args.repeat):
            start = time.perf_counter()
            ours = specialisation_arrow(table, cols={"time": "year"}).to_pandas()
            ours_t.append(time.perf_counter() - start)
            start = time.perf_counter()
            ecomplexity(df, COLS, verbose=False)
            eco_t.append(time.perf_counter() - start)
            start = time.perf_counter()
            theirs = ecomplexity(df, COLS, verbose=False, check_logsupermodularity=False)
            eco_fast_t.append(time.perf_counter() - start)
    merged = ours.rename(columns={"time": "year"}).merge(theirs, on=["region", "item", "year"],
                                                          suffixes=("", "_e"))  # fmt: skip
    n = df.region.nunique() * df.item.nunique()
    factor = np.sqrt((n - 1) / n)
    print(f"rows compared: {len(merged):,} of {len(ours):,} (ours) and {len(theirs):,}")
    print(f"max |lq − rca|: {np.abs(merged.lq - merged.rca).max():.2e}; "
          f"mcp equal: {(merged.mcp == merged.mcp_e).mean():.4%}")  # fmt: skip
    print(f"max |eci − eci_e·√((n−1)/n)|: {np.abs(merged.eci - merged.eci_e * factor).max():.2e}; "
          f"pci: {np.abs(merged.pci - merged.pci_e * factor).max():.2e}")  # fmt: skip
    coi = np.corrcoef(merged.coi, merged.coi_e)[0, 1]
    density = np.corrcoef(merged.density, merged.density_e)[0, 1]
    print(f"corr(coi, coi_e): {coi:.5f}; corr(density, density_e): {density:.5f}")
    o, e, f = statistics.median(ours_t), statistics.median(eco_t), statistics.median(eco_fast_t)
    print(f"ours (DuckDB + NumPy): median {o:.2f} s {[round(x, 2) for x in ours_t]}")
    runs = [round(x, 2) for x in eco_t]
    print(f"ecomplexity defaults:  median {e:.2f} s {runs}  ratio {e / o:.1f}×")
    print(f"ecomplexity, no LSM check: median {f:.2f} s  ratio {f / o:.1f}×")


if __name__ == "__main__":
    main()

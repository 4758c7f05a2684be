"""Where the CPU time of skill extraction goes, per ad, in one process (no workers).

    .venv/bin/python benchmarks/skills/make_ads.py --ads 20000 --seed 7 --out /tmp/ads_20k.jsonl
    .venv/bin/python benchmarks/skills/profile_stages.py --input /tmp/ads_20k.jsonl

Measures, in CPU microseconds per ad: the floor (reading and parsing every line, as
:func:`ecc_atlas.analysis.skills_jsonl.parse_jsonl` does in its workers), the product's work
per chunk (parse, fields, normalise, match, mentions, CSV; as ``extract_jsonl`` does in its
workers) and, with ``--profile``, the functions that take the most time (cProfile, which
inflates every figure a little). Complements ``run_benchmark.py``, which measures whole
passes over a large file with worker processes.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import time
from pathlib import Path

from ecc_atlas.analysis import skills_extract, skills_jsonl

COLUMNS = ("ad_id", "skill_id", "label", "term", "start", "end")


def main(argv: list[str] | None = None) -> int:
    """Print the per-ad CPU time of the floor and of the product, and their ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--input", type=Path, required=True, help="JSON Lines file of ads")
    parser.add_argument("--profile", action="store_true", help="also print a cProfile table")
    args = parser.parse_args(argv)
    chunks = list(skills_jsonl.iter_chunks(args.input))
    skills_extract.init_worker(None, False, "sv")  # the worker state, in this process
    started = time.process_time()
    ads = sum(skills_jsonl._parse_only(chunk) for chunk in chunks)
    floor = time.process_time() - started
    started = time.process_time()
    for chunk in chunks:
        skills_jsonl._work_chunk((chunk, COLUMNS, False, False))
    product = time.process_time() - started
    print(
        f"{ads:,} ads: floor {floor / ads * 1e6:.1f} µs/ad, product {product / ads * 1e6:.1f} "
        f"µs/ad, ratio {product / floor:.2f} (CPU time, one process)"
    )
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        for chunk in chunks:
            skills_jsonl._work_chunk((chunk, COLUMNS, False, False))
        profiler.disable()
        pstats.Stats(profiler).sort_stats("tottime").print_stats(15)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

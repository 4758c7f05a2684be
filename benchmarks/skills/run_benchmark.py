"""Throughput of skill extraction on a JSON Lines file, side by side with its floor and a peer.

    .venv/bin/python benchmarks/skills/run_benchmark.py --input /tmp/ads_1m.jsonl \\
        --workers 2 --regex-ads 50000 --json benchmarks/skills/results/run.json

Three passes over the same file, with the same reader (chunks of whole lines), the same
number of worker processes and the same JSON parser (:func:`json.loads`):

1. **floor** — only read and parse every line (:func:`ecc_atlas.analysis.skills_jsonl.parse_jsonl`):
   the physical limit of this path;
2. **ecc-atlas** — the product's pipeline (:func:`~ecc_atlas.analysis.skills_jsonl.extract_jsonl`):
   parse, normalise, Aho-Corasick match with the boundary rules, sections, and write every
   mention to CSV;
3. **regex peer** — the naive alternative: parse, then one compiled regular expression, the
   alternation of every vocabulary term (case-insensitive, ``\\b`` boundaries, longest
   first), over the same ad text; mentions are counted. On a slow peer only the first
   ``--regex-ads`` ads are run (0 = all); its rate is per ad, so the ratio stands.

The floor and the product alternate ``--repeat`` times (the machine may be shared; the
median counts and every round's ratio is kept). Reported per pass: seconds, ads/s, MB/s
(input bytes), and peak resident memory of the main process and of the largest worker.
Machine (``nproc``, CPU model, ``free -g``, load average) and date are recorded with the
results.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import multiprocessing
import os
import platform
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from ecc_atlas.analysis.skills_jsonl import ad_fields, extract_jsonl, iter_chunks, parse_jsonl
from ecc_atlas.analysis.skills_text import ad_text, normalise_term
from ecc_atlas.reference.skills import skill_vocabulary

_REGEX: list[Any] = []


def _regex() -> re.Pattern[str]:
    terms = {t.text for s in skill_vocabulary().skills for t in s.terms}
    alternatives = sorted((re.escape(t) for t in terms), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b", re.IGNORECASE)


def _regex_init() -> None:
    _REGEX.append(_regex())


def _regex_chunk(chunk: bytes) -> tuple[int, int]:
    pattern = _REGEX[0]
    ads = mentions = 0
    for line in chunk.split(b"\n"):
        if not line.strip():
            continue
        fields = ad_fields(json.loads(line))
        if fields is None:
            continue
        ads += 1
        mentions += sum(1 for _ in pattern.finditer(ad_text(fields[1], fields[2])))
    return ads, mentions


def _limited_chunks(path: Path, limit: int) -> tuple[list[bytes], int]:
    chunks: list[bytes] = []
    size = lines = 0
    for chunk in iter_chunks(path, 1 << 20):
        chunks.append(chunk)
        size += len(chunk)
        lines += chunk.count(b"\n")
        if limit and lines >= limit:
            break
    return chunks, size


def _cpu() -> float:
    """CPU seconds used so far by this process and its finished children."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


def _children_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def _self_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _machine() -> dict[str, Any]:
    def run(*cmd: str) -> str:
        try:
            return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            return ""

    model = next(
        (line.split(":", 1)[1].strip() for line in run("lscpu").splitlines()
         if line.startswith("Model name")),
        platform.processor(),
    )  # fmt: skip
    return {
        "nproc": run("nproc"),
        "cpu": model,
        "free_g": run("free", "-g"),
        "load_average_1_5_15": [round(x, 2) for x in os.getloadavg()],
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }


def _pass(name: str, ads: int, size: int, seconds: float, **extra: Any) -> dict[str, Any]:
    row = {
        "pass": name,
        "ads": ads,
        "mb": round(size / 1e6, 1),
        "seconds": round(seconds, 2),
        "ads_per_s": round(ads / seconds),
        "mb_per_s": round(size / 1e6 / seconds, 1),
        **extra,
    }
    print(
        f"{name:12} {ads:>10,} ads {seconds:8.1f} s {row['ads_per_s']:>9,} ads/s "
        f"{row['mb_per_s']:7.1f} MB/s  {extra}",
        flush=True,
    )
    return row


def _floor(path: Path, workers: int, size: int) -> dict[str, Any]:
    started, cpu = time.perf_counter(), _cpu()
    records = parse_jsonl(path, workers=workers)
    seconds = time.perf_counter() - started
    return _pass("floor", records, size, seconds, cpu_seconds=round(_cpu() - cpu, 1))


def _ecc(path: Path, workers: int, size: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "mentions.csv"
        started, cpu = time.perf_counter(), _cpu()
        result = extract_jsonl(path, out_csv=out, workers=workers, keep_ad_skills=False)
        seconds = time.perf_counter() - started
        return _pass(
            "ecc-atlas", result.ads.num_rows, size, seconds,
            cpu_seconds=round(_cpu() - cpu, 1), mentions=result.mention_count,
            csv_mb=round(out.stat().st_size / 1e6, 1),
        )  # fmt: skip


def _regex_pass(path: Path, workers: int, regex_ads: int) -> dict[str, Any]:
    chunks, sample_size = _limited_chunks(path, regex_ads)
    context = multiprocessing.get_context("spawn")
    started, cpu = time.perf_counter(), _cpu()
    with context.Pool(workers, initializer=_regex_init) as pool:
        counts = pool.map(_regex_chunk, chunks, chunksize=1)
    seconds = time.perf_counter() - started
    ads = sum(c[0] for c in counts)
    return _pass(
        "regex peer", ads, sample_size, seconds,
        cpu_seconds=round(_cpu() - cpu, 1), mentions=sum(c[1] for c in counts),
    )  # fmt: skip


def _median(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The run of median wall time (the lower one of two)."""
    ordered = sorted(rows, key=lambda r: r["seconds"])
    return {**ordered[(len(ordered) - 1) // 2], "runs_seconds": [r["seconds"] for r in rows]}


def run(path: Path, workers: int, regex_ads: int, repeat: int) -> dict[str, Any]:
    """The passes, floor and ecc-atlas alternating ``repeat`` times (the median counts),
    then the regex peer once; returns the results."""
    size = path.stat().st_size
    floors, eccs, loads = [], [], []
    for _ in range(repeat):
        loads.append(round(os.getloadavg()[0], 2))
        floors.append(_floor(path, workers, size))
        eccs.append(_ecc(path, workers, size))
    peak = {"main_peak_mb": round(_self_peak_mb()), "worker_peak_mb": round(_children_peak_mb())}
    peer = _regex_pass(path, workers, regex_ads)
    floor, ecc = _median(floors), _median(eccs)
    ratios = [round(e["seconds"] / f["seconds"], 2) for f, e in zip(floors, eccs, strict=True)]
    cpu_ratios = [
        round(e["cpu_seconds"] / f["cpu_seconds"], 2) for f, e in zip(floors, eccs, strict=True)
    ]
    return {
        "input": str(path),
        "input_mb": round(size / 1e6, 1),
        "workers": workers,
        "machine": _machine(),
        "load_average_at_each_round": loads,
        "passes": [floor, {**ecc, **peak}, peer],
        "ecc_vs_floor": round(ecc["seconds"] / floor["seconds"], 2),
        "ecc_vs_floor_per_round": ratios,
        "ecc_vs_floor_cpu_per_round": cpu_ratios,
        "ecc_vs_regex_cpu_per_ad": round(
            (peer["cpu_seconds"] / peer["ads"]) / (ecc["cpu_seconds"] / ecc["ads"]), 1
        ),
        "ecc_vs_regex": round(ecc["ads_per_s"] / peer["ads_per_s"], 1),
        "vocabulary": skill_vocabulary().version,
        "terms": len({normalise_term(t.text) for s in skill_vocabulary().skills for t in s.terms}),
    }


def main(argv: list[str] | None = None) -> int:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--input", type=Path, required=True, help="JSON Lines file of ads")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument(
        "--regex-ads", type=int, default=50_000, help="ads for the regex peer (0 = all)"
    )
    parser.add_argument("--repeat", type=int, default=1, help="rounds of floor + ecc-atlas")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)
    results = run(args.input, args.workers, args.regex_ads, args.repeat)
    print(
        f"ecc-atlas is {results['ecc_vs_floor']}× the time of the JSON-parse floor and "
        f"{results['ecc_vs_regex']}× as fast as the regex peer."
    )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

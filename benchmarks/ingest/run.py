"""Ingest benchmarks: job ads per second and JSON-stat 2 cells per second, against DuckDB.

    .venv/bin/python benchmarks/ingest/run.py [--ads 1000000] [--workdir /tmp/ecc-ingest-bench]

Generates (seeded, in ``--workdir``, never committed) a JSON Lines file of synthetic job ads and a
JSON-stat 2 cube of about a million cells (``generate.py``), then runs each measurement in a
fresh process under ``/usr/bin/time -v`` (peak resident memory of that process):

* ``ads``: ``ecc_atlas.ingest.import_job_ads`` into an empty warehouse (read, convert, dedupe,
  write Parquet, commit);
* ``duckdb-ads``: DuckDB ``read_json`` of the same file into a table, all columns (the floor),
  and ``duckdb-ads-fields``: only the fields the importer keeps;
* ``jsonstat``: ``load_json_bytes`` + ``parse_jsonstat`` + ``to_arrow`` of the cube (the
  existing decoder; best of three after a first, cold run that is reported too), and
  ``scb-file``: the whole ``import_scb_file`` in a fresh process (read, decode, write);
* ``duckdb-jsonstat``: DuckDB ``read_json`` of the cube with ``unnest(value)`` into a table.

Prints a summary and writes the results to ``--out`` (default ``results.json`` next to this
script, the recorded run). polars is not installed in the
project's environment, so it is not measured.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT / "src"))

AD_FIELDS = (
    "id, headline, description.text AS description_text, employer.name AS employer_name, "
    "employer.organization_number AS org_number, occupation.label AS occupation_label, "
    "occupation_group.legacy_ams_taxonomy_id AS ssyk, "
    "workplace_address.municipality_code AS kommun_code, "
    "workplace_address.region_code AS region_code, publication_date, last_publication_date, "
    "number_of_vacancies"
)


# -- the measurements, each run in its own process ------------------------------------------
def _child_ads(path: str, workdir: str) -> dict[str, Any]:
    from ecc_atlas.ingest import import_job_ads
    from ecc_atlas.warehouse import Catalog

    catalog = Catalog(tempfile.mkdtemp(prefix="warehouse-", dir=workdir))
    started = time.perf_counter()
    summary = import_job_ads(catalog, path, user="bench")
    seconds = time.perf_counter() - started
    shutil.rmtree(catalog.root)
    return {
        "seconds": seconds,
        "records": summary.counts["records"],
        "rows": summary.datasets[0].rows,
    }


def _duckdb(sql: str, path: str) -> dict[str, Any]:
    import duckdb

    con = duckdb.connect()
    con.execute(f"SET threads = {os.cpu_count() or 1}")
    started = time.perf_counter()
    con.execute(sql.format(path=path.replace("'", "''")))
    seconds = time.perf_counter() - started
    rows = con.execute("SELECT count(*) FROM t").fetchone()
    return {"seconds": seconds, "rows": rows[0] if rows else 0, "threads": os.cpu_count()}


def _child_duckdb_ads(path: str, workdir: str) -> dict[str, Any]:
    return _duckdb(
        "CREATE TABLE t AS SELECT * FROM read_json('{path}', format = 'newline_delimited')", path
    )


def _child_duckdb_ads_fields(path: str, workdir: str) -> dict[str, Any]:
    return _duckdb(
        f"CREATE TABLE t AS SELECT {AD_FIELDS} "
        "FROM read_json('{path}', format = 'newline_delimited')",
        path,
    )


def _child_jsonstat(path: str, workdir: str) -> dict[str, Any]:
    from ecc_atlas.ingest.jsonstat import parse_jsonstat
    from ecc_atlas.ingest.readers import load_json_bytes

    def once() -> tuple[float, float, int]:
        started = time.perf_counter()
        doc = load_json_bytes(Path(path).read_bytes(), Path(path).name)
        parsed = time.perf_counter()
        table = parse_jsonstat(doc, name=Path(path).name).to_arrow()
        return parsed - started, time.perf_counter() - parsed, table.num_rows

    cold_json, cold_decode, rows = once()  # includes one-time imports (pyarrow loads pandas)
    warm = [once() for _ in range(3)]
    json_seconds, decode_seconds, _ = min(warm, key=lambda w: w[0] + w[1])
    return {
        "seconds": json_seconds + decode_seconds,
        "json_seconds": json_seconds,
        "decode_seconds": decode_seconds,
        "cold_seconds": cold_json + cold_decode,
        "rows": rows,
    }


def _child_scb_file(path: str, workdir: str) -> dict[str, Any]:
    from ecc_atlas.ingest import import_scb_file
    from ecc_atlas.warehouse import Catalog

    catalog = Catalog(tempfile.mkdtemp(prefix="warehouse-", dir=workdir))
    started = time.perf_counter()
    summary = import_scb_file(catalog, path, dataset="bench_cube", user="bench")
    seconds = time.perf_counter() - started
    shutil.rmtree(catalog.root)
    return {"seconds": seconds, "rows": summary.datasets[0].rows}


def _child_duckdb_jsonstat(path: str, workdir: str) -> dict[str, Any]:
    size = Path(path).stat().st_size + 1024
    return _duckdb(
        "CREATE TABLE t AS SELECT unnest(value) AS value FROM "
        f"read_json('{{path}}', format = 'auto', maximum_object_size = {size})",
        path,
    )


CHILDREN = {
    "ads": _child_ads,
    "duckdb-ads": _child_duckdb_ads,
    "duckdb-ads-fields": _child_duckdb_ads_fields,
    "jsonstat": _child_jsonstat,
    "scb-file": _child_scb_file,
    "duckdb-jsonstat": _child_duckdb_jsonstat,
}


# -- the driver -----------------------------------------------------------------------------
def _measure(task: str, path: Path, workdir: Path) -> dict[str, Any]:
    command = ["/usr/bin/time", "-v", sys.executable, __file__, "--child", task, str(path)]
    command += ["--workdir", str(workdir)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{task} failed:\n{done.stdout}\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    peak = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
    wall = re.search(r"Elapsed \(wall clock\) time.*: ([\d:.]+)", done.stderr)
    result["peak_rss_mib"] = round(int(peak.group(1)) / 1024, 1) if peak else None
    result["process_wall"] = wall.group(1) if wall else None
    return result


def _machine() -> dict[str, str]:
    def run(*args: str) -> str:
        return subprocess.run(args, capture_output=True, text=True, check=False).stdout.strip()

    cpu = next(
        (ln.split(":", 1)[1].strip() for ln in run("lscpu").splitlines() if "Model name" in ln),
        platform.processor(),
    )
    return {
        "date": dt.date.today().isoformat(),
        "nproc": run("nproc"),
        "cpu": cpu,
        "free_g": run("free", "-g"),
        "python": platform.python_version(),
        "load_average": " ".join(f"{x:.1f}" for x in os.getloadavg()),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ads", type=int, default=1_000_000, help="number of ads to generate")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/ecc-ingest-bench"))
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("path", nargs="?", help=argparse.SUPPRESS)
    parser.add_argument("--skip", nargs="*", default=[], choices=sorted(CHILDREN))
    parser.add_argument(
        "--out", type=Path, default=HERE / "results.json", help="where to write the results"
    )
    args = parser.parse_args()
    if args.child:
        print(json.dumps(CHILDREN[args.child](args.path, str(args.workdir))))
        return
    from generate import ads, jsonstat  # type: ignore[import-not-found]

    args.workdir.mkdir(parents=True, exist_ok=True)
    ads_path = args.workdir / f"ads_{args.ads}.jsonl"
    cube_path = args.workdir / "cube_1m.json"
    if not ads_path.exists():
        print(f"generating {ads_path} …", flush=True)
        ads(ads_path, args.ads, 20260101)
    if not cube_path.exists():
        print(f"generating {cube_path} …", flush=True)
        jsonstat(cube_path, 20260101)
    results: dict[str, Any] = {
        "machine": _machine(),
        "inputs": {
            "ads": {"path": str(ads_path), "count": args.ads, "bytes": ads_path.stat().st_size},
            "cube": {"path": str(cube_path), "bytes": cube_path.stat().st_size},
        },
    }
    for task in CHILDREN:
        if task in args.skip:
            continue
        path = ads_path if "ads" in task else cube_path
        print(f"running {task} …", flush=True)
        results[task] = _measure(task, path, args.workdir)
        print(f"  {results[task]}", flush=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    _report(results, args.ads)


def _report(results: dict[str, Any], count: int) -> None:
    def rate(task: str, n: float) -> float:
        return n / results[task]["seconds"] if task in results else float("nan")

    ads, floor = rate("ads", count), rate("duckdb-ads", count)
    fields = rate("duckdb-ads-fields", count)
    cells = results.get("jsonstat", {}).get("rows", 0)
    decoder, floor_cells = rate("jsonstat", cells), rate("duckdb-jsonstat", cells)
    peak = results.get("ads", {}).get("peak_rss_mib")
    print(f"load average {results['machine']['load_average']} on {results['machine']['nproc']}")
    print(f"ads imported per second: {ads:,.0f} (peak {peak} MiB)")
    print(f"DuckDB read_json, all columns: {floor:,.0f}/s, ratio {floor / ads:.1f}")
    print(f"DuckDB read_json, importer's fields: {fields:,.0f}/s, ratio {fields / ads:.1f}")
    print(f"JSON-stat2 cells per second (decoder, warm): {decoder:,.0f}")
    print(f"JSON-stat2 cells per second (import_scb_file): {rate('scb-file', cells):,.0f}")
    print(f"DuckDB read_json + unnest: {floor_cells:,.0f}/s, ratio {floor_cells / decoder:.1f}")


if __name__ == "__main__":
    main()

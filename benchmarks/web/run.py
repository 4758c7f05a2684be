"""Server-side latency of every dashboard page and API endpoint, and the PDF build time.

Starts ``ecc-atlas serve`` (gunicorn, 2 workers x 4 threads, as in production) on a fresh
demo data home on loopback, warms each worker's caches, then drives every URL with wrk at
20 concurrent connections for a bounded time and records p50/p95/p99 and requests/s.
Finally times ``ecc-atlas report --format pdf`` (a cold process: the time a user waits for a
first report after new data). wrk is a benchmark-only tool: ``apt-get install -y wrk``.

    .venv/bin/python benchmarks/web/run.py [--seconds 8] [--connections 20] [--port 8731]

Results go to benchmarks/web/results.json and are printed as a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = ROOT / ".venv" / "bin"
HERE = Path(__file__).resolve().parent

PAGES = [
    "/", "/sector/", "/workforce/", "/regions/", "/recruitment/", "/shortages/", "/actors/",
    "/method/", "/en/", "/workforce/?segment=manufacturing&kommun=1980",
]  # fmt: skip
API = [
    "/api/figures",
    "/api/tables/kommun-employment",
    "/api/tables/occupations?limit=100",
    "/api/tables/shortages",
    "/api/pages/workforce",
    "/api/charts/county-map?lang=sv",
    "/api/charts/age-pyramid?lang=en&segment=manufacturing",
    "/api/tables/age-gender/export?format=csv",
    "/api/tables/age-gender/export?format=xlsx",
    "/api/tables/segment-trend/export?format=parquet",
]


def _wait(url: str, seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"The server did not answer at {url}")


def _wrk(url: str, *, seconds: int, connections: int, close: bool = False) -> dict[str, float]:
    # close=True: a new connection per request, so that every worker process gets some
    extra = ["-H", "Connection: close"] if close else []
    out = subprocess.run(
        [shutil.which("wrk") or "wrk", "-t2", f"-c{connections}", f"-d{seconds}s",
         "--timeout", "10s", *extra, "-s", str(HERE / "latency.lua"), url],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    result = json.loads(out.strip().splitlines()[-1])
    result["rps"] = round(result["requests"] / result["duration_s"], 1)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument("--port", type=int, default=8731)
    parser.add_argument("--out", type=Path, default=HERE / "results.json")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install -y wrk (a benchmark-only tool)")
    home = Path(tempfile.mkdtemp(prefix="ecc-web-bench-"))
    env = {**os.environ, "ECC_ATLAS_HOME": str(home)}
    env.setdefault("ECC_ATLAS_SECRET_KEY", "benchmark-only-" + "x" * 40)
    subprocess.run([BIN / "ecc-atlas", "init", "--demo"], env=env, check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip
    base = f"http://127.0.0.1:{args.port}"
    server = subprocess.Popen(
        [BIN / "ecc-atlas", "serve", "--port", str(args.port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    rows: list[dict[str, object]] = []
    try:
        _wait(base + "/api/figures")
        for path in PAGES + API:  # warm every worker's caches (first views compute)
            _wrk(base + path, seconds=3, connections=4, close=True)
        for kind, paths in (("page", PAGES), ("api", API)):
            for path in paths:
                result = _wrk(base + path, seconds=args.seconds, connections=args.connections)
                rows.append({"kind": kind, "path": path, **result})
                print(
                    f"{path:60} p50 {result['p50_ms']:7.2f}  p95 {result['p95_ms']:7.2f}  "
                    f"p99 {result['p99_ms']:7.2f} ms  {result['rps']:7.1f} req/s",
                    flush=True,
                )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    pdf = home / "report.pdf"
    mounted = subprocess.run([BIN / "ecc-atlas", "report", "--help"], env=env,
                             capture_output=True).returncode == 0  # fmt: skip
    command = [str(BIN / "ecc-atlas"), "report"] if mounted else [
        str(BIN / "python"), "-m", "ecc_atlas.cli.report"]  # fmt: skip
    started = time.perf_counter()
    subprocess.run([*command, "--format", "pdf", "--lang", "sv", "--out", str(pdf)],
                   env=env, check=True, stdout=subprocess.DEVNULL)  # fmt: skip
    pdf_seconds = round(time.perf_counter() - started, 1)
    print(f"PDF report (cold process, sv): {pdf_seconds} s, {pdf.stat().st_size // 1024} KiB")
    load = os.getloadavg()
    record = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.python_version()}",
        "load_average_1_5_15": [round(x, 2) for x in load],
        "connections": args.connections,
        "seconds_per_url": args.seconds,
        "server": "ecc-atlas serve (gunicorn gthread, 2 workers x 4 threads)",
        "pdf_seconds": pdf_seconds,
        "results": rows,
    }
    args.out.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

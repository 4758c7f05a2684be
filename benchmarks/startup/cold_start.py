"""Cold start of `ecc-atlas demo` and peak memory of the server on the demo data.

Run from the repository root after `make install`:

    .venv/bin/python benchmarks/startup/cold_start.py [--runs 3]

Each run uses a fresh, empty data home (SQLite), starts `ecc-atlas demo` on a free port, and times
until `/` answers 200 (this includes migrating, loading reference data, generating and loading the
demo dataset, collectstatic and starting gunicorn). It then requests every dashboard URL and the
JSON API a few times and reads the peak resident memory (VmHWM) of the gunicorn master and workers.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

URLS = ["/", "/en/", "/api/figures", "/api/kommuner", "/api/counties", "/api/trend"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _tree(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True)
    children = [int(p) for p in out.stdout.split()]
    return [pid] + [q for c in children for q in _tree(c)]


def _hwm_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except FileNotFoundError:
        pass
    return 0


def _pss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (FileNotFoundError, PermissionError):
        pass
    return 0


def run_once(exe: str) -> tuple[float, float, float, list[float]]:
    home = Path(tempfile.mkdtemp(prefix="ecc-cold-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("ECC_ATLAS_")}
    env["ECC_ATLAS_HOME"] = str(home)
    port = _free_port()
    start = time.perf_counter()
    proc = subprocess.Popen(
        [exe, "demo", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30) as r:
                    if r.status == 200:
                        break
            except OSError:
                if proc.poll() is not None:
                    raise RuntimeError("ecc-atlas demo exited") from None
                time.sleep(0.05)
        cold = time.perf_counter() - start
        latencies = []
        for _ in range(5):
            for url in URLS:
                t0 = time.perf_counter()
                with urllib.request.urlopen(f"http://127.0.0.1:{port}{url}", timeout=30) as r:
                    r.read()
                latencies.append(time.perf_counter() - t0)
        pids = _tree(proc.pid)
        peak_mib = sum(_hwm_kib(p) for p in pids) / 1024
        pss_mib = sum(_pss_kib(p) for p in pids) / 1024
        return cold, peak_mib, pss_mib, latencies
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
        shutil.rmtree(home, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    exe = str(Path(sys.executable).parent / "ecc-atlas")
    colds, peaks = [], []
    for i in range(args.runs):
        cold, peak, pss, lat = run_once(exe)
        colds.append(cold)
        peaks.append(peak)
        print(
            f"run {i + 1}: cold start {cold:.2f} s, peak RSS summed over master + 2 workers "
            f"{peak:.0f} MiB (shared pages counted per process), PSS {pss:.0f} MiB, "
            f"warm request median {statistics.median(lat) * 1000:.1f} ms"
        )
    print(f"median cold start {statistics.median(colds):.2f} s; peak RSS max {max(peaks):.0f} MiB")


if __name__ == "__main__":
    main()

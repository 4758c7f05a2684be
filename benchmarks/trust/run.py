"""Trust benchmark: load, faults and brute force against a real ECC Atlas server.

    .venv/bin/python benchmarks/trust/run.py [--postgres URL] [--count 200] [--out FILE]

For each engine (SQLite in the data home; PostgreSQL in a fresh database next to ``URL`` when
given or when ``ECC_ATLAS_DATABASE_URL`` points at one):

1. load: ``--count`` concurrent authenticated, CSRF-protected submissions (10 sessions) →
   tried, acknowledged, failed, stored, distinct, lost, duplicated, p50/p95/max latency;
2. kill -9 of the whole server during a burst of 300 (20 at a time) → acknowledged writes
   missing after restart (lost), duplicates, integrity;
3. kill -9 of a 250 000-ad import → whether the warehouse manifest is byte-identical after;
4. backup of the demo data home while a burst runs, then restore into a fresh home → seconds,
   size, rows restored;
5. brute force (last, as it locks out the loopback address): 50 wrong passwords for one user
   from one address → answers by status, and the answer to the right password afterwards.

Results are printed and written as JSON (default benchmarks/trust/results.json).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import signal
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import nullcontext
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
import harness


def _ads(path: Path, count: int) -> Path:
    with open(path, "w", encoding="utf-8") as handle:
        for i in range(count):
            handle.write(
                json.dumps(
                    {
                        "PLATSNUMMER": 100000 + i,
                        "PLATSRUBRIK": f"Elektriker {i}",
                        "PLATSBESKRIVNING": "Text " * 20,
                        "AG_NAMN": f"Firma {i % 900} AB",
                        "KOMMUN_KOD": "1980",
                        "YRKE_ID": "5003",
                        "ANTAL_AKT_PLATSER": 1,
                        "FORSTA_PUBLICERINGSDATUM": f"2020-{1 + i % 12:02d}-01 00:00:00",
                    }
                )
                + "\n"
            )
    return path


def _sessions(server: Any, n: int = 10) -> list[Any]:
    sessions = [harness.WebSession(server) for _ in range(n)]
    for i, session in enumerate(sessions):
        session.login(f"loader{i}")
    return sessions


def load(server: Any, count: int) -> dict[str, Any]:
    result = harness.submit_concurrently(
        _sessions(server), server.organisation, count=count, prefix="bench-"
    )
    names, integrity = server.submitted("bench-")
    lost = len(set(result.acknowledged) - set(names))
    return {
        **result.to_json(),
        "stored": len(names),
        "lost": lost,
        "duplicated": len(names) - len(set(names)),
        "integrity": integrity,
    }


def kill_server(server: Any) -> dict[str, Any]:
    sessions = _sessions(server)
    box: dict[str, Any] = {}
    worker = threading.Thread(
        target=lambda: box.setdefault(
            "r",
            harness.submit_concurrently(
                sessions, server.organisation, count=300, prefix="crash-", concurrency=20
            ),
        )
    )
    worker.start()
    while len(server.submitted("crash-")[0]) < 40:
        time.sleep(0.05)
    server.kill9()
    worker.join()
    started = time.perf_counter()
    server.start()
    restart = time.perf_counter() - started
    names, integrity = server.submitted("crash-")
    result = box["r"]
    return {
        "tried": result.tried,
        "acknowledged": len(result.acknowledged),
        "failed": result.failed,
        "stored_after_restart": len(names),
        "lost_acknowledged": len(set(result.acknowledged) - set(names)),
        "duplicated": len(names) - len(set(names)),
        "integrity": integrity,
        "restart_seconds": round(restart, 2),
    }


def kill_import(server: Any, work: Path) -> dict[str, Any]:
    manifest = server.home / "warehouse" / "manifest.json"
    server.cli("import", "jobtech-ads", str(_ads(work / "small.jsonl", 50)))
    before = manifest.read_bytes()
    big = _ads(work / "big.jsonl", 250_000)
    process = subprocess.Popen(
        [sys.executable, "-m", "ecc_atlas", "import", "jobtech-ads", str(big)],
        env=server.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    time.sleep(2.0)
    process.send_signal(signal.SIGKILL)
    code = process.wait()
    return {
        "killed": code == -signal.SIGKILL,
        "manifest_unchanged": manifest.read_bytes() == before,
    }


def brute_force(server: Any, attempts: int = 50) -> dict[str, Any]:
    session = harness.WebSession(server)
    session.request("GET", "/accounts/login/")
    statuses: dict[str, int] = {}
    first_lock = None
    for i in range(attempts):
        status, _, _ = session.request(
            "POST", "/accounts/login/",
            {"username": "loader0", "password": f"guess-{i}",
             "csrfmiddlewaretoken": session.cookies.get("csrftoken", "")},
        )  # fmt: skip
        statuses[str(status)] = statuses.get(str(status), 0) + 1
        if status == 429 and first_lock is None:
            first_lock = i + 1
    right, _, _ = session.request(
        "POST", "/accounts/login/",
        {"username": "loader0", "password": harness.PASSWORD,
         "csrfmiddlewaretoken": session.cookies.get("csrftoken", "")},
    )  # fmt: skip
    return {
        "attempts": attempts,
        "answers": statuses,
        "locked_after": first_lock,
        "right_password_while_locked": right,
    }


def backup_restore(server: Any, database_url: str | None, work: Path) -> dict[str, Any]:
    sessions = _sessions(server)
    worker = threading.Thread(
        target=harness.submit_concurrently,
        args=(sessions, server.organisation),
        kwargs={"count": 150, "prefix": "live-", "concurrency": 10},
    )
    worker.start()
    out = work / "live.tar.gz"
    started = time.perf_counter()
    made = server.cli("backup", "--out", str(out))
    backup_seconds = time.perf_counter() - started
    worker.join()
    if made.returncode != 0:
        return {"error": (made.stderr or made.stdout)[-300:]}
    context = harness.postgres_database(database_url) if database_url else nullcontext(None)
    with context as url:
        copy = harness.AtlasServer(home=work / "restored", database_url=url)
        copy.home.mkdir()
        started = time.perf_counter()
        restored = copy.cli("restore", str(out), "--yes")
        restore_seconds = time.perf_counter() - started
        names, integrity = copy.submitted("live-") if restored.returncode == 0 else ([], None)
    return {
        "backup_seconds": round(backup_seconds, 2),
        "bytes": out.stat().st_size,
        "restore_ok": restored.returncode == 0,
        "restore_seconds": round(restore_seconds, 2),
        "submissions_in_backup": len(names),
        "integrity": integrity,
    }


def run_engine(database_url: str | None, count: int) -> dict[str, Any]:
    work = Path(tempfile.mkdtemp(prefix="ecc-trust-bench-"))
    context = harness.postgres_database(database_url) if database_url else nullcontext(None)
    with context as url:
        server = harness.AtlasServer(home=work / "home", database_url=url)
        server.home.mkdir()
        server.init(demo=True)
        server.organisation = server.setup_users(10)
        server.start()
        try:
            results = {"load": load(server, count)}
            results["kill9_server"] = kill_server(server)
            results["kill9_import"] = kill_import(server, work)
            results["backup_while_serving"] = backup_restore(server, database_url, work)
            results["brute_force"] = brute_force(server)  # last: it locks out 127.0.0.1
        finally:
            server.stop()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", default=os.environ.get("ECC_ATLAS_DATABASE_URL", ""))
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name("results.json"))
    args = parser.parse_args()
    report: dict[str, Any] = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}",
        "server": "ecc-atlas serve: gunicorn, 2 workers x 4 threads",
        "engines": {"sqlite": run_engine(None, args.count)},
    }
    if args.postgres.startswith("postgres"):
        report["engines"]["postgresql"] = run_engine(args.postgres, args.count)
    text = json.dumps(report, indent=2)
    args.out.write_text(text + "\n")
    print(text)


if __name__ == "__main__":
    main()

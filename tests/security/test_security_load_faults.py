"""Load and faults against a real server process (gunicorn via `ecc-atlas serve`).

Runs on the suite's database engine: SQLite in the data home, or — when the suite runs with
``ECC_ATLAS_DATABASE_URL=postgresql://…`` — a fresh PostgreSQL database next to it.

- 200 concurrent authenticated, CSRF-protected submissions: none lost, none duplicated.
- kill -9 of the whole server in the middle of a burst: after a restart every acknowledged
  submission is there exactly once and the database is intact.
- kill -9 of an import: the warehouse shows exactly the previous state.
- a backup taken while submissions stream in restores to a consistent state.
- a full disk (file-size limit) and a read-only data home give one clear line, no traceback.

The harness is benchmarks/trust/harness.py (the benchmark reports the same figures).
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import resource
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.slow

_HARNESS = Path(__file__).parents[2] / "benchmarks" / "trust" / "harness.py"
_spec = importlib.util.spec_from_file_location("ecc_trust_harness", _HARNESS)
assert _spec is not None
assert _spec.loader is not None
harness: Any = importlib.util.module_from_spec(_spec)
sys.modules["ecc_trust_harness"] = harness
_spec.loader.exec_module(harness)

SESSIONS = 10


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A fresh data home (and PostgreSQL database when the suite uses one), served."""
    home = tmp_path_factory.mktemp("trust-server")
    url = os.environ.get("ECC_ATLAS_DATABASE_URL", "")
    with harness.postgres_database(url) if url.startswith("postgres") else _nothing() as db:
        atlas = harness.AtlasServer(home=home, database_url=db)
        atlas.init()
        atlas.organisation = atlas.setup_users(SESSIONS)
        atlas.start()
        try:
            yield atlas
        finally:
            atlas.stop()


class _nothing:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


def _sessions(atlas: Any) -> list[Any]:
    sessions = [harness.WebSession(atlas) for _ in range(SESSIONS)]
    for i, session in enumerate(sessions):
        session.login(f"loader{i}")
    return sessions


def test_200_concurrent_submissions_none_lost_none_duplicated(server: Any) -> None:
    result = harness.submit_concurrently(
        _sessions(server), server.organisation, count=200, prefix="burst-"
    )
    names, integrity = server.submitted("burst-")
    figures = {**result.to_json(), "stored": len(names), "distinct": len(set(names))}
    print("load:", json.dumps(figures))
    assert result.failed == {}
    assert len(result.acknowledged) == 200
    assert sorted(names) == sorted(result.acknowledged)  # none lost, none duplicated
    assert integrity in {None, "ok"}
    assert result.percentile(95) < 30


def test_kill9_server_mid_burst_loses_no_acknowledged_write(server: Any) -> None:
    sessions = _sessions(server)
    outcome: dict[str, Any] = {}

    def burst() -> None:
        outcome["result"] = harness.submit_concurrently(
            sessions, server.organisation, count=160, prefix="crash-", concurrency=20
        )

    worker = threading.Thread(target=burst)
    worker.start()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(server.submitted("crash-")[0]) < 30:
        time.sleep(0.05)
    server.kill9()
    worker.join(timeout=120)
    result = outcome["result"]
    assert result.failed, "the kill came too late: every submission had finished"
    server.start()
    names, integrity = server.submitted("crash-")
    print(
        "kill -9:",
        json.dumps({"tried": result.tried, "acknowledged": len(result.acknowledged),
                    "failed": result.failed, "stored": len(names)}),
    )  # fmt: skip
    assert integrity in {None, "ok"}
    assert len(names) == len(set(names))  # nothing duplicated
    assert set(result.acknowledged) <= set(names)  # nothing acknowledged was lost
    # committed but unacknowledged (answer lost in the kill) is allowed: at most the in-flight
    assert len(names) - len(result.acknowledged) <= 20 + 2 * 4 * server.workers
    after = harness.submit_concurrently(
        _sessions(server), server.organisation, count=5, prefix="after-"
    )
    assert len(after.acknowledged) == 5


def test_backup_while_serving_restores_consistently(server: Any, tmp_path: Path) -> None:
    backup_file = tmp_path / "live.tar.gz"
    sessions = _sessions(server)
    outcome: dict[str, Any] = {}

    def burst() -> None:
        outcome["result"] = harness.submit_concurrently(
            sessions, server.organisation, count=80, prefix="live-", concurrency=10
        )

    worker = threading.Thread(target=burst)
    worker.start()
    time.sleep(0.3)
    made = server.python(BACKUP_CODE, str(backup_file))
    worker.join(timeout=120)
    assert outcome["result"].failed == {}
    restored_home = tmp_path / "restored"
    url = os.environ.get("ECC_ATLAS_DATABASE_URL", "")
    with harness.postgres_database(url) if url.startswith("postgres") else _nothing() as db:
        copy = harness.AtlasServer(home=restored_home, database_url=db)
        restored_home.mkdir()
        result = copy.cli("restore", str(backup_file), "--yes")
        if "No such command" in result.stderr:  # not mounted yet: the service directly
            copy.python(RESTORE_CODE, str(backup_file))
        else:
            assert result.returncode == 0, result.stderr
        names, integrity = copy.submitted("live-")
    assert integrity in {None, "ok"}
    assert len(names) == len(set(names))
    assert made["rows_at_backup"] is None or made["rows_at_backup"] >= 0
    print("backup while serving:", json.dumps({"rows_in_backup": len(names), **made}))


BACKUP_CODE = """
import json, os, sys
from pathlib import Path
from ecc_atlas.cli.runtime import prepare
runtime = prepare(None, create=False)
from ecc_atlas.services.backup import create_backup
summary = create_backup(runtime.settings, Path(sys.argv[1]))
print(json.dumps({"bytes": summary.size_bytes, "rows_at_backup": summary.database_rows}))
"""
RESTORE_CODE = """
import json, sys
from pathlib import Path
from ecc_atlas.cli.runtime import prepare
runtime = prepare(None, create=True)
from ecc_atlas.services.backup import restore_backup
restore_backup(runtime.settings, Path(sys.argv[1]))
print(json.dumps({}))
"""


def _ads(path: Path, count: int) -> Path:
    with open(path, "w", encoding="utf-8") as handle:
        for i in range(count):
            record = {
                "PLATSNUMMER": 100000 + i, "PLATSRUBRIK": f"Elektriker {i}",
                "PLATSBESKRIVNING": "Text " * 20, "AG_NAMN": f"Firma {i % 900} AB",
                "KOMMUN_KOD": "1980", "YRKE_ID": "5003", "ANTAL_AKT_PLATSER": 1,
                "FORSTA_PUBLICERINGSDATUM": f"2020-{1 + i % 12:02d}-01 00:00:00",
                "SISTA_ANSOK_PUBLDATUM": None,
            }  # fmt: skip
            handle.write(json.dumps(record) + "\n")
    return path


def test_kill9_import_keeps_the_previous_warehouse(server: Any, tmp_path: Path) -> None:
    manifest = server.home / "warehouse" / "manifest.json"
    small = server.cli("import", "jobtech-ads", str(_ads(tmp_path / "small.jsonl", 50)))
    assert small.returncode == 0, small.stderr
    before = manifest.read_bytes()
    big = _ads(tmp_path / "big.jsonl", 250_000)
    process = subprocess.Popen(
        [sys.executable, "-m", "ecc_atlas", "import", "jobtech-ads", str(big)],
        env=server.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    time.sleep(2.0)
    process.send_signal(signal.SIGKILL)
    assert process.wait(timeout=30) == -signal.SIGKILL, "the import finished before the kill"
    assert manifest.read_bytes() == before
    check = server.python(WAREHOUSE_CODE)
    assert check["job_ads_rows"] == 50
    assert check["readable"]
    # the next import works as if nothing had happened (an import replaces the dataset)
    again = server.cli("import", "jobtech-ads", str(_ads(tmp_path / "again.jsonl", 1000)))
    assert again.returncode == 0, again.stderr
    assert server.python(WAREHOUSE_CODE)["job_ads_rows"] == 1000


WAREHOUSE_CODE = """
import json, os
from ecc_atlas.warehouse import Catalog
catalog = Catalog(os.path.join(os.environ["ECC_ATLAS_HOME"], "warehouse"))
readable = all(catalog.read_arrow(n).num_rows == e.rows for n, e in catalog.entries().items())
print(json.dumps({"job_ads_rows": catalog.entry("job_ads").rows, "readable": readable}))
"""


def _limit_file_size() -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))


def test_full_disk_during_import_is_one_clear_line(server: Any, tmp_path: Path) -> None:
    manifest = server.home / "warehouse" / "manifest.json"
    before = manifest.read_bytes() if manifest.exists() else b""
    ads = _ads(tmp_path / "ads.jsonl", 20_000)
    result = subprocess.run(
        [sys.executable, "-m", "ecc_atlas", "import", "jobtech-ads", str(ads),
         "--dataset", "job_ads_full"],
        env=server.env, capture_output=True, text=True, timeout=300,
        preexec_fn=_limit_file_size, check=False,
    )  # fmt: skip
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert "File too large" in result.stderr or "space" in result.stderr.lower()
    assert (manifest.read_bytes() if manifest.exists() else b"") == before


@contextlib.contextmanager
def _read_only(folder: Path) -> Iterator[bool]:
    """Bind-mount ``folder`` read-only onto itself (True), or say it cannot be done (False)."""
    mount = subprocess.run(
        ["mount", "--bind", str(folder), str(folder)], capture_output=True, check=False
    )
    if mount.returncode != 0:
        yield False
        return
    try:
        remount = subprocess.run(
            ["mount", "-o", "remount,ro,bind", str(folder)], capture_output=True, check=False
        )
        yield remount.returncode == 0
    finally:
        subprocess.run(["umount", str(folder)], capture_output=True, check=False)


def test_read_only_data_home_is_one_clear_line(
    server: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "readonly-home"
    home.mkdir()
    commands = (["figures"], ["init"], ["serve"], ["import", "jobtech-ads", "/dev/null"])
    with _read_only(home) as mounted:
        if mounted:  # a real read-only file system: the commands in their own processes
            env = {**server.env, "ECC_ATLAS_HOME": str(home)}
            for args in commands:
                result = subprocess.run(
                    [sys.executable, "-m", "ecc_atlas", *args],
                    env=env, capture_output=True, text=True, timeout=120, check=False,
                )  # fmt: skip
                output = result.stdout + result.stderr
                assert result.returncode == 2, (args, output)
                assert "not writable" in output, (args, output)
                assert "Traceback" not in output
            return
    # no mount privilege: the same commands in-process, the file system answering "no"
    from typer.testing import CliRunner

    from ecc_atlas.cli import app

    real_access = os.access
    monkeypatch.setattr(
        os, "access", lambda p, mode: False if Path(p) == home else real_access(p, mode)
    )
    for args in commands:
        result = CliRunner().invoke(app, [*args, "--home", str(home)])
        assert result.exit_code == 2, (args, result.output)
        assert "not writable" in result.output

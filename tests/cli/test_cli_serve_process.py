"""End to end in real processes: `ecc-atlas init --demo`, then `serve`, then HTTP requests."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ecc_atlas", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_demo_home_serves_dashboard_and_api(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ECC_ATLAS_", "DJANGO_"))}
    env["ECC_ATLAS_HOME"] = str(tmp_path / "home")  # embedded SQLite in the home
    init = _cli("init", "--demo", env=env)
    assert init.returncode == 0, init.stderr + init.stdout
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "ecc_atlas", "serve", "--port", str(port), "--workers", "1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 120
        body = ""
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as resp:
                    body = resp.read().decode()
                    break
            except OSError:
                if server.poll() is not None:
                    break
                time.sleep(0.3)
        assert body, "server did not answer"
        assert 'lang="sv"' in body
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/figures", timeout=30) as resp:
            data = json.loads(resp.read())
        assert data["synthetic"] is True
        assert data["region"] == "19"
        # serving never runs Django's debug mode
        with pytest.raises(urllib.error.HTTPError) as info:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/no-such-page", timeout=10)
        assert info.value.code == 404
        assert "Traceback" not in info.value.read().decode()
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=20)
        if server.stdout is not None:
            server.stdout.close()


@pytest.mark.parametrize("kill_after", [0.8, 1.6])
def test_init_killed_midway_recovers(tmp_path: Path, kill_after: float) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ECC_ATLAS_", "DJANGO_"))}
    home = tmp_path / "home"
    env["ECC_ATLAS_HOME"] = str(home)
    proc = subprocess.Popen(
        [sys.executable, "-m", "ecc_atlas", "init", "--demo"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(kill_after)
    proc.kill()
    proc.wait(timeout=20)
    again = _cli("init", "--demo", env=env)
    assert again.returncode == 0, again.stderr + again.stdout
    figures = _cli("figures", "--json", env=env)
    assert figures.returncode == 0, figures.stderr
    data = json.loads(figures.stdout)
    employees = next(f["value"] for f in data["figures"] if f["key"] == "employees")
    assert employees > 5000
    # nothing is left that the manifest does not reference
    manifest = json.loads((home / "warehouse" / "manifest.json").read_text())
    referenced = {home / "warehouse" / e["file"] for e in manifest["datasets"].values()}
    files = {p for p in (home / "warehouse" / "data").rglob("*") if p.is_file()}
    assert files == referenced


def test_half_initialised_home_is_completed(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ECC_ATLAS_", "DJANGO_"))}
    home = tmp_path / "home"
    env["ECC_ATLAS_HOME"] = str(home)
    assert _cli("init", env=env).returncode == 0  # database and reference data, no demo
    (home / "warehouse" / "manifest.json").unlink()  # a warehouse lost half-way
    with socket.socket() as busy:  # a busy port: `demo` completes the home, then stops
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        result = _cli("demo", "--port", str(busy.getsockname()[1]), env=env)
    assert result.returncode == 2
    assert "already in use" in result.stderr
    figures = _cli("figures", "--json", env=env)
    assert figures.returncode == 0, figures.stderr
    assert json.loads(figures.stdout)["synthetic"] is True

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

"""Run a real ECC Atlas server (gunicorn via `ecc-atlas serve`) and drive it over loopback.

Used by ``benchmarks/trust/run.py`` (the figures in benchmarks/README.md, "Trust") and by the
load and fault tests in tests/security. Standard library only.

A "submission" is one authenticated, CSRF-protected form POST that creates one row — today
the admin's "add workplace" form, the stand-in until the member survey exists (set
``SubmissionTarget`` to the survey's URL and fields then). Each carries a unique name, so the
database can be counted afterwards: lost writes (acknowledged but missing) and duplicates.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "AtlasServer",
    "LoadResult",
    "SubmissionTarget",
    "WebSession",
    "free_port",
    "postgres_database",
    "submit_concurrently",
]

PASSWORD = "load-test-passphrase-4711"
SETUP_CODE = """
import json, os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ecc_atlas.web.settings")
import django
django.setup()
from django.contrib.auth import get_user_model
from ecc_atlas.web.accounts.roles import set_role
from ecc_atlas.web.registry.models import Organisation
users = get_user_model()
for i in range(int(sys.argv[1])):
    user, created = users.objects.get_or_create(username=f"loader{i}")
    user.set_password(sys.argv[2]); user.save()
    set_role(user, "analyst")
org, _ = Organisation.objects.get_or_create(
    org_number="5599990008", defaults={"name": "Load Test AB"}
)
print(json.dumps({"organisation": org.pk}))
"""
COUNT_CODE = """
import json, os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ecc_atlas.web.settings")
import django
django.setup()
from django.db import connection
from ecc_atlas.web.registry.models import Workplace
names = list(Workplace.objects.filter(name__startswith=sys.argv[1]).values_list("name", flat=True))
check = None
if connection.vendor == "sqlite":
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA integrity_check")
        check = cursor.fetchone()[0]
print(json.dumps({"names": names, "integrity": check}))
"""


#: Runs `ecc-atlas`, mounting `users`, `backup` and `restore` when app.py does not (yet).
LAUNCHER = """
import sys
from ecc_atlas.cli.app import app
names = {c.name or c.callback.__name__ for c in app.registered_commands}
groups = {g.name for g in app.registered_groups}
if "backup" not in names:
    from ecc_atlas.cli.backup import backup, restore
    app.command()(backup)
    app.command()(restore)
if "users" not in groups:
    from ecc_atlas.cli.users import users_app
    app.add_typer(users_app, name="users")
sys.argv[0] = "ecc-atlas"
app()
"""


def free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def postgres_database(base_url: str) -> Iterator[str]:
    """A fresh, empty PostgreSQL database next to ``base_url``'s; dropped afterwards."""
    import psycopg

    name = f"ecc_trust_{uuid.uuid4().hex[:10]}"
    parts = urllib.parse.urlsplit(base_url)
    admin_url = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@dataclass
class AtlasServer:
    """A data home and (once started) a gunicorn server over it, in its own process group."""

    home: Path
    database_url: str | None = None
    workers: int = 2
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[str] | None = None
    log_path: Path | None = None

    @property
    def env(self) -> dict[str, str]:
        """Environment of the server and its commands."""
        env = {k: v for k, v in os.environ.items() if not k.startswith(("ECC_ATLAS_", "DJANGO_"))}
        env.pop("PYTEST_VERSION", None)
        env["ECC_ATLAS_HOME"] = str(self.home)
        if self.database_url:
            env["ECC_ATLAS_DATABASE_URL"] = self.database_url
        return env

    @property
    def url(self) -> str:
        """Base URL."""
        return f"http://127.0.0.1:{self.port}"

    def cli(
        self, *args: str, timeout: float = 600, **kwargs: Any
    ) -> subprocess.CompletedProcess[str]:
        """Run ``ecc-atlas ARGS`` on the home."""
        return subprocess.run(
            [sys.executable, "-c", LAUNCHER, *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            **kwargs,
        )

    def python(self, code: str, *args: str) -> Any:
        """Run Django code on the home and return its JSON output."""
        result = subprocess.run(
            [sys.executable, "-c", code, *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        if result.returncode != 0:
            raise RuntimeError(result.stderr[-3000:])
        return json.loads(result.stdout.strip().splitlines()[-1])

    def init(self, *, demo: bool = False) -> None:
        """``ecc-atlas init [--demo]``."""
        result = self.cli("init", *(["--demo"] if demo else []))
        if result.returncode != 0:
            raise RuntimeError(result.stderr[-3000:] + result.stdout[-2000:])

    def start(self, timeout: float = 90) -> None:
        """Start ``ecc-atlas serve`` and wait until it answers."""
        self.log_path = self.home / f"server-{self.port}-{int(time.time() * 1000)}.log"
        log = open(self.log_path, "w")  # noqa: SIM115 - closed with the process
        self.process = subprocess.Popen(
            [sys.executable, "-m", "ecc_atlas", "serve", "--port", str(self.port),
             "--workers", str(self.workers)],
            env=self.env, stdout=log, stderr=subprocess.STDOUT, text=True,
            start_new_session=True,
        )  # fmt: skip
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited: {self.log_path.read_text()[-3000:]}")
            with contextlib.suppress(OSError):
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                conn.request("GET", "/accounts/login/")
                if conn.getresponse().status == 200:
                    conn.close()
                    return
            time.sleep(0.2)
        raise RuntimeError("server did not answer in time")

    def kill9(self) -> None:
        """SIGKILL the whole server (master and workers) at once."""
        if self.process is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)
            self.process = None

    def stop(self) -> None:
        """Stop the server gracefully (SIGTERM), or kill it after 20 s."""
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.kill9()
        self.process = None

    def setup_users(self, sessions: int) -> int:
        """Create ``loader0..N`` analysts and an organisation; returns its pk."""
        return int(self.python(SETUP_CODE, str(sessions), PASSWORD)["organisation"])

    def submitted(self, prefix: str) -> tuple[list[str], str | None]:
        """Names of the rows created by submissions with ``prefix``; SQLite integrity check."""
        out = self.python(COUNT_CODE, prefix)
        return list(out["names"]), out["integrity"]


class WebSession:
    """A signed-in browser-like session: cookies and the CSRF token."""

    def __init__(self, server: AtlasServer) -> None:
        self.server = server
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, form: dict[str, str] | None = None, timeout: float = 60
    ) -> tuple[int, dict[str, str], bytes]:
        """One request; keeps cookies."""
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=timeout)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            data = response.read()
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    key, _, rest = value.partition("=")
                    self.cookies[key.strip()] = rest.split(";", 1)[0]
            return response.status, dict(response.getheaders()), data
        finally:
            conn.close()

    def login(self, username: str, password: str = PASSWORD) -> None:
        """Sign in through the sign-in form."""
        self.request("GET", "/accounts/login/")
        status, _, _ = self.request(
            "POST",
            "/accounts/login/",
            {"username": username, "password": password,
             "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")},
        )  # fmt: skip
        if status != 302:
            raise RuntimeError(f"sign-in of {username} answered {status}")

    def post_form(self, path: str, fields: dict[str, str]) -> int:
        """POST a form with the CSRF token; the status code."""
        form = {**fields, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}
        return self.request("POST", path, form)[0]


@dataclass(frozen=True)
class SubmissionTarget:
    """Where a submission goes and which fields it carries (``{name}`` is the unique name)."""

    path: str = "/admin/registry/workplace/add/"
    fields: tuple[tuple[str, str], ...] = (
        ("organisation", "{organisation}"),
        ("name", "{name}"),
        ("kommun_code", "1980"),
        ("workplace_id", ""),
        ("address", ""),
        ("_save", "1"),
    )
    success: frozenset[int] = frozenset({302})


@dataclass
class LoadResult:
    """Outcome of a batch of concurrent submissions."""

    tried: int
    acknowledged: list[str]
    failed: dict[str, int]
    latencies: list[float]
    seconds: float

    def percentile(self, q: float) -> float:
        """Latency percentile in seconds (q in 0..100)."""
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        index = min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))
        return ordered[index]

    def to_json(self) -> dict[str, Any]:
        """Figures for the report."""
        return {
            "tried": self.tried,
            "acknowledged": len(self.acknowledged),
            "failed": self.failed,
            "p50_ms": round(self.percentile(50) * 1000, 1),
            "p95_ms": round(self.percentile(95) * 1000, 1),
            "max_ms": round(max(self.latencies, default=0) * 1000, 1),
            "seconds": round(self.seconds, 2),
        }


def submit_concurrently(
    sessions: list[WebSession],
    organisation: int,
    *,
    count: int,
    prefix: str,
    target: SubmissionTarget | None = None,
    concurrency: int | None = None,
) -> LoadResult:
    """Send ``count`` submissions at once (one thread each, sessions shared round-robin)."""
    target = target or SubmissionTarget()
    import threading

    start_gate = threading.Barrier(min(count, concurrency or count))
    lock = threading.Lock()
    acknowledged: list[str] = []
    failed: dict[str, int] = {}
    latencies: list[float] = []

    def one(i: int) -> None:
        session = sessions[i % len(sessions)]
        name = f"{prefix}{i:05d}"
        fields = {k: v.format(name=name, organisation=organisation) for k, v in target.fields}
        with contextlib.suppress(threading.BrokenBarrierError):
            start_gate.wait(timeout=30)
        began = time.perf_counter()
        try:
            status = session.post_form(target.path, fields)
            outcome = "ok" if status in target.success else f"http {status}"
        except OSError as exc:
            outcome = type(exc).__name__
        elapsed = time.perf_counter() - began
        with lock:
            if outcome == "ok":
                acknowledged.append(name)
                latencies.append(elapsed)
            else:
                failed[outcome] = failed.get(outcome, 0) + 1

    began = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency or count) as pool:
        list(pool.map(one, range(count)))
    return LoadResult(count, acknowledged, failed, latencies, time.perf_counter() - began)

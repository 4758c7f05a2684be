"""Initialising a data home and serving it."""

from __future__ import annotations

import errno
import socket
from typing import Any

from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from ecc_atlas.cli.runtime import CliError, console
from ecc_atlas.config import Settings

__all__ = ["demo_loaded", "ensure_initialised", "initialise", "run_server"]


def _check_database() -> None:
    from django.db import connection
    from django.db.utils import OperationalError

    try:
        connection.ensure_connection()
    except OperationalError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise CliError(f"Cannot connect to the database: {first}") from exc


def _pending_migrations() -> bool:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def initialise(settings: Settings, *, demo: bool, seed: int) -> None:
    """Migrate, load reference data, optionally load the demo; idempotent."""
    from django.core.management import call_command

    from ecc_atlas.services.reference import load_reference
    from ecc_atlas.warehouse import Catalog

    _check_database()
    columns = (
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=False) as progress:
        total = 4 if demo else 3
        task = progress.add_task("Migrating the database", total=total)
        call_command("migrate", interactive=False, verbosity=0)
        progress.update(task, advance=1, description="Loading reference data")
        load_reference(settings)
        progress.update(task, advance=1)
        if demo:
            from ecc_atlas.services.demo import load_demo

            progress.update(task, description="Generating and loading the demo dataset")

            def report(message: str, *_args: Any, **_kwargs: Any) -> None:
                progress.update(task, description=str(message))

            load_demo(settings, seed=seed, progress=report)
            progress.update(task, advance=1)
        progress.update(task, description="Collecting static files, cleaning up")
        call_command("collectstatic", interactive=False, verbosity=0)
        Catalog(settings.warehouse_dir).collect_garbage()
        progress.update(task, advance=1, description="Done")


def ensure_initialised(settings: Settings) -> None:
    """Raise a clear error when the data home has not been initialised."""
    _check_database()
    if _pending_migrations():
        raise CliError(
            f"The database of {settings.home} is not initialised or not up to date. "
            f"Run `ecc-atlas init --home {settings.home}`."
        )


def demo_loaded(settings: Settings) -> bool:
    """True when the home holds the demo dataset and an up-to-date database."""
    from ecc_atlas.warehouse import Catalog, WarehouseError

    _check_database()
    if _pending_migrations():
        return False
    try:
        entries = Catalog(settings.warehouse_dir).entries()
    except WarehouseError:
        return False
    return "workforce" in entries and entries["workforce"].synthetic


def _check_port(host: str, port: int) -> None:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise CliError(
                    f"Port {port} on {host} is already in use. Stop the other server or "
                    f"choose another port with --port."
                ) from exc
            raise CliError(f"Cannot listen on {host}:{port}: {exc.strerror}.") from exc


def run_server(settings: Settings, *, host: str, port: int, workers: int) -> None:
    """Serve the WSGI application with gunicorn until interrupted."""
    from gunicorn.app.base import BaseApplication

    from ecc_atlas.web.wsgi import application

    _check_port(host, port)
    from ecc_atlas.web.dashboard import data, warm

    # Compute the pages once before gunicorn forks, so no visitor waits for a cold analysis;
    # the per-process analysis context is released and reopened in each worker.
    warm.warm()
    data.release_context()

    class _Server(BaseApplication):
        def load_config(self) -> None:
            options = {
                "bind": f"{host}:{port}",
                "workers": workers,
                "threads": 4,
                "worker_class": "gthread",
                "accesslog": "-",
                "errorlog": "-",
                "loglevel": "warning",
                "timeout": 60,
                "preload_app": True,
            }
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            return application

    console.print(
        f"ECC Atlas on [bold]http://{host}:{port}/[/] (data home {settings.home}); Ctrl+C stops."
    )
    _Server().run()

"""Start-up shared by every command: the data home, the secret key and Django."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

import typer
from rich.console import Console

from ecc_atlas.config import ConfigError, Settings, load_settings

__all__ = ["CliError", "Runtime", "console", "err_console", "fail", "prepare"]

console = Console()
err_console = Console(stderr=True, soft_wrap=True)


class CliError(Exception):
    """A problem the user can fix; shown as one line, without a traceback."""


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print one clear line to stderr and return the exit to raise."""
    err_console.print(f"[bold red]Error:[/] {message}", highlight=False)
    return typer.Exit(code)


@dataclass
class Runtime:
    """What the commands share: resolved settings."""

    settings: Settings


def _check_home(home: Path, *, create: bool) -> None:
    if home.exists() and not home.is_dir():
        raise CliError(f"The data home {home} exists but is not a folder.")
    if not home.exists():
        if not create:
            raise CliError(
                f"The data home {home} does not exist. Run `ecc-atlas init --home {home}` first."
            )
        try:
            home.mkdir(parents=True)
        except OSError as exc:
            raise CliError(f"Cannot create the data home {home}: {exc.strerror}.") from exc
    if not os.access(home, os.W_OK | os.X_OK):
        raise CliError(f"The data home {home} is not writable by this user.")


def _ensure_secret_key(settings: Settings) -> None:
    if settings.secret_key or settings.stored_secret_key():
        return
    path = settings.secret_key_path
    key = secrets.token_urlsafe(50)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(key + "\n")


def prepare(home: str | None, *, create: bool) -> Runtime:
    """Resolve the data home, make sure it is usable, and set up Django for it."""
    try:
        settings = load_settings(home)
    except ConfigError as exc:
        raise CliError(str(exc)) from exc
    _check_home(settings.home, create=create)
    if create:
        _ensure_secret_key(settings)
    elif not (settings.secret_key or settings.stored_secret_key()):
        raise CliError(
            f"No secret key in {settings.home}. Run `ecc-atlas init --home {settings.home}` "
            "or set ECC_ATLAS_SECRET_KEY."
        )
    os.environ["ECC_ATLAS_HOME"] = str(settings.home)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ecc_atlas.web.settings")
    import django
    from django.conf import settings as django_settings

    if django_settings.configured and getattr(django_settings, "ECC_ATLAS", None) is not None:
        # Already set up in this process (tests call several commands in a row).
        django_settings.ECC_ATLAS = settings
    django.setup()
    from django.conf import settings as configured

    configured.ECC_ATLAS = settings
    return Runtime(settings=settings)

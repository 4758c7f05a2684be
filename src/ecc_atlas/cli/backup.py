"""`ecc-atlas backup` and `ecc-atlas restore`: consistent snapshots of a data home."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ecc_atlas.cli.runtime import CliError, console, fail, prepare

__all__ = ["backup", "restore"]

HomeOption = Annotated[
    str | None,
    typer.Option(
        "--home",
        envvar="ECC_ATLAS_HOME",
        help="Data home (database, warehouse). Default ./ecc-atlas-data.",
        show_default=False,
    ),
]


class DatabaseFormat(StrEnum):
    """How the database is stored in the backup."""

    auto = "auto"
    sqlite = "sqlite"
    json = "json"


def backup(
    out: Annotated[
        Path, typer.Option("--out", help="Backup file to write, e.g. ecc-atlas-2026-05-01.tar.gz.")
    ],
    home: HomeOption = None,
    database_format: Annotated[
        DatabaseFormat,
        typer.Option(
            "--format",
            help="auto: SQLite's online backup for SQLite, a JSON Lines dump otherwise; "
            "json also moves data between SQLite and PostgreSQL.",
        ),
    ] = DatabaseFormat.auto,
) -> None:
    """Write a consistent snapshot of the database and the warehouse (safe while serving)."""
    from ecc_atlas.cli.setup import ensure_initialised
    from ecc_atlas.services.backup import BackupError, create_backup

    try:
        runtime = prepare(home, create=False)
        ensure_initialised(runtime.settings)
        from ecc_atlas.web.accounts import audit

        try:
            summary = create_backup(runtime.settings, out, database_format=database_format.value)
        except BackupError as exc:
            raise CliError(str(exc)) from exc
        audit.record(
            audit.cli_actor(),
            audit.BACKUP,
            str(summary.path),
            {"bytes": summary.size_bytes, "datasets": summary.datasets},
        )
    except CliError as exc:
        raise fail(str(exc)) from None
    console.print(
        f"[green]Backup written:[/] {summary.path} ({summary.size_bytes / 1e6:.1f} MB; "
        f"database as {summary.database_format}; {len(summary.datasets)} datasets)"
    )


def restore(
    file: Annotated[Path, typer.Argument(help="Backup file made by `ecc-atlas backup`.")],
    home: HomeOption = None,
    yes: Annotated[
        bool, typer.Option("--yes", help="Do not ask before replacing the current data.")
    ] = False,
) -> None:
    """Replace the data home's database and warehouse with a backup (checked before use).

    Stop the server first, or restart it afterwards: signed-in users must sign in again.
    """
    from ecc_atlas.services.backup import BackupError, restore_backup

    try:
        runtime = prepare(home, create=True)
        if not yes and not typer.confirm(
            f"Replace the database and warehouse of {runtime.settings.home} with {file}?"
        ):
            raise typer.Exit(1)
        from ecc_atlas.cli.setup import _check_database

        _check_database()
        try:
            index = restore_backup(runtime.settings, file)
        except BackupError as exc:
            raise CliError(str(exc)) from exc
        from ecc_atlas.web.accounts import audit

        audit.record(
            audit.cli_actor(), audit.RESTORE, str(file), {"created_at": index["created_at"]}
        )
    except CliError as exc:
        raise fail(str(exc)) from None
    console.print(
        f"[green]Restored[/] {runtime.settings.home} from {file} (backup of {index['created_at']})."
    )

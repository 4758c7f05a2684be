"""Consistent snapshots of a data home (registry database + warehouse), and their restore.

A backup is one ``.tar.gz`` file::

    ecc-atlas-backup.json          what the archive holds, with SHA-256 checksums
    database/registry.sqlite3      SQLite: a copy made with SQLite's online backup API
    database/registry.jsonl        other engines (or --format json): every row of every model,
                                   Django's JSONL serialisation, read in one REPEATABLE READ
                                   (PostgreSQL) / one read transaction (SQLite) snapshot
    warehouse/manifest.json        the warehouse manifest at the moment of the backup
    warehouse/data/<name>/<sha>.parquet   exactly the Parquet files that manifest references

Both work while the server runs. The warehouse part is read under the catalog's lock (which
only commits and garbage collection take), so the manifest and its files match; Parquet files
are content-addressed and never change. The archive is written to a temporary file beside
``--out`` and renamed at the end: a failure (full disk, kill) never leaves a half backup.

Restore checks every checksum first, then replaces the database contents (one transaction,
or SQLite's backup API into the live database), brings the schema up to date (``migrate``),
copies the Parquet files and finally swaps in the manifest with one atomic rename.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import io
import json
import os
import shutil
import sqlite3
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from ecc_atlas import __version__
from ecc_atlas.config import Settings
from ecc_atlas.warehouse import Catalog

__all__ = ["BACKUP_FORMAT", "BackupError", "BackupSummary", "create_backup", "restore_backup"]

BACKUP_FORMAT = 1
INDEX = "ecc-atlas-backup.json"
SQLITE_MEMBER = "database/registry.sqlite3"
JSONL_MEMBER = "database/registry.jsonl"


class BackupError(Exception):
    """A backup or restore cannot be done; the message says why and what to do."""


@dataclass
class BackupSummary:
    """What a backup holds (also the JSON index stored in the archive)."""

    path: Path
    created_at: str
    database_format: str
    database_rows: int | None
    datasets: list[str] = field(default_factory=list)
    files: int = 0
    size_bytes: int = 0
    migrations: list[str] = field(default_factory=list)


def _os_error(exc: OSError, path: Path | str) -> BackupError:
    if exc.errno in {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}:
        return BackupError(f"Not enough space to write {path}: {exc.strerror}.")
    if exc.errno in {errno.EACCES, errno.EPERM, errno.EROFS}:
        return BackupError(f"{path} cannot be written ({exc.strerror}).")
    return BackupError(f"{path}: {exc.strerror or exc}.")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _applied_migrations() -> list[str]:
    from django.db import connection
    from django.db.migrations.recorder import MigrationRecorder

    recorder = MigrationRecorder(connection)
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


def _models() -> list[Any]:
    from django.apps import apps

    return [
        model
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy and not model._meta.auto_created
    ]


# --- database snapshot -------------------------------------------------------------------


def _sqlite_snapshot(target: Path) -> int | None:
    from django.db import connection

    connection.ensure_connection()
    raw = connection.connection
    destination = sqlite3.connect(target)
    try:
        with destination:
            raw.backup(destination)  # one step: a consistent snapshot, writers wait briefly
        destination.execute("PRAGMA journal_mode=DELETE")
    finally:
        destination.close()
    return None


def _jsonl_snapshot(target: Path) -> int:
    from django.core import serializers
    from django.db import connection, transaction

    rows = 0
    with open(target, "w", encoding="utf-8") as handle, transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        for model in _models():
            queryset = model._default_manager.order_by("pk")
            buffer = io.StringIO()
            serializers.serialize("jsonl", queryset.iterator(chunk_size=2000), stream=buffer)
            text = buffer.getvalue()
            rows += text.count("\n")
            handle.write(text)
    return rows


# --- warehouse snapshot ------------------------------------------------------------------


@contextlib.contextmanager
def _catalog_locked(catalog: Catalog) -> Iterator[None]:
    # The catalog's own lock: commits and garbage collection wait while files are copied.
    with catalog._lock():
        yield


def _add_file(archive: tarfile.TarFile, path: Path, name: str) -> None:
    info = archive.gettarinfo(str(path), arcname=name)
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    info.mode = 0o600
    with open(path, "rb") as handle:
        archive.addfile(info, handle)


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mode = 0o600
    info.mtime = int(datetime.now(UTC).timestamp())
    archive.addfile(info, io.BytesIO(data))


def create_backup(settings: Settings, out: Path, *, database_format: str = "auto") -> BackupSummary:
    """Write a consistent snapshot of ``settings``' database and warehouse to ``out``."""
    if database_format not in {"auto", "sqlite", "json"}:
        raise BackupError("The database format is 'auto', 'sqlite' or 'json'.")
    from django.db import connection

    if database_format == "auto":
        database_format = "sqlite" if connection.vendor == "sqlite" else "json"
    if database_format == "sqlite" and connection.vendor != "sqlite":
        raise BackupError("--format sqlite needs a SQLite database; use --format json.")
    out = out.expanduser().resolve()
    if out.is_dir():
        raise BackupError(f"{out} is a folder; give a file name such as {out}/backup.tar.gz.")
    catalog = Catalog(settings.warehouse_dir)
    created = datetime.now(UTC).isoformat(timespec="seconds")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    except OSError as exc:
        raise _os_error(exc, out) from exc
    tmp = Path(tmp_name)
    try:
        with (
            tempfile.TemporaryDirectory(prefix="ecc-atlas-backup-") as work,
            os.fdopen(fd, "wb") as raw_out,
        ):
            summary = _write_archive(
                raw_out, Path(work), settings, catalog, database_format, created
            )
            raw_out.flush()
            os.fsync(raw_out.fileno())
        os.replace(tmp, out)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise _os_error(exc, out) from exc
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    summary.path = out
    summary.size_bytes = out.stat().st_size
    return summary


def _write_archive(
    raw_out: IO[bytes],
    work: Path,
    settings: Settings,
    catalog: Catalog,
    database_format: str,
    created: str,
) -> BackupSummary:
    with tarfile.open(fileobj=raw_out, mode="w:gz", compresslevel=6) as archive:
        with _catalog_locked(catalog):
            manifest_text = (
                catalog.manifest_path.read_bytes() if catalog.manifest_path.exists() else None
            )
            entries = catalog.entries()
            database_file = work / "registry"
            migrations = _applied_migrations()
            if database_format == "sqlite":
                rows = _sqlite_snapshot(database_file)
                member = SQLITE_MEMBER
            else:
                rows = _jsonl_snapshot(database_file)
                member = JSONL_MEMBER
            files: list[dict[str, Any]] = []
            for entry in entries.values():
                path = catalog.root / entry.file
                if not path.exists():
                    raise BackupError(
                        f"The warehouse manifest references {entry.file}, which is missing."
                    )
                _add_file(archive, path, f"warehouse/{entry.file}")
                files.append({"path": f"warehouse/{entry.file}", "sha256": entry.checksum})
        _add_file(archive, database_file, member)
        index = {
            "format": BACKUP_FORMAT,
            "created_at": created,
            "ecc_atlas_version": __version__,
            "home": str(settings.home),
            "database": {
                "format": database_format,
                "member": member,
                "sha256": _sha256(database_file),
                "rows": rows,
                "migrations": migrations,
            },
            "warehouse": {
                "manifest": "warehouse/manifest.json" if manifest_text is not None else None,
                "manifest_sha256": hashlib.sha256(manifest_text).hexdigest()
                if manifest_text is not None
                else None,
                "datasets": sorted(entries),
                "files": files,
            },
        }
        if manifest_text is not None:
            _add_bytes(archive, "warehouse/manifest.json", manifest_text)
        _add_bytes(archive, INDEX, json.dumps(index, indent=2).encode("utf-8"))
    return BackupSummary(
        path=Path(),
        created_at=created,
        database_format=database_format,
        database_rows=rows,
        datasets=sorted(entries),
        files=len(files),
        migrations=migrations,
    )


# --- restore -------------------------------------------------------------------------------


def _safe_extract(archive: tarfile.TarFile, target: Path) -> None:
    for member in archive.getmembers():
        name = Path(member.name)
        if name.is_absolute() or ".." in name.parts or not (member.isfile() or member.isdir()):
            raise BackupError(f"The archive holds an unsafe entry {member.name!r}; not restored.")
    archive.extractall(target, filter="data")


def _read_index(folder: Path) -> dict[str, Any]:
    try:
        index: dict[str, Any] = json.loads((folder / INDEX).read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError) as exc:
        raise BackupError(f"This is not an ECC Atlas backup ({INDEX} missing or broken).") from exc
    if index.get("format") != BACKUP_FORMAT:
        raise BackupError(
            f"The backup has format {index.get('format')!r}; this version reads {BACKUP_FORMAT}."
        )
    return index


def _verify(folder: Path, index: dict[str, Any]) -> None:
    database = index["database"]
    if _sha256(folder / database["member"]) != database["sha256"]:
        raise BackupError("The database copy in the backup is damaged (checksum mismatch).")
    for item in index["warehouse"]["files"]:
        path = folder / item["path"]
        if not path.is_file() or _sha256(path) != item["sha256"]:
            raise BackupError(f"{item['path']} in the backup is missing or damaged.")
    manifest = index["warehouse"]["manifest"]
    if manifest and _sha256(folder / manifest) != index["warehouse"]["manifest_sha256"]:
        raise BackupError("The warehouse manifest in the backup is damaged.")


def _check_migrations(index: dict[str, Any]) -> None:
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    known = {f"{app}.{name}" for app, name in MigrationLoader(connection).disk_migrations}
    unknown = sorted(set(index["database"]["migrations"]) - known)
    if unknown:
        raise BackupError(
            "The backup comes from a newer ECC Atlas (unknown migrations: "
            f"{', '.join(unknown[:5])}). Restore it with that version."
        )


def _restore_sqlite(source: Path) -> None:
    from django.db import connection

    if connection.vendor != "sqlite":
        raise BackupError(
            "This backup holds a SQLite database; restore it into a SQLite data home, or make "
            "the backup with `ecc-atlas backup --format json` to move between engines."
        )
    connection.ensure_connection()
    if connection.in_atomic_block:
        raise BackupError("A restore cannot run inside a database transaction.")
    src = sqlite3.connect(source)
    try:
        src.backup(connection.connection)
    finally:
        src.close()
    connection.close()


def _restore_jsonl(source: Path) -> None:
    from django.core import serializers
    from django.core.management.color import no_style
    from django.db import connection, transaction

    models = _models()
    tables = [model._meta.db_table for model in models]
    tables += [
        field.remote_field.through._meta.db_table
        for model in models
        for field in model._meta.local_many_to_many
        if field.remote_field.through._meta.auto_created
    ]
    with transaction.atomic(), connection.constraint_checks_disabled():
        with connection.cursor() as cursor:
            for statement in connection.ops.sql_flush(
                no_style(), tables, reset_sequences=True, allow_cascade=True
            ):
                cursor.execute(statement)
        with open(source, encoding="utf-8") as handle:
            for obj in serializers.deserialize(
                "jsonl", handle, handle_forward_references=True, ignorenonexistent=True
            ):
                obj.save()
        connection.check_constraints(table_names=tables)
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(statement)


def _restore_warehouse(folder: Path, index: dict[str, Any], catalog: Catalog) -> None:
    for item in index["warehouse"]["files"]:
        relative = item["path"].removeprefix("warehouse/")
        target = catalog.root / relative
        if target.is_file() and _sha256(target) == item["sha256"]:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.restore")
        shutil.copyfile(folder / item["path"], tmp)
        os.replace(tmp, target)
    manifest = index["warehouse"]["manifest"]
    with _catalog_locked(catalog):
        tmp = catalog.root / ".manifest.json.restore"
        if manifest:
            shutil.copyfile(folder / manifest, tmp)
            os.replace(tmp, catalog.manifest_path)
        else:
            with contextlib.suppress(FileNotFoundError):
                catalog.manifest_path.unlink()


def restore_backup(settings: Settings, archive_path: Path) -> dict[str, Any]:
    """Bring back a backup made by :func:`create_backup` into ``settings``' data home.

    Returns the backup's index. Everything is checked before anything is changed.
    """
    from django.core.management import call_command

    archive_path = archive_path.expanduser()
    if not archive_path.is_file():
        raise BackupError(f"No backup file at {archive_path}.")
    with tempfile.TemporaryDirectory(prefix="ecc-atlas-restore-") as work:
        folder = Path(work)
        try:
            with tarfile.open(archive_path, mode="r:*") as archive:
                _safe_extract(archive, folder)
        except (tarfile.TarError, EOFError, OSError) as exc:
            if isinstance(exc, OSError) and exc.errno in {errno.ENOSPC, errno.EDQUOT}:
                raise _os_error(exc, work) from exc
            raise BackupError(f"{archive_path} is not a readable backup archive: {exc}") from exc
        index = _read_index(folder)
        _verify(folder, index)
        _check_migrations(index)
        call_command("migrate", interactive=False, verbosity=0)
        database = index["database"]
        if database["format"] == "sqlite":
            _restore_sqlite(folder / database["member"])
        else:
            _restore_jsonl(folder / database["member"])
        call_command("migrate", interactive=False, verbosity=0)
        from django.contrib.contenttypes.models import ContentType

        ContentType.objects.clear_cache()
        try:
            _restore_warehouse(folder, index, Catalog(settings.warehouse_dir))
        except OSError as exc:
            raise _os_error(exc, settings.warehouse_dir) from exc
    return index

"""Datasets as content-addressed Parquet files plus one manifest, written atomically.

Layout of a warehouse folder::

    manifest.json                      {"format": 1, "datasets": {name: entry, ...}}
    data/<name>/<sha256>.parquet       one file per dataset version

A write first puts every new Parquet file in place under its checksum (a file that is
not referenced by the manifest is invisible), then replaces ``manifest.json`` with one
``os.replace``. That rename is the single commit point: a crash before it leaves the
previous state intact, a crash after it leaves the new state complete. Writing the same
content again is a no-op (same checksum), so imports are idempotent. Unreferenced files
are removed by :meth:`Catalog.collect_garbage`.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import io
import json
import os
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

__all__ = ["Catalog", "DatasetEntry", "DatasetNotFound", "Staging", "WarehouseError"]

MANIFEST_FORMAT = 1


class WarehouseError(Exception):
    """The warehouse cannot be read or written; the message says why."""


class DatasetNotFound(WarehouseError, KeyError):
    """A dataset that is not in the manifest was asked for."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "dataset not found"


@dataclass(frozen=True)
class DatasetEntry:
    """The manifest entry of one dataset: where it came from and what it holds."""

    name: str
    file: str
    source: str
    imported_at: str
    rows: int
    checksum: str
    columns: tuple[str, ...]
    parameters: Mapping[str, Any] = field(default_factory=dict)
    classification_versions: Mapping[str, str] = field(default_factory=dict)
    synthetic: bool = False
    description: str = ""

    def to_json(self) -> dict[str, Any]:
        """The entry as plain JSON data."""
        data = asdict(self)
        data["columns"] = list(self.columns)
        data["parameters"] = dict(self.parameters)
        data["classification_versions"] = dict(self.classification_versions)
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> DatasetEntry:
        """Read an entry written by :meth:`to_json`."""
        values = dict(data)
        values["columns"] = tuple(values.get("columns", ()))
        return cls(**values)


def _check_name(name: str) -> None:
    if not name or not name.replace("_", "").replace("-", "").isalnum():
        raise WarehouseError(f"Dataset name {name!r} must be letters, digits, '_' or '-'.")


def _parquet_bytes(table: pa.Table) -> bytes:
    buffer = io.BytesIO()
    # Fixed writer options so that the same table always gives the same bytes.
    pq.write_table(table, buffer, compression="zstd", write_statistics=True)
    return buffer.getvalue()


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


@dataclass
class Staging:
    """Datasets written inside :meth:`Catalog.transaction`, committed together."""

    catalog: Catalog
    entries: dict[str, DatasetEntry] = field(default_factory=dict)
    removed: set[str] = field(default_factory=set)

    def write(
        self,
        name: str,
        table: pa.Table,
        *,
        source: str,
        parameters: Mapping[str, Any] | None = None,
        classification_versions: Mapping[str, str] | None = None,
        synthetic: bool = False,
        description: str = "",
    ) -> DatasetEntry:
        """Stage one dataset; it becomes visible when the transaction commits."""
        entry = self.catalog._store(
            name,
            table,
            source=source,
            parameters=parameters or {},
            classification_versions=classification_versions or {},
            synthetic=synthetic,
            description=description,
        )
        self.entries[name] = entry
        self.removed.discard(name)
        return entry

    def write_file(
        self,
        name: str,
        path: str | Path,
        *,
        source: str,
        parameters: Mapping[str, Any] | None = None,
        classification_versions: Mapping[str, str] | None = None,
        synthetic: bool = False,
        description: str = "",
    ) -> DatasetEntry:
        """Stage a finished Parquet file (moved, not copied, into the warehouse).

        For imports that stream batches into a file instead of building a table in memory.
        """
        entry = self.catalog._store_file(
            name,
            Path(path),
            source=source,
            parameters=parameters,
            classification_versions=classification_versions,
            synthetic=synthetic,
            description=description,
        )
        self.entries[name] = entry
        self.removed.discard(name)
        return entry

    def remove(self, name: str) -> None:
        """Stage the removal of a dataset."""
        self.entries.pop(name, None)
        self.removed.add(name)


class Catalog:
    """A warehouse folder: read entries and tables, write datasets atomically."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)

    @property
    def manifest_path(self) -> Path:
        """Path of the manifest file."""
        return self.root / "manifest.json"

    # -- reading -------------------------------------------------------------------------
    def _read_manifest(self) -> dict[str, Any]:
        try:
            raw = self.manifest_path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {"format": MANIFEST_FORMAT, "datasets": {}}
        try:
            data: dict[str, Any] = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise WarehouseError(f"{self.manifest_path} is not valid JSON: {exc}") from exc
        if data.get("format") != MANIFEST_FORMAT:
            raise WarehouseError(
                f"{self.manifest_path} has format {data.get('format')!r}; "
                f"this version reads format {MANIFEST_FORMAT}."
            )
        return data

    def entries(self) -> dict[str, DatasetEntry]:
        """All datasets by name."""
        datasets = self._read_manifest()["datasets"]
        return {name: DatasetEntry.from_json(value) for name, value in sorted(datasets.items())}

    def entry(self, name: str) -> DatasetEntry:
        """The manifest entry of one dataset."""
        entries = self.entries()
        if name not in entries:
            known = ", ".join(entries) or "none"
            raise DatasetNotFound(
                f"Dataset {name!r} is not in the warehouse at {self.root} (present: {known}). "
                "Run `ecc-atlas init --demo` or import it first."
            )
        return entries[name]

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name in self.entries()

    def path(self, name: str) -> Path:
        """Path of the current Parquet file of a dataset."""
        return self.root / self.entry(name).file

    def read_arrow(self, name: str) -> pa.Table:
        """Read a dataset as an Arrow table."""
        return pq.read_table(self.path(name))

    # -- writing -------------------------------------------------------------------------
    def _store(
        self,
        name: str,
        table: pa.Table,
        *,
        source: str,
        parameters: Mapping[str, Any],
        classification_versions: Mapping[str, str],
        synthetic: bool,
        description: str,
    ) -> DatasetEntry:
        _check_name(name)
        data = _parquet_bytes(table)
        checksum = hashlib.sha256(data).hexdigest()
        relative = f"data/{name}/{checksum}.parquet"
        target = self.root / relative
        if not target.exists():
            _atomic_write(target, data)
        return DatasetEntry(
            name=name,
            file=relative,
            source=source,
            imported_at=datetime.now(UTC).isoformat(timespec="seconds"),
            rows=table.num_rows,
            checksum=checksum,
            columns=tuple(table.column_names),
            parameters=dict(parameters),
            classification_versions=dict(classification_versions),
            synthetic=synthetic,
            description=description,
        )

    def _store_file(self, name: str, path: Path, **options: Any) -> DatasetEntry:
        """Move a finished Parquet file into place under its checksum (streamed imports)."""
        _check_name(name)
        digest = hashlib.sha256()
        with open(path, "rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
            os.fsync(handle.fileno())
        checksum = digest.hexdigest()
        metadata = pq.ParquetFile(path).metadata
        relative = f"data/{name}/{checksum}.parquet"
        target = self.root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists():
            path.unlink()
        else:
            try:
                os.replace(path, target)
            except OSError:  # another file system: copy, then rename atomically
                _atomic_write(target, path.read_bytes())
                path.unlink()
        return DatasetEntry(
            name=name,
            file=relative,
            source=options["source"],
            imported_at=datetime.now(UTC).isoformat(timespec="seconds"),
            rows=int(metadata.num_rows),
            checksum=checksum,
            columns=tuple(metadata.schema.to_arrow_schema().names),
            parameters=dict(options.get("parameters") or {}),
            classification_versions=dict(options.get("classification_versions") or {}),
            synthetic=bool(options.get("synthetic", False)),
            description=str(options.get("description", "")),
        )

    @contextlib.contextmanager
    def _lock(self) -> Iterator[None]:
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / ".lock", "a+b") as handle:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Staging]:
        """Write several datasets that become visible together, or not at all.

        If the block raises, nothing changes in the manifest.
        """
        staging = Staging(self)
        yield staging
        self._commit(staging)

    def _commit(self, staging: Staging) -> None:
        with self._lock():
            manifest = self._read_manifest()
            datasets: dict[str, Any] = manifest["datasets"]
            changed = False
            for name, entry in staging.entries.items():
                previous = datasets.get(name)
                if previous is not None and previous.get("checksum") == entry.checksum:
                    same = DatasetEntry.from_json(previous)
                    if (same.source, dict(same.parameters)) == (entry.source, entry.parameters):
                        continue  # idempotent re-import: keep the original entry and time
                datasets[name] = entry.to_json()
                changed = True
            for name in staging.removed:
                changed = datasets.pop(name, None) is not None or changed
            if changed:
                text = json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=True)
                _atomic_write(self.manifest_path, text.encode("utf-8"))

    def write(
        self,
        name: str,
        table: pa.Table,
        *,
        source: str,
        parameters: Mapping[str, Any] | None = None,
        classification_versions: Mapping[str, str] | None = None,
        synthetic: bool = False,
        description: str = "",
    ) -> DatasetEntry:
        """Write one dataset atomically (a transaction of one)."""
        with self.transaction() as staging:
            entry = staging.write(
                name,
                table,
                source=source,
                parameters=parameters,
                classification_versions=classification_versions,
                synthetic=synthetic,
                description=description,
            )
        return self.entry(entry.name) if entry.name in self else entry

    def collect_garbage(self) -> list[Path]:
        """Delete Parquet files and temporary files that the manifest does not reference."""
        with self._lock():
            referenced = {self.root / e.file for e in self.entries().values()}
            removed: list[Path] = []
            data_dir = self.root / "data"
            if not data_dir.exists():
                return removed
            for path in sorted(data_dir.rglob("*")):
                if path.is_file() and path not in referenced:
                    path.unlink()
                    removed.append(path)
            return removed

"""The importer framework: parse → validate against a declared schema → write atomically.

Every importer turns its input into rows, checks each value (type, allowed codes) with the
converters of :mod:`ecc_atlas.ingest.convert` while collecting problems in an
:class:`~ecc_atlas.ingest.errors.ErrorCollector`, builds Arrow tables that match a declared
:class:`Schema`, and hands them to :func:`commit`, which writes all datasets of the import
through one ``Catalog.transaction()`` (an import lands whole or not at all).
``dry_run=True`` stops before writing and returns the same summary.

Provenance on every manifest entry (``parameters``): importer, input (URL or absolute path),
``input_sha256``, user and the importer's parameters and counts; the entry itself records
``imported_at``, ``rows``, ``checksum`` and ``classification_versions``. Nothing in the
parameters depends on the time or on the previous state, so importing the same input twice
gives the same checksum and parameters and the catalog leaves the manifest unchanged.
"""

from __future__ import annotations

import contextlib
import getpass
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import pyarrow as pa
import pyarrow.parquet as pq

from ecc_atlas.ingest.errors import IngestError
from ecc_atlas.warehouse import Catalog, DatasetEntry
from ecc_atlas.warehouse.catalog import Staging

__all__ = [
    "Column",
    "DatasetChange",
    "DatasetWrite",
    "ImportSummary",
    "Provenance",
    "Schema",
    "check_dataset_name",
    "commit",
    "current_user",
    "incoming_dir",
    "json_safe",
]


# -- schema ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Column:
    """One output column: name, Arrow type, whether it may be null, and its meaning."""

    name: str
    type: pa.DataType
    description: str
    nullable: bool = True


@dataclass(frozen=True)
class Schema:
    """The declared columns of a dataset; tables are built and checked against it."""

    dataset: str
    columns: tuple[Column, ...]

    @property
    def names(self) -> list[str]:
        """Column names in order."""
        return [c.name for c in self.columns]

    def arrow(self) -> pa.Schema:
        """The Arrow schema."""
        return pa.schema([pa.field(c.name, c.type, nullable=c.nullable) for c in self.columns])

    def table(self, rows: Sequence[Mapping[str, Any]]) -> pa.Table:
        """Build a table from row dicts (missing keys are null)."""
        arrays = [pa.array([row.get(c.name) for row in rows], type=c.type) for c in self.columns]
        return pa.Table.from_arrays(arrays, schema=self.arrow())

    def conform(self, table: pa.Table) -> pa.Table:
        """Select and order the declared columns, cast to the declared types, check nulls."""
        missing = [n for n in self.names if n not in table.column_names]
        if missing:
            raise ValueError(f"{self.dataset}: missing columns {missing}")
        arrays = []
        for column in self.columns:
            array = table.column(column.name).cast(column.type)
            if not column.nullable and array.null_count:
                raise ValueError(f"{self.dataset}: column {column.name!r} has nulls")
            arrays.append(array)
        return pa.Table.from_arrays(arrays, schema=self.arrow())

    def describe(self) -> str:
        """The columns as a docstring-style list."""
        return "\n".join(f"{c.name} ({c.type}): {c.description}" for c in self.columns)


# -- provenance and summaries ---------------------------------------------------------------
def current_user() -> str:
    """The operating-system user running the import, or ``"unknown"``."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def json_safe(value: Any) -> Any:
    """``value`` as plain JSON data (tuples become lists), as the manifest stores it."""
    return json.loads(json.dumps(value, ensure_ascii=False, sort_keys=True, default=str))


@dataclass(frozen=True)
class Provenance:
    """Where an import came from: importer, input, its checksum, user, parameters."""

    importer: str
    input: str
    input_sha256: str
    user: str
    parameters: Mapping[str, Any] = field(default_factory=dict)

    def manifest_parameters(self, extra: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """The ``parameters`` of a manifest entry."""
        data = {
            "importer": self.importer,
            "input": self.input,
            "input_sha256": self.input_sha256,
            "user": self.user,
            **self.parameters,
            **(extra or {}),
        }
        return dict(json_safe(data))


@dataclass
class DatasetWrite:
    """One dataset an import writes: a table, or a finished Parquet file (streamed imports)."""

    name: str
    source: str
    rows_added: int
    rows_replaced: int = 0
    table: pa.Table | None = None
    path: Path | None = None
    description: str = ""
    classification_versions: Mapping[str, str] = field(default_factory=dict)
    parameters: Mapping[str, Any] = field(default_factory=dict)
    row_count: int | None = None

    @property
    def rows(self) -> int:
        """Rows of the dataset after the import."""
        if self.row_count is not None:
            return self.row_count
        if self.table is not None:
            return self.table.num_rows
        if self.path is not None:
            return int(pq.ParquetFile(self.path).metadata.num_rows)
        return 0


#: ``updated`` is for registry tables (rows updated in place in the database).
Status = Literal["new", "replaced", "updated", "unchanged", "dry run"]


@dataclass(frozen=True)
class DatasetChange:
    """What an import did (or would do) to one dataset."""

    name: str
    rows: int
    rows_added: int
    rows_replaced: int
    status: Status
    checksum: str = ""


@dataclass(frozen=True)
class ImportSummary:
    """The result of an import (or of a dry run)."""

    importer: str
    input: str
    input_sha256: str
    dry_run: bool
    datasets: tuple[DatasetChange, ...]
    counts: Mapping[str, int] = field(default_factory=dict)
    notes: tuple[str, ...] = ()

    @property
    def changed(self) -> bool:
        """True when the warehouse changed."""
        return any(d.status in ("new", "replaced", "updated") for d in self.datasets)

    def to_json(self) -> dict[str, Any]:
        """The summary as plain JSON data."""
        return {
            "importer": self.importer,
            "input": self.input,
            "input_sha256": self.input_sha256,
            "dry_run": self.dry_run,
            "datasets": [vars(d) for d in self.datasets],
            "counts": dict(self.counts),
            "notes": list(self.notes),
        }


# -- writing --------------------------------------------------------------------------------
def check_dataset_name(name: str) -> None:
    """Refuse a dataset name the warehouse would refuse (letters, digits, '_' or '-')."""
    if not name or not name.replace("_", "").replace("-", "").isalnum():
        raise IngestError.single(
            "dataset", "a name of letters, digits, '_' or '-'", field="dataset", found=name
        )


def _stage_file(staging: Staging, name: str, path: Path, **options: Any) -> DatasetEntry:
    """Stage a finished Parquet file."""
    return staging.write_file(name, path, **options)


def incoming_dir(catalog: Catalog) -> Path:
    """A folder for files being built, on the warehouse's file system, outside ``data/``."""
    path = catalog.root / ".incoming"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _unchanged(previous: DatasetEntry | None, entry: DatasetEntry) -> bool:
    return (
        previous is not None
        and previous.checksum == entry.checksum
        and previous.source == entry.source
        and json_safe(dict(previous.parameters)) == json_safe(dict(entry.parameters))
    )


def commit(
    catalog: Catalog,
    writes: Sequence[DatasetWrite],
    *,
    provenance: Provenance,
    dry_run: bool = False,
    counts: Mapping[str, int] | None = None,
    notes: Iterable[str] = (),
) -> ImportSummary:
    """Write every dataset of one import in one transaction; return the summary."""
    before = catalog.entries()
    changes: list[DatasetChange] = []
    if dry_run:
        for write in writes:
            changes.append(
                DatasetChange(
                    write.name, write.rows, write.rows_added, write.rows_replaced, "dry run"
                )
            )
            if write.path is not None:
                with contextlib.suppress(FileNotFoundError):
                    write.path.unlink()
    else:
        with catalog.transaction() as staging:
            for write in writes:
                options: dict[str, Any] = {
                    "source": write.source,
                    "parameters": provenance.manifest_parameters(write.parameters),
                    "classification_versions": dict(write.classification_versions),
                    "description": write.description,
                }
                if write.table is not None:
                    entry = staging.write(write.name, write.table, **options)
                elif write.path is not None:
                    entry = _stage_file(staging, write.name, write.path, **options)
                else:
                    raise ValueError(f"dataset {write.name!r}: nothing to write")
                previous = before.get(write.name)
                status: Status
                if _unchanged(previous, entry):
                    status = "unchanged"
                else:
                    status = "replaced" if previous is not None else "new"
                changes.append(
                    DatasetChange(
                        write.name,
                        entry.rows,
                        0 if status == "unchanged" else write.rows_added,
                        0 if status == "unchanged" else write.rows_replaced,
                        status,
                        entry.checksum,
                    )
                )
    return ImportSummary(
        importer=provenance.importer,
        input=provenance.input,
        input_sha256=provenance.input_sha256,
        dry_run=dry_run,
        datasets=tuple(changes),
        counts=dict(counts or {}),
        notes=tuple(notes),
    )

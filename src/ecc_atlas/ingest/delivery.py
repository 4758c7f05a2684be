"""CSV/XLSX deliveries into a warehouse dataset whose partitions a delivery replaces.

Used by the ``workforce`` (partition: year) and ``programmes`` (partition: provider × year)
importers. A delivery is read from one table (a CSV file, or the sheet named after the
dataset — or the only data sheet — of a workbook), each row converted and checked, rows with
the same key refused, and then merged: the partitions present in the delivery replace those
partitions' rows of the current dataset, the other partitions stay. The current dataset is
replaced whole if it is synthetic demo data (real and invented rows are never mixed). The
manifest entry records, per partition, the input and checksum it came from
(``parameters.partition_sources``) and is not synthetic.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa

from ecc_atlas.ingest import codes
from ecc_atlas.ingest.base import (
    DatasetWrite,
    ImportSummary,
    Provenance,
    Schema,
    commit,
    current_user,
)
from ecc_atlas.ingest.errors import DEFAULT_MAX_ERRORS, ErrorCollector, IngestError
from ecc_atlas.ingest.fields import RowConverter, TableSpec
from ecc_atlas.ingest.readers import Limits, sha256_file
from ecc_atlas.ingest.tabular import RawTable, open_tables
from ecc_atlas.ingest.templates import AUXILIARY_SHEETS, TemplateSheet, write_template
from ecc_atlas.warehouse import Catalog

__all__ = ["DeliverySpec", "import_delivery", "merge_partitions", "pick_table", "read_delivery"]

RowCheck = Callable[[Mapping[str, Any]], list[tuple[str, str, object]]]
_BATCH = 50_000


@dataclass(frozen=True)
class DeliverySpec:
    """What one delivery importer reads and writes."""

    importer: str
    schema: Schema
    table: TableSpec
    key: tuple[str, ...]
    partition: tuple[str, ...]
    source: str
    description: str
    sheet_names: tuple[str, ...]
    check_row: RowCheck | None = None
    template_title: str = ""
    template_intro: tuple[str, ...] = ()
    extra_versions: Mapping[str, str] | None = None

    @property
    def dataset(self) -> str:
        """The dataset written."""
        return self.schema.dataset


def pick_table(tables: Sequence[RawTable], names: Sequence[str], file: str) -> RawTable:
    """The table named one of ``names`` (case ignored), else the only data table."""
    wanted = {n.casefold() for n in names}
    data = [t for t in tables if (t.sheet or "").casefold() not in AUXILIARY_SHEETS]
    named = [t for t in data if t.sheet is not None and t.sheet.casefold() in wanted]
    if named:
        return named[0]
    if len(data) == 1:
        return data[0]
    if not data:
        raise IngestError.single(file, "a sheet with a header row and data (all are empty)")
    raise IngestError.single(
        file,
        f"a sheet named {names[0]!r} (the workbook has several: "
        f"{', '.join(repr(t.sheet) for t in data)})",
    )


class _Columns:
    """Rows collected column by column and turned into record batches."""

    def __init__(self, schema: Schema) -> None:
        self.schema = schema
        self.values: dict[str, list[Any]] = {n: [] for n in schema.names}
        self.batches: list[pa.RecordBatch] = []
        self.rows = 0

    def add(self, row: Mapping[str, Any]) -> None:
        for name, column in self.values.items():
            column.append(row.get(name))
        self.rows += 1
        if len(self.values[self.schema.names[0]]) >= _BATCH:
            self.flush()

    def flush(self) -> None:
        arrays = [pa.array(self.values[c.name], type=c.type) for c in self.schema.columns]
        self.batches.append(pa.RecordBatch.from_arrays(arrays, schema=self.schema.arrow()))
        for column in self.values.values():
            column.clear()

    def table(self) -> pa.Table:
        self.flush()
        return pa.Table.from_batches(self.batches, schema=self.schema.arrow())


def _convert_rows(
    table: RawTable, spec: DeliverySpec, converter: RowConverter, errors: ErrorCollector
) -> _Columns:
    """Convert and check every row; refuse a key seen before."""
    seen: dict[tuple[Any, ...], int] = {}
    columns = _Columns(spec.schema)
    for number, cells in table.rows:
        row, problems = converter.convert(number, cells)
        for issue in problems:
            errors.add_issue(issue)
        if problems:
            continue
        checks = spec.check_row(row) if spec.check_row is not None else []
        for field, expected, found in checks:
            errors.add(number, field, expected, found)
        if checks:
            continue
        key = tuple(row[k] for k in spec.key)
        if key in seen:
            expected = f"one row per {', '.join(spec.key)} (row {seen[key]} has the same)"
            errors.add(number, spec.key[-1], expected, None, show_found=False)
            continue
        seen[key] = number
        columns.add(row)
    return columns


def read_delivery(
    path: str | Path,
    spec: DeliverySpec,
    *,
    max_errors: int = DEFAULT_MAX_ERRORS,
    limits: Limits | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[pa.Table, list[str]]:
    """Read and check a delivery; return (rows as a table of ``spec.schema``, notes)."""
    path = Path(path)
    with (
        warnings.catch_warnings(),
        open_tables(path, limits=limits, progress=progress) as tables,
    ):
        warnings.simplefilter("ignore")  # openpyxl's warnings on styles while reading
        table = pick_table(tables, spec.sheet_names, path.name)
        header = spec.table.match(table)
        converter = RowConverter(spec.table, header)
        errors = ErrorCollector(table.name, limit=max_errors)
        columns = _convert_rows(table, spec, converter, errors)
    errors.raise_if_any()
    if columns.rows == 0:
        raise IngestError.single(table.name, "at least one data row below the header")
    notes = []
    if header.ignored:
        notes.append(f"Columns ignored (not part of the template): {', '.join(header.ignored)}.")
    formula = converter.formula_note()
    if formula:
        notes.append(formula)
    order = [(name, "ascending") for name in spec.key]
    return columns.table().sort_by(order), notes


def _partition_label(values: Sequence[Any]) -> str:
    return " | ".join(str(v) for v in values)


def merge_partitions(
    old: pa.Table, new: pa.Table, partition: Sequence[str], key: Sequence[str]
) -> tuple[pa.Table, int]:
    """Rows of ``old`` outside ``new``'s partitions plus ``new``, sorted by ``key``.

    Returns (merged table, number of old rows replaced).
    """
    cols = list(partition)
    incoming = set(zip(*(new.column(c).to_pylist() for c in cols), strict=True))
    keys = zip(*(old.column(c).to_pylist() for c in cols), strict=True)
    keep = pa.array([k not in incoming for k in keys], pa.bool_())
    kept = old.filter(keep)
    merged = pa.concat_tables([kept, new.cast(old.schema)])
    return merged.sort_by([(k, "ascending") for k in key]), old.num_rows - kept.num_rows


def import_delivery(
    catalog: Catalog,
    path: str | Path,
    spec: DeliverySpec,
    *,
    dry_run: bool = False,
    user: str | None = None,
    max_errors: int = DEFAULT_MAX_ERRORS,
    limits: Limits | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportSummary:
    """Import a delivery: its partitions replace the dataset's, the others stay."""
    path = Path(path)
    new, notes = read_delivery(path, spec, max_errors=max_errors, limits=limits, progress=progress)
    digest = sha256_file(path)
    origin = str(path.resolve())
    parts = sorted(set(zip(*(new.column(c).to_pylist() for c in spec.partition), strict=True)))
    labels = [_partition_label(p) for p in parts]
    table, replaced, previous_sources = new, 0, {}
    if spec.dataset in catalog:
        entry = catalog.entry(spec.dataset)
        if entry.synthetic:
            replaced = entry.rows
            notes.append(
                f"The current {spec.dataset!r} dataset is synthetic demo data: it is replaced "
                "whole, not merged with this delivery."
            )
        else:
            try:
                old = spec.schema.conform(catalog.read_arrow(spec.dataset))
            except (ValueError, pa.ArrowInvalid) as exc:
                raise IngestError.single(
                    spec.dataset, f"the existing dataset to have the current columns ({exc})"
                ) from None
            table, replaced = merge_partitions(old, new, spec.partition, spec.key)
            previous_sources = dict(entry.parameters.get("partition_sources", {}))
    remaining = {
        _partition_label(p)
        for p in zip(*(table.column(c).to_pylist() for c in spec.partition), strict=True)
    }
    this_import = {"input": origin, "input_sha256": digest}
    sources = {k: v for k, v in previous_sources.items() if k in remaining}
    sources.update({label: this_import for label in labels})
    provenance = Provenance(
        spec.importer,
        origin,
        digest,
        user or current_user(),
        {"partition_columns": list(spec.partition), "partitions": labels},
    )
    write = DatasetWrite(
        name=spec.dataset,
        source=spec.source,
        rows_added=new.num_rows,
        rows_replaced=replaced,
        table=table,
        description=spec.description,
        classification_versions={
            **codes.classification_versions(),
            **(spec.extra_versions or {}),
        },
        parameters={"partition_sources": dict(sorted(sources.items()))},
    )
    counts = {"rows_read": new.num_rows, "partitions": len(labels)}
    return commit(
        catalog, [write], provenance=provenance, dry_run=dry_run, counts=counts, notes=notes
    )


def write_delivery_template(path: str | Path, spec: DeliverySpec) -> Path:
    """Write the template of a delivery (``.xlsx`` or ``.csv``)."""
    sheet = TemplateSheet(spec.sheet_names[0], spec.table, tuple(f.name for f in spec.table.fields))
    return write_template(path, spec.template_title, spec.template_intro, [sheet])

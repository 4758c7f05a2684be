"""Decode JSON-stat datasets (PxWeb v2 and v1 responses) into long Arrow tables.

JSON-stat 2.0 (``{"version": "2.0", "class": "dataset", "id": [...], "size": [...],
"dimension": {...}, "value": [...]}``) and the JSON-stat 1.0 ``{"dataset": {...}}`` that
PxWeb v1 returns for ``"format": "json-stat"`` are both read. ``value`` is row-major in ``id``
order (the last dimension varies fastest); it may be a list or a sparse object
``{"cell index": value}``; values may be null and stay null.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ecc_atlas.ingest.errors import ErrorCollector, IngestError

__all__ = [
    "Cube",
    "Dimension",
    "concat_cubes",
    "decode_jsonstat",
    "parse_jsonstat",
    "read_categories",
]

_CKM_MARKERS = ("cell key", "ckm")


@dataclass(frozen=True)
class Dimension:
    """One dimension: its id, label, role and categories (codes and labels in index order)."""

    id: str
    label: str
    codes: tuple[str, ...]
    labels: tuple[str, ...]
    role: str | None = None
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Cube:
    """A decoded dataset: dimensions, values in row-major order, and its metadata."""

    label: str
    source: str
    updated: str | None
    table_id: str | None
    notes: tuple[str, ...]
    dimensions: tuple[Dimension, ...]
    values: pa.Array
    status: pa.Array | None = None
    extension: Mapping[str, Any] = field(default_factory=dict)

    @property
    def cell_key_method(self) -> bool:
        """True when a note says SCB's Cell-Key-Method noise is in the figures."""
        return any(m in note.casefold() for note in self.notes for m in _CKM_MARKERS)

    def to_arrow(self) -> pa.Table:
        """The long table: ``<dim>``, ``<dim>_label`` per dimension, ``value`` (, ``status``).

        Columns:
            <dim> (string): category code of dimension ``dim`` (one column per dimension,
                in ``id`` order).
            <dim>_label (string): category label.
            value (float64): the figure; null where the source has none.
            status (string): only when the source has status symbols; null elsewhere.
        """
        sizes = [len(d.codes) for d in self.dimensions]
        total = math.prod(sizes)
        columns: dict[str, pa.Array] = {}
        for k, dim in enumerate(self.dimensions):
            inner = math.prod(sizes[k + 1 :])
            outer = math.prod(sizes[:k])
            positions = np.tile(np.repeat(np.arange(sizes[k], dtype=np.int64), inner), outer)
            take = pa.array(positions[:total], type=pa.int64())
            columns[dim.id] = pa.array(dim.codes, type=pa.string()).take(take)
            columns[f"{dim.id}_label"] = pa.array(dim.labels, type=pa.string()).take(take)
        columns["value"] = self.values
        if self.status is not None:
            columns["status"] = self.status
        return pa.table(columns)

    def metadata(self) -> dict[str, Any]:
        """What the manifest keeps: table id, updated, notes, labels of the dimensions."""
        return {
            "table_id": self.table_id,
            "table_label": self.label,
            "updated": self.updated,
            "notes": list(self.notes),
            "cell_key_method": self.cell_key_method,
            "dimensions": {
                d.id: {"label": d.label, "role": d.role, "notes": list(d.notes)}
                for d in self.dimensions
            },
        }


def _notes(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list):
        return tuple(str(v) for v in value if v is not None)
    if isinstance(value, dict):
        return tuple(str(value[k]) for k in sorted(value, key=str))
    return ()


def _roles(role: Any) -> dict[str, str]:
    out: dict[str, str] = {}
    if isinstance(role, dict):
        for kind, ids in role.items():
            for dim in ids if isinstance(ids, list) else []:
                out[str(dim)] = str(kind)
    return out


def read_categories(name: str, dim_id: str, body: Any, size: int) -> tuple[list[str], list[str]]:
    """Codes and labels of one dimension's categories, in index order (checked)."""
    where = f"dimension.{dim_id}.category"
    category = body.get("category") if isinstance(body, dict) else None
    if not isinstance(category, dict):
        raise IngestError.single(name, "an object with the categories", field=where)
    index = category.get("index")
    labels = category.get("label")
    labels = labels if isinstance(labels, dict) else {}
    if index is None:
        if len(labels) != 1:
            raise IngestError.single(name, "an index of the categories", field=f"{where}.index")
        index = list(labels)
    if isinstance(index, list):
        codes = [str(c) for c in index]
    elif isinstance(index, dict):
        try:
            positions = {str(code): int(pos) for code, pos in index.items()}
        except (TypeError, ValueError):
            raise IngestError.single(
                name, "whole-number positions", field=f"{where}.index"
            ) from None
        codes = sorted(positions, key=positions.__getitem__)
        if sorted(positions.values()) != list(range(len(positions))):
            raise IngestError.single(
                name, "positions 0, 1, 2, … without gaps", field=f"{where}.index"
            )
    else:
        raise IngestError.single(name, "a list or object", field=f"{where}.index", found=index)
    if len(codes) != size or len(set(codes)) != len(codes):
        raise IngestError.single(
            name,
            f"{size} distinct categories (the size given for {dim_id!r})",
            field=f"{where}.index",
            found=len(codes),
        )
    return codes, [str(labels.get(code, code)) for code in codes]


def _values(name: str, raw: Any, total: int, limit: int) -> pa.Array:
    if raw is None or (isinstance(raw, list) and not raw and total):
        raise IngestError.single(
            name, "values (this looks like a metadata response without data)", field="value"
        )
    errors = ErrorCollector(name, limit=limit)
    if isinstance(raw, dict):
        cells: list[Any] = [None] * total
        for key, value in raw.items():
            position = int(key) if str(key).isdigit() else -1
            if not 0 <= position < total:
                errors.add(None, "value", f"cell positions 0 to {total - 1}", key)
                continue
            cells[position] = value
    elif isinstance(raw, list):
        if len(raw) != total:
            raise IngestError.single(
                name, f"{total} values (the product of 'size')", field="value", found=len(raw)
            )
        cells = raw
    else:
        raise IngestError.single(name, "a list of values", field="value", found=type(raw).__name__)
    fast = _fast_values(cells)
    if fast is not None:
        return fast
    for i, value in enumerate(cells):
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, int | float) or not _finite(value)
        ):
            errors.add(i + 1, "value", "a number or null", value)
    errors.raise_if_any()
    return pa.array(cells, type=pa.float64())


def _finite(value: float) -> bool:
    try:
        return math.isfinite(value)
    except OverflowError:  # an integer too large for a float
        return False


def _fast_values(cells: list[Any]) -> pa.Array | None:
    """The values as float64 in one step when all are numbers or null, else None.

    The common case costs one pass over the types and one conversion in C; anything else
    (a string, a boolean, NaN/Infinity, an integer beyond float) goes the slow way, which
    names each bad cell.
    """
    kinds = set(map(type, cells))
    if not kinds <= {type(None), int, float}:
        return None
    try:
        array = pa.array(cells, type=pa.float64())
    except (pa.ArrowInvalid, OverflowError):
        return None
    if float in kinds or int in kinds:
        finite = pc.all(pc.is_finite(array)).as_py()
        if finite is False:
            return None
    return array


def _status(raw: Any, total: int) -> pa.Array | None:
    if raw is None:
        return None
    if isinstance(raw, str):
        cells: list[str | None] = [raw] * total
    elif isinstance(raw, list):
        cells = [None if s is None else str(s) for s in raw[:total]]
        cells += [None] * (total - len(cells))
    elif isinstance(raw, dict):
        cells = [None] * total
        for key, value in raw.items():
            if str(key).isdigit() and int(key) < total and value is not None:
                cells[int(key)] = str(value)
    else:
        return None
    return pa.array(cells, type=pa.string())


def _structure(doc: Any, name: str) -> tuple[Any, Any, Any, Any, Any]:
    if not isinstance(doc, dict):
        raise IngestError.single(name, "a JSON-stat dataset (a JSON object)")
    if "dataset" in doc and isinstance(doc["dataset"], dict):  # JSON-stat 1.0 (PxWeb v1)
        body = doc["dataset"]
        dimension: dict[str, Any] = body.get("dimension") or {}
        if not isinstance(dimension, dict):
            dimension = {}
        return body, dimension.get("id"), dimension.get("size"), dimension, dimension.get("role")
    if doc.get("class", "dataset") != "dataset":
        raise IngestError.single(
            name, "a JSON-stat dataset (class 'dataset')", field="class", found=doc.get("class")
        )
    return doc, doc.get("id"), doc.get("size"), doc.get("dimension"), doc.get("role")


def parse_jsonstat(doc: Any, *, name: str, max_errors: int = 20) -> Cube:
    """Check and decode a JSON-stat dataset; raise :class:`IngestError` naming the problem."""
    body, ids, sizes, dimension, role = _structure(doc, name)
    if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
        raise IngestError.single(name, "a list of dimension ids", field="id", found=ids)
    if (
        not isinstance(sizes, list)
        or len(sizes) != len(ids)
        or not all(isinstance(s, int) and not isinstance(s, bool) and s >= 0 for s in sizes)
    ):
        raise IngestError.single(
            name, f"{len(ids)} non-negative sizes, one per id", field="size", found=sizes
        )
    if len(set(ids)) != len(ids):
        raise IngestError.single(name, "distinct dimension ids", field="id", found=ids)
    reserved = {"value", "status"} | {f"{i}_label" for i in ids}
    clash = [i for i in ids if i in reserved]
    if clash:
        raise IngestError.single(
            name, "dimension ids that are not 'value', 'status' or '<id>_label'", found=clash
        )
    if not isinstance(dimension, dict):
        raise IngestError.single(name, "an object of dimensions", field="dimension")
    roles = _roles(role)
    dimensions = []
    for dim_id, size in zip(ids, sizes, strict=True):
        dim_body = dimension.get(dim_id)
        if not isinstance(dim_body, dict):
            raise IngestError.single(name, "a description of the dimension", field=dim_id)
        codes, labels = read_categories(name, dim_id, dim_body, size)
        dimensions.append(
            Dimension(
                id=dim_id,
                label=str(dim_body.get("label", dim_id)),
                codes=tuple(codes),
                labels=tuple(labels),
                role=roles.get(dim_id),
                notes=_notes(dim_body.get("note")),
            )
        )
    total = math.prod(sizes)
    extension: dict[str, Any] = body.get("extension") or {}
    if not isinstance(extension, dict):
        extension = {}
    px: dict[str, Any] = extension.get("px") or {}
    if not isinstance(px, dict):
        px = {}
    table_id = px.get("tableid") or px.get("matrix")
    return Cube(
        label=str(body.get("label", "")),
        source=str(body.get("source", "")),
        updated=None if body.get("updated") is None else str(body["updated"]),
        table_id=None if table_id is None else str(table_id),
        notes=_notes(body.get("note")),
        dimensions=tuple(dimensions),
        values=_values(name, body.get("value"), total, max_errors),
        status=_status(body.get("status"), total),
        extension=extension,
    )


def decode_jsonstat(doc: Any, *, name: str = "<json-stat>") -> pa.Table:
    """Decode a JSON-stat dataset straight into its long Arrow table."""
    return parse_jsonstat(doc, name=name).to_arrow()


def concat_cubes(cubes: Sequence[Cube]) -> tuple[pa.Table, dict[str, Any]]:
    """Concatenate the tables of several responses of one table (API chunks).

    Returns the table and merged metadata (latest ``updated``, notes in first-seen order).
    """
    if not cubes:
        raise ValueError("no responses to concatenate")
    tables = [c.to_arrow() for c in cubes]
    if any("status" in t.column_names for t in tables):
        tables = [
            t
            if "status" in t.column_names
            else t.append_column("status", pa.nulls(t.num_rows, pa.string()))
            for t in tables
        ]
    names = tables[0].column_names
    if any(t.column_names != names for t in tables):
        raise ValueError("the responses have different dimensions")
    table = pa.concat_tables(tables)
    metadata = cubes[0].metadata()
    notes: list[str] = []
    for cube in cubes:
        notes.extend(n for n in cube.notes if n not in notes)
    metadata["notes"] = notes
    metadata["cell_key_method"] = any(c.cell_key_method for c in cubes)
    updated = [c.updated for c in cubes if c.updated]
    metadata["updated"] = max(updated) if updated else None
    return table, metadata

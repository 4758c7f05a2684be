"""Decode the CSV output of PxWeb (v1 ``csv`` and v2 ``outputFormat=csv``) into a long table.

PxWeb writes the *stub* variables as the leading columns and the *heading* variables
pivoted into the remaining column headers (``"Folkmängd 2023"``, ``"2026M01"``). The
decoder keeps the stub columns, turns every value column into rows with its header in
``heading``, and reads the figures (decimal comma or point, spaces as thousands
separators). PxWeb's symbols for a missing figure (``..``, ``.``, ``-``, ``..C`` …) give a
null ``value`` and the symbol in ``status``.

The stub columns are the leading columns; the value columns are the longest run of
trailing columns that hold only figures and symbols. When a stub variable itself holds
numbers (a year column in the stub), pass ``stub_columns`` explicitly.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence

import pyarrow as pa

from ecc_atlas.ingest.errors import ErrorCollector, IngestError
from ecc_atlas.ingest.readers import decode_bytes

__all__ = ["MISSING_SYMBOLS", "decode_pxweb_csv"]

#: Cell contents PxWeb uses for a figure that is missing, confidential or not applicable.
MISSING_SYMBOLS = frozenset({"", ".", "..", "...", "....", ".....", "......", "-", "..C", "x"})
_NUMBER = re.compile(r"^-?\d+([.,]\d+)?$")


def _figure(cell: str) -> float | None:
    compact = cell.replace("\u00a0", "").replace(" ", "")
    if not _NUMBER.match(compact):
        raise ValueError(cell)
    return float(compact.replace(",", "."))


def _is_value_cell(cell: str) -> bool:
    stripped = cell.strip()
    if stripped in MISSING_SYMBOLS:
        return True
    try:
        _figure(stripped)
    except ValueError:
        return False
    return True


def _rows(text: str, name: str) -> list[list[str]]:
    sample = text[:8192]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        return [row for row in reader if any(c.strip() for c in row)]
    except csv.Error as exc:
        raise IngestError.single(
            name, f"well-formed CSV ({exc})", row=reader.line_num or None
        ) from exc


def _stub_count(header: Sequence[str], body: Sequence[Sequence[str]]) -> int:
    stub = len(header)
    for column in range(len(header) - 1, 0, -1):
        if all(_is_value_cell(row[column]) for row in body):
            stub = column
        else:
            break
    return stub


def decode_pxweb_csv(
    data: bytes, *, name: str, stub_columns: int | None = None, max_errors: int = 20
) -> tuple[pa.Table, dict[str, object]]:
    """Decode PxWeb CSV bytes; return the long table and metadata (title, encoding, stub).

    Columns:
        <stub column> (string): one per stub variable, named by the CSV header.
        heading (string): the header of the value column the figure came from.
        value (float64): the figure; null for a missing-figure symbol.
        status (string): the missing-figure symbol, null where there is a figure.
    """
    text, encoding = decode_bytes(data, name)
    rows = _rows(text.removeprefix("\ufeff"), name)
    title = None
    if len(rows) >= 2 and len(rows[0]) == 1 and len(rows[1]) > 1:
        title = rows[0][0].strip()
        rows = rows[1:]
    if len(rows) < 2:
        raise IngestError.single(name, "a header line and at least one line of figures")
    header = [h.strip() for h in rows[0]]
    body = rows[1:]
    errors = ErrorCollector(name, limit=max_errors)
    offset = 3 if title else 2  # line number of the first data row
    for number, row in enumerate(body, start=offset):
        if len(row) != len(header):
            errors.add(number, None, f"{len(header)} columns like the header", len(row))
    errors.raise_if_any()
    stub = _stub_count(header, body) if stub_columns is None else stub_columns
    if not 1 <= stub < len(header):
        raise IngestError.single(name, f"between 1 and {len(header) - 1} stub columns", found=stub)
    if len(set(header)) != len(header) or {"heading", "value", "status"} & set(header[:stub]):
        raise IngestError.single(name, "distinct column names other than heading/value/status")
    stubs: list[list[str]] = [[] for _ in range(stub)]
    headings: list[str] = []
    values: list[float | None] = []
    status: list[str | None] = []
    for number, row in enumerate(body, start=offset):
        for column in range(stub, len(header)):
            cell = row[column].strip()
            for k in range(stub):
                stubs[k].append(row[k].strip())
            headings.append(header[column])
            if cell in MISSING_SYMBOLS:
                values.append(None)
                status.append(cell or None)
                continue
            try:
                values.append(_figure(cell))
                status.append(None)
            except ValueError:
                values.append(None)
                status.append(None)
                errors.add(number, header[column], "a figure or a PxWeb symbol such as '..'", cell)
    errors.raise_if_any()
    columns: dict[str, pa.Array] = {
        header[k]: pa.array(stubs[k], type=pa.string()) for k in range(stub)
    }
    columns["heading"] = pa.array(headings, type=pa.string())
    columns["value"] = pa.array(values, type=pa.float64())
    columns["status"] = pa.array(status, type=pa.string())
    metadata: dict[str, object] = {
        "title": title,
        "encoding": encoding,
        "stub_columns": header[:stub],
        "heading_columns": header[stub:],
    }
    return pa.table(columns), metadata

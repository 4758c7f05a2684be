"""Downloads of a published table: CSV, Excel (XLSX) and Parquet.

- **CSV** (UTF-8 with a byte-order mark so that spreadsheet programs read å, ä, ö): the stable
  field names as header, numbers with a decimal point, a withheld cell empty with
  ``suppressed`` = ``true`` and its ``suppression_reason`` on the row.
- **XLSX**: a "data" sheet with the column labels in the page's language, withheld cells
  reading "sekretess"/"suppressed", number formats per column; an "about" sheet with the
  title, filters, method, sources, the disclosure note and every field's name and label.
- **Parquet**: the table with its Arrow types; provenance in the schema metadata.

No text cell may start a formula when opened in a spreadsheet (CSV/formula injection): a text
value beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading
apostrophe, in CSV and XLSX alike.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from django.utils import translation
from django.utils.translation import gettext as _

from ecc_atlas.disclosure import suppressed_label
from ecc_atlas.spreadsheets import safe_text
from ecc_atlas.web.dashboard.tables import Published
from ecc_atlas.web.dashboard.tables.base import Column

__all__ = ["CONTENT_TYPES", "FORMATS", "csv_bytes", "filename", "parquet_bytes", "safe_text",
           "xlsx_bytes"]  # fmt: skip

FORMATS: tuple[str, ...] = ("csv", "xlsx", "parquet")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "parquet": "application/vnd.apache.parquet",
}
_NUMBER_FORMATS = {
    "int": "#,##0",
    "dec0": "#,##0",
    "dec1": "#,##0.0",
    "dec2": "#,##0.00",
    "share": "0.0%",
    "sek": "#,##0",
}


def _cell(value: Any) -> Any:
    if isinstance(value, str):
        return safe_text(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def filename(table: Published, extension: str) -> str:
    """``ecc-atlas_<table>[_<filter values>]_<lang>.<extension>``."""
    parts = ["ecc-atlas", table.name, *(str(v) for v in table.filters.query().values())]
    safe = ["".join(ch for ch in part if ch.isalnum() or ch in "-.") for part in parts]
    return "_".join([*safe, table.lang]) + f".{extension}"


def csv_bytes(table: Published) -> bytes:
    """The table as CSV (see the module docstring)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    names = table.column_names
    writer.writerow(names)
    for row in table.rows():
        writer.writerow(["" if row[name] is None else _cell(row[name]) for name in names])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _columns(table: Published) -> list[Column]:
    return [
        *table.definition.columns,
        Column("suppressed", _("Suppressed"), "bool"),
        Column("suppression_reason", _("Reason for suppression"), "code"),
    ]


def _about(table: Published) -> list[tuple[str, str]]:
    definition = table.definition
    filters = ", ".join(f"{k}={v}" for k, v in table.filters.query().items()) or "–"
    sources = "; ".join(
        f"{s['dataset']}: {s['source']}" + (f" ({s['imported_at']})" if s["imported_at"] else "")
        for s in table.sources
    )
    return [
        (_("Table"), str(definition.title)),
        (_("Name"), definition.name),
        (_("Description"), str(definition.description)),
        (_("Filters"), filters),
        (_("Method"), str(definition.method)),
        (_("Sources"), sources or "–"),
        (_("Synthetic demo data"), _("yes") if table.synthetic else _("no")),
        (
            _("Disclosure control"),
            _(
                "Cells marked %(label)s are withheld by the disclosure rules (too few persons "
                "or organisations, dominance by the largest organisations, or secondary "
                "suppression)."
            )
            % {"label": suppressed_label(table.lang)},
        ),
        (_("Created"), datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")),
    ]


def xlsx_bytes(table: Published) -> bytes:
    """The table as an Excel workbook (see the module docstring)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    with translation.override(table.lang):
        columns = _columns(table)
        label = suppressed_label(table.lang)
        book = Workbook()
        sheet = book.active
        sheet.title = _("data")
        sheet.append([safe_text(str(column.label)) for column in columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        italic = Font(italic=True)
        for index, row in enumerate(table.rows(), start=2):
            withheld = bool(row.get("suppressed"))
            for position, column in enumerate(columns, start=1):
                value = row.get(column.name)
                cell = sheet.cell(row=index, column=position)
                if value is None and withheld and column.kind not in {"code", "text", "url"}:
                    cell.value = label
                    cell.font = italic
                    continue
                cell.value = _cell(value) if column.kind != "bool" else value
                if column.kind in _NUMBER_FORMATS and isinstance(value, int | float):
                    cell.number_format = _NUMBER_FORMATS[column.kind]
        for position, column in enumerate(columns, start=1):
            letter = sheet.cell(row=1, column=position).column_letter
            sheet.column_dimensions[letter].width = max(10, min(48, len(str(column.label)) + 4))
        sheet.freeze_panes = "A2"
        about = book.create_sheet(_("about"))
        for key, text in _about(table):
            about.append([key, safe_text(text)])
        about.append([])
        about.append([_("Field name"), _("Column")])
        for column in columns:
            about.append([column.name, safe_text(str(column.label))])
        about.column_dimensions["A"].width = 28
        about.column_dimensions["B"].width = 100
        buffer = io.BytesIO()
        book.save(buffer)
    return buffer.getvalue()


def parquet_bytes(table: Published) -> bytes:
    """The table as Parquet with its provenance in the schema metadata."""
    definition = table.definition
    metadata = {
        "ecc_atlas.table": definition.name,
        "ecc_atlas.filters": json.dumps(table.filters.query()),
        "ecc_atlas.lang": table.lang,
        "ecc_atlas.synthetic": json.dumps(table.synthetic),
        "ecc_atlas.sources": json.dumps(table.sources, ensure_ascii=False),
        "ecc_atlas.method": str(definition.method),
    }
    arrow: pa.Table = table.table.replace_schema_metadata(
        {**(table.table.schema.metadata or {}), **metadata}
    )
    buffer = io.BytesIO()
    pq.write_table(arrow, buffer, compression="zstd")
    return buffer.getvalue()

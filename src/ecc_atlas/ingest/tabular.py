"""Reading CSV and XLSX tables from hostile files, one row at a time.

* **Format** is decided by the content, not the name: ``PK`` (a zip) is XLSX, an OLE2
  header is the old binary ``.xls`` (refused: save as ``.xlsx`` or CSV), anything else is CSV.
* **CSV**: UTF-8, UTF-8 with a byte-order mark or Windows-1252 (the whole file is checked
  before reading, so an ``ä`` on line 90,000 cannot surprise the reader); the delimiter
  (``;``, ``,``, tab or ``|``) is sniffed from the header line, outside quotes. A row counts
  as in a text editor: the line on which the record starts.
* **XLSX** is opened with openpyxl in read-only mode after a look at the zip directory: a
  workbook whose parts unpack to more than ``max_xlsx_uncompressed_bytes`` (an "XLSX bomb"),
  or with absurdly many parts, is refused before any XML is parsed. (Python's zipfile stops
  at the declared size of each part and checks its CRC, so the declared sizes cannot lie.)
  Formulas are never evaluated: the workbook is read with ``data_only=False``, so a formula
  cell gives its formula text (``=SUM(A1:A3)``), which the importers store as text or refuse
  where a number or code is expected, and flag.
* **Size**: the file at most ``max_table_bytes``, at most ``max_table_rows`` rows and
  ``max_table_columns`` columns (:class:`~ecc_atlas.ingest.readers.Limits`).

Blank rows are skipped. The first non-blank row is the header.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import warnings
import zipfile
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ecc_atlas.ingest.errors import IngestError
from ecc_atlas.ingest.readers import Limits

__all__ = [
    "MAX_XLSX_PARTS",
    "RawTable",
    "cell_is_blank",
    "csv_text",
    "detect_file_encoding",
    "file_kind",
    "open_tables",
    "sniff_delimiter",
]

#: Most parts (files) an XLSX zip may hold; a real workbook has a few dozen.
MAX_XLSX_PARTS = 10_000
_CHUNK = 1 << 20
_DELIMITERS = (";", ",", "\t", "|")
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

Progress = Callable[[int, int], None]


@dataclass
class RawTable:
    """One table of a file: its header and its data rows, read lazily.

    Attributes:
        name: Name used in errors: ``"file.csv"`` or ``"file.xlsx, sheet 'data'"``.
        sheet: The sheet name (XLSX) or None (CSV).
        header: The header cells as text (stripped; blank for an empty cell).
        header_row: The 1-based row number of the header.
        rows: Yields ``(row_number, cells)`` for every non-blank data row; cells are str
            (CSV) or the cell values openpyxl gives (str, int, float, bool, datetime, None).
        total_rows: Rows of the table (an estimate for XLSX), for progress bars.
        detail: How the file was read (encoding and delimiter, or "xlsx").
    """

    name: str
    sheet: str | None
    header: list[str]
    header_row: int
    rows: Generator[tuple[int, list[Any]], None, None]
    total_rows: int | None = None
    detail: dict[str, str] = field(default_factory=dict)


def _undecodable(name: str, row: int) -> IngestError:
    return IngestError.single(
        name, "text in UTF-8 or Windows-1252 (re-save the file as UTF-8 CSV)", row=row
    )


def cell_is_blank(value: object) -> bool:
    """True for None and for text that is empty or only whitespace."""
    return value is None or (isinstance(value, str) and not value.strip())


def file_kind(path: Path) -> str:
    """``"xlsx"``, ``"xls"`` (old binary Excel) or ``"csv"``, from the first bytes."""
    with open(path, "rb") as handle:
        head = handle.read(8)
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    if head == _OLE2:
        return "xls"
    return "csv"


def detect_file_encoding(path: Path) -> tuple[str, int]:
    """Check the whole file; return (``utf-8-sig`` | ``utf-8`` | ``cp1252``, line count).

    A file that is neither UTF-8 nor Windows-1252 raises :class:`IngestError` naming the line.
    """
    decoder = codecs.getincrementaldecoder("utf-8")()
    utf8 = True
    lines = 0
    with open(path, "rb") as handle:
        first = handle.read(3)
        handle.seek(0)
        for chunk in iter(lambda: handle.read(_CHUNK), b""):
            lines += chunk.count(b"\n")
            if utf8:
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError:
                    utf8 = False
        if utf8:
            try:
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                utf8 = False
        if utf8:
            return ("utf-8-sig" if first == codecs.BOM_UTF8 else "utf-8"), lines
        handle.seek(0)
        line = 1
        for chunk in iter(lambda: handle.read(_CHUNK), b""):
            try:
                chunk.decode("cp1252")
            except UnicodeDecodeError as exc:
                raise _undecodable(path.name, line + chunk[: exc.start].count(b"\n")) from None
            line += chunk.count(b"\n")
    return "cp1252", lines


def sniff_delimiter(line: str) -> str:
    """The delimiter that occurs most often outside quotes in a header line (``,`` if none)."""
    counts = dict.fromkeys(_DELIMITERS, 0)
    quoted = False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _check_columns(name: str, width: int, row: int, limits: Limits) -> None:
    if width > limits.max_table_columns:
        raise IngestError.single(
            name, f"at most {limits.max_table_columns} columns", row=row, found=width
        )


def _row_limit(name: str, limits: Limits) -> IngestError:
    return IngestError.single(
        name, f"at most {limits.max_table_rows:,} rows (split the file)".replace(",", " ")
    )


# -- CSV ------------------------------------------------------------------------------------
def _records(reader: Any, name: str) -> Iterator[tuple[int, list[str]]]:
    """Non-blank records of a csv reader with the line each starts on."""
    begin = 1
    try:
        for cells in reader:
            line, begin = begin, reader.line_num + 1
            if not all(cell_is_blank(c) for c in cells):
                yield line, cells
    except csv.Error as exc:
        raise IngestError.single(name, f"valid CSV ({exc})", row=begin) from None


def _read_csv(path: Path, limits: Limits, progress: Progress | None) -> RawTable:
    name = path.name
    encoding, lines = detect_file_encoding(path)  # the whole file decodes: checked here
    with open(path, encoding=encoding, newline="") as handle:
        first = next((ln for ln in handle.read(64 * 1024).splitlines() if ln.strip()), "")
        delimiter = sniff_delimiter(first)
        handle.seek(0)
        found = next(_records(csv.reader(handle, delimiter=delimiter, strict=True), name), None)
    if found is None:
        raise IngestError.single(name, "a header row and data rows (the file is empty)")
    header_row, header = found[0], [c.strip() for c in found[1]]
    _check_columns(name, len(header), header_row, limits)

    def rows() -> Generator[tuple[int, list[Any]], None, None]:
        count = 0
        with open(path, encoding=encoding, newline="") as handle:
            records = _records(csv.reader(handle, delimiter=delimiter, strict=True), name)
            next(records)  # the header
            for line, cells in records:
                count += 1
                if count > limits.max_table_rows:
                    raise _row_limit(name, limits)
                if progress is not None and count % 1000 == 0:
                    progress(count, lines)
                yield line, list(cells)
        if progress is not None:
            progress(count, count)

    return RawTable(
        name,
        None,
        header,
        header_row,
        rows(),
        total_rows=max(lines - header_row, 0),
        detail={"format": "csv", "encoding": encoding, "delimiter": delimiter},
    )


# -- XLSX -----------------------------------------------------------------------------------
def _check_zip(path: Path, limits: Limits) -> None:
    name = path.name
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise IngestError.single(name, f"a valid XLSX workbook ({exc})") from None
    if len(parts) > MAX_XLSX_PARTS:
        raise IngestError.single(
            name, f"an XLSX workbook of at most {MAX_XLSX_PARTS} parts", found=len(parts)
        )
    unpacked = sum(p.file_size for p in parts)
    if unpacked > limits.max_xlsx_uncompressed_bytes:
        mb = limits.max_xlsx_uncompressed_bytes // (1024 * 1024)
        raise IngestError.single(
            name,
            f"an XLSX workbook that unpacks to at most {mb} MB (is it an XLSX bomb? "
            "save the data as CSV)",
            found=f"{unpacked / (1024 * 1024):.0f} MB",
        )


def _cell(value: Any) -> Any:
    """An openpyxl value as a plain one: formula objects become their formula text."""
    if value is None or isinstance(value, str | int | float):
        return value
    formula = getattr(value, "text", None)
    if isinstance(formula, str):  # ArrayFormula, DataTableFormula
        return formula if formula.startswith("=") else "=" + formula
    return value


def _xlsx_rows(
    sheet: Any, name: str, limits: Limits, progress: Progress | None, total: int | None
) -> tuple[list[str], int, Generator[tuple[int, list[Any]], None, None]]:
    width = limits.max_table_columns + 1
    header: list[str] | None = None
    header_row = 0
    for number, values in enumerate(sheet.iter_rows(values_only=True, max_col=width), start=1):
        cells = [_cell(v) for v in values]
        if all(cell_is_blank(c) for c in cells):
            continue
        while cells and cell_is_blank(cells[-1]):
            cells.pop()
        _check_columns(name, len(cells), number, limits)
        header = ["" if c is None else str(c).strip() for c in cells]
        header_row = number
        break
    if header is None:
        return [], 0, _no_rows()
    # Data rows: one column more than the header, to notice values beyond it.
    data = sheet.iter_rows(min_row=header_row + 1, max_col=len(header) + 1, values_only=True)
    iterator = enumerate(data, start=header_row + 1)

    def rows() -> Generator[tuple[int, list[Any]], None, None]:
        count = 0
        for number, values in iterator:
            cells = [_cell(v) for v in values]
            if all(cell_is_blank(c) for c in cells):
                continue
            while cell_is_blank(cells[-1]):
                cells.pop()
            count += 1
            if count > limits.max_table_rows:
                raise _row_limit(name, limits)
            if progress is not None and count % 1000 == 0:
                progress(count, total or count)
            yield number, cells
        if progress is not None:
            progress(count, count)

    return header, header_row, rows()


def _no_rows() -> Generator[tuple[int, list[Any]], None, None]:
    yield from ()


def _read_xlsx(path: Path, limits: Limits, progress: Progress | None) -> tuple[Any, list[RawTable]]:
    import openpyxl

    _check_zip(path, limits)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles and extensions
            book = openpyxl.load_workbook(
                path, read_only=True, data_only=False, keep_links=False, keep_vba=False
            )
    except Exception as exc:  # openpyxl raises many kinds on a damaged workbook
        raise IngestError.single(
            path.name, f"a valid XLSX workbook ({type(exc).__name__}: {exc})"
        ) from None
    tables = []
    try:
        tables = _sheets(book, path, limits, progress)
    except BaseException:
        book.close()
        raise
    return book, tables


def _sheets(book: Any, path: Path, limits: Limits, progress: Progress | None) -> list[RawTable]:
    tables = []
    for sheet in book.worksheets:
        name = f"{path.name}, sheet {sheet.title!r}"
        total = sheet.max_row if isinstance(sheet.max_row, int) else None
        if total is not None and total > limits.max_table_rows + 1000:
            raise _row_limit(name, limits)
        header, header_row, rows = _xlsx_rows(sheet, name, limits, progress, total)
        if header:
            detail = {"format": "xlsx", "sheet": sheet.title}
            tables.append(
                RawTable(name, sheet.title, header, header_row, rows, total, detail=detail)
            )
    return tables


@contextlib.contextmanager
def open_tables(
    path: str | Path, *, limits: Limits | None = None, progress: Progress | None = None
) -> Iterator[list[RawTable]]:
    """The tables of a CSV file (one) or an XLSX workbook (one per non-empty sheet).

    A context manager: the workbook is closed at the end of the block. ``progress``, if
    given, is called with ``(rows read, rows in total)`` while rows are read.
    """
    path = Path(path)
    limits = limits or Limits.from_env()
    if not path.is_file():
        raise IngestError.single(str(path), "an existing file")
    size = path.stat().st_size
    if size > limits.max_table_bytes:
        mb = limits.max_table_bytes / (1024 * 1024)
        raise IngestError.single(
            path.name,
            f"a file of at most {mb:.1f} MB (set ECC_ATLAS_MAX_JSON_BYTES to allow more)",
            found=f"{size / (1024 * 1024):.1f} MB",
        )
    kind = file_kind(path)
    if kind == "xls":
        raise IngestError.single(
            path.name, "an .xlsx workbook or a CSV file (save the old .xls format as .xlsx)"
        )
    if kind == "csv":
        table = _read_csv(path, limits, progress)
        try:
            yield [table]
        finally:
            table.rows.close()
        return
    book, tables = _read_xlsx(path, limits, progress)
    try:
        yield tables
    finally:
        book.close()


def csv_text(rows: list[list[str]], *, delimiter: str = ";") -> str:
    """Rows as CSV text (used by the templates)."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()

"""Templates of the CSV/XLSX deliveries: an empty workbook (or CSV header) to fill in.

The XLSX template has one sheet per table with the header in row 1 (bold, frozen), code and
text columns formatted as text (so that Excel keeps ``0114`` and ``45-49`` as typed),
drop-down lists for columns with fixed values (kept on a hidden sheet ``lists``), and a
sheet ``instructions`` describing every column. The importers skip ``instructions`` and
``lists``. The CSV template is the header line in UTF-8 with a byte-order mark and ``;`` as
delimiter (what Excel on Swedish Windows opens directly).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ecc_atlas.ingest.fields import TableSpec
from ecc_atlas.ingest.tabular import csv_text

__all__ = ["AUXILIARY_SHEETS", "TemplateSheet", "write_template"]

#: Sheets the importers never read as data.
AUXILIARY_SHEETS = frozenset({"instructions", "anvisningar", "readme", "lists", "listor"})
_VALIDATED_ROWS = 20_000


@dataclass(frozen=True)
class TemplateSheet:
    """One data sheet of a template: its title, the spec and the columns to show."""

    title: str
    spec: TableSpec
    columns: tuple[str, ...]
    about: str = ""


def _write_csv(path: Path, sheet: TemplateSheet) -> None:
    path.write_bytes(("\ufeff" + csv_text([list(sheet.columns)])).encode("utf-8"))


class _Book:
    """The workbook being written: data sheets, the instructions and the hidden lists."""

    def __init__(self, title: str, intro: Sequence[str]) -> None:
        from openpyxl import Workbook
        from openpyxl.styles import Font

        self.book = Workbook()
        self.bold = Font(bold=True)
        guide = self.book.active
        assert guide is not None
        guide.title = "instructions"
        self.guide = guide
        self.lists = self.book.create_sheet("lists")
        self.lists.sheet_state = "hidden"
        self.list_columns = 0
        guide.append([title])
        guide["A1"].font = Font(bold=True, size=14)
        for line in intro:
            guide.append([line])

    def _bold_row(self) -> None:
        for cell in self.guide[self.guide.max_row]:
            cell.font = self.bold

    def _drop_down(self, data: Any, letter: str, allowed: Sequence[str]) -> None:
        from openpyxl.utils import get_column_letter
        from openpyxl.worksheet.datavalidation import DataValidation

        self.list_columns += 1
        column = get_column_letter(self.list_columns)
        for row, value in enumerate(allowed, start=1):
            self.lists.cell(row, self.list_columns, value)
        rule = DataValidation(
            type="list",
            formula1=f"=lists!${column}$1:${column}${len(allowed)}",
            allow_blank=True,
        )
        rule.add(f"{letter}2:{letter}{_VALIDATED_ROWS}")
        data.add_data_validation(rule)

    def add(self, sheet: TemplateSheet) -> None:
        from openpyxl.utils import get_column_letter

        data = self.book.create_sheet(sheet.title)
        data.append(list(sheet.columns))
        data.freeze_panes = "A2"
        self.guide.append([])
        self.guide.append([f"Sheet '{sheet.title}'"])
        self._bold_row()
        if sheet.about:
            self.guide.append([sheet.about])
        self.guide.append(["column", "required", "meaning", "allowed values", "example"])
        self._bold_row()
        for index, name in enumerate(sheet.columns, start=1):
            spec = sheet.spec.field(name)
            letter = get_column_letter(index)
            data.cell(1, index).font = self.bold
            data.column_dimensions[letter].width = max(14, len(name) + 4)
            if not spec.numeric:
                data.column_dimensions[letter].number_format = "@"
            required = "yes" if not spec.nullable else ("column" if spec.required else "no")
            allowed = " | ".join(spec.allowed)
            self.guide.append([name, required, spec.description, allowed, spec.example])
            if spec.allowed:
                self._drop_down(data, letter, spec.allowed)

    def save(self, path: Path) -> None:
        from openpyxl.styles import Alignment

        for letter, width in zip("ABCDE", (22, 10, 70, 40, 24), strict=True):
            self.guide.column_dimensions[letter].width = width
        for row in self.guide.iter_rows(min_row=2):
            row[2].alignment = Alignment(wrap_text=True, vertical="top")
        end = len(self.book.sheetnames)
        self.book.move_sheet("instructions", offset=end)
        self.book.move_sheet("lists", offset=end)
        self.book.active = 0
        self.book.save(path)


def write_template(
    path: str | Path, title: str, intro: Sequence[str], sheets: Sequence[TemplateSheet]
) -> Path:
    """Write the template to ``path`` (``.xlsx``, or ``.csv`` for a one-sheet template)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        if len(sheets) != 1:
            raise ValueError("a CSV template holds one table; write an .xlsx template")
        _write_csv(path, sheets[0])
        return path
    if suffix != ".xlsx":
        raise ValueError(f"a template is .xlsx or .csv, not {path.suffix or 'no extension'!r}")
    book = _Book(title, intro)
    for sheet in sheets:
        book.add(sheet)
    book.save(path)
    return path

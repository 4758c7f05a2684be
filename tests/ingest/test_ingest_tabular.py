"""CSV/XLSX reading of hostile files: encodings, delimiters, bombs, limits, formulas, headers."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ecc_atlas.ingest.errors import IngestError
from ecc_atlas.ingest.fields import Field, RowConverter, TableSpec, as_float, as_int, as_text
from ecc_atlas.ingest.readers import Limits
from ecc_atlas.ingest.tabular import RawTable, open_tables, sniff_delimiter

Writer = Callable[..., Path]
ROWS = [["kommun", "namn", "antal"], ["1980", "Västerås", "12"], ["1983", "Köping", "3"]]


def _read(path: Path, **kwargs: Any) -> list[tuple[RawTable, list[tuple[int, list[Any]]]]]:
    """Every table of a file with its rows read."""
    with open_tables(path, **kwargs) as tables:
        return [(t, list(t.rows)) for t in tables]


def _rows(path: Path, **kwargs: Any) -> tuple[list[str], list[tuple[int, list[Any]]]]:
    ((table, rows),) = _read(path, **kwargs)
    return table.header, rows


@pytest.mark.parametrize(
    ("encoding", "bom"), [("utf-8", False), ("utf-8", True), ("cp1252", False)]
)
@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_encodings_and_delimiters(
    csv_file: Writer, tmp_path: Path, encoding: str, bom: bool, delimiter: str
) -> None:
    path = csv_file(tmp_path / "t.csv", ROWS, delimiter=delimiter, encoding=encoding, bom=bom)
    ((table, rows),) = _read(path)
    assert table.header == ["kommun", "namn", "antal"]
    assert [r for _, r in rows] == ROWS[1:]
    assert table.detail["delimiter"] == delimiter
    assert table.detail["encoding"] == ("utf-8-sig" if bom else encoding)


def test_sniffing_ignores_delimiters_inside_quotes() -> None:
    assert sniff_delimiter('"a;b;c",d,e') == ","
    assert sniff_delimiter('a;"b,c,d";e') == ";"
    assert sniff_delimiter("single") == ","


def test_rows_are_counted_as_lines_and_blank_rows_skipped(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text('\n\nkommun;namn\n1980;"Väster-\nås"\n\n1983;Köping\n', encoding="utf-8")
    header, rows = _rows(path)
    assert header == ["kommun", "namn"]
    assert [(n, r[0]) for n, r in rows] == [(4, "1980"), (7, "1983")]


def test_undecodable_bytes_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(b"a;b\n1;2\n3;\x81\x8d\n")  # neither UTF-8 nor Windows-1252
    with pytest.raises(IngestError) as caught:
        _read(path)
    assert caught.value.first.row == 3
    assert "UTF-8" in caught.value.first.expected


def test_broken_csv_quoting_names_the_row(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text('a,b\n1,2\n3,"x"y\n', encoding="utf-8")
    with pytest.raises(IngestError) as caught:
        _rows(path)
    assert caught.value.first.row == 3


def test_empty_and_old_excel_files_are_refused(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_text("\n \n", encoding="utf-8")
    with pytest.raises(IngestError, match="empty"):
        _read(empty)
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    with pytest.raises(IngestError, match=r"\.xlsx"):
        _read(old)
    with pytest.raises(IngestError, match="existing file"):
        _read(tmp_path / "missing.csv")


def test_size_row_and_column_limits(csv_file: Writer, tmp_path: Path) -> None:
    path = csv_file(tmp_path / "t.csv", ROWS)
    with pytest.raises(IngestError, match="ECC_ATLAS_MAX_JSON_BYTES"):
        _read(path, limits=Limits(max_table_bytes=10))
    with pytest.raises(IngestError, match="at most 1 rows"):
        _rows(path, limits=Limits(max_table_rows=1))
    with pytest.raises(IngestError, match="at most 2 columns"):
        _read(path, limits=Limits(max_table_columns=2))
    assert Limits.from_env({"ECC_ATLAS_MAX_JSON_BYTES": "99"}).max_table_bytes == 99


def test_xlsx_sheets_numbers_and_formulas(xlsx_file: Writer, tmp_path: Path) -> None:
    path = xlsx_file(
        tmp_path / "t.xlsx",
        {
            "data": [[], ["kommun", "namn", "antal"], [1980, '=HYPERLINK("x")', 12.0]],
            "empty": [],
        },
    )
    ((table, rows),) = _read(path)
    assert table.name == "t.xlsx, sheet 'data'"
    assert table.header_row == 2
    assert rows == [(3, [1980, '=HYPERLINK("x")', 12])]


def _bomb(path: Path, unpacked: int) -> Path:
    """A zip whose one part unpacks to ``unpacked`` bytes of spaces (a few KB packed)."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b" " * unpacked)
    return path


def test_xlsx_bomb_is_refused_before_parsing(tmp_path: Path) -> None:
    path = _bomb(tmp_path / "bomb.xlsx", 20 * 1024 * 1024)
    assert path.stat().st_size < 100_000
    with pytest.raises(IngestError, match="XLSX bomb") as caught:
        _read(path, limits=Limits(max_xlsx_uncompressed_bytes=10 * 1024 * 1024))
    assert "20 MB" in str(caught.value)


def test_damaged_xlsx_is_one_clear_error(tmp_path: Path) -> None:
    path = _bomb(tmp_path / "junk.xlsx", 10)
    with pytest.raises(IngestError, match="valid XLSX"):
        _read(path)
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(b"PK\x03\x04" + b"\0" * 50)
    with pytest.raises(IngestError, match="valid XLSX"):
        _read(cut)


SPEC = TableSpec(
    (
        Field("kommun", as_text, "kommun", aliases=("kommunkod",)),
        Field("namn", as_text, "name", text=True),
        Field("antal", as_int, "count", numeric=True),
        Field("andel", as_float, "share", required=False, nullable=True),
    )
)


def test_header_duplicates_and_missing_columns(csv_file: Writer, tmp_path: Path) -> None:
    path = csv_file(
        tmp_path / "t.csv", [["Kommun", "namn", "kommunkod", "extra"], ["1", "x", "2", ""]]
    )
    ((table, _),) = _read(path)
    with pytest.raises(IngestError) as caught:
        SPEC.match(table)
    issues = caught.value.issues
    assert (issues[0].row, issues[0].field) == (1, "kommunkod")
    assert "columns 1 ('Kommun') and 3 ('kommunkod')" in issues[0].expected
    assert (issues[1].field, issues[1].expected) == ("antal", "a column 'antal'")


def test_converter_names_row_and_field_and_flags_formulas(csv_file: Writer, tmp_path: Path) -> None:
    rows = [
        ["kommun", "namn", "antal", "andel", "okänd"],
        ["1980", "=1+1", "1 234", "0,45", "z"],
        ["1980", "ok", "=A1*2", "", ""],
        ["1980", "", "-1", "x", ""],
    ]
    ((table, read),) = _read(csv_file(tmp_path / "t.csv", rows, delimiter=";"))
    header = SPEC.match(table)
    assert header.ignored == ("okänd",)
    converter = RowConverter(SPEC, header)
    results = [converter.convert(n, cells) for n, cells in read]
    assert results[0] == ({"kommun": "1980", "namn": "=1+1", "antal": 1234, "andel": 0.45}, [])
    problems = results[1][1]
    assert [(p.row, p.field) for p in problems] == [(3, "antal")]
    assert "formula is never evaluated" in problems[0].expected
    assert [(p.row, p.field) for p in results[2][1]] == [(4, "namn"), (4, "antal"), (4, "andel")]
    assert "required" in results[2][1][0].expected
    note = converter.formula_note()
    assert note is not None
    assert "t.csv row 2 field 'namn'" in note

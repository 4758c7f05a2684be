"""Workforce deliveries: checks naming row and field, year replacement, idempotence, templates."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from openpyxl import load_workbook

from ecc_atlas.identifiers import luhn_check_digit
from ecc_atlas.ingest.errors import IngestError
from ecc_atlas.ingest.workforce import SCHEMA, import_workforce, write_workforce_template
from ecc_atlas.warehouse import Catalog
from ecc_atlas.warehouse.catalog import Staging

Writer = Callable[..., Path]
HEADER = SCHEMA.names


def org(n: int) -> str:
    """A valid organisation number of a legal person."""
    body = f"55600{n:04d}"
    return body + str(luhn_check_digit(body))


def cells(years: tuple[int, ...] = (2023, 2024), orgs: int = 2) -> list[list[Any]]:
    """Rows of a small delivery, header first."""
    rows: list[list[Any]] = [list(HEADER)]
    for i in range(orgs):
        for year in years:
            rows.append([org(i), year, "1980", "3113", "6", "45-49", "F", "SE", 3, 2.5])
            rows.append([org(i), year, "1983", "7411", "4", "25-29", "M", "foreign", 5, 5.0])
    return rows


def test_good_csv_with_semicolons_and_decimal_commas(
    catalog: Catalog, csv_file: Writer, tmp_path: Path
) -> None:
    rows = [[str(v).replace(".", ",") for v in r] for r in cells()]
    path = csv_file(tmp_path / "wf.csv", rows, delimiter=";", encoding="cp1252")
    summary = import_workforce(catalog, path, user="analyst")
    change = summary.datasets[0]
    assert (change.name, change.status, change.rows, change.rows_added) == (
        "workforce",
        "new",
        8,
        8,
    )
    table = catalog.read_arrow("workforce")
    assert table.schema.equals(SCHEMA.arrow())
    first = table.to_pylist()[0]
    assert first == {
        "org_number": org(0),
        "year": 2023,
        "kommun_code": "1980",
        "ssyk": "3113",
        "sun_level": "6",
        "age_band": "45-49",
        "gender": "F",
        "origin": "SE",
        "employees": 3,
        "full_year_equivalents": 2.5,
    }
    entry = catalog.entry("workforce")
    assert entry.synthetic is False
    assert entry.parameters["user"] == "analyst"
    assert entry.parameters["input_sha256"] == summary.input_sha256
    assert set(entry.parameters["partition_sources"]) == {"2023", "2024"}


def test_swedish_headers_and_values(catalog: Catalog, csv_file: Writer, tmp_path: Path) -> None:
    header = ["Orgnr", "År", "Kommun", "SSYK", "SUN", "Ålder", "Kön", "Bakgrund", "Antal", "FYE"]
    row = ["556004-1492", "2024", "1980", "2143", "7", "60–64", "K", "utrikes född", "1", "0,9"]
    path = csv_file(tmp_path / "wf.csv", [header, row], delimiter=";", bom=True)
    import_workforce(catalog, path)
    got = catalog.read_arrow("workforce").to_pylist()[0]
    assert (got["org_number"], got["age_band"], got["gender"], got["origin"]) == (
        "5560041492",
        "60-64",
        "F",
        "foreign",
    )


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("org_number", "556004-1493", "check digit"),
        ("year", 1850, "1990–2100"),
        ("kommun_code", "9999", "kommun code"),
        ("ssyk", "3913", "SSYK"),
        ("sun_level", "8", "SUN 2020"),
        ("age_band", "45-50", "age band"),
        ("age_band", "45 - 49", "age band"),
        ("gender", "X", "F or M"),
        ("origin", "mars", "SE or foreign"),
        ("employees", -1, "≥ 0"),
        ("employees", "=B2*2", "formula is never evaluated"),
        ("employees", "", "required"),
        ("full_year_equivalents", 5.3, "at most 1.05 × employees (5) = 5.25"),
        ("full_year_equivalents", "abc", "a number"),
    ],
)
def test_bad_values_name_row_and_field(
    catalog: Catalog, xlsx_file: Writer, tmp_path: Path, column: str, value: Any, message: str
) -> None:
    rows = cells()
    rows[2][HEADER.index(column)] = value
    path = xlsx_file(tmp_path / "wf.xlsx", {"workforce": rows})
    with pytest.raises(IngestError) as caught:
        import_workforce(catalog, path)
    issue = caught.value.first
    assert (issue.file, issue.row, issue.field) == ("wf.xlsx, sheet 'workforce'", 3, column)
    assert message in issue.expected
    assert not catalog.manifest_path.exists()


def test_fye_tolerance_boundary(catalog: Catalog, csv_file: Writer, tmp_path: Path) -> None:
    rows = cells(years=(2024,), orgs=1)
    rows[1][-1] = 3.15  # exactly 1.05 × 3
    import_workforce(catalog, csv_file(tmp_path / "wf.csv", rows))
    assert catalog.entry("workforce").rows == 2


def test_structure_problems(catalog: Catalog, csv_file: Writer, tmp_path: Path) -> None:
    rows = cells()
    rows.append(list(rows[3]))
    with pytest.raises(IngestError) as caught:
        import_workforce(catalog, csv_file(tmp_path / "dup.csv", rows))
    assert caught.value.first.row == len(rows)
    assert "row 4 has the same" in caught.value.first.expected
    missing = [r[:-1] for r in cells()]
    with pytest.raises(IngestError) as caught:
        import_workforce(catalog, csv_file(tmp_path / "missing.csv", missing))
    assert (caught.value.first.row, caught.value.first.field) == (1, "full_year_equivalents")
    double = cells()
    double[0] = [*double[0][:-1], "employees"]
    with pytest.raises(IngestError, match="each column once"):
        import_workforce(catalog, csv_file(tmp_path / "double.csv", double))
    with pytest.raises(IngestError, match="data row"):
        import_workforce(catalog, csv_file(tmp_path / "header.csv", cells()[:1]))


def test_a_delivery_replaces_its_years_and_keeps_the_others(
    catalog: Catalog, csv_file: Writer, tmp_path: Path
) -> None:
    import_workforce(catalog, csv_file(tmp_path / "a.csv", cells(years=(2022, 2023))))
    newer = cells(years=(2023, 2024), orgs=1)
    summary = import_workforce(catalog, csv_file(tmp_path / "b.csv", newer))
    change = summary.datasets[0]
    assert (change.status, change.rows_added, change.rows_replaced) == ("replaced", 4, 4)
    table = catalog.read_arrow("workforce")
    years = table.column("year").to_pylist()
    assert (years.count(2022), years.count(2023), years.count(2024)) == (4, 2, 2)
    sources = catalog.entry("workforce").parameters["partition_sources"]
    assert sources["2022"]["input"].endswith("a.csv")
    assert sources["2023"]["input"].endswith("b.csv")


def test_same_file_twice_changes_nothing_and_a_correction_replaces(
    catalog: Catalog, csv_file: Writer, tmp_path: Path
) -> None:
    path = csv_file(tmp_path / "wf.csv", cells())
    import_workforce(catalog, path, user="u")
    manifest = catalog.manifest_path.read_bytes()
    again = import_workforce(catalog, path, user="u")
    assert again.datasets[0].status == "unchanged"
    assert not again.changed
    assert catalog.manifest_path.read_bytes() == manifest
    corrected = cells()
    corrected[1][HEADER.index("employees")] = 4
    summary = import_workforce(catalog, csv_file(tmp_path / "wf2.csv", corrected), user="u")
    assert summary.datasets[0].status == "replaced"
    assert catalog.read_arrow("workforce").column("employees").to_pylist()[0] == 4


def test_synthetic_dataset_is_replaced_whole(
    catalog: Catalog, csv_file: Writer, tmp_path: Path
) -> None:
    demo = SCHEMA.table([dict(zip(HEADER, r, strict=True)) for r in cells(years=(2015,))[1:]])
    catalog.write("workforce", demo, source="demo", synthetic=True)
    summary = import_workforce(catalog, csv_file(tmp_path / "wf.csv", cells(years=(2024,))))
    assert "synthetic demo data" in summary.notes[0]
    assert set(catalog.read_arrow("workforce").column("year").to_pylist()) == {2024}
    assert catalog.entry("workforce").synthetic is False


def test_failure_while_writing_leaves_the_warehouse_as_it_was(
    catalog: Catalog, csv_file: Writer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import_workforce(catalog, csv_file(tmp_path / "a.csv", cells(years=(2023,))))
    manifest = catalog.manifest_path.read_bytes()
    real_write = Staging.write

    def write_then_crash(self: Staging, name: str, table: pa.Table, **kwargs: Any) -> Any:
        real_write(self, name, table, **kwargs)  # the Parquet file is in place …
        raise RuntimeError("killed")  # … but the manifest is never replaced

    monkeypatch.setattr(Staging, "write", write_then_crash)
    with pytest.raises(RuntimeError, match="killed"):
        import_workforce(catalog, csv_file(tmp_path / "b.csv", cells(years=(2024,))))
    assert catalog.manifest_path.read_bytes() == manifest
    assert set(catalog.read_arrow("workforce").column("year").to_pylist()) == {2023}


def test_dry_run_writes_nothing(catalog: Catalog, csv_file: Writer, tmp_path: Path) -> None:
    summary = import_workforce(catalog, csv_file(tmp_path / "wf.csv", cells()), dry_run=True)
    assert summary.datasets[0].status == "dry run"
    assert summary.datasets[0].rows == 8
    assert not catalog.manifest_path.exists()


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_template_round_trip(catalog: Catalog, tmp_path: Path, suffix: str) -> None:
    template = write_workforce_template(tmp_path / f"template{suffix}")
    rows = cells()[1:]
    if suffix == ".xlsx":
        book = load_workbook(template)
        assert book.sheetnames == ["workforce", "instructions", "lists"]
        assert [c.value for c in book["workforce"][1]] == HEADER
        for row in rows:
            book["workforce"].append(row)
        book.save(tmp_path / "filled.xlsx")
        filled = tmp_path / "filled.xlsx"
    else:
        text = template.read_text(encoding="utf-8-sig")
        assert text.strip() == ";".join(HEADER)
        body = "".join(";".join(str(v) for v in r) + "\n" for r in rows)
        filled = tmp_path / "filled.csv"
        filled.write_text(text + body, encoding="utf-8-sig")
    summary = import_workforce(catalog, filled)
    assert summary.datasets[0].rows == len(rows)

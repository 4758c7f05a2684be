"""Education programmes: checks, provider × year replacement, formulas as text, templates."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from ecc_atlas.ingest.errors import IngestError
from ecc_atlas.ingest.programmes import SCHEMA, import_programmes, write_programmes_template
from ecc_atlas.warehouse import Catalog

Writer = Callable[..., Path]
HEADER = SCHEMA.names


def rows(provider: str = "Aroshögskolan", years: tuple[int, ...] = (2023, 2024)) -> list[list[Any]]:
    """Rows of a small delivery, header first."""
    result: list[list[Any]] = [list(HEADER)]
    for year in years:
        first = [provider, "Högskoleingenjör i elkraft", "university", "6", "1980", year]
        result.append([*first, 50, 30, "2143", 0.45])
        result.append(
            [provider, "Elkraftingenjör", "Yrkeshögskola", 5, "1980", year, None, 20, "3113", "0,8"]
        )
    return result


def test_good_xlsx_with_swedish_level_and_blank_places(
    catalog: Catalog, xlsx_file: Writer, tmp_path: Path
) -> None:
    path = xlsx_file(tmp_path / "prog.xlsx", {"programmes": rows()})
    summary = import_programmes(catalog, path)
    assert summary.datasets[0].rows == 4
    table = catalog.read_arrow("programmes")
    assert table.schema.equals(SCHEMA.arrow())
    yh = next(r for r in table.to_pylist() if r["programme"] == "Elkraftingenjör")
    assert (yh["level"], yh["sun_level"], yh["places"], yh["retention_share"]) == (
        "yh",
        "5",
        None,
        0.8,
    )
    assert catalog.entry("programmes").classification_versions["education"] == "SUN 2020"


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("retention_share", 45, "45 % is 0.45"),
        ("retention_share", None, "required"),
        ("graduates", 2.5, "whole number"),
        ("level", "dagis", "upper_secondary"),
        ("sun_level", "2", "3–7"),
        ("ssyk", "99999", "SSYK"),
        ("kommun_code", "0000", "kommun"),
        ("year", "tjugo", "year"),
        ("provider", None, "required"),
    ],
)
def test_bad_values_name_row_and_field(
    catalog: Catalog, csv_file: Writer, tmp_path: Path, column: str, value: Any, message: str
) -> None:
    data = rows()
    data[3][HEADER.index(column)] = value
    with pytest.raises(IngestError) as caught:
        import_programmes(catalog, csv_file(tmp_path / "p.csv", data))
    issue = caught.value.first
    assert (issue.file, issue.row, issue.field) == ("p.csv", 4, column)
    assert message in issue.expected


def test_doctoral_programmes_lead_to_level_7(
    catalog: Catalog, csv_file: Writer, tmp_path: Path
) -> None:
    data = rows()
    data[1][HEADER.index("level")] = "forskarutbildning"
    with pytest.raises(IngestError) as caught:
        import_programmes(catalog, csv_file(tmp_path / "p.csv", data))
    assert (caught.value.first.row, caught.value.first.field) == (2, "sun_level")


def test_each_provider_replaces_only_its_own_years(
    catalog: Catalog, csv_file: Writer, tmp_path: Path
) -> None:
    import_programmes(catalog, csv_file(tmp_path / "a.csv", rows("Aroshögskolan")))
    import_programmes(catalog, csv_file(tmp_path / "b.csv", rows("Kraftcentrum YH")))
    corrected = rows("Aroshögskolan", years=(2024,))
    corrected[1][HEADER.index("graduates")] = 31
    summary = import_programmes(catalog, csv_file(tmp_path / "a2.csv", corrected))
    change = summary.datasets[0]
    assert (change.rows, change.rows_added, change.rows_replaced) == (8, 2, 2)
    table = catalog.read_arrow("programmes").to_pylist()
    assert sum(r["provider"] == "Kraftcentrum YH" for r in table) == 4
    aros_2024 = [
        r["graduates"] for r in table if r["provider"] == "Aroshögskolan" and r["year"] == 2024
    ]
    assert sorted(aros_2024) == [20, 31]
    sources = catalog.entry("programmes").parameters["partition_sources"]
    assert sources["Aroshögskolan | 2024"]["input"].endswith("a2.csv")
    assert sources["Aroshögskolan | 2023"]["input"].endswith("a.csv")


def test_formula_text_is_kept_flagged_and_idempotent(
    catalog: Catalog, xlsx_file: Writer, tmp_path: Path
) -> None:
    data = rows()
    data[1][HEADER.index("programme")] = '=HYPERLINK("http://evil")'
    path = xlsx_file(tmp_path / "p.xlsx", {"programmes": data})
    summary = import_programmes(catalog, path)
    assert any("start with '='" in n and "row 2 field 'programme'" in n for n in summary.notes)
    names = catalog.read_arrow("programmes").column("programme").to_pylist()
    assert '=HYPERLINK("http://evil")' in names
    manifest = catalog.manifest_path.read_bytes()
    assert import_programmes(catalog, path).datasets[0].status == "unchanged"
    assert catalog.manifest_path.read_bytes() == manifest


def test_workbook_with_several_sheets_needs_the_named_one(
    catalog: Catalog, xlsx_file: Writer, tmp_path: Path
) -> None:
    path = xlsx_file(tmp_path / "p.xlsx", {"a": rows(), "b": rows()})
    with pytest.raises(IngestError, match="a sheet named 'programmes'"):
        import_programmes(catalog, path)
    path = xlsx_file(tmp_path / "q.xlsx", {"notes": [["x"]], "utbildningar": rows()})
    assert import_programmes(catalog, path).datasets[0].rows == 4


def test_template_round_trip(catalog: Catalog, tmp_path: Path) -> None:
    template = write_programmes_template(tmp_path / "template.xlsx")
    book = load_workbook(template)
    sheet = book["programmes"]
    assert [c.value for c in sheet[1]] == HEADER
    assert book["lists"].sheet_state == "hidden"
    assert "retention_share" in [c.value for c in book["instructions"]["A"]]
    for row in rows()[1:]:
        sheet.append(row)
    book.save(tmp_path / "filled.xlsx")
    assert import_programmes(catalog, tmp_path / "filled.xlsx").datasets[0].rows == 4
    with pytest.raises(ValueError, match=r"\.xlsx or \.csv"):
        write_programmes_template(tmp_path / "template.ods")

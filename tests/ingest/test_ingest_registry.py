"""Registry files without a database: flat CSV, sheets, consistency, codes, the template."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from ecc_atlas.identifiers import luhn_check_digit
from ecc_atlas.ingest.convert import Invalid
from ecc_atlas.ingest.errors import IngestError
from ecc_atlas.ingest.registry import read_registry, write_registry_template
from ecc_atlas.ingest.registry_spec import as_legal_org_number, as_segments, as_sni

Writer = Callable[..., Path]
FLAT = ["org_number", "name", "segments", "kommun_code", "workplace_name", "year", "included"]
FLAT += ["reason", "segment"]


def org(n: int) -> str:
    """A valid organisation number of a legal person, as NNNNNN-NNNN."""
    body = f"55600{n:04d}"
    return f"{body[:6]}-{body[6:]}{luhn_check_digit(body)}"


def flat_rows() -> list[list[Any]]:
    """Two organisations, three workplaces, three decisions, one flat table."""
    consult = [org(2), "Fiktiv Konsult AB", "Teknisk konsultverksamhet och FoU; grids", "1980"]
    return [
        FLAT,
        [org(1), "Fiktiva Kraft AB", "supply", "1980", "", 2023, "ja", "Elproduktion", "supply"],
        [org(1), "", "", "1983", "Köping", 2024, "ja", "Elproduktion", "supply"],
        [*consult, "", 2024, "nej", "Ingen energiverksamhet", ""],
    ]


def test_flat_csv_gives_organisations_workplaces_decisions(
    csv_file: Writer, tmp_path: Path
) -> None:
    data = read_registry(csv_file(tmp_path / "reg.csv", flat_rows(), delimiter=";"))
    one, two = (data.organisations[org(n).replace("-", "")] for n in (1, 2))
    assert one.values == {"name": "Fiktiva Kraft AB", "segments": ("supply",)}
    assert two.values["segments"] == ("engineering", "grids")
    assert [(w.org_number[-4:], w.kommun_code, w.name) for w in data.workplaces] == [
        (org(1)[-4:], "1980", None),
        (org(1)[-4:], "1983", "Köping"),
        (org(2)[-4:], "1980", None),
    ]
    decisions = [(d.year, d.included, d.segment) for d in data.decisions]
    assert decisions == [(2023, True, "supply"), (2024, True, "supply"), (2024, False, None)]
    assert data.rows == 3
    assert len(data.sha256) == 64


@pytest.mark.parametrize(
    ("row", "column", "value", "message"),
    [
        (2, "name", "Annat namn AB", "the same value as reg.csv row 2"),
        (2, "segments", "storage", "the same value as reg.csv row 2"),
        (2, "kommun_code", "", "a kommun code (the row describes a workplace)"),
        (2, "year", "", "a year (the row describes a decision)"),
        (2, "reason", "", "the reason"),
        (2, "included", "kanske", "ja|nej"),
        (2, "segment", "", "a segment (an included organisation)"),
        (2, "segment", "vätgas", "a segment code: supply|grids"),
        (3, "segments", "supply, månkraft", "a segment code"),
        (3, "org_number", "5560011234", "check digit"),
        (3, "year", "1850", "1990–2100"),
    ],
)
def test_bad_rows_name_row_and_field(
    csv_file: Writer, tmp_path: Path, row: int, column: str, value: str, message: str
) -> None:
    rows = flat_rows()
    rows[row][FLAT.index(column)] = value
    with pytest.raises(IngestError) as caught:
        read_registry(csv_file(tmp_path / "reg.csv", rows))
    issue = caught.value.first
    assert (issue.file, issue.row, issue.field) == ("reg.csv", row + 1, column)
    assert message in issue.expected


def test_same_workplace_or_decision_twice(csv_file: Writer, tmp_path: Path) -> None:
    rows = flat_rows()
    rows.append([org(1), "", "", "1983", "köping", "", "", "", ""])
    rows.append([org(2), "", "", "", "", 2024, "ja", "Omprövat", "grids"])
    with pytest.raises(IngestError) as caught:
        read_registry(csv_file(tmp_path / "reg.csv", rows))
    assert [(i.row, i.field) for i in caught.value.issues] == [
        (5, "workplace_name"),
        (6, "year"),
    ]
    assert "row 4 has" in caught.value.issues[1].expected


def test_every_data_sheet_is_read(xlsx_file: Writer, tmp_path: Path) -> None:
    path = xlsx_file(
        tmp_path / "reg.xlsx",
        {
            "organisations": [["orgnr", "namn"], [5560041492, "Fiktiv Myndighet"]],
            "decisions": [["org_number", "år", "ingår", "motivering"], ["556004-1492", 2024]],
            "instructions": [["ignored", "text"]],
        },
    )
    with pytest.raises(IngestError) as caught:
        read_registry(path)
    issue = caught.value.first
    assert (issue.file, issue.row, issue.field) == ("reg.xlsx, sheet 'decisions'", 2, "included")


def test_xlsx_organisation_numbers_typed_as_numbers(xlsx_file: Writer, tmp_path: Path) -> None:
    path = xlsx_file(
        tmp_path / "reg.xlsx",
        {
            "organisations": [
                ["orgnr", "namn", "typ", "sni"],
                [5560041492, "=CMD()", "Myndighet", 35.11],
            ]
        },
    )
    data = read_registry(path)
    record = data.organisations["5560041492"]
    assert record.values == {"name": "=CMD()", "kind": "authority", "sni_code": "35.11"}
    assert any("row 2 field 'name'" in note for note in data.notes)


@pytest.mark.parametrize(
    ("raw", "code"),
    [("35.11", "35.11"), ("3511", "35.11"), ("71123", "71.123"), ("35", "35"), (35.11, "35.11")],
)
def test_sni_codes(raw: Any, code: str) -> None:
    assert as_sni(raw) == code


@pytest.mark.parametrize("raw", ["04.1", "35.1111", "x", "00"])
def test_bad_sni_codes(raw: str) -> None:
    with pytest.raises(Invalid):
        as_sni(raw)


def test_segments_by_code_or_name_once_each() -> None:
    assert as_segments("Energilager | storage; HEAT") == ("storage", "heat")


def test_sole_traders_personal_numbers_are_not_stored() -> None:
    body = "800101123"
    personal = body + str(luhn_check_digit(body))
    with pytest.raises(Invalid, match="legal person"):
        as_legal_org_number(personal)


def test_missing_org_number_column_and_empty_file(csv_file: Writer, tmp_path: Path) -> None:
    with pytest.raises(IngestError) as caught:
        read_registry(csv_file(tmp_path / "reg.csv", [["namn"], ["X AB"]]))
    assert (caught.value.first.row, caught.value.first.field) == (1, "org_number")
    with pytest.raises(IngestError, match="data row"):
        read_registry(csv_file(tmp_path / "head.csv", [FLAT]))


def test_templates(tmp_path: Path) -> None:
    book = load_workbook(write_registry_template(tmp_path / "reg.xlsx"))
    assert book.sheetnames == ["organisations", "workplaces", "decisions", "instructions", "lists"]
    assert [c.value for c in book["decisions"][1]] == [
        "org_number",
        "year",
        "included",
        "reason",
        "segment",
    ]
    validations = book["organisations"].data_validations.dataValidation
    assert {str(v.sqref).split(":")[0] for v in validations} == {"C2", "F2", "G2"}
    header = write_registry_template(tmp_path / "reg.csv").read_text("utf-8-sig").strip()
    assert header.split(";")[:3] == ["org_number", "name", "kind"]
    assert header.split(";")[-1] == "segment"

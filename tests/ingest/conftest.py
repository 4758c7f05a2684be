"""Fixtures of the importer tests: a fresh warehouse, the hand-written data files, ad builders."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ecc_atlas.warehouse import Catalog

DATA = Path(__file__).parent / "data"

AdFactory = Callable[..., dict[str, Any]]


@pytest.fixture
def data_dir() -> Path:
    """Folder of the hand-written fixture files."""
    return DATA


@pytest.fixture
def catalog(tmp_path: Path) -> Catalog:
    """An empty warehouse."""
    return Catalog(tmp_path / "warehouse")


def build_ad(
    ad_id: int | str = 1,
    *,
    headline: str = "Elektriker till växande elnätsföretag",
    employer: str = "Fiktiva Elnät AB",
    org_number: str | None = "5566778899",
    kommun: str | None = "1980",
    region: str | None = "19",
    ssyk: str | None = "7411",
    published: str = "2024-03-01T00:00:00",
    vacancies: Any = 1,
) -> dict[str, Any]:
    """A job ad in the JobSearch format (the fields the importer reads, plus a few others)."""
    return {
        "id": str(ad_id),
        "external_id": None,
        "headline": headline,
        "number_of_vacancies": vacancies,
        "description": {"text": "Fiktiv annons för tester.", "text_formatted": "<p>Fiktiv</p>"},
        "employer": {"organization_number": org_number, "name": employer, "workplace": "Fiktiv"},
        "occupation": {"concept_id": "x", "label": "Elinstallatör", "legacy_ams_taxonomy_id": "1"},
        "occupation_group": {
            "concept_id": "y",
            "label": "Elektriker",
            "legacy_ams_taxonomy_id": ssyk,
        },
        "workplace_address": {"municipality_code": kommun, "region_code": region},
        "publication_date": published,
        "last_publication_date": "2024-04-01T23:59:59",
        "removed": False,
    }


@pytest.fixture
def make_ad() -> AdFactory:
    """Build one JobSearch-format ad (see :func:`build_ad`)."""
    return build_ad


def write_jsonl(path: Path, records: list[Any], *, encoding: str = "utf-8") -> Path:
    """Write records as JSON Lines."""
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return path


@pytest.fixture
def jsonl() -> Callable[..., Path]:
    """Write records as JSON Lines (see :func:`write_jsonl`)."""
    return write_jsonl


TableWriter = Callable[..., Path]


def write_csv(
    path: Path,
    rows: list[list[Any]],
    *,
    delimiter: str = ",",
    encoding: str = "utf-8",
    bom: bool = False,
) -> Path:
    """Write rows as CSV text (values as str; None as an empty cell)."""
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerows([["" if v is None else v for v in row] for row in rows])
    data = buffer.getvalue().encode(encoding)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    return path


def write_xlsx(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    """Write sheets of rows as an XLSX workbook (strings starting with '=' are formulas)."""
    from openpyxl import Workbook

    book = Workbook()
    first = True
    for title, rows in sheets.items():
        sheet = book.active if first else book.create_sheet(title)
        assert sheet is not None
        sheet.title = title
        first = False
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


@pytest.fixture
def csv_file() -> TableWriter:
    """Write rows as a CSV file (see :func:`write_csv`)."""
    return write_csv


@pytest.fixture
def xlsx_file() -> TableWriter:
    """Write sheets as an XLSX workbook (see :func:`write_xlsx`)."""
    return write_xlsx

"""Yrkesbarometer: categories, codes, several SSYK per row, round replacement, URL input."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from ecc_atlas.ingest.errors import IngestError
from ecc_atlas.ingest.yrkesbarometer import import_yrkesbarometer, parse_yrkesbarometer
from ecc_atlas.warehouse import Catalog


def _rows(data_dir: Path) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = json.loads(
        (data_dir / "yrkesbarometer_2025_2.json").read_text("utf-8")
    )
    return rows


def _write(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    return path


def test_parse_fixture(data_dir: Path) -> None:
    table = parse_yrkesbarometer(_rows(data_dir), name="yb.json")
    rows = table.to_pylist()
    assert len(rows) == 4  # the electrician row lists two SSYK codes
    vm = next(r for r in rows if r["lan_code"] == "19" and r["ssyk"] == "3113")
    assert (vm["jobbmojligheter"], vm["rekryteringssituation"], vm["prognos"]) == (
        "stora",
        "brist",
        "öka",
    )
    assert vm["taxonomi_version"] == "24"
    assert vm["paradox"] == []
    assert sorted(r["ssyk"] for r in rows if r["yb_yrke"] == "Elektriker") == ["7411", "7412"]
    assert [r["lan_code"] for r in rows] == sorted(r["lan_code"] for r in rows)


@pytest.mark.parametrize(
    ("ssyk", "expected"),
    [
        ("3113", ["3113"]),
        (3113, ["3113"]),
        (["7411", 7412], ["7411", "7412"]),
        ("7411;7412", ["7411", "7412"]),
        ("0110", ["0110"]),
    ],
)
def test_ssyk_forms(data_dir: Path, ssyk: Any, expected: list[str]) -> None:
    row = _rows(data_dir)[0] | {"ssyk": ssyk}
    table = parse_yrkesbarometer([row], name="yb.json")
    assert table.column("ssyk").to_pylist() == expected


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("jobbmojligheter", "enorma", "små|medelstora|stora"),
        ("rekryteringssituation", "kaos", "överskott|balans|brist|paradox"),
        ("prognos", "öka mycket", "öka|vara oförändrad|minska"),
        ("lan", "99", "län code"),
        ("lan", 19.5, "län code"),
        ("ssyk", "9999", "SSYK"),
        ("ssyk", "31130", "SSYK"),
        ("ssyk", None, "SSYK"),
        ("omgang", "hösten", "round"),
        ("yb_yrke", None, "required"),
        ("antal_ssyk", "två", "whole number"),
        ("paradox", [1, 2], "list of texts"),
        ("yb_beskrivning", 5, "text"),
    ],
)
def test_bad_values_name_row_and_field(
    data_dir: Path, field: str, value: Any, message: str
) -> None:
    rows = _rows(data_dir)
    rows[2][field] = value
    with pytest.raises(IngestError) as caught:
        parse_yrkesbarometer(rows, name="yb.json")
    issue = caught.value.first
    assert (issue.file, issue.row, issue.field) == ("yb.json", 3, field)
    assert message in issue.expected


def test_lan_names_and_riket(data_dir: Path) -> None:
    rows = _rows(data_dir)[:1]
    for lan, code in [
        ("Västmanlands län", "19"),
        ("Västmanland", "19"),
        ("Riket", "00"),
        (19, "19"),
    ]:
        table = parse_yrkesbarometer([rows[0] | {"lan": lan}], name="yb.json")
        assert table.column("lan_code").to_pylist() == [code]


def test_categories_are_case_insensitive_and_null_allowed(data_dir: Path) -> None:
    row = _rows(data_dir)[0] | {"jobbmojligheter": "Stora", "prognos": None}
    table = parse_yrkesbarometer([row], name="yb.json")
    assert table.column("jobbmojligheter").to_pylist() == ["stora"]
    assert table.column("prognos").to_pylist() == [None]


def test_duplicate_rows_are_refused(data_dir: Path) -> None:
    rows = _rows(data_dir)
    rows.append(dict(rows[0]))
    with pytest.raises(IngestError) as caught:
        parse_yrkesbarometer(rows, name="yb.json")
    assert (caught.value.first.row, caught.value.first.field) == (4, "ssyk")
    assert "row 1" in caught.value.first.expected


def test_not_a_list(data_dir: Path) -> None:
    with pytest.raises(IngestError, match="JSON list"):
        parse_yrkesbarometer("x", name="yb.json")
    with pytest.raises(IngestError) as caught:
        parse_yrkesbarometer([_rows(data_dir)[0], 7], name="yb.json")
    assert caught.value.first.row == 2


def test_round_replacement_keeps_other_rounds(
    catalog: Catalog, data_dir: Path, tmp_path: Path
) -> None:
    rows = _rows(data_dir)
    older = [r | {"omgang": "2025-1", "prognos": "minska"} for r in rows[:2]]
    import_yrkesbarometer(catalog, _write(tmp_path / "r1.json", older), user="u")
    first = import_yrkesbarometer(catalog, _write(tmp_path / "r2.json", rows), user="u")
    assert first.datasets[0].rows == 2 + 4
    # A corrected 2025-2 file: one occupation fewer, one category changed.
    corrected = [r | {"prognos": "vara oförändrad"} for r in rows[:2]]
    again = import_yrkesbarometer(catalog, _write(tmp_path / "r2b.json", corrected), user="u")
    change = again.datasets[0]
    assert (change.rows, change.rows_added, change.rows_replaced) == (4, 2, 4)
    table = catalog.read_arrow("yrkesbarometer").to_pylist()
    by_round = {(r["omgang"], r["prognos"]) for r in table}
    assert by_round == {("2025-1", "minska"), ("2025-2", "vara oförändrad")}
    sources = catalog.entry("yrkesbarometer").parameters["round_sources"]
    assert sources["2025-1"]["input"].endswith("r1.json")
    assert sources["2025-2"]["input"].endswith("r2b.json")


def test_same_file_twice_is_unchanged(catalog: Catalog, data_dir: Path) -> None:
    path = data_dir / "yrkesbarometer_2025_2.json"
    first = import_yrkesbarometer(catalog, path, user="u")
    manifest = catalog.manifest_path.read_bytes()
    second = import_yrkesbarometer(catalog, path, user="u")
    assert second.datasets[0].status == "unchanged"
    assert second.datasets[0].checksum == first.datasets[0].checksum
    assert catalog.manifest_path.read_bytes() == manifest


def test_dry_run_and_errors_write_nothing(catalog: Catalog, data_dir: Path, tmp_path: Path) -> None:
    summary = import_yrkesbarometer(catalog, data_dir / "yrkesbarometer_2025_2.json", dry_run=True)
    assert summary.datasets[0].rows == 4
    rows = _rows(data_dir)
    rows[1]["lan"] = "42"
    with pytest.raises(IngestError):
        import_yrkesbarometer(catalog, _write(tmp_path / "bad.json", rows))
    assert not catalog.manifest_path.exists()


def test_cp1252_file(catalog: Catalog, data_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "excel.json"
    path.write_bytes(json.dumps(_rows(data_dir), ensure_ascii=False).encode("cp1252"))
    import_yrkesbarometer(catalog, path)
    prognoses = set(catalog.read_arrow("yrkesbarometer").column("prognos").to_pylist())
    assert prognoses == {"öka", "vara oförändrad"}


@dataclass
class _Response:
    status_code: int
    content: bytes

    def json(self) -> Any:
        return json.loads(self.content)


class _Session:
    def __init__(self, status: int, content: bytes) -> None:
        self.response = _Response(status, content)
        self.urls: list[str] = []

    def get(self, url: str, *, params: Any = None, timeout: Any = None) -> _Response:
        self.urls.append(url)
        return self.response

    def post(self, url: str, **kwargs: Any) -> _Response:
        raise AssertionError("no POST expected")


def test_from_url_with_a_recorded_response(catalog: Catalog, data_dir: Path) -> None:
    content = (data_dir / "yrkesbarometer_2025_2.json").read_bytes()
    session = _Session(200, content)
    url = "https://data.arbetsformedlingen.se/prognoser/yrkesbarometer.json"
    summary = import_yrkesbarometer(catalog, url, session=session)
    assert session.urls == [url]
    assert summary.input == url
    assert catalog.entry("yrkesbarometer").parameters["input"] == url
    with pytest.raises(IngestError, match="HTTP 200"):
        import_yrkesbarometer(catalog, url, session=_Session(503, b""))


def test_missing_file(catalog: Catalog, tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="existing file"):
        import_yrkesbarometer(catalog, tmp_path / "nothing.json")

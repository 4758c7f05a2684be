"""SCB importer: generic datasets, --as population, CSV, the API path; atomic and idempotent."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from ecc_atlas import reference
from ecc_atlas.ingest.base import DatasetWrite, Provenance, commit
from ecc_atlas.ingest.errors import IngestError
from ecc_atlas.ingest.pxweb import PxWebClient
from ecc_atlas.ingest.readers import sha256_file
from ecc_atlas.ingest.scb import import_scb_api, import_scb_file
from ecc_atlas.warehouse import Catalog
from ecc_atlas.warehouse.catalog import Staging


def _manifest(catalog: Catalog) -> bytes:
    return catalog.manifest_path.read_bytes() if catalog.manifest_path.exists() else b""


def test_generic_import_keeps_metadata_and_provenance(catalog: Catalog, data_dir: Path) -> None:
    path = data_dir / "tab638_population.json"
    summary = import_scb_file(catalog, path, dataset="scb_tab638", user="analyst")
    assert [(d.name, d.status, d.rows) for d in summary.datasets] == [("scb_tab638", "new", 6)]
    assert summary.notes
    assert "Cell-Key-Method" in summary.notes[0]
    entry = catalog.entry("scb_tab638")
    assert entry.source == "SCB TAB638"
    params = entry.parameters
    assert params["input"] == str(path.resolve())
    assert params["input_sha256"] == sha256_file(path)
    assert params["user"] == "analyst"
    assert params["importer"] == "scb"
    assert params["scb"]["table_id"] == "TAB638"
    assert params["scb"]["cell_key_method"] is True
    assert params["scb"]["dimensions"]["Region"]["label"] == "region"
    assert params["scb"]["updated"] == "2025-02-21T07:00:00Z"
    table = catalog.read_arrow("scb_tab638")
    assert table.column_names[:2] == ["Region", "Region_label"]
    assert table.column("value").null_count == 1


def test_same_file_twice_changes_nothing(catalog: Catalog, data_dir: Path) -> None:
    path = data_dir / "tab638_population.json"
    first = import_scb_file(catalog, path, dataset="scb_tab638", user="u")
    before = _manifest(catalog)
    second = import_scb_file(catalog, path, dataset="scb_tab638", user="u")
    assert second.datasets[0].status == "unchanged"
    assert not second.changed
    assert second.datasets[0].checksum == first.datasets[0].checksum
    assert _manifest(catalog) == before


def test_dry_run_writes_nothing(catalog: Catalog, data_dir: Path) -> None:
    summary = import_scb_file(
        catalog, data_dir / "tab638_population.json", as_population=True, dry_run=True
    )
    assert summary.dry_run
    assert summary.datasets[0].status == "dry run"
    assert summary.datasets[0].rows_replaced == 3
    assert not catalog.manifest_path.exists()


def test_dataset_name_is_required_and_contract_names_are_protected(
    catalog: Catalog, data_dir: Path
) -> None:
    path = data_dir / "tab638_population.json"
    with pytest.raises(IngestError, match="--dataset"):
        import_scb_file(catalog, path)
    with pytest.raises(IngestError, match="--as population"):
        import_scb_file(catalog, path, dataset="population")


def test_population_replaces_approximate_rows(catalog: Catalog, data_dir: Path) -> None:
    summary = import_scb_file(catalog, data_dir / "tab638_population.json", as_population=True)
    change = summary.datasets[0]
    assert (change.name, change.rows_added, change.rows_replaced) == ("population", 0, 3)
    assert summary.counts["national_skipped"] == 2
    assert summary.counts["null_skipped"] == 1
    table = catalog.read_arrow("population")
    assert table.schema.names == reference.population_table().schema.names
    assert table.num_rows == reference.population_table().num_rows
    rows = {(r["region_code"], r["year"]): r for r in table.to_pylist()}
    assert rows[("19", 2024)] == {
        "region_code": "19",
        "level": "lan",
        "year": 2024,
        "population": 282414,
        "approximate": False,
        "source": "SCB TAB638",
    }
    assert rows[("1980", 2023)]["population"] == 157000
    assert rows[("1980", 2024)]["approximate"] is True  # null in SCB's answer: kept
    assert rows[("01", 2024)]["approximate"] is True
    assert catalog.entry("population").classification_versions["region"]
    again = import_scb_file(catalog, data_dir / "tab638_population.json", as_population=True)
    assert again.datasets[0].status == "unchanged"


def test_population_from_v1_jsonstat(catalog: Catalog, data_dir: Path) -> None:
    import_scb_file(catalog, data_dir / "v1_jsonstat1.json", as_population=True)
    rows = {(r["region_code"], r["year"]): r for r in catalog.read_arrow("population").to_pylist()}
    assert rows[("1980", 2022)]["population"] == 155000
    assert rows[("1980", 2022)]["source"] == "SCB v1_jsonstat1"


def _population_doc(data_dir: Path) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads((data_dir / "tab638_population.json").read_text("utf-8"))
    return doc


def test_population_unknown_region_names_row_and_field(
    catalog: Catalog, data_dir: Path, tmp_path: Path
) -> None:
    doc = _population_doc(data_dir)
    doc["dimension"]["Region"]["category"]["index"] = {"00": 0, "19": 1, "9999": 2}
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(IngestError) as caught:
        import_scb_file(catalog, path, as_population=True)
    issue = caught.value.first
    assert (issue.file, issue.row, issue.field) == ("bad.json", 5, "Region")
    assert not catalog.manifest_path.exists()


def test_population_needs_totals_of_other_variables(
    catalog: Catalog, data_dir: Path, tmp_path: Path
) -> None:
    doc = _population_doc(data_dir)
    doc["id"].insert(1, "Kon")
    doc["size"].insert(1, 2)
    doc["dimension"]["Kon"] = {"label": "kön", "category": {"index": {"1": 0, "2": 1}}}
    doc["value"] = doc["value"] * 2
    path = tmp_path / "kon.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(IngestError) as caught:
        import_scb_file(catalog, path, as_population=True)
    assert caught.value.first.field == "Kon"


def test_pxweb_csv(catalog: Catalog, data_dir: Path) -> None:
    summary = import_scb_file(catalog, data_dir / "pxweb_population.csv", dataset="scb_csv")
    assert summary.datasets[0].rows == 4
    table = catalog.read_arrow("scb_csv")
    assert table.column_names == ["region", "heading", "value", "status"]
    assert table.column("value").to_pylist() == [281000.0, 282414.0, 157000.0, None]
    assert table.column("status").to_pylist() == [None, None, None, ".."]
    with pytest.raises(IngestError, match="JSON-stat"):
        import_scb_file(catalog, data_dir / "pxweb_population.csv", as_population=True)


def test_pxweb_csv_in_cp1252_with_semicolons(catalog: Catalog, tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    text = "år;region;Folkmängd\r\n2024;Västerås;158 000\r\n2024;Köping;26 500,5\r\n"
    path.write_bytes(text.encode("cp1252"))
    import_scb_file(catalog, path, dataset="cp", stub_columns=2)
    table = catalog.read_arrow("cp")
    assert table.column("region").to_pylist() == ["Västerås", "Köping"]
    assert table.column("value").to_pylist() == [158000.0, 26500.5]


def test_pxweb_csv_bad_cell_names_line_and_column(catalog: Catalog, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text('"region","2023","2024"\n"Sala","1","2"\n"Köping","3","x4"\n', "utf-8")
    with pytest.raises(IngestError) as caught:
        import_scb_file(catalog, path, dataset="bad", stub_columns=1)
    assert (caught.value.first.row, caught.value.first.field) == (3, "2024")


@dataclass
class _Response:
    status_code: int
    body: Any

    def json(self) -> Any:
        return self.body


class _RecordedSession:
    """Replays /config, metadata and one data response of the population fixture."""

    def __init__(self, data_dir: Path) -> None:
        self.data = _population_doc(data_dir)
        self.config = json.loads((data_dir / "pxweb_config.json").read_text("utf-8"))
        self.config["maxDataCells"] = 1000

    def get(self, url: str, *, params: Any = None, timeout: Any = None) -> _Response:
        if url.endswith("/config"):
            return _Response(200, self.config)
        meta = dict(self.data, value=[])
        return _Response(200, meta)

    def post(
        self, url: str, *, json: Any = None, params: Any = None, timeout: Any = None
    ) -> _Response:
        return _Response(200, self.data)


def test_api_import_as_population(catalog: Catalog, data_dir: Path) -> None:
    waited: list[float] = []
    client = PxWebClient(
        "https://pxweb.invalid/api/v2",
        _RecordedSession(data_dir),
        clock=lambda: sum(waited),
        sleep=waited.append,
    )
    summary = import_scb_api(catalog, "TAB638", client=client, as_population=True, user="u")
    assert summary.datasets[0].rows_replaced == 3
    params = catalog.entry("population").parameters
    assert params["input"].startswith("https://pxweb.invalid/api/v2/tables/TAB638/data")
    assert params["calls"] == 1
    again = import_scb_api(catalog, "TAB638", client=client, as_population=True, user="u")
    assert again.datasets[0].status == "unchanged"
    assert waited  # 2 calls per 10 s: the second import waited (on the fake clock)


def test_failure_inside_the_transaction_leaves_the_manifest(
    catalog: Catalog, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import_scb_file(catalog, data_dir / "tab638_population.json", dataset="first")
    before = _manifest(catalog)

    def broken(self: Staging, name: str, table: pa.Table, **kwargs: Any) -> Any:
        raise OSError("disk full")

    monkeypatch.setattr(Staging, "write", broken)
    with pytest.raises(OSError, match="disk full"):
        import_scb_file(catalog, data_dir / "tab638_population.json", as_population=True)
    assert _manifest(catalog) == before
    assert "population" not in catalog


def test_commit_of_several_datasets_is_all_or_nothing(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    table = pa.table({"x": [1, 2]})
    writes = [
        DatasetWrite("one", "test", 2, table=table),
        DatasetWrite("two", "test", 2, table=table),
    ]
    real_write = Staging.write

    def fail_second(self: Staging, name: str, table: pa.Table, **kwargs: Any) -> Any:
        if name == "two":
            raise RuntimeError("crash in the middle")
        return real_write(self, name, table, **kwargs)

    monkeypatch.setattr(Staging, "write", fail_second)
    provenance = Provenance("test", "memory", "0" * 64, "u")
    with pytest.raises(RuntimeError, match="crash in the middle"):
        commit(catalog, writes, provenance=provenance)
    assert catalog.entries() == {}
    monkeypatch.setattr(Staging, "write", real_write)
    summary = commit(catalog, writes, provenance=provenance)
    assert sorted(catalog.entries()) == ["one", "two"]
    assert [d.status for d in summary.datasets] == ["new", "new"]

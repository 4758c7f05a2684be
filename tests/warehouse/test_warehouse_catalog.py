from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pytest

from ecc_atlas.warehouse import Catalog, DatasetNotFound, WarehouseError, tables
from ecc_atlas.warehouse import catalog as catalog_module


def _table(n: int = 3) -> pa.Table:
    return pa.table({"region": [f"{i:02d}" for i in range(n)], "value": list(range(n))})


def test_write_and_read_back(tmp_path: Path) -> None:
    cat = Catalog(tmp_path)
    entry = cat.write(
        "pop",
        _table(),
        source="test",
        parameters={"table": "TAB638"},
        classification_versions={"regions": "2007"},
    )
    assert entry.rows == 3
    assert entry.columns == ("region", "value")
    assert cat.read_arrow("pop").equals(_table())
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert manifest["datasets"]["pop"]["parameters"] == {"table": "TAB638"}
    assert manifest["datasets"]["pop"]["classification_versions"] == {"regions": "2007"}


def test_same_content_is_idempotent(tmp_path: Path) -> None:
    cat = Catalog(tmp_path)
    first = cat.write("pop", _table(), source="test")
    before = (tmp_path / "manifest.json").read_bytes()
    second = cat.write("pop", _table(), source="test")
    assert first.checksum == second.checksum
    assert second.imported_at == first.imported_at
    assert (tmp_path / "manifest.json").read_bytes() == before
    assert len(list((tmp_path / "data" / "pop").iterdir())) == 1


def test_transaction_commits_all_or_nothing(tmp_path: Path) -> None:
    cat = Catalog(tmp_path)
    cat.write("a", _table(1), source="v1")

    def failing_import() -> None:
        with cat.transaction() as staging:
            staging.write("a", _table(5), source="v2")
            staging.write("b", _table(2), source="v2")
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        failing_import()
    assert set(cat.entries()) == {"a"}
    assert cat.entry("a").rows == 1
    with cat.transaction() as staging:
        staging.write("a", _table(5), source="v2")
        staging.write("b", _table(2), source="v2")
    assert {n: e.rows for n, e in cat.entries().items()} == {"a": 5, "b": 2}


def test_crash_while_writing_manifest_keeps_previous_state(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cat = Catalog(tmp_path)
    cat.write("a", _table(1), source="v1")
    real_replace = catalog_module.os.replace

    def failing_replace(src: str, dst: str | Path) -> None:
        if str(dst).endswith("manifest.json"):
            raise OSError("disk full")
        real_replace(src, dst)

    monkeypatch.setattr(catalog_module.os, "replace", failing_replace)
    with pytest.raises(OSError, match="disk full"):
        cat.write("a", _table(4), source="v2")
    monkeypatch.undo()
    assert cat.entry("a").rows == 1
    assert cat.read_arrow("a").num_rows == 1
    assert not list(tmp_path.glob(".manifest.json.*"))  # no temporary file left behind
    removed = cat.collect_garbage()
    assert len(removed) == 1  # the orphaned new version
    assert cat.read_arrow("a").num_rows == 1


def test_unknown_dataset_says_what_to_do(tmp_path: Path) -> None:
    cat = Catalog(tmp_path)
    with pytest.raises(DatasetNotFound, match="ecc-atlas init"):
        cat.entry("nope")


def test_corrupt_manifest_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "manifest.json").write_text("{not json")
    with pytest.raises(WarehouseError, match="not valid JSON"):
        Catalog(tmp_path).entries()


def test_bad_dataset_name(tmp_path: Path) -> None:
    with pytest.raises(WarehouseError, match="must be letters"):
        Catalog(tmp_path).write("../x", _table(), source="t")


def test_read_through_ibis_duckdb(tmp_path: Path) -> None:
    cat = Catalog(tmp_path)
    cat.write("pop", _table(4), source="test")
    t = tables(cat, ["pop"])["pop"]
    assert t.value.sum().execute() == 6


def test_remove_in_transaction(tmp_path: Path) -> None:
    cat = Catalog(tmp_path)
    cat.write("a", _table(1), source="v1")
    with cat.transaction() as staging:
        staging.remove("a")
    assert "a" not in cat

"""Samples tier: parse every real-world sample in $ECC_ATLAS_SAMPLES (CI sets it).

Each file is handed to the parser of its kind; a sample of a kind this test does not know
fails, so that a new sample gets a parser check.
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path

import pytest

from ecc_atlas.ingest import codes
from ecc_atlas.ingest.errors import IngestError
from ecc_atlas.ingest.jobtech import import_job_ads
from ecc_atlas.ingest.jsonstat import parse_jsonstat, read_categories
from ecc_atlas.ingest.pxweb import ApiConfig, parse_codelist, parse_table_list
from ecc_atlas.ingest.readers import read_json_file
from ecc_atlas.ingest.scb import import_scb_file
from ecc_atlas.warehouse import Catalog

SAMPLES = os.environ.get("ECC_ATLAS_SAMPLES", "")
_DOCS = {"NOTICE.md", "README.md"}


def _sample_files() -> list[Path]:
    if not SAMPLES:
        return []
    root = Path(SAMPLES)
    return sorted(p for p in root.rglob("*") if p.is_file() and p.name not in _DOCS)


FILES = _sample_files()
# In CI the tier must run: without ECC_ATLAS_SAMPLES there, the test fails instead of skipping.
skip_without_samples = pytest.mark.skipif(
    not SAMPLES and os.environ.get("CI") != "true",
    reason="set ECC_ATLAS_SAMPLES to the samples folder (CI does) to run this tier",
)


def _check_metadata(path: Path) -> None:
    doc, _ = read_json_file(path)
    for dim_id, size in zip(doc["id"], doc["size"], strict=True):
        found, labels = read_categories(path.name, dim_id, doc["dimension"][dim_id], size)
        assert len(found) == len(labels) == size
    with pytest.raises(IngestError, match="metadata"):
        parse_jsonstat(doc, name=path.name)


def _check_data(path: Path, tmp_path: Path) -> None:
    doc, _ = read_json_file(path)
    cube = parse_jsonstat(doc, name=path.name)
    table = cube.to_arrow()
    assert table.num_rows == math.prod(doc["size"])
    if any("CKM" in note for note in doc.get("note", [])):
        assert cube.cell_key_method
    catalog = Catalog(tmp_path / "warehouse")
    summary = import_scb_file(catalog, path, dataset="sample", user="ci")
    assert summary.datasets[0].rows == table.num_rows
    assert catalog.entry("sample").parameters["scb"]["table_id"] == cube.table_id


def _check_taxonomy(path: Path, tmp_path: Path) -> None:
    from ecc_atlas.ingest.jobtech_taxonomy import import_jobtech_taxonomy

    catalog = Catalog(tmp_path / "warehouse")
    summary = import_jobtech_taxonomy(catalog, path, user="ci")
    concepts = catalog.read_arrow("jobtech_taxonomy").to_pylist()
    assert summary.datasets[0].rows == len(concepts) > 9000
    groups_imported = [c for c in concepts if c["type"] == "ssyk-level-4"]
    assert len(groups_imported) == 400
    assert all(c["code"] and codes.is_ssyk_unit(c["code"]) for c in groups_imported)
    doc, _ = read_json_file(path)
    groups = list(doc["occupation-group"])
    assert groups
    assert [g for g in groups if not codes.is_ssyk_unit(g)] == []
    assert [k for k in doc["municipality"] if not codes.is_kommun(k)] == []
    assert [r for r in doc["region"] if not codes.is_lan(r)] == ["90"]  # "Ospecificerad"


def _check_ad(path: Path, tmp_path: Path) -> None:
    catalog = Catalog(tmp_path / "warehouse")
    summary = import_job_ads(catalog, path, user="ci")
    assert summary.datasets[0].rows >= 1
    row = catalog.read_arrow("job_ads").to_pylist()[0]
    assert row["ssyk"] is None or codes.is_ssyk_unit(row["ssyk"])
    assert row["source_format"] == "jobsearch"


@skip_without_samples
@pytest.mark.parametrize("path", FILES or [None], ids=lambda p: p.name if p else "none")
def test_sample_parses(path: Path | None, tmp_path: Path) -> None:
    assert path is not None
    name = path.name
    if name == "config.json":
        config = ApiConfig.from_json(json.loads(path.read_text("utf-8")))
        assert config.max_data_cells > 0
    elif name in ("search.json", "tables.json"):
        tables = parse_table_list(read_json_file(path)[0], name=name)
        assert tables
        assert all(t.id for t in tables)
    elif name.startswith("codelist_"):
        assert parse_codelist(read_json_file(path)[0], name=name)
    elif name.endswith("_metadata.json"):
        _check_metadata(path)
    elif name.endswith("_data.json"):
        _check_data(path, tmp_path)
    elif name.startswith("taxonomy_"):
        _check_taxonomy(path, tmp_path)
    elif name.startswith("ad_"):
        _check_ad(path, tmp_path)
    else:
        pytest.fail(f"no parser check for the sample {path}; add one to this test")

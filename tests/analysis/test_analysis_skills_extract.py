"""Mentions of many ads: Arrow batches, worker processes, JSON Lines files."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pytest

from ecc_atlas.analysis import AnalysisError
from ecc_atlas.analysis.skills_extract import (
    AD_SKILL_SCHEMA,
    MENTION_SCHEMA,
    ad_skills,
    auto_workers,
    extract_mentions,
    matcher_for,
    mentions_batch,
)
from ecc_atlas.analysis.skills_jsonl import (
    AD_META_SCHEMA,
    CSV_COLUMNS,
    ad_fields,
    extract_jsonl,
    iter_chunks,
    parse_jsonl,
)
from ecc_atlas.analysis.skills_text import ad_text
from ecc_atlas.demo.ads import generate_job_ads, jobsearch_record


@pytest.fixture(scope="module")
def ads() -> pa.Table:
    return generate_job_ads(7, ads_per_month=4.0)


def test_mentions_batch_schema_and_offsets(ads: pa.Table) -> None:
    batch = ads.slice(0, 50)
    mentions = mentions_batch(batch, matcher_for(), lang="en")
    assert mentions.schema == MENTION_SCHEMA
    texts = {r["ad_id"]: ad_text(r["headline"], r["description_text"]) for r in batch.to_pylist()}
    labels = {"relay_protection": "Relay protection and control"}
    for row in mentions.to_pylist():
        span = texts[row["ad_id"]][row["start"] : row["end"]]
        assert span, row
        if row["skill_id"] in labels:
            assert row["label"] == labels[row["skill_id"]]
    with pytest.raises(AnalysisError, match="description_text"):
        mentions_batch(pa.table({"ad_id": ["1"]}), matcher_for())


def test_parallel_results_equal_serial(ads: pa.Table) -> None:
    serial = extract_mentions(ads, workers=1)
    parallel = extract_mentions(ads, workers=2, batch_rows=100)
    assert parallel.equals(serial)
    assert serial.num_rows > 5 * ads.num_rows
    assert auto_workers(100) == 1
    assert auto_workers(10**6) >= 1


def test_ad_skills_keeps_the_strongest_section() -> None:
    mentions = pa.table(
        {
            "ad_id": ["1", "1", "1", "2", "2"],
            "skill_id": ["plc", "plc", "scada_dcs", "plc", "robotics"],
            "label": ["x"] * 5,
            "term": ["PLC"] * 5,
            "start": pa.array([0, 10, 20, 0, 5], pa.int32()),
            "end": pa.array([3, 13, 25, 3, 9], pa.int32()),
            "section": ["other", "merit", "merit", "requirement", "other"],
        },
        schema=MENTION_SCHEMA,
    )
    table = ad_skills(mentions)
    assert table.schema == AD_SKILL_SCHEMA
    assert table.to_pylist() == [
        {"ad_id": "1", "skill_id": "plc", "section": "merit", "mentions": 2},
        {"ad_id": "1", "skill_id": "scada_dcs", "section": "merit", "mentions": 1},
        {"ad_id": "2", "skill_id": "plc", "section": "requirement", "mentions": 1},
        {"ad_id": "2", "skill_id": "robotics", "section": "other", "mentions": 1},
    ]
    assert ad_skills(MENTION_SCHEMA.empty_table()).num_rows == 0


def test_ad_fields_reads_three_formats() -> None:
    jobsearch = {
        "id": 123,
        "headline": "Elektriker",
        "description": {"text": "ESA"},
        "occupation_group": {"legacy_ams_taxonomy_id": "7411"},
        "workplace_address": {"municipality_code": "1980", "region_code": "90"},
        "publication_date": "2024-03-01T08:00:00",
    }
    assert ad_fields(jobsearch) == ("123", "Elektriker", "ESA", "7411", "1980", "19", "2024-03-01")
    upper = {"PLATSNUMMER": 9, "PLATSRUBRIK": "H", "PLATSBESKRIVNING": "T", "KOMMUN_KOD": "180",
             "FORSTA_PUBLICERINGSDATUM": "2010-05-02"}  # fmt: skip
    assert ad_fields(upper) == ("9", "H", "T", None, "0180", "01", "2010-05-02")
    flat = {"ad_id": "x", "description_text": "T", "kommun_code": "1983", "ssyk": "7412"}
    assert ad_fields(flat) == ("x", None, "T", "7412", "1983", "19", None)
    assert ad_fields(["not", "an", "ad"]) is None
    assert ad_fields({"foo": 1}) is None


def _write_jsonl(path: Path, ads: pa.Table) -> list[dict]:
    rows = ads.to_pylist()
    lines = [json.dumps(jobsearch_record(r), ensure_ascii=False, default=str) for r in rows]
    lines.insert(3, "{broken json")
    lines.insert(7, json.dumps({"no_id": True}))
    lines.insert(9, "")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return rows


@pytest.mark.parametrize("workers", [1, 2])
def test_extract_jsonl_writes_the_csv(tmp_path: Path, ads: pa.Table, workers: int) -> None:
    subset = ads.slice(0, 120)
    path = tmp_path / "ads.jsonl"
    rows = _write_jsonl(path, subset)
    out = tmp_path / "mentions.csv"
    result = extract_jsonl(
        path, out_csv=out, workers=workers, chunk_bytes=20_000, keep_mentions=True
    )
    assert result.ads.schema == AD_META_SCHEMA
    assert result.ads.num_rows == len(rows)
    assert result.invalid_lines == [4, 8]
    assert result.bytes_read == path.stat().st_size
    assert result.ads.column("publication_date")[0].as_py() == rows[0]["publication_date"]
    csv = pacsv.read_csv(
        out, convert_options=pacsv.ConvertOptions(column_types={"ad_id": pa.string()})
    )
    assert csv.column_names == list(CSV_COLUMNS)
    assert csv.num_rows == result.mention_count
    expected = extract_mentions(subset, workers=1)
    assert csv.column("ad_id").to_pylist() == expected.column("ad_id").to_pylist()
    assert csv.column("start").to_pylist() == expected.column("start").to_pylist()
    assert result.mentions is not None
    assert result.mentions.equals(expected)
    assert result.ad_skills is not None
    assert result.ad_skills.equals(ad_skills(expected))
    assert parse_jsonl(path, workers=workers, chunk_bytes=20_000) == len(rows) + 1


def test_extract_jsonl_with_section_column(tmp_path: Path, ads: pa.Table) -> None:
    path = tmp_path / "ads.jsonl"
    _write_jsonl(path, ads.slice(0, 10))
    out = tmp_path / "m.csv"
    result = extract_jsonl(path, out_csv=out, with_section=True, workers=1)
    header = out.read_text(encoding="utf-8").splitlines()[0]
    assert header == '"ad_id","skill_id","label","term","start","end","section"'
    assert result.ad_skills is not None
    assert set(result.ad_skills.column("section").to_pylist()) <= {"requirement", "merit", "other"}
    with pytest.raises(AnalysisError, match="No such input"):
        extract_jsonl(tmp_path / "missing.jsonl", workers=1)


def test_chunks_end_at_line_breaks(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    path.write_bytes(b"".join(b'{"ad_id": "%d"}\n' % i for i in range(1000)))
    chunks = list(iter_chunks(path, 100))
    assert all(c.endswith(b"\n") for c in chunks)
    assert b"".join(chunks) == path.read_bytes()

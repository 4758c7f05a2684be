"""Job ads: both formats, streaming in batches, dedup, errors, atomicity, idempotence."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from ecc_atlas.identifiers import luhn_check_digit
from ecc_atlas.ingest import jobtech
from ecc_atlas.ingest.errors import IngestError
from ecc_atlas.ingest.jobtech import SCHEMA, import_job_ads
from ecc_atlas.warehouse import Catalog

AdFactory = Callable[..., dict[str, Any]]
Writer = Callable[..., Path]


def test_current_format_row(
    catalog: Catalog, make_ad: AdFactory, jsonl: Writer, tmp_path: Path
) -> None:
    path = jsonl(tmp_path / "ads.jsonl", [make_ad(42, vacancies="3")])
    summary = import_job_ads(catalog, path, user="u")
    assert summary.datasets[0].status == "new"
    row = catalog.read_arrow("job_ads").to_pylist()[0]
    assert row["ad_id"] == "42"
    assert row["ssyk"] == "7411"
    assert (row["kommun_code"], row["lan_code"]) == ("1980", "19")
    assert row["employer_org_number"] == "5566778899"
    assert str(row["publication_date"]) == "2024-03-01"
    assert str(row["last_publication_date"]) == "2024-04-01"
    assert row["number_of_vacancies"] == 3
    assert row["source_format"] == "jobsearch"
    assert catalog.read_arrow("job_ads").schema.equals(SCHEMA.arrow())


def test_older_upper_case_format(catalog: Catalog, data_dir: Path) -> None:
    import_job_ads(catalog, data_dir / "ads_upper.jsonl")
    rows = catalog.read_arrow("job_ads").to_pylist()
    assert [r["ad_id"] for r in rows] == ["1001", "1002"]
    assert rows[1]["kommun_code"] == "1983"
    assert rows[1]["lan_code"] == "19"
    assert rows[0]["ssyk"] is None  # YRKE_ID is an occupation-name id, not SSYK
    assert rows[1]["occupation_legacy_id"] == "6171"
    assert str(rows[1]["publication_date"]) == "2012-03-05"
    assert rows[1]["number_of_vacancies"] == 1
    assert {r["source_format"] for r in rows} == {"historical_upper"}


def test_json_array_and_single_pretty_printed_ad(
    catalog: Catalog, make_ad: AdFactory, tmp_path: Path
) -> None:
    path = tmp_path / "ads.json"
    path.write_text(json.dumps([make_ad(1), make_ad(2, headline="Annan")]), encoding="utf-8")
    assert import_job_ads(catalog, path).datasets[0].rows == 2
    path.write_text(json.dumps(make_ad(3), indent=2), encoding="utf-8")
    assert import_job_ads(catalog, path).datasets[0].rows == 1


def test_streaming_honours_the_batch_size(
    catalog: Catalog, make_ad: AdFactory, jsonl: Writer, tmp_path: Path
) -> None:
    ads = [make_ad(i, headline=f"Annons {i}") for i in range(20_000)]
    path = jsonl(tmp_path / "many.jsonl", ads)
    del ads
    summary = import_job_ads(catalog, path, batch_size=5_000)
    assert summary.counts["batches"] == 4
    assert summary.datasets[0].rows == 20_000
    metadata = pq.ParquetFile(catalog.path("job_ads")).metadata
    assert metadata.num_row_groups == 4
    assert {metadata.row_group(i).num_rows for i in range(4)} == {5_000}
    assert not list((catalog.root / ".incoming").iterdir())


def test_deduplication(catalog: Catalog, make_ad: AdFactory, jsonl: Writer, tmp_path: Path) -> None:
    ads = [
        make_ad(1, published="2024-03-01"),
        make_ad(1, published="2024-05-01", headline="Same id, other text"),  # same id
        make_ad(2, published="2024-03-20"),  # repost within 30 days
        make_ad(3, published="2024-03-20", kommun="1983"),  # other kommun
        make_ad(4, published="2024-04-05", employer="  FIKTIVA  elnät ab "),  # 35 days later
        make_ad(5, published="2024-04-20"),  # 15 days after ad 4: repost
        make_ad(6, published="2024-03-02", headline="Annan tjänst"),  # other headline
    ]
    path = jsonl(tmp_path / "dup.jsonl", ads)
    summary = import_job_ads(catalog, path)
    assert summary.counts["duplicate_ids"] == 1
    assert summary.counts["duplicate_reposts"] == 2
    ids = catalog.read_arrow("job_ads").column("ad_id").to_pylist()
    assert ids == ["1", "3", "4", "6"]


def test_dedup_window_is_configurable(
    catalog: Catalog, make_ad: AdFactory, jsonl: Writer, tmp_path: Path
) -> None:
    ads = [make_ad(1, published="2024-03-01"), make_ad(2, published="2024-03-20")]
    path = jsonl(tmp_path / "w.jsonl", ads)
    assert import_job_ads(catalog, path, window_days=10).datasets[0].rows == 2


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"headline": 12}, "headline"),
        ({"number_of_vacancies": "many"}, "number_of_vacancies"),
        ({"publication_date": "yesterday"}, "publication_date"),
        (
            {"workplace_address": {"municipality_code": "9999"}},
            "workplace_address.municipality_code",
        ),
        (
            {"occupation_group": {"legacy_ams_taxonomy_id": "99"}},
            "occupation_group.legacy_ams_taxonomy_id",
        ),
        ({"employer": "Fiktiva AB"}, "employer.name"),
        ({"id": None}, "id"),
    ],
)
def test_bad_ads_name_line_and_field(
    catalog: Catalog,
    make_ad: AdFactory,
    jsonl: Writer,
    tmp_path: Path,
    change: dict[str, Any],
    field: str,
) -> None:
    bad = make_ad(2) | change
    path = jsonl(tmp_path / "bad.jsonl", [make_ad(1), bad, make_ad(3, headline="x")])
    with pytest.raises(IngestError) as caught:
        import_job_ads(catalog, path)
    issue = caught.value.first
    assert (issue.file, issue.row, issue.field) == ("bad.jsonl", 2, field)
    assert not catalog.manifest_path.exists()
    assert not list((catalog.root / ".incoming").iterdir())


def test_unknown_record_shape(catalog: Catalog, jsonl: Writer, tmp_path: Path) -> None:
    path = jsonl(tmp_path / "x.jsonl", [{"annons": 1}])
    with pytest.raises(IngestError, match="PLATSNUMMER"):
        import_job_ads(catalog, path)


def test_unknown_codes_can_be_nulled(
    catalog: Catalog, make_ad: AdFactory, jsonl: Writer, tmp_path: Path
) -> None:
    ad = make_ad(1, kommun="9999", region="99", ssyk="99")
    path = jsonl(tmp_path / "abroad.jsonl", [ad])
    summary = import_job_ads(catalog, path, unknown_codes="null")
    assert summary.counts["unknown_codes_nulled"] == 3
    row = catalog.read_arrow("job_ads").to_pylist()[0]
    assert (row["kommun_code"], row["lan_code"], row["ssyk"]) == (None, None, None)


def test_personal_identity_numbers_are_not_kept(
    catalog: Catalog, make_ad: AdFactory, jsonl: Writer, tmp_path: Path
) -> None:
    personal = "700101011" + str(luhn_check_digit("700101011"))
    ads = [make_ad(1, org_number=personal), make_ad(2, org_number="5566778898", headline="b")]
    summary = import_job_ads(catalog, jsonl(tmp_path / "p.jsonl", ads))
    assert summary.counts["personal_numbers_dropped"] == 1
    assert summary.counts["invalid_org_numbers"] == 1
    assert catalog.read_arrow("job_ads").column("employer_org_number").null_count == 2


def test_cp1252_jsonl(catalog: Catalog, make_ad: AdFactory, jsonl: Writer, tmp_path: Path) -> None:
    ad = make_ad(1, headline="Drifttekniker till Köping", employer="Fiktiv Värme AB")
    path = jsonl(tmp_path / "win.jsonl", [ad], encoding="cp1252")
    import_job_ads(catalog, path)
    row = catalog.read_arrow("job_ads").to_pylist()[0]
    assert (row["headline"], row["employer_name"]) == (
        "Drifttekniker till Köping",
        "Fiktiv Värme AB",
    )


def test_same_file_twice_is_unchanged(
    catalog: Catalog, make_ad: AdFactory, jsonl: Writer, tmp_path: Path
) -> None:
    path = jsonl(tmp_path / "ads.jsonl", [make_ad(i, headline=str(i)) for i in range(50)])
    first = import_job_ads(catalog, path, batch_size=7, user="u")
    manifest = catalog.manifest_path.read_bytes()
    second = import_job_ads(catalog, path, batch_size=7, user="u")
    assert second.datasets[0].status == "unchanged"
    assert second.datasets[0].checksum == first.datasets[0].checksum
    assert catalog.manifest_path.read_bytes() == manifest
    entry = catalog.entry("job_ads")
    assert entry.parameters["records"] == 50
    assert entry.parameters["input_sha256"] == first.input_sha256
    assert entry.checksum == first.datasets[0].checksum


def test_dry_run_counts_without_writing(
    catalog: Catalog, make_ad: AdFactory, jsonl: Writer, tmp_path: Path
) -> None:
    path = jsonl(tmp_path / "ads.jsonl", [make_ad(1), make_ad(1)])
    summary = import_job_ads(catalog, path, dry_run=True)
    assert summary.dry_run
    assert (summary.datasets[0].rows, summary.counts["duplicate_ids"]) == (1, 1)
    assert not catalog.manifest_path.exists()
    assert not (catalog.root / "data").exists()


def test_failure_in_the_middle_leaves_the_warehouse(
    catalog: Catalog,
    make_ad: AdFactory,
    jsonl: Writer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = jsonl(tmp_path / "ads.jsonl", [make_ad(i, headline=str(i)) for i in range(30)])
    import_job_ads(catalog, path, batch_size=10)
    manifest = catalog.manifest_path.read_bytes()
    other = jsonl(tmp_path / "other.jsonl", [make_ad(i, headline=f"o{i}") for i in range(30)])
    real_flush = jobtech._BatchWriter.flush
    calls = {"n": 0}

    def flaky(self: Any) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError("disk full")
        real_flush(self)

    monkeypatch.setattr(jobtech._BatchWriter, "flush", flaky)
    with pytest.raises(OSError, match="disk full"):
        import_job_ads(catalog, other, batch_size=10)
    assert catalog.manifest_path.read_bytes() == manifest
    assert catalog.read_arrow("job_ads").num_rows == 30
    assert not list((catalog.root / ".incoming").iterdir())


def test_unspecified_region_90_is_missing_not_an_error(
    catalog: Catalog, make_ad: AdFactory, jsonl: Writer, tmp_path: Path
) -> None:
    path = jsonl(tmp_path / "remote.jsonl", [make_ad(1, kommun=None, region="90")])
    import_job_ads(catalog, path)
    row = catalog.read_arrow("job_ads").to_pylist()[0]
    assert (row["kommun_code"], row["lan_code"]) == (None, None)


def test_bad_dataset_name(catalog: Catalog, data_dir: Path) -> None:
    with pytest.raises(IngestError, match="letters, digits"):
        import_job_ads(catalog, data_dir / "ads_upper.jsonl", dataset="../evil")


def test_unknown_codes_null_keeps_structural_errors(
    catalog: Catalog, make_ad: AdFactory, jsonl: Writer, tmp_path: Path
) -> None:
    ad = make_ad(1) | {"workplace_address": "Västerås"}
    path = jsonl(tmp_path / "shape.jsonl", [ad])
    with pytest.raises(IngestError) as caught:
        import_job_ads(catalog, path, unknown_codes="null")
    assert caught.value.first.field == "workplace_address.municipality_code"

"""The skill pipeline on PySpark gives the same rows as on DuckDB/Arrow (one local session).

Marked ``slow`` (about 20–30 s: a local Spark session and its Python workers) and never
skipped: PySpark is a dev dependency, so CI always runs this.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import ibis
import pyarrow as pa
import pytest

from ecc_atlas.analysis.skills_demand import co_occurrence, emerging_skills, skill_shares
from ecc_atlas.analysis.skills_extract import MENTION_SCHEMA, ad_skills, extract_mentions
from ecc_atlas.analysis.skills_spark import read_ads, spark_ad_skills, spark_mentions
from ecc_atlas.demo.ads import generate_job_ads, jobsearch_record
from ecc_atlas.warehouse import connect

pytestmark = [
    pytest.mark.slow,
    pytest.mark.filterwarnings("ignore::FutureWarning"),
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
]


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    backend = connect("pyspark")
    # a few shuffle partitions: 200 (Spark's default) tasks per join cost seconds locally
    backend._session.conf.set("spark.sql.shuffle.partitions", "4")
    backend._session.conf.set("spark.sql.execution.arrow.pyspark.enabled", "true")
    return backend
    # the session stays up for other modules of the run (getOrCreate reuses it)


@pytest.fixture(scope="module")
def ads() -> pa.Table:
    return generate_job_ads(11, ads_per_month=2.5)


def _sorted(rows: list[dict[str, Any]], *keys: str) -> list[dict[str, Any]]:
    return sorted(rows, key=lambda r: tuple("" if r[k] is None else str(r[k]) for k in keys))


def test_mentions_and_aggregates_equal_duckdb(spark: Any, ads: pa.Table) -> None:
    session = spark._session
    texts = ads.select(["ad_id", "headline", "description_text"])
    df = session.createDataFrame(texts.to_pandas())
    mentions = spark_mentions(df, lang="en").persist()
    got = _sorted([r.asDict() for r in mentions.collect()], "ad_id", "start", "skill_id")
    expected = extract_mentions(texts, workers=1, lang="en")
    assert got == _sorted(expected.to_pylist(), "ad_id", "start", "skill_id")
    assert [f.name for f in mentions.schema.fields] == MENTION_SCHEMA.names

    found = spark_ad_skills(mentions)
    local = ad_skills(expected)
    assert _sorted([r.asDict() for r in found.collect()], "ad_id", "skill_id") == (
        local.to_pylist()
    )

    meta = ads.select(["ad_id", "publication_date", "ssyk", "kommun_code", "lan_code"])
    session.createDataFrame(meta.to_pandas()).createOrReplaceTempView("skill_ads")
    found.createOrReplaceTempView("skill_found")
    s_ads, s_found = spark.table("skill_ads"), spark.table("skill_found")
    duck = ibis.duckdb.connect()
    d_ads, d_found = duck.create_table("ads", meta), duck.create_table("found", local)

    def same(a: Any, b: Any, *keys: str) -> None:
        left = _sorted(a.to_pyarrow().to_pylist(), *keys)
        right = _sorted(b.to_pyarrow().to_pylist(), *keys)
        assert len(left) == len(right) > 0
        for x, y in zip(left, right, strict=True):
            assert x.keys() == y.keys()
            for k in x:
                if isinstance(x[k], float):
                    assert x[k] == pytest.approx(y[k]), k
                else:
                    assert x[k] == y[k], k

    same(
        skill_shares(s_ads, s_found, period="year", by=("lan",)),
        skill_shares(d_ads, d_found, period="year", by=("lan",)),
        "period", "lan", "skill_id",
    )  # fmt: skip
    end = max(meta.column("publication_date").to_pylist())
    same(
        emerging_skills(s_ads, s_found, min_count=3, end=end),
        emerging_skills(d_ads, d_found, min_count=3, end=end),
        "skill_id",
    )
    same(
        co_occurrence(s_found, ads=s_ads, min_count=3),
        co_occurrence(d_found, ads=d_ads, min_count=3),
        "skill_a", "skill_b",
    )  # fmt: skip


def test_read_ads_accepts_the_three_formats(spark: Any, ads: pa.Table, tmp_path: Path) -> None:
    rows = ads.slice(0, 3).to_pylist()
    lines = [json.dumps(jobsearch_record(r), ensure_ascii=False, default=str) for r in rows]
    lines.append(json.dumps({"PLATSNUMMER": 77, "PLATSRUBRIK": "Elektriker", "KOMMUN_KOD": "180",
                             "PLATSBESKRIVNING": "ESA krävs.",
                             "FORSTA_PUBLICERINGSDATUM": "2012-03-04 00:00:00"}))  # fmt: skip
    lines.append(json.dumps({"ad_id": "flat-1", "description_text": "PLC", "ssyk": "7412",
                             "kommun_code": "1983", "publication_date": "2024-02-29"}))  # fmt: skip
    path = tmp_path / "ads.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    got = {r["ad_id"]: r.asDict() for r in read_ads(spark._session, path).collect()}
    first = rows[0]
    assert got[first["ad_id"]]["ssyk"] == first["ssyk"]
    assert got[first["ad_id"]]["publication_date"] == first["publication_date"]
    assert got[first["ad_id"]]["lan_code"] == "19"
    assert got["77"]["kommun_code"] == "0180"
    assert got["77"]["lan_code"] == "01"
    assert got["77"]["headline"] == "Elektriker"
    assert got["flat-1"]["lan_code"] == "19"
    assert str(got["flat-1"]["publication_date"]) == "2024-02-29"
    parquet = tmp_path / "ads.parquet"
    import pyarrow.parquet as pq

    pq.write_table(ads.slice(0, 5), parquet)
    assert read_ads(spark._session, parquet).count() == 5

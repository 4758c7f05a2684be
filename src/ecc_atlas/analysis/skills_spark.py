"""The skill matcher on PySpark: ``mapInArrow`` over partitions, the same matcher and rows.

For inputs larger than one machine. :func:`spark_mentions` maps a DataFrame of ads
(``ad_id, headline, description_text``) to mentions with :data:`MENTION_SCHEMA`'s columns;
each Python worker compiles the vocabulary once (the compiled automaton is cached per
process) and calls the same :func:`~ecc_atlas.analysis.skills_extract.mentions_batch` as
the DuckDB/Arrow path, so both give the same rows. :func:`read_ads` reads JSON Lines in any
of the three accepted formats, or Parquet, into that DataFrame (plus the columns the
aggregates need). The aggregates themselves run on the Ibis PySpark backend
(:mod:`ecc_atlas.analysis.skills_demand`).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa

from ecc_atlas.analysis.skills_extract import Lang, matcher_for, mentions_batch
from ecc_atlas.reference.skills import SkillVocabulary

__all__ = ["SPARK_MENTION_SCHEMA", "read_ads", "spark_ad_skills", "spark_mentions"]

#: :data:`MENTION_SCHEMA` as a Spark DDL string.
SPARK_MENTION_SCHEMA = (
    "ad_id string, skill_id string, label string, term string, start int, `end` int, section string"
)
_JSON_SCHEMA = (
    "id string, headline string, description struct<text: string>, "
    "occupation_group struct<legacy_ams_taxonomy_id: string>, "
    "workplace_address struct<municipality_code: string, region_code: string>, "
    "publication_date string, PLATSNUMMER string, PLATSRUBRIK string, "
    "PLATSBESKRIVNING string, KOMMUN_KOD string, FORSTA_PUBLICERINGSDATUM string, "
    "ad_id string, description_text string, ssyk string, kommun_code string, lan_code string"
)


def _mapper(vocabulary: SkillVocabulary | None, lang: Lang, sections: bool) -> Any:
    def run(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        matcher = matcher_for(vocabulary, sections=sections)
        for batch in batches:
            yield mentions_batch(batch, matcher, lang=lang)

    return run


def spark_mentions(
    ads: Any,
    *,
    vocabulary: SkillVocabulary | None = None,
    lang: Lang = "sv",
    sections: bool = True,
) -> Any:
    """A Spark DataFrame of mentions (the columns of :data:`MENTION_SCHEMA`).

    ``ads`` is a Spark DataFrame with ``ad_id``, ``description_text`` and optionally
    ``headline``. The order of rows is Spark's; sort if you compare.
    """
    columns = [c for c in ("ad_id", "headline", "description_text") if c in ads.columns]
    return ads.select(*columns).mapInArrow(
        _mapper(vocabulary, lang, sections), SPARK_MENTION_SCHEMA
    )


def spark_ad_skills(mentions: Any) -> Any:
    """One row per ad and skill (the strongest section and the number of mentions), as
    :func:`ecc_atlas.analysis.skills_extract.ad_skills` computes it."""
    from pyspark.sql import functions as F

    rank = (
        F.when(F.col("section") == "requirement", 0)
        .when(F.col("section") == "merit", 1)
        .otherwise(2)
    )
    grouped = mentions.groupBy("ad_id", "skill_id").agg(
        F.min(rank).alias("rank"), F.count(F.lit(1)).alias("mentions")
    )
    section = (
        F.when(F.col("rank") == 0, "requirement")
        .when(F.col("rank") == 1, "merit")
        .otherwise("other")
    )
    return grouped.select("ad_id", "skill_id", section.alias("section"), "mentions")


def read_ads(session: Any, path: str | Path) -> Any:
    """Ads as a Spark DataFrame: ``ad_id, headline, description_text, ssyk, kommun_code,
    lan_code, publication_date`` (date), from JSON Lines (JobSearch, the older upper-case
    format or ``job_ads`` rows) or Parquet (the ``job_ads`` dataset)."""
    from pyspark.sql import functions as F

    path = str(path)
    if path.endswith(".parquet"):
        df = session.read.parquet(path)
        return df.select(
            F.col("ad_id").cast("string"), "headline", "description_text", "ssyk",
            "kommun_code", "lan_code", F.col("publication_date").cast("date"),
        )  # fmt: skip
    df = session.read.schema(_JSON_SCHEMA).json(path)
    kommun = F.coalesce(
        F.col("workplace_address.municipality_code"),
        F.lpad(F.col("KOMMUN_KOD"), 4, "0"),
        F.col("kommun_code"),
    )
    region = F.col("workplace_address.region_code")
    lan = F.coalesce(F.when(region != "90", region), F.col("lan_code"), F.substring(kommun, 1, 2))
    date = F.coalesce(F.col("publication_date"), F.col("FORSTA_PUBLICERINGSDATUM")).substr(1, 10)
    return df.select(
        F.coalesce(F.col("id"), F.col("PLATSNUMMER"), F.col("ad_id")).alias("ad_id"),
        F.coalesce(F.col("headline"), F.col("PLATSRUBRIK")).alias("headline"),
        F.coalesce(
            F.col("description.text"), F.col("PLATSBESKRIVNING"), F.col("description_text")
        ).alias("description_text"),
        F.coalesce(F.col("occupation_group.legacy_ams_taxonomy_id"), F.col("ssyk")).alias("ssyk"),
        kommun.alias("kommun_code"),
        lan.alias("lan_code"),
        F.to_date(date).alias("publication_date"),
    ).filter(F.col("ad_id").isNotNull())

"""Skill mentions of many ads: Arrow record batches, work split over cores.

:func:`extract_mentions` runs the matcher over a table of ads (the ``job_ads`` columns
``ad_id, headline, description_text``) batch by batch, in worker processes when the input is
large (``multiprocessing`` over Arrow record batches; each worker compiles the vocabulary
once). :func:`ad_skills` reduces mentions to one row per ad and skill.
:mod:`ecc_atlas.analysis.skills_jsonl` streams JSON Lines files the same way and
:mod:`ecc_atlas.analysis.skills_spark` runs the same matcher on PySpark with
``mapInArrow``; all three give the same rows.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterable, Iterator
from typing import Any, Final, Literal

import pyarrow as pa
import pyarrow.compute as pc

from ecc_atlas.analysis._common import AnalysisError
from ecc_atlas.analysis.skills_match import SkillMatcher
from ecc_atlas.analysis.skills_text import ad_text
from ecc_atlas.reference.skills import SkillVocabulary

__all__ = [
    "AD_SKILL_SCHEMA",
    "MENTION_SCHEMA",
    "ad_skills",
    "auto_workers",
    "extract_mentions",
    "init_worker",
    "matcher_for",
    "mentions_batch",
    "process_pool",
    "worker_state",
]

Lang = Literal["sv", "en"]

#: One row per mention (the CSV of ``ecc-atlas analyze skills`` has the first six).
MENTION_SCHEMA: Final = pa.schema(
    [
        ("ad_id", pa.string()),
        ("skill_id", pa.string()),
        ("label", pa.string()),
        ("term", pa.string()),
        ("start", pa.int32()),
        ("end", pa.int32()),
        ("section", pa.string()),
    ]
)
#: One row per ad and skill.
AD_SKILL_SCHEMA: Final = pa.schema(
    [
        ("ad_id", pa.string()),
        ("skill_id", pa.string()),
        ("section", pa.string()),
        ("mentions", pa.int64()),
    ]
)
#: Ads per batch handed to a worker.
BATCH_ROWS: Final = 4_000
#: Below this many ads, one process does it all (starting workers costs more).
PARALLEL_MIN_ROWS: Final = 20_000

_MATCHERS: dict[tuple[int, bool], tuple[SkillVocabulary | None, SkillMatcher]] = {}


def matcher_for(
    vocabulary: SkillVocabulary | None = None, *, sections: bool = True
) -> SkillMatcher:
    """A compiled matcher, cached per process (per vocabulary object; ``None`` = bundled)."""
    key = (0 if vocabulary is None else id(vocabulary), sections)
    cached = _MATCHERS.get(key)
    if cached is None or cached[0] is not vocabulary:
        cached = (vocabulary, SkillMatcher(vocabulary, sections=sections))
        _MATCHERS[key] = cached
    return cached[1]


def _labels(matcher: SkillMatcher, lang: Lang) -> dict[str, str]:
    return {s.id: s.label(lang) for s in matcher.vocabulary.skills}


def _column(batch: pa.RecordBatch | pa.Table, name: str) -> list[Any]:
    if name not in batch.schema.names:
        return [None] * batch.num_rows
    values: list[Any] = batch.column(name).to_pylist()
    return values


def mentions_batch(
    batch: pa.RecordBatch | pa.Table, matcher: SkillMatcher, *, lang: Lang = "sv"
) -> pa.RecordBatch:
    """The mentions (:data:`MENTION_SCHEMA`) of the ads in ``batch``.

    ``batch`` needs ``ad_id`` and ``description_text``; ``headline`` is used when present.
    Offsets refer to :func:`ad_text` (headline, blank line, description).
    """
    if "ad_id" not in batch.schema.names or "description_text" not in batch.schema.names:
        raise AnalysisError(
            "The ads need the columns ad_id and description_text (and optionally headline); "
            f"they have {', '.join(batch.schema.names)}."
        )
    labels = _labels(matcher, lang)
    rows: list[tuple[Any, ...]] = []
    find = matcher.find
    for ad_id, headline, text in zip(
        _column(batch, "ad_id"),
        _column(batch, "headline"),
        _column(batch, "description_text"),
        strict=True,
    ):
        rows.extend((ad_id, *m) for m in find(ad_text(headline, text)))
    if not rows:
        return pa.RecordBatch.from_pydict(
            {name: [] for name in MENTION_SCHEMA.names}, schema=MENTION_SCHEMA
        )
    ad_ids, skill_ids, terms, starts, ends, sections = zip(*rows, strict=True)
    return pa.RecordBatch.from_arrays(
        [
            pa.array(ad_ids, pa.string()),
            pa.array(skill_ids, pa.string()),
            pa.array([labels[i] for i in skill_ids], pa.string()),
            pa.array(terms, pa.string()),
            pa.array(starts, pa.int32()),
            pa.array(ends, pa.int32()),
            pa.array(sections, pa.string()),
        ],
        schema=MENTION_SCHEMA,
    )


def auto_workers(rows: int) -> int:
    """Worker processes for ``rows`` ads: one below :data:`PARALLEL_MIN_ROWS`, else the cores."""
    if rows < PARALLEL_MIN_ROWS:
        return 1
    return max(1, min(os.cpu_count() or 1, rows // BATCH_ROWS))


# -- worker processes ----------------------------------------------------------------------
_WORKER: dict[str, Any] = {}


def init_worker(vocabulary: SkillVocabulary | None, sections: bool, lang: Lang) -> None:
    """Compile the matcher of this process (the initializer of the worker processes)."""
    _WORKER["matcher"] = matcher_for(vocabulary, sections=sections)
    _WORKER["lang"] = lang


def worker_state() -> tuple[SkillMatcher, Lang]:
    """The matcher and label language set by :func:`init_worker`."""
    return _WORKER["matcher"], _WORKER["lang"]


def _work(batch: pa.RecordBatch) -> pa.RecordBatch:
    return mentions_batch(batch, _WORKER["matcher"], lang=_WORKER["lang"])


def _batches(ads: pa.Table | Iterable[pa.RecordBatch], rows: int) -> Iterator[pa.RecordBatch]:
    if isinstance(ads, pa.Table):
        yield from ads.to_batches(max_chunksize=rows)
        return
    for batch in ads:
        for offset in range(0, batch.num_rows, rows):
            yield batch.slice(offset, rows)


def process_pool(
    workers: int, vocabulary: SkillVocabulary | None, sections: bool, lang: Lang
) -> Any:
    """A ``spawn`` pool whose workers hold a compiled matcher (for the JSONL path too)."""
    context = multiprocessing.get_context("spawn")
    return context.Pool(workers, initializer=init_worker, initargs=(vocabulary, sections, lang))


def extract_mentions(
    ads: pa.Table | Iterable[pa.RecordBatch],
    *,
    vocabulary: SkillVocabulary | None = None,
    lang: Lang = "sv",
    workers: int | None = None,
    sections: bool = True,
    batch_rows: int = BATCH_ROWS,
) -> pa.Table:
    """All mentions of the ads (:data:`MENTION_SCHEMA`), in input order.

    ``workers``: processes to use (``None``: :func:`auto_workers`; 1: this process). The
    result does not depend on the number of workers.
    """
    if workers is None:
        workers = auto_workers(ads.num_rows if isinstance(ads, pa.Table) else PARALLEL_MIN_ROWS)
    batches = _batches(ads, batch_rows)
    if workers <= 1:
        matcher = matcher_for(vocabulary, sections=sections)
        results = [mentions_batch(b, matcher, lang=lang) for b in batches]
    else:
        with process_pool(workers, vocabulary, sections, lang) as pool:
            results = list(pool.imap(_work, batches, chunksize=1))
    if not results:
        return MENTION_SCHEMA.empty_table()
    return pa.Table.from_batches(results, schema=MENTION_SCHEMA)


def ad_skills(mentions: pa.Table) -> pa.Table:
    """One row per ad and skill (:data:`AD_SKILL_SCHEMA`).

    Columns: ``ad_id, skill_id``, ``section`` — the strongest section the skill is named in
    (``requirement`` > ``merit`` > ``other``) — and ``mentions`` (how many times). Sorted by
    ad_id and skill_id.
    """
    if mentions.num_rows == 0:
        return AD_SKILL_SCHEMA.empty_table()
    rank = pc.if_else(
        pc.equal(mentions["section"], "requirement"),
        0,
        pc.if_else(pc.equal(mentions["section"], "merit"), 1, 2),
    )
    table = pa.table({"ad_id": mentions["ad_id"], "skill_id": mentions["skill_id"], "rank": rank})
    grouped = table.group_by(["ad_id", "skill_id"], use_threads=False).aggregate(
        [("rank", "min"), ("rank", "count")]
    )
    names = pa.array(["requirement", "merit", "other"])
    section = pc.take(names, grouped["rank_min"])
    out = pa.table(
        {
            "ad_id": grouped["ad_id"],
            "skill_id": grouped["skill_id"],
            "section": section,
            "mentions": grouped["rank_count"].cast(pa.int64()),
        },
        schema=AD_SKILL_SCHEMA,
    )
    return out.sort_by([("ad_id", "ascending"), ("skill_id", "ascending")])

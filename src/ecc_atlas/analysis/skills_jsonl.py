"""Stream a JSON Lines file of job ads through the skill matcher, over all cores.

The file is read in chunks of whole lines (a few MB); worker processes parse each line with
:func:`json.loads`, take the fields they need, find the mentions and format them as CSV; the
main process appends the CSV bytes as they come (in file order) and keeps one small row per ad
(and, if asked, one row per ad and skill) for the aggregates. Memory stays bounded by the chunk
size times the number of workers plus those small tables.

An ad may be in the JobSearch / historical format (``id``, ``description.text``,
``occupation_group.legacy_ams_taxonomy_id``, ``workplace_address``), the older upper-case
format (``PLATSNUMMER``, ``PLATSBESKRIVNING``, ``KOMMUN_KOD`` — no SSYK) or a row of the
warehouse dataset ``job_ads`` (``ad_id``, ``description_text``, ``ssyk``, ``kommun_code`` …).

:func:`parse_jsonl` does only the reading and parsing, with the same chunks and workers: it is
the floor the benchmark compares with.
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import pyarrow as pa
import pyarrow.csv as pacsv

from ecc_atlas.analysis._common import AnalysisError
from ecc_atlas.analysis.skills_extract import (
    AD_SKILL_SCHEMA,
    MENTION_SCHEMA,
    Lang,
    ad_skills,
    init_worker,
    mentions_batch,
    process_pool,
    worker_state,
)
from ecc_atlas.reference.skills import SkillVocabulary

__all__ = [
    "AD_META_SCHEMA",
    "CSV_COLUMNS",
    "JsonlResult",
    "ad_fields",
    "extract_jsonl",
    "iter_chunks",
    "parse_jsonl",
]

#: The six columns of the mentions CSV (``section`` is added on request).
CSV_COLUMNS: Final = ("ad_id", "skill_id", "label", "term", "start", "end")
#: One row per ad read: what the aggregates need.
AD_META_SCHEMA: Final = pa.schema(
    [
        ("ad_id", pa.string()),
        ("ssyk", pa.string()),
        ("kommun_code", pa.string()),
        ("lan_code", pa.string()),
        ("publication_date", pa.date32()),
    ]
)
CHUNK_BYTES: Final = 4 << 20


def _text(value: Any) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else str(value)


def _sub(record: dict[str, Any], key: str, inner: str) -> Any:
    value = record.get(key)
    return value.get(inner) if isinstance(value, dict) else None


def _date(value: Any) -> str | None:
    text = _text(value)
    if text and len(text) >= 10 and text[4] == "-" and text[7] == "-":
        return text[:10]
    return None


def ad_fields(record: Any) -> tuple[str | None, ...] | None:
    """``(ad_id, headline, text, ssyk, kommun_code, lan_code, date)`` of one ad, or ``None``
    when it is not an ad object with an id."""
    if not isinstance(record, dict):
        return None
    if "id" in record:
        kommun = _text(_sub(record, "workplace_address", "municipality_code"))
        lan = _text(_sub(record, "workplace_address", "region_code"))
        return (
            _text(record["id"]),
            _text(record.get("headline")),
            _text(_sub(record, "description", "text")),
            _text(_sub(record, "occupation_group", "legacy_ams_taxonomy_id")),
            kommun,
            lan if lan and lan != "90" else (kommun[:2] if kommun else None),
            _date(record.get("publication_date")),
        )
    if "PLATSNUMMER" in record:
        kommun = _text(record.get("KOMMUN_KOD"))
        kommun = kommun.zfill(4) if kommun else None
        return (
            _text(record["PLATSNUMMER"]),
            _text(record.get("PLATSRUBRIK")),
            _text(record.get("PLATSBESKRIVNING")),
            None,
            kommun,
            kommun[:2] if kommun else None,
            _date(record.get("FORSTA_PUBLICERINGSDATUM")),
        )
    if "ad_id" in record:
        kommun = _text(record.get("kommun_code"))
        return (
            _text(record["ad_id"]),
            _text(record.get("headline")),
            _text(record.get("description_text")),
            _text(record.get("ssyk")),
            kommun,
            _text(record.get("lan_code")) or (kommun[:2] if kommun else None),
            _date(record.get("publication_date")),
        )
    return None


def iter_chunks(path: str | Path, chunk_bytes: int = CHUNK_BYTES) -> Iterator[bytes]:
    """The file in pieces of about ``chunk_bytes`` that end at a line break."""
    with open(path, "rb") as handle:
        while True:
            chunk = handle.read(chunk_bytes)
            if not chunk:
                return
            if not chunk.endswith(b"\n"):
                chunk += handle.readline()
            yield chunk


def _parse(chunk: bytes) -> tuple[list[tuple[str | None, ...]], list[int]]:
    ads: list[tuple[str | None, ...]] = []
    bad: list[int] = []
    loads = json.loads
    for number, line in enumerate(chunk.split(b"\n")):
        if not line.strip():
            continue
        try:
            fields = ad_fields(loads(line))
        except ValueError:
            fields = None
        if fields is None or fields[0] is None:
            bad.append(number)
        else:
            ads.append(fields)
    return ads, bad


def _meta(ads: list[tuple[str | None, ...]]) -> pa.RecordBatch:
    columns = list(zip(*ads, strict=True)) if ads else [()] * 7
    return pa.RecordBatch.from_arrays(
        [
            pa.array(columns[0], pa.string()),
            pa.array(columns[3], pa.string()),
            pa.array(columns[4], pa.string()),
            pa.array(columns[5], pa.string()),
            pa.array(columns[6], pa.string()).cast(pa.date32()),
        ],
        schema=AD_META_SCHEMA,
    )


#: What a worker returns for a chunk: ads, CSV bytes, ad × skill rows, mentions, mention
#: count and the line numbers (in the chunk) that were not ads.
ChunkResult = tuple[
    pa.RecordBatch, bytes | None, pa.Table | None, pa.RecordBatch | None, int, list[int]
]
#: A chunk and what to return for it: CSV columns (or None), ad × skill rows, mentions.
Job = tuple[bytes, tuple[str, ...] | None, bool, bool]


def _work_chunk(job: Job) -> ChunkResult:
    """Parse, match and format one chunk in a worker (the CSV is written there, so the main
    process only copies bytes)."""
    chunk, columns, want_ad_skills, want_mentions = job
    ads, bad = _parse(chunk)
    texts = pa.RecordBatch.from_pydict(
        {
            "ad_id": [a[0] for a in ads],
            "headline": [a[1] for a in ads],
            "description_text": [a[2] for a in ads],
        }
    )
    matcher, lang = worker_state()
    mentions = mentions_batch(texts, matcher, lang=lang)
    csv: bytes | None = None
    if columns is not None:
        sink = pa.BufferOutputStream()
        options = pacsv.WriteOptions(include_header=False)
        pacsv.write_csv(mentions.select(list(columns)), sink, write_options=options)
        csv = sink.getvalue().to_pybytes()
    found = ad_skills(pa.Table.from_batches([mentions])) if want_ad_skills else None
    kept = mentions if want_mentions else None
    return _meta(ads), csv, found, kept, mentions.num_rows, bad


def _parse_only(chunk: bytes) -> int:
    loads = json.loads
    records = 0
    for line in chunk.split(b"\n"):
        if line.strip():
            try:
                loads(line)
            except ValueError:
                continue
            records += 1
    return records


@dataclass
class JsonlResult:
    """What :func:`extract_jsonl` read and found.

    ``ads``: :data:`AD_META_SCHEMA`, one row per ad; ``ad_skills``: one row per ad and skill
    (:data:`~ecc_atlas.analysis.skills_extract.AD_SKILL_SCHEMA`, when kept); ``mentions``:
    every mention (when kept); ``mention_count``; ``invalid_lines``: line numbers (1-based)
    that were not an ad with an id; ``bytes_read``.
    """

    ads: pa.Table
    ad_skills: pa.Table | None = None
    mentions: pa.Table | None = None
    mention_count: int = 0
    invalid_lines: list[int] = field(default_factory=list)
    bytes_read: int = 0


def extract_jsonl(
    path: str | Path,
    *,
    out_csv: str | Path | None = None,
    with_section: bool = False,
    keep_mentions: bool = False,
    keep_ad_skills: bool = True,
    vocabulary: SkillVocabulary | None = None,
    lang: Lang = "sv",
    workers: int = 2,
    sections: bool | None = None,
    chunk_bytes: int = CHUNK_BYTES,
) -> JsonlResult:
    """Find the skills of every ad of a JSON Lines file; write the mentions to ``out_csv``.

    The CSV has :data:`CSV_COLUMNS` (plus ``section`` with ``with_section``), one row per
    mention, in file order, offsets into the ad text (headline, blank line, description).
    ``sections``: find the section of each mention (default: when anything returned or
    written uses it — the section column, the ad-skill table, the kept mentions; otherwise
    the ``section`` of kept rows is ``other``).
    """
    if sections is None:
        sections = with_section or keep_ad_skills or keep_mentions
    path = Path(path)
    if not path.is_file():
        raise AnalysisError(f"No such input file: {path}.")
    columns = (*CSV_COLUMNS, *(("section",) if with_section else ()))
    header = ",".join(f'"{c}"' for c in columns) + "\n"
    writer = open(out_csv, "wb") if out_csv is not None else None  # noqa: SIM115
    metas: list[pa.RecordBatch] = []
    skills: list[pa.Table] = []
    kept: list[pa.RecordBatch] = []
    invalid: list[int] = []
    count = 0
    read = 0
    line_offset = 0
    try:
        if writer is not None:
            writer.write(header.encode("utf-8"))
        with contextlib.ExitStack() as stack:
            chunks = _Chunks(iter_chunks(path, chunk_bytes))
            jobs = (
                (chunk, columns if writer is not None else None, keep_ad_skills, keep_mentions)
                for chunk in chunks
            )
            if workers <= 1:  # in this process: no start-up cost for small files
                init_worker(vocabulary, sections, lang)
                results: Iterator[ChunkResult] = map(_work_chunk, jobs)
            else:
                pool = stack.enter_context(process_pool(workers, vocabulary, sections, lang))
                results = pool.imap(_work_chunk, jobs)
            for index, (meta, csv, found, mentions, n, bad) in enumerate(results):
                size, lines = chunks.sizes[index]  # chunk `index` was read already
                read += size
                invalid.extend(line_offset + b + 1 for b in bad)
                line_offset += lines
                metas.append(meta)
                count += n
                if writer is not None and csv:
                    writer.write(csv)
                if found is not None:
                    skills.append(found)
                if mentions is not None:
                    kept.append(mentions)
    finally:
        if writer is not None:
            writer.close()
    return JsonlResult(
        ads=pa.Table.from_batches(metas, schema=AD_META_SCHEMA),
        ad_skills=_concat(skills) if keep_ad_skills else None,
        mentions=pa.Table.from_batches(kept, schema=MENTION_SCHEMA) if keep_mentions else None,
        mention_count=count,
        invalid_lines=invalid,
        bytes_read=read,
    )


def _concat(tables: list[pa.Table]) -> pa.Table:
    return pa.concat_tables(tables) if tables else AD_SKILL_SCHEMA.empty_table()


class _Chunks:
    """Iterates over chunks and records each one's size and number of lines, in order
    (``Pool.imap`` consumes it in its task thread; list appends are atomic)."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks = chunks
        self.sizes: list[tuple[int, int]] = []

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self._chunks:
            lines = chunk.count(b"\n") + (0 if chunk.endswith(b"\n") else 1)
            self.sizes.append((len(chunk), lines))
            yield chunk


def parse_jsonl(path: str | Path, *, workers: int = 2, chunk_bytes: int = CHUNK_BYTES) -> int:
    """Only read and parse the file (same chunks and workers): the floor of the benchmark.

    Returns the number of lines that are valid JSON."""
    context = multiprocessing.get_context("spawn")
    with context.Pool(max(1, workers)) as pool:
        return sum(pool.imap(_parse_only, iter_chunks(path, chunk_bytes)))

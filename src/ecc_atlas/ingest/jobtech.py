"""Import job ads from JobTech (Arbetsförmedlingen): JobSearch/historical format, streamed.

Two input formats, detected per ad:

* the current JobSearch / historical-ads format (``id, headline, description.text,
  employer{name, organization_number}, occupation, occupation_group{legacy_ams_taxonomy_id
  = SSYK 2012}, workplace_address{municipality_code, region_code}, publication_date,
  last_publication_date, number_of_vacancies``), and
* the older upper-case format of the 2006–2016 files (``PLATSNUMMER, PLATSRUBRIK,
  PLATSBESKRIVNING, AG_NAMN, KOMMUN_KOD, YRKE_ID, ANTAL_AKT_PLATSER,
  FORSTA_PUBLICERINGSDATUM, SISTA_ANSOK_PUBLDATUM``). ``YRKE_ID`` is an occupation-name id of
  the old AMS taxonomy, not an SSYK code: it is kept as ``occupation_legacy_id`` and ``ssyk``
  stays null.

The file (JSON Lines, or a JSON list / JobSearch response within the JSON size limit) is
read one ad at a time and converted in batches of ``batch_size`` rows, each written as one
row group with a ``pyarrow.parquet.ParquetWriter``; only the batch and the deduplication
keys are in memory. Duplicates are dropped, keeping the first in file order: the same
``ad_id``, and the same employer + headline + kommun published within ``window_days`` of the
last kept ad with that key. Keys are kept as 64-bit hashes.

Organisation numbers are kept only for legal persons (third digit 2–9): a sole trader's
number is a personal identity number and is dropped (counted in the summary).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import operator
import uuid
from collections.abc import Callable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import pyarrow as pa
import pyarrow.parquet as pq

from ecc_atlas.identifiers import InvalidOrganisationNumber, normalise_org_number
from ecc_atlas.ingest import codes
from ecc_atlas.ingest.base import (
    Column,
    DatasetWrite,
    ImportSummary,
    Provenance,
    Schema,
    check_dataset_name,
    commit,
    current_user,
    incoming_dir,
)
from ecc_atlas.ingest.convert import Invalid, integer, iso_date, text
from ecc_atlas.ingest.errors import DEFAULT_MAX_ERRORS, ErrorCollector, IngestError
from ecc_atlas.ingest.readers import Limits, iter_json_records, sha256_file
from ecc_atlas.warehouse import Catalog

__all__ = ["DATASET", "SCHEMA", "AdDeduplicator", "convert_ad", "import_job_ads"]

DATASET = "job_ads"
DEFAULT_BATCH_SIZE = 20_000
_S = pa.string()
SCHEMA = Schema(
    DATASET,
    (
        Column("ad_id", _S, "the ad's id (id or PLATSNUMMER)", False),
        Column("headline", _S, "headline"),
        Column("description_text", _S, "plain-text description"),
        Column("employer_name", _S, "employer name"),
        Column("employer_org_number", _S, "10-digit organisation number (legal persons only)"),
        Column("ssyk", _S, "SSYK 2012 unit group (occupation_group.legacy_ams_taxonomy_id)"),
        Column("occupation_label", _S, "occupation name as given in the ad"),
        Column("occupation_legacy_id", _S, "AMS legacy occupation-name id (YRKE_ID)"),
        Column("kommun_code", _S, "kommun of the workplace"),
        Column("lan_code", _S, "län of the workplace"),
        Column("publication_date", pa.date32(), "first publication date"),
        Column("last_publication_date", pa.date32(), "last publication / application date"),
        Column("number_of_vacancies", pa.int32(), "number of vacancies"),
        Column("source_format", _S, "'jobsearch' or 'historical_upper'", False),
    ),
)
UnknownCodes = Literal["error", "null"]


def _hash(*parts: str) -> int:
    digest = hashlib.blake2b("\x1f".join(parts).encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big")


def _normal(value: str | None) -> str:
    return " ".join((value or "").split()).casefold()


class AdDeduplicator:
    """Bounded-memory duplicate check: hashed ids and (employer, headline, kommun) → date."""

    def __init__(self, window_days: int = 30) -> None:
        self.window = window_days
        self._ids: set[int] = set()
        self._last: dict[int, int] = {}
        self.duplicate_ids = 0
        self.reposts = 0

    def is_duplicate(self, row: Mapping[str, Any]) -> bool:
        """True if the ad repeats an earlier one; otherwise remember it."""
        ad_key = _hash(str(row["ad_id"]))
        if ad_key in self._ids:
            self.duplicate_ids += 1
            return True
        employer, headline = _normal(row["employer_name"]), _normal(row["headline"])
        published: dt.date | None = row["publication_date"]
        if (employer or headline) and published is not None:
            key = _hash(employer, headline, row["kommun_code"] or "")
            day = published.toordinal()
            last = self._last.get(key)
            if last is not None and abs(day - last) <= self.window:
                self.reposts += 1
                return True
            self._last[key] = day
        self._ids.add(ad_key)
        return False


def _get(record: Mapping[str, Any], *path: str) -> Any:
    value: Any = record.get(path[0])  # record is a dict: checked by the caller
    for key in path[1:]:
        if value is None:
            return None
        if not isinstance(value, dict):
            raise Invalid("an object")
        value = value.get(key)
    return value


def _id(value: object) -> str | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return text(value, expected="an id (text or whole number)")


#: JobTech's region code for "Ospecificerad" (no county given): read as missing.
UNSPECIFIED_REGION = "90"
_CHECKS: dict[str, tuple[int, Callable[[str], bool], str]] = {
    "kommun": (4, codes.is_kommun, codes.KOMMUN_EXPECTED),
    "lan": (2, codes.is_lan, codes.LAN_EXPECTED),
    "ssyk": (4, codes.is_ssyk_unit, codes.SSYK_EXPECTED),
}


@lru_cache(maxsize=8192)
def _checked(value: str | int, kind: str) -> str | None:
    """A code as stored, None for missing/unspecified; raises :class:`Invalid` (not cached)."""
    width, check, expected = _CHECKS[kind]
    if width == 2 and codes.normalise_code(value, 2) == UNSPECIFIED_REGION:
        return None
    code = codes.normalise_code(value, width)
    if code is None or not check(code):
        raise Invalid(expected)
    return code


def _code(value: object, kind: str) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, str | int) and not isinstance(value, bool):
        return _checked(value, kind)
    raise Invalid(_CHECKS[kind][2])


@lru_cache(maxsize=65536)
def _org_digits(raw: str) -> str | None:
    """Ten digits, or None for a malformed number; cached (employers repeat)."""
    try:
        return normalise_org_number(raw)
    except InvalidOrganisationNumber:
        return None


def _org_number(value: object, counts: dict[str, int]) -> str | None:
    raw = text(value, expected="an organisation number as text")
    if raw is None:
        return None
    digits = _org_digits(raw)
    if digits is None:
        counts["invalid_org_numbers"] += 1
        return None
    if digits[2] in "01":
        counts["personal_numbers_dropped"] += 1
        return None
    return digits


@lru_cache(maxsize=8192)
def _day(candidate: str) -> dt.date:
    return dt.date.fromisoformat(candidate)


def _date(value: object) -> dt.date | None:
    """:func:`iso_date`, with ``YYYY-MM-DD…`` texts parsed once per day (dates repeat)."""
    if isinstance(value, str) and len(value) >= 10 and value[4] == "-" and not value[0].isspace():
        try:
            return _day(value[:10])
        except ValueError:
            pass  # iso_date says what was expected
    return iso_date(value)


# (column, path, the field as errors name it, converter)
_Spec = tuple[str, tuple[str, ...], str, Callable[[Any], Any]]


def _specs(*items: tuple[str, tuple[str, ...], Callable[[Any], Any]]) -> tuple[_Spec, ...]:
    return tuple((column, path, ".".join(path), fn) for column, path, fn in items)


_CURRENT = _specs(
    ("ad_id", ("id",), _id),
    ("headline", ("headline",), text),
    ("description_text", ("description", "text"), text),
    ("employer_name", ("employer", "name"), text),
    ("occupation_label", ("occupation", "label"), text),
    ("occupation_legacy_id", ("occupation", "legacy_ams_taxonomy_id"), _id),
    ("publication_date", ("publication_date",), _date),
    ("last_publication_date", ("last_publication_date",), _date),
    ("number_of_vacancies", ("number_of_vacancies",), integer),
)
_UPPER = _specs(
    ("ad_id", ("PLATSNUMMER",), _id),
    ("headline", ("PLATSRUBRIK",), text),
    ("description_text", ("PLATSBESKRIVNING",), text),
    ("employer_name", ("AG_NAMN",), text),
    ("occupation_legacy_id", ("YRKE_ID",), _id),
    ("publication_date", ("FORSTA_PUBLICERINGSDATUM",), _date),
    ("last_publication_date", ("SISTA_ANSOK_PUBLDATUM",), _date),
    ("number_of_vacancies", ("ANTAL_AKT_PLATSER",), integer),
)
# (column, path, field, kind of code)
_CODES_CURRENT = (
    ("kommun_code", ("workplace_address", "municipality_code"), "kommun"),
    ("lan_code", ("workplace_address", "region_code"), "lan"),
    ("ssyk", ("occupation_group", "legacy_ams_taxonomy_id"), "ssyk"),
)
_CODES_UPPER = (("kommun_code", ("KOMMUN_KOD",), "kommun"),)
_ORG_PATH = ("employer", "organization_number")
_EMPTY_ROW = dict.fromkeys(SCHEMA.names)


def convert_ad(
    record: Any, counts: dict[str, int], *, unknown_codes: UnknownCodes = "error"
) -> tuple[dict[str, Any], list[tuple[str, str, Any]]]:
    """One ad → (row of :data:`SCHEMA`, problems as (field, expected, found))."""
    if not isinstance(record, dict):
        return {}, [("", "a job ad object", type(record).__name__)]
    upper = "PLATSNUMMER" in record
    if not upper and "id" not in record:
        expected = "a job ad with 'id' (JobSearch format) or 'PLATSNUMMER' (older format)"
        return {}, [("id", expected, None)]
    row: dict[str, Any] = _EMPTY_ROW.copy()
    row["source_format"] = "historical_upper" if upper else "jobsearch"
    problems: list[tuple[str, str, Any]] = []
    for column, path, field, fn in _UPPER if upper else _CURRENT:
        try:
            row[column] = fn(_get(record, *path))
        except Invalid as exc:
            problems.append((field, str(exc), _get_safe(record, path)))
    if row["ad_id"] is None and not problems:
        problems.append(("PLATSNUMMER" if upper else "id", "an ad id (it is required)", None))
    for column, path, kind in _CODES_UPPER if upper else _CODES_CURRENT:
        try:
            row[column] = _code(_get(record, *path), kind)
        except Invalid as exc:
            if unknown_codes == "null" and str(exc) == _CHECKS[kind][2]:
                counts["unknown_codes_nulled"] += 1
            else:
                problems.append((".".join(path), str(exc), _get_safe(record, path)))
    if not upper:
        try:
            row["employer_org_number"] = _org_number(_get(record, *_ORG_PATH), counts)
        except Invalid as exc:
            problems.append((".".join(_ORG_PATH), str(exc), _get_safe(record, _ORG_PATH)))
    if row["kommun_code"] is not None:
        row["lan_code"] = codes.kommun_lan(row["kommun_code"])
    return row, problems


def _get_safe(record: Mapping[str, Any], path: tuple[str, ...]) -> Any:
    try:
        return _get(record, *path)
    except Invalid:
        return None


class _BatchWriter:
    """Collects rows as tuples; writes a record batch every ``batch_size`` rows."""

    def __init__(self, path: Path | None, batch_size: int) -> None:
        self.path = path
        self.batch_size = batch_size
        self.pending: list[tuple[Any, ...]] = []
        self.rows = 0
        self.batches = 0
        self.values = operator.itemgetter(*SCHEMA.names)
        schema = SCHEMA.arrow()
        self.writer = (
            pq.ParquetWriter(path, schema, compression="zstd", write_statistics=True)
            if path is not None
            else None
        )

    def add(self, row: Mapping[str, Any]) -> None:
        self.pending.append(self.values(row))
        if len(self.pending) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        columns = list(zip(*self.pending, strict=True))
        arrays = [
            pa.array(values, type=c.type) for values, c in zip(columns, SCHEMA.columns, strict=True)
        ]
        batch = pa.RecordBatch.from_arrays(arrays, schema=SCHEMA.arrow())
        if self.writer is not None:
            self.writer.write_batch(batch)
        self.rows += len(self.pending)
        self.batches += 1
        self.pending.clear()

    def close(self) -> None:
        self.flush()
        if self.writer is not None:
            self.writer.close()


def import_job_ads(
    catalog: Catalog,
    path: str | Path,
    *,
    dataset: str = DATASET,
    dry_run: bool = False,
    user: str | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    window_days: int = 30,
    unknown_codes: UnknownCodes = "error",
    max_errors: int = DEFAULT_MAX_ERRORS,
    limits: Limits | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportSummary:
    """Stream a job-ad file into the dataset ``dataset`` (replacing it), deduplicated."""
    path = Path(path)
    check_dataset_name(dataset)
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    if not path.is_file():
        raise IngestError.single(str(path), "an existing file")
    total = path.stat().st_size
    counts = {
        "records": 0,
        "invalid_org_numbers": 0,
        "personal_numbers_dropped": 0,
        "unknown_codes_nulled": 0,
    }
    dedupe = AdDeduplicator(window_days)
    errors = ErrorCollector(path.name, limit=max_errors)
    target = None if dry_run else incoming_dir(catalog) / f"{dataset}-{uuid.uuid4().hex}.parquet"
    writer = _BatchWriter(target, batch_size)
    report = (lambda done: progress(done, total)) if progress is not None else None
    try:
        for row_number, record in iter_json_records(path, limits=limits, progress=report):
            counts["records"] += 1
            row, problems = convert_ad(record, counts, unknown_codes=unknown_codes)
            for field, expected, found in problems:
                errors.add(row_number, field or None, expected, found)
            if problems or errors or dedupe.is_duplicate(row):
                continue
            writer.add(row)
        writer.close()
        errors.raise_if_any()
        counts.update(
            duplicate_ids=dedupe.duplicate_ids,
            duplicate_reposts=dedupe.reposts,
            batches=writer.batches,
        )
        provenance = Provenance(
            importer="jobtech-ads",
            input=str(path.resolve()),
            input_sha256=sha256_file(path),
            user=user or current_user(),
            parameters={"batch_size": batch_size, "window_days": window_days},
        )
        previous = catalog.entry(dataset).rows if dataset in catalog else 0
        write = DatasetWrite(
            name=dataset,
            source="JobTech job ads (Arbetsförmedlingen)",
            rows_added=writer.rows,
            rows_replaced=previous,
            path=target,
            row_count=writer.rows,
            description="Job ads, deduplicated (same id; same employer, headline, kommun).",
            classification_versions=codes.classification_versions(),
            parameters={"unknown_codes": unknown_codes, **counts},
        )
        summary = commit(catalog, [write], provenance=provenance, dry_run=dry_run, counts=counts)
    finally:
        if writer.writer is not None:
            writer.writer.close()
        if target is not None:
            with contextlib.suppress(FileNotFoundError):
                target.unlink()
    return summary

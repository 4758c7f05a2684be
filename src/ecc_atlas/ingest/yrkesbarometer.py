"""Import Arbetsförmedlingen's Yrkesbarometer (occupational outlook), CC0.

Input: the JSON list published at ``https://data.arbetsformedlingen.se/prognoser/
yrkesbarometer.json`` (June and December), one object per occupation × region, with the
fields ``yrkesomrade, yb_yrke, yb_concept_id, lan, antal_ssyk, del_av_ssyk, ssyk, ssyk_text,
yb_beskrivning, jobbmojligheter, rekryteringssituation, paradox, prognos,
text_jobbmojligheter, text_rekryteringssituation, hogsta_bedomningsniva, delvis_helt,
omgang, taxonomi_version``. ``ssyk`` may be one code or several (a list, or a string
separated by commas); each code gives one output row. ``lan`` may be a code (``"19"``), a
name (``"Västmanlands län"``) or the whole country (``"riket"``, code ``"00"``).

Output: one dataset ``yrkesbarometer`` holding every imported round (``omgang``);
importing a round again replaces that round's rows only.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from ecc_atlas import reference
from ecc_atlas.ingest import codes
from ecc_atlas.ingest.base import (
    Column,
    DatasetWrite,
    ImportSummary,
    Provenance,
    Schema,
    commit,
    current_user,
)
from ecc_atlas.ingest.convert import Invalid, choice, integer, text
from ecc_atlas.ingest.errors import DEFAULT_MAX_ERRORS, ErrorCollector, IngestError
from ecc_atlas.ingest.http import HttpSession, UrllibSession
from ecc_atlas.ingest.readers import Limits, load_json_bytes, sha256_bytes
from ecc_atlas.warehouse import Catalog

__all__ = [
    "DATASET",
    "DEFAULT_URL",
    "SCHEMA",
    "import_yrkesbarometer",
    "parse_yrkesbarometer",
]

DATASET = "yrkesbarometer"
DEFAULT_URL = "https://data.arbetsformedlingen.se/prognoser/yrkesbarometer.json"
NATIONAL = "00"
JOBBMOJLIGHETER = ("små", "medelstora", "stora")
REKRYTERINGSSITUATION = ("överskott", "balans", "brist", "paradox")
PROGNOS = ("öka", "vara oförändrad", "minska")
BEDOMNINGSNIVA = ("nationellt", "län", "nuts1", "nuts2")
DELVIS_HELT = ("helt", "delvis")
_OMGANG = re.compile(r"^\d{4}-\d{1,2}$")
_SPLIT = re.compile(r"[,;\s]+")

_S = pa.string()
SCHEMA = Schema(
    DATASET,
    (
        Column("omgang", _S, "round of the assessment, e.g. '2025-2'", False),
        Column("lan_code", _S, "län code, '00' for the whole country", False),
        Column("yrkesomrade", _S, "occupational area"),
        Column("yb_yrke", _S, "barometer occupation", False),
        Column("yb_concept_id", _S, "JobTech taxonomy concept id of the occupation"),
        Column("ssyk", _S, "SSYK 2012 unit group (one row per code)", False),
        Column("ssyk_text", _S, "name of the SSYK group as given"),
        Column("antal_ssyk", pa.int32(), "number of SSYK groups of the occupation"),
        Column("del_av_ssyk", _S, "the source's del_av_ssyk, as text"),
        Column("delvis_helt", _S, "'helt' or 'delvis': the occupation covers the group"),
        Column("jobbmojligheter", _S, "job prospects: små|medelstora|stora"),
        Column("rekryteringssituation", _S, "överskott|balans|brist|paradox"),
        Column("paradox", pa.list_(_S), "the paradox explanations, if any"),
        Column("prognos", _S, "outlook: öka|vara oförändrad|minska"),
        Column("hogsta_bedomningsniva", _S, "nationellt|län|nuts1|nuts2"),
        Column("text_jobbmojligheter", _S, "text on job prospects"),
        Column("text_rekryteringssituation", _S, "text on recruitment"),
        Column("yb_beskrivning", _S, "description of the occupation"),
        Column("taxonomi_version", _S, "JobTech taxonomy version"),
    ),
)
_SORT = [
    ("omgang", "ascending"),
    ("lan_code", "ascending"),
    ("yb_concept_id", "ascending"),
    ("yb_yrke", "ascending"),
    ("ssyk", "ascending"),
]
_LAN_EXPECTED = "a län code or name (e.g. '19' or 'Västmanlands län'), or 'riket'"


@cache
def _lan_names() -> dict[str, str]:
    names = {"riket": NATIONAL, "sverige": NATIONAL, "hela riket": NATIONAL}
    names["hela landet"] = NATIONAL
    for region in reference.lan():
        short = region.name.removesuffix(" län")
        for name in (region.name, short, short.removesuffix("s"), region.name_en):
            names[name.casefold()] = region.code
    return names


def _lan(value: object) -> str:
    code = codes.normalise_code(value, 2)
    if code is not None:
        if code == NATIONAL or codes.is_lan(code):
            return code
        raise Invalid(_LAN_EXPECTED)
    if isinstance(value, str):
        found = _lan_names().get(value.strip().casefold())
        if found:
            return found
    raise Invalid(_LAN_EXPECTED)


def _ssyk_codes(value: object) -> list[str]:
    items: list[object]
    if isinstance(value, list):
        items = list(value)
    elif isinstance(value, str):
        items = [part for part in _SPLIT.split(value.strip()) if part]
    else:
        items = [value]
    result = []
    for item in items:
        code = codes.normalise_code(item, 4)
        if code is None or not codes.is_ssyk_unit(code):
            raise Invalid(codes.SSYK_EXPECTED)
        if code not in result:
            result.append(code)
    if not result:
        raise Invalid(codes.SSYK_EXPECTED)
    return result


def _paradox(value: object) -> list[str] | None:
    if value is None:
        return None
    if isinstance(value, str):
        return [value.strip()] if value.strip() else []
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return [v.strip() for v in value]
    raise Invalid("a list of texts")


def _loose_text(value: object) -> str | None:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return text(value)


def _convert(item: Mapping[str, Any]) -> tuple[dict[str, Any], list[str], list[tuple[str, str]]]:
    """One source object → (row without ssyk, ssyk codes, problems as (field, expected))."""
    problems: list[tuple[str, str]] = []
    row: dict[str, Any] = {}
    ssyk: list[str] = []

    def put(field: str, column: str, fn: Any, *args: Any, **kwargs: Any) -> None:
        try:
            row[column] = fn(item.get(field), *args, **kwargs)
        except Invalid as exc:
            problems.append((field, str(exc)))

    put("omgang", "omgang", text, expected="a round such as '2025-2'")
    if row.get("omgang") is not None and not _OMGANG.match(row["omgang"]):
        problems.append(("omgang", "a round such as '2025-2'"))
    put("lan", "lan_code", _lan)
    put("yb_yrke", "yb_yrke", text)
    for field in (
        "yrkesomrade",
        "yb_concept_id",
        "ssyk_text",
        "text_jobbmojligheter",
        "text_rekryteringssituation",
        "yb_beskrivning",
    ):
        put(field, field, text)
    put("taxonomi_version", "taxonomi_version", _loose_text)
    put("del_av_ssyk", "del_av_ssyk", _loose_text)
    put("antal_ssyk", "antal_ssyk", integer)
    put("jobbmojligheter", "jobbmojligheter", choice, JOBBMOJLIGHETER)
    put("rekryteringssituation", "rekryteringssituation", choice, REKRYTERINGSSITUATION)
    put("prognos", "prognos", choice, PROGNOS)
    put("hogsta_bedomningsniva", "hogsta_bedomningsniva", choice, BEDOMNINGSNIVA)
    put("delvis_helt", "delvis_helt", choice, DELVIS_HELT)
    put("paradox", "paradox", _paradox)
    for field in ("omgang", "yb_yrke"):
        if field in row and row[field] is None:
            problems.append((field, "a value (it is required)"))
    try:
        ssyk = _ssyk_codes(item.get("ssyk"))
    except Invalid as exc:
        problems.append(("ssyk", str(exc)))
    return row, ssyk, problems


def parse_yrkesbarometer(
    document: Any, *, name: str, max_errors: int = DEFAULT_MAX_ERRORS
) -> pa.Table:
    """Check the source list and return its rows as a table of :data:`SCHEMA`, sorted."""
    if isinstance(document, dict):
        lists = [v for v in document.values() if isinstance(v, list)]
        document = lists[0] if len(lists) == 1 else document
    if not isinstance(document, list):
        raise IngestError.single(name, "a JSON list of occupation × region objects")
    errors = ErrorCollector(name, limit=max_errors)
    rows: list[dict[str, Any]] = []
    seen: dict[tuple[Any, ...], int] = {}
    for number, item in enumerate(document, start=1):
        if not isinstance(item, dict):
            errors.add(number, None, "an object", type(item).__name__, show_found=True)
            continue
        row, ssyk_codes, problems = _convert(item)
        for field, expected in problems:
            errors.add(number, field, expected, item.get(field))
        if problems:
            continue
        for code in ssyk_codes:
            key = (row["omgang"], row["lan_code"], row["yb_concept_id"], row["yb_yrke"], code)
            if key in seen:
                errors.add(
                    number,
                    "ssyk",
                    f"one row per round, län, occupation and SSYK code (row {seen[key]} has it)",
                    code,
                )
                continue
            seen[key] = number
            rows.append({**row, "ssyk": code})
    errors.raise_if_any()
    return SCHEMA.table(rows).sort_by(_SORT)


def _read_source(
    source: str, session: HttpSession | None, limits: Limits
) -> tuple[bytes, str, str]:
    """Return (bytes, display name, input) for a path or an http(s) URL."""
    if source.startswith(("http://", "https://")):
        http: HttpSession = (
            session if session is not None else UrllibSession(max_bytes=limits.max_json_bytes)
        )
        response = http.get(source, timeout=60.0)
        if int(response.status_code) != 200:
            raise IngestError.single(source, f"HTTP 200, got {response.status_code}")
        content = getattr(response, "content", None)
        if not isinstance(content, bytes):
            content = json.dumps(response.json(), ensure_ascii=False).encode("utf-8")
        limits.check(source, len(content), streamed=False)
        return content, source, source
    path = Path(source)
    if not path.is_file():
        raise IngestError.single(source, "an existing file or an http(s) URL")
    limits.check(path.name, path.stat().st_size, streamed=False)
    return path.read_bytes(), path.name, str(path.resolve())


def import_yrkesbarometer(
    catalog: Catalog,
    source: str | Path = DEFAULT_URL,
    *,
    session: HttpSession | None = None,
    dry_run: bool = False,
    user: str | None = None,
    max_errors: int = DEFAULT_MAX_ERRORS,
    limits: Limits | None = None,
) -> ImportSummary:
    """Import a Yrkesbarometer file or URL; the rounds it holds replace those rounds' rows."""
    data, name, origin = _read_source(str(source), session, limits or Limits.from_env())
    new = parse_yrkesbarometer(load_json_bytes(data, name), name=name, max_errors=max_errors)
    rounds = sorted(set(new.column("omgang").to_pylist()))
    digest = sha256_bytes(data)
    provenance = Provenance(DATASET, origin, digest, user or current_user(), {"rounds": rounds})
    kept_rounds: dict[str, Any] = {}
    replaced = 0
    table = new
    if DATASET in catalog:
        try:
            old = SCHEMA.conform(catalog.read_arrow(DATASET))
        except (ValueError, pa.ArrowInvalid) as exc:
            raise IngestError.single(
                DATASET, f"the existing dataset to have the current columns ({exc})"
            ) from None
        in_new = pa.array([r in rounds for r in old.column("omgang").to_pylist()], pa.bool_())
        replaced = sum(in_new.to_pylist())
        old_rest = old.filter(pc.invert(in_new))
        table = pa.concat_tables([old_rest, new]).sort_by(_SORT)
        previous = catalog.entry(DATASET).parameters.get("round_sources", {})
        remaining = set(old_rest.column("omgang").to_pylist())
        kept_rounds = {k: v for k, v in previous.items() if k in remaining}
    this_import = {"input": origin, "input_sha256": digest}
    round_sources = {**kept_rounds, **{r: this_import for r in rounds}}
    write = DatasetWrite(
        name=DATASET,
        source="Arbetsförmedlingen Yrkesbarometer",
        rows_added=new.num_rows,
        rows_replaced=replaced,
        table=table,
        description="Arbetsförmedlingen's occupational outlook per occupation, län and round.",
        classification_versions=codes.classification_versions(),
        parameters={"round_sources": dict(sorted(round_sources.items()))},
    )
    counts = {"rounds": len(rounds)}
    return commit(catalog, [write], provenance=provenance, dry_run=dry_run, counts=counts)

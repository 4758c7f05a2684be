"""Import education programmes (places, graduates, target occupation) into ``programmes``.

One row per provider, programme, kommun, year and mapped occupation: the education level
(``upper_secondary``, ``komvux``, ``yh``, ``university``, ``doctoral``, ``folkhogskola``,
``other``; Swedish names are accepted), the SUN 2020 level it leads to, the kommun where it
is given, the places and graduates of the year, the SSYK unit group the programme trains
for, and the share of its graduates who stay to work in the region (0–1). A programme that
leads to several occupations is given as several rows that share its graduates out (each
row's graduates count once in the supply).

A delivery replaces the rows of the provider × year pairs it holds and keeps the others, so
each school or university can deliver its own file; importing a file again changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from pathlib import Path
from typing import Any

import pyarrow as pa

from ecc_atlas.ingest import codes
from ecc_atlas.ingest.base import Column, ImportSummary, Schema
from ecc_atlas.ingest.delivery import DeliverySpec, import_delivery, write_delivery_template
from ecc_atlas.ingest.errors import DEFAULT_MAX_ERRORS
from ecc_atlas.ingest.fields import (
    Field,
    TableSpec,
    as_code,
    as_float,
    as_int,
    as_text,
    as_year,
    choice_of,
)
from ecc_atlas.ingest.readers import Limits
from ecc_atlas.warehouse import Catalog

__all__ = ["LEVELS", "SCHEMA", "SPEC", "import_programmes", "write_programmes_template"]

LEVELS: tuple[str, ...] = (
    "upper_secondary",
    "komvux",
    "yh",
    "university",
    "doctoral",
    "folkhogskola",
    "other",
)
_LEVEL_NAMES = {
    "gymnasieskola": "upper_secondary",
    "gymnasium": "upper_secondary",
    "vuxenutbildning": "komvux",
    "yrkeshögskola": "yh",
    "högskola": "university",
    "universitet": "university",
    "forskarutbildning": "doctoral",
    "folkhögskola": "folkhogskola",
    "annan": "other",
}
PROGRAMME_SUN_LEVELS = ("3", "4", "5", "6", "7")

_S = pa.string()
SCHEMA = Schema(
    "programmes",
    (
        Column("provider", _S, "school, college or university", False),
        Column("programme", _S, "programme name", False),
        Column("level", _S, "|".join(LEVELS), False),
        Column("sun_level", _S, "SUN 2020 level the programme leads to (3–7)", False),
        Column("kommun_code", _S, "kommun where the programme is given", False),
        Column("year", pa.int32(), "year (of graduation)", False),
        Column("places", pa.int64(), "places (intake) of the year; null if unknown"),
        Column("graduates", pa.int64(), "graduates of the year", False),
        Column("ssyk", _S, "SSYK 2012 unit group the programme trains for", False),
        Column("retention_share", pa.float64(), "share of graduates staying in the region", False),
    ),
)


def _share(value: Any) -> float:
    return as_float(
        value, minimum=0.0, maximum=1.0, expected="a share between 0 and 1 (45 % is 0.45)"
    )


def _sun(value: Any) -> str:
    return choice_of({v: v for v in PROGRAMME_SUN_LEVELS}, "a SUN 2020 level 3–7")(as_text(value))


TABLE = TableSpec(
    (
        Field(
            "provider",
            as_text,
            "School, college or university giving the programme",
            "Aroshögskolan",
            aliases=("anordnare", "utbildningsanordnare", "lärosäte", "skola"),
            text=True,
        ),
        Field(
            "programme",
            as_text,
            "Name of the programme",
            "Högskoleingenjörsprogrammet i elektroteknik",
            aliases=("program", "utbildning", "programnamn"),
            text=True,
        ),
        Field(
            "level",
            choice_of(_LEVEL_NAMES, "one of " + "|".join(LEVELS)),
            "Kind of education",
            "university",
            aliases=("nivå", "utbildningsform", "skolform"),
            allowed=LEVELS,
        ),
        Field(
            "sun_level",
            _sun,
            "SUN 2020 education level the programme leads to",
            "6",
            aliases=("sun", "sun2020", "sun2020niva", "utbildningsnivå"),
            allowed=PROGRAMME_SUN_LEVELS,
        ),
        Field(
            "kommun_code",
            partial(as_code, width=4, check=codes.is_kommun, expected=codes.KOMMUN_EXPECTED),
            "Kommun where the programme is given, 4 digits",
            "1980",
            aliases=("kommun", "kommunkod", "studieort"),
        ),
        Field("year", as_year, "Year of graduation", "2024", aliases=("år", "ar"), numeric=True),
        Field(
            "places",
            as_int,
            "Places (intake) of the year; blank if unknown",
            "55",
            nullable=True,
            aliases=("platser", "antal platser", "utbildningsplatser"),
            numeric=True,
        ),
        Field(
            "graduates",
            as_int,
            "Graduates of the year",
            "33",
            aliases=("examinerade", "antal examinerade", "utexaminerade"),
            numeric=True,
        ),
        Field(
            "ssyk",
            partial(as_code, width=4, check=codes.is_ssyk_unit, expected=codes.SSYK_EXPECTED),
            "Occupation (SSYK 2012 unit group) the programme trains for",
            "2143",
            aliases=("ssyk2012", "yrke", "målyrke"),
        ),
        Field(
            "retention_share",
            _share,
            "Share of graduates who stay to work in the region, 0–1",
            "0.5",
            aliases=("kvarstannande", "andel kvar", "retention"),
            numeric=True,
        ),
    )
)


def _check(row: Mapping[str, Any]) -> list[tuple[str, str, object]]:
    if row["level"] == "doctoral" and row["sun_level"] != "7":
        return [("sun_level", "7 for doctoral education", row["sun_level"])]
    return []


SPEC = DeliverySpec(
    importer="programmes",
    schema=SCHEMA,
    table=TABLE,
    key=("provider", "programme", "kommun_code", "year", "ssyk"),
    partition=("provider", "year"),
    source="Education programme delivery",
    description=(
        "Education programmes: places, graduates, target occupation (SSYK) and the share of "
        "graduates who stay in the region, per provider, programme and year."
    ),
    sheet_names=("programmes", "utbildningar", "data"),
    check_row=_check,
    template_title="ECC Atlas — education programmes",
    template_intro=(
        "One row per provider, programme, kommun, year and target occupation (SSYK). A "
        "programme leading to several occupations is several rows sharing its graduates.",
        "Import: ecc-atlas import programmes FILE. A file replaces the rows of the provider × "
        "year pairs it holds and keeps the others; the same file again changes nothing.",
    ),
    extra_versions={"education": "SUN 2020"},
)


def import_programmes(
    catalog: Catalog,
    path: str | Path,
    *,
    dry_run: bool = False,
    user: str | None = None,
    max_errors: int = DEFAULT_MAX_ERRORS,
    limits: Limits | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportSummary:
    """Import programmes; the provider × year pairs in the file replace those rows."""
    return import_delivery(
        catalog,
        path,
        SPEC,
        dry_run=dry_run,
        user=user,
        max_errors=max_errors,
        limits=limits,
        progress=progress,
    )


def write_programmes_template(path: str | Path) -> Path:
    """Write the programmes template (``.xlsx`` with instructions, or a ``.csv`` header)."""
    return write_delivery_template(path, SPEC)

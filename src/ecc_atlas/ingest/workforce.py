"""Import register-data deliveries (employees per organisation × year) into ``workforce``.

ECC orders register data from SCB per organisation number of the delimited sector: one row
per organisation, year, workplace kommun, occupation (SSYK 2012), education level (SUN
2020), age band, gender and origin, with the headcount and the full-year equivalents. The
delivery is a CSV file or an XLSX workbook (sheet ``workforce``, or its only data sheet) in
the layout of :func:`write_workforce_template`.

Checks: organisation numbers with a valid check digit; years 1990–2100; kommun codes of the
current division; SSYK 2012 unit groups; SUN level ``1``–``7`` or ``US``; age bands exactly
``16-19``, ``20-24`` … ``70-74``; gender ``F``/``M`` (``K``/kvinna, man; SCB's ``2``/``1``
too); origin ``SE``/``foreign`` (``inrikes``/``utrikes`` född too); counts ≥ 0 and
full-year equivalents at most 1.05 × the headcount; one row per cell.

A delivery for years Y replaces those years' rows and keeps the other years.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from pathlib import Path
from typing import Any

import pyarrow as pa

from ecc_atlas.ingest import codes
from ecc_atlas.ingest.base import Column, ImportSummary, Schema
from ecc_atlas.ingest.convert import Invalid
from ecc_atlas.ingest.delivery import DeliverySpec, import_delivery, write_delivery_template
from ecc_atlas.ingest.errors import DEFAULT_MAX_ERRORS
from ecc_atlas.ingest.fields import (
    Field,
    TableSpec,
    as_code,
    as_float,
    as_int,
    as_org_number,
    as_year,
    choice_of,
)
from ecc_atlas.ingest.readers import Limits
from ecc_atlas.warehouse import Catalog

__all__ = [
    "AGE_BANDS",
    "FYE_TOLERANCE",
    "SCHEMA",
    "SPEC",
    "SUN_LEVELS",
    "import_workforce",
    "write_workforce_template",
]

AGE_BANDS: tuple[str, ...] = ("16-19", *(f"{lo}-{lo + 4}" for lo in range(20, 75, 5)))
SUN_LEVELS: tuple[str, ...] = ("1", "2", "3", "4", "5", "6", "7", "US")
GENDERS = ("F", "M")
ORIGINS = ("SE", "foreign")
#: Full-year equivalents may exceed the headcount by this factor (overtime, rounding).
FYE_TOLERANCE = 1.05

_S = pa.string()
SCHEMA = Schema(
    "workforce",
    (
        Column("org_number", _S, "organisation number, 10 digits", False),
        Column("year", pa.int32(), "reference year", False),
        Column("kommun_code", _S, "kommun of the workplace", False),
        Column("ssyk", _S, "occupation, SSYK 2012 unit group", False),
        Column("sun_level", _S, "education level, SUN 2020: 1–7 or US", False),
        Column("age_band", _S, "age band: 16-19, 20-24 … 70-74", False),
        Column("gender", _S, "F or M", False),
        Column("origin", _S, "SE (born in Sweden) or foreign", False),
        Column("employees", pa.int64(), "headcount", False),
        Column("full_year_equivalents", pa.float64(), "full-year equivalents", False),
    ),
)


def _sun(value: Any) -> str:
    expected = "an education level (SUN 2020) 1–7 or US"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip().upper()
    if text not in SUN_LEVELS:
        raise Invalid(expected)
    return text


def _age_band(value: Any) -> str:
    expected = "an age band such as '45-49' (16-19, 20-24 … 70-74; format the column as text)"
    text = str(value).strip().replace("–", "-").replace("—", "-") if isinstance(value, str) else ""
    if text not in AGE_BANDS:
        raise Invalid(expected)
    return text


_GENDER = choice_of(
    {"K": "F", "kvinna": "F", "woman": "F", "female": "F", "2": "F", "man": "M", "male": "M"}
    | {"1": "M", "F": "F", "M": "M"},
    "F or M (K/kvinna = F)",
)
_ORIGIN = choice_of(
    {"sverige": "SE", "inrikes": "SE", "inrikes född": "SE", "utrikes": "foreign"}
    | {"utrikes född": "foreign", "utländsk": "foreign", "SE": "SE", "foreign": "foreign"},
    "SE or foreign (born in Sweden or abroad)",
)

TABLE = TableSpec(
    (
        Field(
            "org_number",
            as_org_number,
            "Organisation number, NNNNNN-NNNN (check digit verified)",
            "556004-1492",
            aliases=("orgnr", "organisationsnummer", "peorgnr", "org_nr"),
        ),
        Field("year", as_year, "Reference year", "2024", aliases=("år", "ar"), numeric=True),
        Field(
            "kommun_code",
            partial(as_code, width=4, check=codes.is_kommun, expected=codes.KOMMUN_EXPECTED),
            "Kommun of the workplace, 4 digits",
            "1980",
            aliases=("kommun", "kommunkod", "arbetsställekommun", "astkommun"),
        ),
        Field(
            "ssyk",
            partial(as_code, width=4, check=codes.is_ssyk_unit, expected=codes.SSYK_EXPECTED),
            "Occupation, SSYK 2012 unit group, 4 digits",
            "3113",
            aliases=("ssyk2012", "ssyk4", "yrke"),
        ),
        Field(
            "sun_level",
            _sun,
            "Education level, SUN 2020: 1–7, US = unknown",
            "6",
            aliases=("sun", "sun2020", "sun2020niva", "utbildningsnivå"),
            allowed=SUN_LEVELS,
        ),
        Field(
            "age_band",
            _age_band,
            "Age band: 16-19, 20-24, … 70-74",
            "45-49",
            aliases=("ålder", "åldersgrupp", "alder"),
            allowed=AGE_BANDS,
        ),
        Field(
            "gender", _GENDER, "F (women) or M (men)", "F", aliases=("kön", "kon"), allowed=GENDERS
        ),
        Field(
            "origin",
            _ORIGIN,
            "SE = born in Sweden, foreign = born abroad",
            "SE",
            aliases=("bakgrund", "födelseland", "ursprung"),
            allowed=ORIGINS,
        ),
        Field(
            "employees",
            as_int,
            "Headcount (whole number ≥ 0)",
            "12",
            aliases=("antal", "anställda", "sysselsatta"),
            numeric=True,
        ),
        Field(
            "full_year_equivalents",
            as_float,
            "Full-year equivalents (≥ 0, at most 1.05 × the headcount)",
            "11.4",
            aliases=("fye", "helårsekvivalenter", "årsarbeten", "heltidsekvivalenter"),
            numeric=True,
        ),
    )
)


def _check(row: Mapping[str, Any]) -> list[tuple[str, str, object]]:
    fye, headcount = row["full_year_equivalents"], row["employees"]
    if fye > headcount * FYE_TOLERANCE + 1e-9:
        limit = headcount * FYE_TOLERANCE
        return [
            (
                "full_year_equivalents",
                f"at most {FYE_TOLERANCE} × employees ({headcount}) = {limit:g}",
                fye,
            )
        ]
    return []


SPEC = DeliverySpec(
    importer="workforce",
    schema=SCHEMA,
    table=TABLE,
    key=tuple(SCHEMA.names[:8]),
    partition=("year",),
    source="Register data delivery (SCB, per organisation number)",
    description=(
        "Employees and full-year equivalents per organisation, year, workplace kommun, SSYK, "
        "SUN level, age band, gender and origin (register data delivery)."
    ),
    sheet_names=("workforce", "sysselsatta", "data"),
    check_row=_check,
    extra_versions={"education": "SUN 2020"},
    template_title="ECC Atlas — workforce delivery (register data per organisation number)",
    template_intro=(
        "One row per organisation, year, workplace kommun, SSYK, SUN level, age band, gender "
        "and origin. Fill in the sheet 'workforce'; keep the header row.",
        "Import: ecc-atlas import workforce FILE. A delivery for some years replaces those "
        "years and keeps the others; importing the same file again changes nothing.",
        "Codes: kommun (4 digits), SSYK 2012 (4 digits), SUN 2020 level (1–7, US).",
    ),
)


def import_workforce(
    catalog: Catalog,
    path: str | Path,
    *,
    dry_run: bool = False,
    user: str | None = None,
    max_errors: int = DEFAULT_MAX_ERRORS,
    limits: Limits | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportSummary:
    """Import a workforce delivery; the years it holds replace those years' rows."""
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


def write_workforce_template(path: str | Path) -> Path:
    """Write the workforce template (``.xlsx`` with instructions, or a ``.csv`` header)."""
    return write_delivery_template(path, SPEC)

"""The columns of a registry file and its template (see :mod:`ecc_atlas.ingest.registry`).

Accepted values (case ignored; Swedish words too):

* ``kind``: company (företag), academia (akademi, lärosäte), public_actor (offentlig aktör),
  authority (myndighet), institute (institut);
* ``rd_intensity``: high|medium|low|unknown (hög|medel|låg|okänd);
* ``export_class``: major|some|none|unknown (stor|viss|ingen|okänd);
* ``segments`` / ``segment``: codes (or Swedish or English names) of
  ``ecc_atlas.reference.segments()``; ``segments`` may list several, separated by ``,``
  ``;`` or ``|``;
* ``sni_code``: SNI 2007, ``35.11``, ``3511`` or ``71.123`` (stored as ``NN.NN…``), in an
  existing SNI 2007 division;
* ``included``: ja|nej, yes|no, true|false, 1|0.
"""

from __future__ import annotations

import re
from functools import cache, partial
from pathlib import Path
from typing import Any

from ecc_atlas import reference
from ecc_atlas.ingest import codes
from ecc_atlas.ingest.convert import Invalid
from ecc_atlas.ingest.fields import (
    Field,
    TableSpec,
    as_bool,
    as_code,
    as_org_number,
    as_text,
    as_year,
    choice_of,
)
from ecc_atlas.ingest.templates import TemplateSheet, write_template

__all__ = [
    "DECISION_FIELDS",
    "EXPORT_CLASSES",
    "KINDS",
    "ORGANISATION_FIELDS",
    "RD_INTENSITIES",
    "SNI_DIVISIONS",
    "WORKPLACE_FIELDS",
    "as_legal_org_number",
    "as_segment",
    "as_segments",
    "as_sni",
    "table_spec",
    "write_registry_template",
]

KINDS = ("company", "academia", "public_actor", "authority", "institute")
RD_INTENSITIES = ("high", "medium", "low", "unknown")
EXPORT_CLASSES = ("major", "some", "none", "unknown")
ORGANISATION_FIELDS = (
    "name",
    "kind",
    "sni_code",
    "segments",
    "rd_intensity",
    "export_class",
    "website",
    "description",
)
WORKPLACE_FIELDS = ("workplace_name", "kommun_code", "workplace_id", "address")
DECISION_FIELDS = ("year", "included", "reason", "segment")

#: The divisions (2 digits) of SNI 2007 (= NACE Rev. 2).
SNI_DIVISIONS = frozenset(
    f"{d:02d}"
    for d in [
        *range(1, 4), *range(5, 10), *range(10, 34), *range(35, 40), *range(41, 44),
        *range(45, 48), *range(49, 54), 55, 56, *range(58, 64), 64, 65, 66, 68,
        *range(69, 76), *range(77, 83), 84, 85, *range(86, 89), *range(90, 94),
        *range(94, 97), 97, 98, 99,
    ]
)  # fmt: skip
_SNI = re.compile(r"^(\d{2})\.?(\d{0,3})$")
_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
_SPLIT = re.compile(r"\s*[,;|]\s*")


def as_legal_org_number(value: Any) -> str:
    """An organisation number of a legal person (third digit 2–9); a sole trader's number
    is a personal identity number, which the registry does not store."""
    digits = as_org_number(value)
    if digits[2] in "01":
        raise Invalid(
            "the organisation number of a legal person (third digit 2–9): a sole trader's "
            "number is a personal identity number and is not stored"
        )
    return digits


def as_sni(value: Any) -> str:
    """An SNI 2007 code as ``NN``, ``NN.N`` … ``NN.NNN`` in an existing division."""
    expected = "an SNI 2007 code such as '35.11' (2–5 digits)"
    if isinstance(value, float) and not value.is_integer():
        value = str(value)  # Excel turned 35.11 into a number
    text = as_text(value).replace(" ", "")
    match = _SNI.match(text)
    if match is None or match.group(1) not in SNI_DIVISIONS:
        raise Invalid(expected)
    division, rest = match.groups()
    return f"{division}.{rest}" if rest else division


@cache
def _segment_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for seg in reference.segments().segments:
        for text in (seg.code, seg.name_sv, seg.name_en):
            names[text.casefold()] = seg.code
    return names


def _segment_expected() -> str:
    return "a segment code: " + "|".join(s.code for s in reference.segments().segments)


def as_segment(value: Any) -> str:
    """One segment code (a code, or its Swedish or English name)."""
    found = _segment_names().get(as_text(value).casefold())
    if found is None:
        raise Invalid(_segment_expected())
    return found


def as_segments(value: Any) -> tuple[str, ...]:
    """Segment codes separated by ``,``, ``;`` or ``|`` (in the order given, once each)."""
    result: list[str] = []
    for part in _SPLIT.split(as_text(value)):
        if part:
            code = as_segment(part)
            if code not in result:
                result.append(code)
    return tuple(result)


def _limited(max_length: int) -> Any:
    def convert(value: Any) -> str:
        text = as_text(value)
        if len(text) > max_length:
            raise Invalid(f"at most {max_length} characters")
        return text

    return convert


def _website(value: Any) -> str:
    text = _limited(200)(value)
    if not _URL.match(text):
        raise Invalid("a web address starting with https://")
    return text


_KIND_NAMES = {
    "företag": "company",
    "bolag": "company",
    "akademi": "academia",
    "lärosäte": "academia",
    "universitet": "academia",
    "offentlig aktör": "public_actor",
    "public actor": "public_actor",
    "myndighet": "authority",
    "institut": "institute",
    "forskningsinstitut": "institute",
}
_RD_NAMES = {"hög": "high", "medel": "medium", "låg": "low", "okänd": "unknown"}
_EXPORT_NAMES = {"stor": "major", "viss": "some", "ingen": "none", "okänd": "unknown"}


def _optional(name: str, convert: Any, description: str, example: str, **kwargs: Any) -> Field:
    """A column that may be left out and whose cells may be blank."""
    return Field(name, convert, description, example, required=False, nullable=True, **kwargs)


def _fields() -> tuple[Field, ...]:
    kommun = partial(as_code, width=4, check=codes.is_kommun, expected=codes.KOMMUN_EXPECTED)
    segments = tuple(s.code for s in reference.segments().segments)
    return (
        Field(
            "org_number",
            as_legal_org_number,
            "Organisation number NNNNNN-NNNN (check digit verified); on every row",
            "556004-1492",
            aliases=("orgnr", "organisationsnummer", "org_nr", "organisation_number"),
        ),
        _optional(
            "name",
            _limited(200),
            "Name of the organisation (required for a new one)",
            "Fiktiva Kraft AB",
            aliases=("namn", "organisation", "företagsnamn"),
            text=True,
        ),
        _optional(
            "kind",
            choice_of(_KIND_NAMES, "one of " + "|".join(KINDS)),
            "Kind of actor (default company)",
            "company",
            aliases=("typ", "aktörstyp"),
            allowed=KINDS,
        ),
        _optional(
            "sni_code",
            as_sni,
            "SNI 2007 code of the main activity",
            "35.11",
            aliases=("sni", "sni2007", "snikod"),
        ),
        _optional(
            "segments",
            as_segments,
            "Segments of the energy chain, separated by ','",
            "supply, grids",
            aliases=("segment_codes", "segmenten"),
        ),
        _optional(
            "rd_intensity",
            choice_of(_RD_NAMES, "one of " + "|".join(RD_INTENSITIES)),
            "R&D intensity",
            "medium",
            aliases=("r&d_intensity", "fou_intensitet", "fou-intensitet", "fou"),
            allowed=RD_INTENSITIES,
        ),
        _optional(
            "export_class",
            choice_of(_EXPORT_NAMES, "one of " + "|".join(EXPORT_CLASSES)),
            "Export class (major = at least half of turnover)",
            "some",
            aliases=("exportklass", "export"),
            allowed=EXPORT_CLASSES,
        ),
        _optional("website", _website, "Web address", "https://example.se"),
        _optional(
            "description",
            _limited(5000),
            "Public description",
            "",
            aliases=("beskrivning",),
            text=True,
        ),
        _optional(
            "workplace_name",
            _limited(200),
            "Name of the workplace (default: the organisation's name)",
            "Fiktiva Kraft, Västerås",
            aliases=("arbetsställe", "arbetsställets namn"),
            text=True,
        ),
        _optional(
            "kommun_code",
            kommun,
            "Kommun of the workplace (4 digits); a row with a kommun code is a workplace",
            "1980",
            aliases=("kommun", "kommunkod"),
        ),
        _optional(
            "workplace_id",
            _limited(20),
            "Workplace id (CFAR number)",
            "12345678",
            aliases=("cfar", "cfar_nr", "cfarnummer"),
        ),
        _optional(
            "address",
            _limited(300),
            "Street address",
            "Kraftgatan 1",
            aliases=("adress", "besöksadress"),
            text=True,
        ),
        _optional(
            "year",
            as_year,
            "Year of the delimitation decision; a row with a year is a decision",
            "2024",
            aliases=("år", "ar", "beslutsår"),
            numeric=True,
        ),
        _optional(
            "included",
            as_bool,
            "Does the organisation belong to the energy sector that year? ja|nej",
            "ja",
            aliases=("ingår", "inkluderad"),
            allowed=("ja", "nej"),
        ),
        _optional(
            "reason",
            _limited(5000),
            "Reason for the decision (required with a decision)",
            "Elnätsföretag (SNI 35.13)",
            aliases=("motivering", "skäl"),
            text=True,
        ),
        _optional(
            "segment",
            as_segment,
            "Segment of the decision (required when included)",
            "grids",
            aliases=("beslutssegment", "decision_segment"),
            allowed=segments,
        ),
    )


@cache
def table_spec() -> TableSpec:
    """The registry's columns (built on first use: it reads the segment classification)."""
    return TableSpec(_fields())


def write_registry_template(path: str | Path) -> Path:
    """Write the registry template: ``.xlsx`` with three sheets, or a flat ``.csv``."""
    spec = table_spec()
    intro = (
        "Sheets 'organisations', 'workplaces' and 'decisions'; keep the header rows. Every "
        "row names the organisation by its number. Import: ecc-atlas import registry FILE.",
        "Importing the same file again changes nothing; a corrected file updates the "
        "organisations it names. A blank cell in a column clears that value; a column left "
        "out leaves it unchanged. The workplaces listed for an organisation replace its "
        "workplaces. A decision identical to the current one is not added again.",
    )
    sheets = [
        TemplateSheet("organisations", spec, ("org_number", *ORGANISATION_FIELDS)),
        TemplateSheet("workplaces", spec, ("org_number", *WORKPLACE_FIELDS)),
        TemplateSheet("decisions", spec, ("org_number", *DECISION_FIELDS)),
    ]
    if Path(path).suffix.lower() == ".csv":
        every = ("org_number", *ORGANISATION_FIELDS, *WORKPLACE_FIELDS, *DECISION_FIELDS)
        sheets = [TemplateSheet("registry", spec, every)]
    return write_template(path, "ECC Atlas — organisation registry", intro, sheets)

"""Classifications: occupations (SSYK 2012), industries (SNI 2007), education levels (SUN 2020)
and the product's own energy-chain segments.

All are package data (``data/ssyk2012.csv``, ``data/sni2007.csv``, ``data/sun2020_levels.csv``,
``data/segments.json``); every record carries the version of its classification. The SSYK and SNI
files are *subsets*: all SSYK major and sub-major groups plus the unit groups that matter to the
energy sector and the companies in it; the SNI codes along the energy chain.

Example::

    >>> from ecc_atlas.reference.classifications import segments, ssyk_unit
    >>> ssyk_unit("2143").name_en
    'Engineering professionals in electrical engineering'
    >>> segments().suggest("71.123")
    'engineering'
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from types import MappingProxyType
from typing import Any, Final, Literal, cast

from ecc_atlas.reference._resources import parse_bool, read_csv_rows, read_json

__all__ = [
    "CARRIERS",
    "STRENGTH_AREAS",
    "EducationLevel",
    "Industry",
    "IndustryLevel",
    "Occupation",
    "OccupationLevel",
    "Segment",
    "SegmentClassification",
    "industry",
    "normalize_sni",
    "occupation",
    "segments",
    "sni",
    "ssyk",
    "ssyk_unit",
    "sun_levels",
]

#: Energy carriers a segment may be tagged with.
CARRIERS: Final = ("electricity", "heat", "transport", "gas", "fuel")
#: The region's strength areas a segment may be tagged with.
STRENGTH_AREAS: Final = ("power", "automation", "motors", "robotics", "trains")

#: SSYK 2012 level: 1-digit major group, 2-digit sub-major group, 4-digit unit group.
OccupationLevel = Literal["major_group", "sub_major_group", "unit_group"]
#: SNI 2007 level: section (letter), division (2 digits), group (35.1), class (35.11),
#: Swedish subclass (71.123).
IndustryLevel = Literal["section", "division", "group", "class", "subclass"]

_OCCUPATION_LEVELS: Final = ("major_group", "sub_major_group", "unit_group")
_INDUSTRY_LEVELS: Final = ("section", "division", "group", "class", "subclass")


# --------------------------------------------------------------------------------------------
# SSYK 2012
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Occupation:
    """An SSYK 2012 occupation group.

    Attributes:
        code: SSYK code (``"2"``, ``"21"``, ``"2143"``).
        level: ``"major_group"``, ``"sub_major_group"`` or ``"unit_group"``.
        name_sv: Official Swedish name.
        name_en: English name.
        version: ``"SSYK 2012"``.
        energy_relevant: For unit groups, whether the occupation is one of the energy sector's
            core competences (engineering, electrical, plant operation, ...). Always false for
            the aggregate levels: use the unit groups.
    """

    code: str
    level: OccupationLevel
    name_sv: str
    name_en: str
    version: str
    energy_relevant: bool


@cache
def ssyk() -> tuple[Occupation, ...]:
    """Return the bundled SSYK 2012 groups: major groups, sub-major groups, then unit groups."""
    out: list[Occupation] = []
    for row in read_csv_rows("ssyk2012.csv"):
        where = f"ssyk2012.csv code {row['code']!r}"
        level = row["level"]
        if level not in _OCCUPATION_LEVELS:
            raise ValueError(f"{where}: unknown level {level!r}")
        out.append(
            Occupation(
                code=row["code"],
                level=cast(OccupationLevel, level),
                name_sv=row["name_sv"],
                name_en=row["name_en"],
                version=row["version"],
                energy_relevant=parse_bool(row["energy_relevant"], where=where),
            )
        )
    out.sort(key=lambda o: (_OCCUPATION_LEVELS.index(o.level), o.code))
    return tuple(out)


@cache
def _ssyk_by_code() -> Mapping[str, Occupation]:
    return MappingProxyType({o.code: o for o in ssyk()})


def occupation(code: str) -> Occupation:
    """Return the SSYK 2012 group (any level) with this code.

    Raises:
        KeyError: The code is not in the bundled subset.
    """
    found = _ssyk_by_code().get(code.strip())
    if found is None:
        raise KeyError(
            f"SSYK 2012 code {code!r} is not in the bundled list (all major and sub-major "
            f"groups and the energy-relevant unit groups); see ecc_atlas.reference.ssyk()"
        )
    return found


def ssyk_unit(code: str) -> Occupation:
    """Return the SSYK 2012 unit group (4 digits) with this code.

    Raises:
        KeyError: The code is not a bundled unit group.
    """
    found = _ssyk_by_code().get(code.strip())
    if found is None or found.level != "unit_group":
        raise KeyError(
            f"SSYK 2012 unit group {code!r} is not in the bundled list; unit groups have 4 "
            f"digits (e.g. '2143'); see ecc_atlas.reference.ssyk()"
        )
    return found


# --------------------------------------------------------------------------------------------
# SNI 2007
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Industry:
    """An SNI 2007 industry code along the energy chain.

    Attributes:
        code: SNI code with a dot after the division (``"35.11"``, ``"71.123"``) or a section
            letter (``"D"``).
        level: ``"section"``, ``"division"``, ``"group"``, ``"class"`` or ``"subclass"``.
        name_sv: Official Swedish name.
        name_en: English name (NACE Rev. 2 wording where the code is a NACE code).
        version: ``"SNI 2007"``.
        suggested_segment: Energy-chain segment suggested for screening, or ``None`` for the
            aggregate codes (see :meth:`SegmentClassification.suggest`).
    """

    code: str
    level: IndustryLevel
    name_sv: str
    name_en: str
    version: str
    suggested_segment: str | None


def normalize_sni(code: str) -> str:
    """Normalise an SNI code to the dotted form used here.

    ``"71123"`` and ``" 71.123 "`` become ``"71.123"``; ``"3511"`` becomes ``"35.11"``; section
    letters are upper-cased.

    >>> normalize_sni("71123"), normalize_sni("35.11"), normalize_sni("d")
    ('71.123', '35.11', 'D')
    """
    text = code.strip()
    if text.isalpha():
        return text.upper()
    if text.isdigit() and len(text) > 2:
        return f"{text[:2]}.{text[2:]}"
    return text


@cache
def sni() -> tuple[Industry, ...]:
    """Return the bundled SNI 2007 codes along the energy chain, sorted by code."""
    out: list[Industry] = []
    for row in read_csv_rows("sni2007.csv"):
        level = row["level"]
        if level not in _INDUSTRY_LEVELS:
            raise ValueError(f"sni2007.csv code {row['code']!r}: unknown level {level!r}")
        out.append(
            Industry(
                code=row["code"],
                level=cast(IndustryLevel, level),
                name_sv=row["name_sv"],
                name_en=row["name_en"],
                version=row["version"],
                suggested_segment=row["suggested_segment"] or None,
            )
        )
    out.sort(key=lambda i: (not i.code.isalpha(), i.code))
    return tuple(out)


@cache
def _sni_by_code() -> Mapping[str, Industry]:
    return MappingProxyType({i.code: i for i in sni()})


def industry(code: str) -> Industry:
    """Return the bundled SNI 2007 code (``"35.11"``, ``"3511"`` and ``"35110"``-style input
    are normalised; a Swedish 5-digit ``"35.110"`` falls back to its class ``"35.11"``).

    Raises:
        KeyError: The code is not in the bundled list.
    """
    norm = normalize_sni(code)
    table = _sni_by_code()
    if norm in table:
        return table[norm]
    if norm.endswith("0") and norm[:-1] in table and len(norm) == 6:
        return table[norm[:-1]]
    raise KeyError(
        f"SNI 2007 code {code!r} is not in the bundled list of energy-chain codes; "
        f"see ecc_atlas.reference.sni()"
    )


# --------------------------------------------------------------------------------------------
# SUN 2020 levels
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EducationLevel:
    """A level of education (SUN 2020, the 7-level tabulation SCB uses, plus unknown).

    Attributes:
        code: ``"1"``-``"7"``, or ``"US"`` for unknown.
        name_sv: Swedish name.
        name_en: English name.
        version: ``"SUN 2020"``.
        phd: True only for level 7, doctoral education (forskarutbildning).
    """

    code: str
    name_sv: str
    name_en: str
    version: str
    phd: bool


@cache
def sun_levels() -> tuple[EducationLevel, ...]:
    """Return the levels of education 1-7 and ``US`` (unknown), in that order."""
    out: list[EducationLevel] = []
    for row in read_csv_rows("sun2020_levels.csv"):
        where = f"sun2020_levels.csv code {row['code']!r}"
        out.append(
            EducationLevel(
                code=row["code"],
                name_sv=row["name_sv"],
                name_en=row["name_en"],
                version=row["version"],
                phd=parse_bool(row["phd"], where=where),
            )
        )
    return tuple(out)


# --------------------------------------------------------------------------------------------
# Energy-chain segments (the product's own classification)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Segment:
    """One industry segment (branschdel) of the energy chain.

    Attributes:
        code: Short stable code (``"grids"``).
        name_sv / name_en: Name in Swedish / English.
        description_sv / description_en: What the segment covers.
        carriers: Energy carriers (subset of :data:`CARRIERS`).
        strength_areas: Regional strength areas (subset of :data:`STRENGTH_AREAS`).
    """

    code: str
    name_sv: str
    name_en: str
    description_sv: str
    description_en: str
    carriers: tuple[str, ...]
    strength_areas: tuple[str, ...]


@dataclass(frozen=True)
class SegmentClassification:
    """A version of the energy-chain segment classification.

    Attributes:
        id: Identifier of the classification (``"ecc-energy-chain"``).
        version: Version label (``"2026.1"``); store it with every classified record.
        valid_from: ISO date from which the version applies.
        description_sv / description_en: What the classification is for.
        segments: The segments, in energy-chain order.
        sni_map: Suggested segment per SNI 2007 code (read-only mapping).
        sni_notes: Analyst note per mapped SNI code (read-only mapping).
        sni_version: The SNI version the map keys belong to.
    """

    id: str
    version: str
    valid_from: str
    description_sv: str
    description_en: str
    segments: tuple[Segment, ...]
    sni_map: Mapping[str, str] = field(hash=False)
    sni_notes: Mapping[str, str] = field(hash=False, repr=False)
    sni_version: str = "SNI 2007"

    @property
    def codes(self) -> tuple[str, ...]:
        """Segment codes, in energy-chain order."""
        return tuple(s.code for s in self.segments)

    def segment(self, code: str) -> Segment:
        """Return the segment with this code.

        Raises:
            KeyError: Unknown segment code (the message lists the valid ones).
        """
        for seg in self.segments:
            if seg.code == code:
                return seg
        raise KeyError(
            f"unknown segment {code!r} in {self.id} {self.version}; "
            f"expected one of: {', '.join(self.codes)}"
        )

    def suggest(self, sni_code: str) -> str | None:
        """Suggest a segment for an SNI 2007 code, for screening (never a final verdict).

        Tries the exact code, then ever shorter prefixes: ``"71.123"`` -> ``"71.12"`` ->
        ``"71.1"`` -> ``"71"``. Undotted input (``"71123"``) is normalised first. Returns
        ``None`` when no prefix is mapped.
        """
        candidate = normalize_sni(sni_code)
        while candidate:
            found = self.sni_map.get(candidate)
            if found is not None:
                return found
            candidate = candidate[:-1].rstrip(".")
        return None


def _str_tuple(value: Any, *, allowed: tuple[str, ...], where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{where}: expected a list of strings, got {value!r}")
    unknown = [v for v in value if v not in allowed]
    if unknown:
        raise ValueError(f"{where}: unknown values {unknown}; allowed: {', '.join(allowed)}")
    return tuple(value)


@cache
def segments() -> SegmentClassification:
    """Return the bundled energy-chain segment classification (``data/segments.json``).

    Raises:
        ValueError: The file is inconsistent (an SNI code mapped to an unknown segment, an
            unknown carrier or strength area, a duplicate code).
    """
    doc = read_json("segments.json")
    segs: list[Segment] = []
    for raw in doc["segments"]:
        where = f"segments.json segment {raw.get('code')!r}"
        segs.append(
            Segment(
                code=str(raw["code"]),
                name_sv=str(raw["name_sv"]),
                name_en=str(raw["name_en"]),
                description_sv=str(raw["description_sv"]),
                description_en=str(raw["description_en"]),
                carriers=_str_tuple(raw["carriers"], allowed=CARRIERS, where=where),
                strength_areas=_str_tuple(
                    raw["strength_areas"], allowed=STRENGTH_AREAS, where=where
                ),
            )
        )
    seg_codes = [s.code for s in segs]
    if len(set(seg_codes)) != len(seg_codes):
        raise ValueError(f"segments.json: duplicate segment codes in {seg_codes}")

    sni_map: dict[str, str] = {}
    notes: dict[str, str] = {}
    for entry in doc["sni_map"]:
        code = normalize_sni(str(entry["sni"]))
        seg = str(entry["segment"])
        if seg not in seg_codes:
            raise ValueError(f"segments.json: SNI {code} maps to unknown segment {seg!r}")
        if code in sni_map:
            raise ValueError(f"segments.json: SNI {code} is mapped twice")
        sni_map[code] = seg
        notes[code] = str(entry.get("note", ""))

    return SegmentClassification(
        id=str(doc["id"]),
        version=str(doc["version"]),
        valid_from=str(doc["valid_from"]),
        description_sv=str(doc["description_sv"]),
        description_en=str(doc["description_en"]),
        segments=tuple(segs),
        sni_map=MappingProxyType(sni_map),
        sni_notes=MappingProxyType(notes),
        sni_version=str(doc.get("sni_version", "SNI 2007")),
    )

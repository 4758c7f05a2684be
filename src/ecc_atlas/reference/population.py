"""Bundled population at 31 December for every county and municipality, 2015-2024.

The figures are **approximate** (within a few per cent of SCB's published BE0101 figures, not an
official extract): each municipality is interpolated linearly between anchors for 2015 and 2024
(``data/population_anchors.csv``, expanded by ``_build_population.py``) and each county is the
exact sum of its municipalities. Every row says so (``approximate`` true and a ``source`` text).
They let the demo and per-capita measures work offline; real figures come from
``ecc-atlas import scb``.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from functools import cache
from types import MappingProxyType

import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]
import pyarrow.csv as pacsv  # type: ignore[import-untyped, unused-ignore]

from ecc_atlas.reference._resources import read_bytes
from ecc_atlas.reference.regions import region

__all__ = ["population", "population_table"]

_COLUMN_TYPES = {
    "region_code": pa.string(),
    "year": pa.int32(),
    "population": pa.int64(),
    "approximate": pa.bool_(),
    "source": pa.string(),
}


@cache
def population_table() -> pa.Table:
    """Return the bundled population table (one row per region and year).

    Columns:
        region_code (string): SCB county (2-digit) or municipality (4-digit) code.
        level (string): ``"lan"`` or ``"kommun"``.
        year (int32): Reference year; the population is the one at 31 December.
        population (int64): Number of inhabitants.
        approximate (bool): True for the bundled approximate figures.
        source (string): Where the figure comes from.

    Returns a cached, immutable :class:`pyarrow.Table`, sorted by level (counties first), region
    code and year.
    """
    table = pacsv.read_csv(
        io.BytesIO(read_bytes("population.csv")),
        convert_options=pacsv.ConvertOptions(
            column_types=_COLUMN_TYPES, include_columns=list(_COLUMN_TYPES)
        ),
    )
    codes: list[str] = table.column("region_code").to_pylist()
    levels = pa.array([region(c).level for c in codes], type=pa.string())
    table = table.add_column(1, "level", levels)
    return table.sort_by(
        [("level", "descending"), ("region_code", "ascending"), ("year", "ascending")]
    )


@cache
def _index() -> Mapping[tuple[str, int], int]:
    table = population_table()
    codes = table.column("region_code").to_pylist()
    years = table.column("year").to_pylist()
    values = table.column("population").to_pylist()
    return MappingProxyType(
        {(str(c), int(y)): int(v) for c, y, v in zip(codes, years, values, strict=True)}
    )


def population(code: str, year: int) -> int:
    """Return the bundled (approximate) population of a region at 31 December of ``year``.

    Raises:
        KeyError: Unknown region code, or a year the bundled table does not cover.
    """
    region(code)  # raises a KeyError that explains valid codes
    try:
        return _index()[(code, year)]
    except KeyError:
        years = sorted({y for (_, y) in _index()})
        raise KeyError(
            f"no bundled population for region {code!r} in {year}; the bundled table covers "
            f"{years[0]}-{years[-1]} (import SCB figures with `ecc-atlas import scb` for others)"
        ) from None

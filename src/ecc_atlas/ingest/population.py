"""SCB population tables onto the ``population`` dataset of the contract.

A population table (Region × Tid, e.g. TAB638 ``BE0101N1``, yearly; or December of a monthly
table) becomes rows ``region_code, level, year, population, approximate=false, source="SCB
<table id>"`` that replace the same region-years of the existing ``population`` dataset (the
bundled approximate figures of :func:`ecc_atlas.reference.population_table` at first).
SCB's Cell-Key-Method noise is kept as published: kommuner need not sum to their län.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from ecc_atlas.ingest import codes
from ecc_atlas.ingest.base import Column, Schema
from ecc_atlas.ingest.errors import ErrorCollector, IngestError

__all__ = ["POPULATION_CONTENTS", "POPULATION_SCHEMA", "merge_population", "population_from_table"]

POPULATION_SCHEMA = Schema(
    "population",
    (
        Column("region_code", pa.string(), "län (2 digits) or kommun (4 digits) code", False),
        Column("level", pa.string(), "'lan' or 'kommun'", False),
        Column("year", pa.int32(), "reference year (population at 31 December)", False),
        Column("population", pa.int64(), "number of inhabitants", False),
        Column("approximate", pa.bool_(), "true for the bundled approximate figures", False),
        Column("source", pa.string(), "where the figure comes from ('SCB TAB638')", False),
    ),
)

#: ContentsCode of "Folkmängd" in SCB's population tables.
POPULATION_CONTENTS = ("BE0101N1",)


def _find_dimension(metadata: Mapping[str, Any], *, ids: Sequence[str], role: str) -> str | None:
    dims: Mapping[str, Any] = metadata.get("dimensions", {})
    for dim_id, info in dims.items():
        if dim_id.casefold() in ids or (isinstance(info, dict) and info.get("role") == role):
            return str(dim_id)
    return None


_MONTH = re.compile(r"^\d{4}M(0[1-9]|1[01])$")


def _year(period: str) -> int | None:
    if len(period) == 4 and period.isdigit():
        return int(period)
    if len(period) == 7 and period[:4].isdigit() and period[4:] == "M12":
        return int(period[:4])
    return None


def _population_cells(
    table: pa.Table, metadata: Mapping[str, Any], *, name: str
) -> tuple[pa.Table, str, str]:
    """Keep the population content; check that other variables are totals."""
    region = _find_dimension(metadata, ids=("region",), role="geo")
    time = _find_dimension(metadata, ids=("tid", "time", "year"), role="time")
    if region is None or time is None:
        raise IngestError.single(name, "a population table with a Region and a Tid dimension")
    metric = _find_dimension(metadata, ids=("contentscode",), role="metric")
    if metric is not None:
        contents = sorted(set(table.column(metric).to_pylist()))
        if len(contents) > 1:
            chosen = [c for c in contents if c in POPULATION_CONTENTS]
            if not chosen:
                raise IngestError.single(
                    name, "one population content (ContentsCode)", field=metric, found=contents
                )
            keep = pc.equal(table.column(metric), chosen[0])
            table = table.filter(keep)
    for dim_id in metadata.get("dimensions", {}):
        if dim_id in (region, time, metric):
            continue
        distinct = set(table.column(dim_id).to_pylist())
        if len(distinct) > 1:
            raise IngestError.single(
                name,
                "one category (a total) of every variable other than Region and Tid; "
                "select the total or leave the variable out",
                field=dim_id,
                found=sorted(distinct),
            )
    return table, region, time


def population_from_table(
    table: pa.Table, metadata: Mapping[str, Any], *, name: str, max_errors: int = 20
) -> tuple[pa.Table, dict[str, int]]:
    """Map the long table of an SCB population table onto the ``population`` schema.

    Returns the rows (sorted like :func:`ecc_atlas.reference.population_table`) and counts
    of skipped cells (``national_skipped`` for Riket "00", ``null_skipped`` for missing
    figures). A yearly table (``2024``) or December of a monthly one (``2024M12``) is needed.
    """
    table, region, time = _population_cells(table, metadata, name=name)
    table_id = str(metadata.get("table_id") or name)
    errors = ErrorCollector(name, limit=max_errors)
    rows: dict[tuple[str, int], dict[str, Any]] = {}
    counts = {"national_skipped": 0, "null_skipped": 0, "other_months_skipped": 0}
    regions = table.column(region).to_pylist()
    periods = table.column(time).to_pylist()
    values = table.column("value").to_pylist()
    for cell, (code, period, value) in enumerate(zip(regions, periods, values, strict=True), 1):
        if code in ("00", "SE"):
            counts["national_skipped"] += 1
            continue
        year = _year(str(period))
        if year is None and _MONTH.match(str(period)):
            counts["other_months_skipped"] += 1
            continue
        level = "lan" if codes.is_lan(code) else "kommun" if codes.is_kommun(code) else None
        if level is None:
            errors.add(cell, region, f"{codes.LAN_EXPECTED} or {codes.KOMMUN_EXPECTED}", code)
        elif year is None:
            errors.add(cell, time, "a year such as '2024' (or December, '2024M12')", period)
        elif value is None:
            counts["null_skipped"] += 1
        elif value < 0 or not float(value).is_integer():
            errors.add(cell, "value", "a whole, non-negative number of inhabitants", value)
        elif (code, year) in rows:
            errors.add(cell, region, "one figure per region and year", f"{code} {year} twice")
        else:
            rows[(code, year)] = {
                "region_code": code,
                "level": level,
                "year": year,
                "population": int(value),
                "approximate": False,
                "source": f"SCB {table_id}",
            }
    errors.raise_if_any()
    result = POPULATION_SCHEMA.table(list(rows.values()))
    return _sort_population(result), counts


def _sort_population(table: pa.Table) -> pa.Table:
    return table.sort_by(
        [("level", "descending"), ("region_code", "ascending"), ("year", "ascending")]
    )


def merge_population(existing: pa.Table, new: pa.Table) -> tuple[pa.Table, int, int]:
    """Replace the region-years of ``existing`` that ``new`` has.

    Returns the merged table, the number of rows added and the number replaced.
    """
    old = POPULATION_SCHEMA.conform(existing)
    fresh = POPULATION_SCHEMA.conform(new)
    keys = set(_keys(fresh))
    old_keys = _keys(old)
    keep = pa.array([key not in keys for key in old_keys], type=pa.bool_())
    replaced = len(old_keys) - sum(keep.to_pylist())
    merged = pa.concat_tables([old.filter(keep), fresh])
    return _sort_population(merged), fresh.num_rows - replaced, replaced


def _keys(table: pa.Table) -> list[tuple[str, int]]:
    regions = table.column("region_code").to_pylist()
    return list(zip(regions, table.column("year").to_pylist(), strict=True))

"""Specialisation of regions in items: LQ, presence, diversity, ubiquity, relatedness, complexity.

:func:`specialisation` takes any long table ``region, item, value[, time]`` (employees of a
kommun in an SSYK group, exports of a county in a product …) and returns one row per
region × item (× time) of the full rectangle with the location quotient, presence,
diversity, ubiquity, relatedness density and the complexity measures. The relational
part (aggregation, the rectangle, totals, LQ, presence, diversity, ubiquity) runs in the
engine through Ibis; the matrix part (proximity, density, eigenvectors, COI/COG) runs in
NumPy on the aggregated presence matrix of each period (:mod:`.complexity`). The result
is an in-memory Ibis table (``ibis.memtable``).
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import ibis
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ecc_atlas.analysis._common import (
    AnalysisError,
    AnalysisWarning,
    check_table,
    require_columns,
    resolve_cols,
    roles,
)
from ecc_atlas.analysis._matrices import lq_matrix, period_matrices
from ecc_atlas.analysis.complexity import product_space, proximity_matrix

if TYPE_CHECKING:
    from ibis.expr.types import Table

__all__ = [
    "SPECIALISATION_COLS",
    "presence_table",
    "proximity",
    "specialisation",
    "specialisation_arrow",
]

#: Column roles of :func:`specialisation`; ``time`` None = one period.
SPECIALISATION_COLS: dict[str, str | None] = {
    "region": "region",
    "item": "item",
    "value": "value",
    "time": None,
}

_OUTPUT = (
    "value",
    "lq",
    "mcp",
    "diversity",
    "ubiquity",
    "density",
    "eci",
    "pci",
    "coi",
    "cog",
)


def _checked(table: Table, cols: Mapping[str, str | None] | None) -> tuple[Table, bool]:
    c = resolve_cols(SPECIALISATION_COLS, cols)
    region, item, value = roles(c, "region", "item", "value")
    time = c["time"]
    require_columns(table, [region, item, value, time], what="input")
    keys = [n for n in (region, item, value, time) if n]
    check_table(table, what="input", not_null=keys, non_negative=[value])
    t = table.select(
        time=table[time] if time else ibis.literal(0),
        region=table[region].cast("string"),
        item=table[item].cast("string"),
        value=table[value].cast("float64"),
    )
    return t, time is not None


def presence_table(
    table: Table, *, cols: Mapping[str, str | None] | None = None, threshold: float = 1.0
) -> Table:
    """The full region × item rectangle of each period with LQ and presence (relational).

    Values of repeated region × item (× time) rows are summed; combinations absent from
    the input count as 0. Regions and items whose total is 0 in a period are left out of
    that period with an :class:`AnalysisWarning` (their LQ is undefined).

    Output columns: ``time`` (0 when no time column is mapped), ``region``, ``item``,
    ``value`` (E_rj), ``lq`` ((E_rj/E_r)/(E_j/E)), ``mcp`` (1 when lq ≥ threshold, else 0),
    ``diversity`` (items with mcp = 1 in the region), ``ubiquity`` (regions with mcp = 1
    for the item). Sorted by time, region, item.
    """
    t, _ = _checked(table, cols)
    return _rectangle(t, threshold)


def _rectangle(t: Table, threshold: float) -> Table:
    if threshold <= 0:
        raise AnalysisError("The presence threshold must be positive (1 is the convention).")
    t = t.group_by(["time", "region", "item"]).aggregate(value=t.value.sum())
    regions = t.group_by(["time", "region"]).aggregate(region_total=t.value.sum())
    items = t.group_by(["time", "item"]).aggregate(item_total=t.value.sum())
    _warn_zero(t, regions, items)
    regions = regions.filter(regions.region_total > 0)
    items = items.filter(items.item_total > 0)
    grand = regions.group_by("time").aggregate(grand_total=regions.region_total.sum())
    grid = regions.join(items, "time").join(grand, "time")
    grid = grid.left_join(t, ["time", "region", "item"]).select(
        grid.time,
        grid.region,
        grid.item,
        grid.region_total,
        grid.item_total,
        grid.grand_total,
        value=t.value.fill_null(0.0),
    )
    lq = (grid.value / grid.region_total) / (grid.item_total / grid.grand_total)
    grid = grid.mutate(lq=lq, mcp=ibis.cases((lq >= threshold, 1), else_=0).cast("int64"))
    by_region = ibis.window(group_by=[grid.time, grid.region])
    by_item = ibis.window(group_by=[grid.time, grid.item])
    grid = grid.mutate(
        diversity=grid.mcp.sum().over(by_region).cast("int64"),
        ubiquity=grid.mcp.sum().over(by_item).cast("int64"),
    )
    return grid.select("time", "region", "item", "value", "lq", "mcp", "diversity", "ubiquity")


def _warn_zero(t: Table, regions: Table, items: Table) -> None:
    """One query: regions and items whose values are all 0, and whether everything is 0."""
    parts = [
        t.aggregate(_v=t.value.sum())
        .filter(lambda a: a._v <= 0)
        .select(kind=ibis.literal("all"), key=ibis.literal("")),
        regions.filter(regions.region_total <= 0)
        .select(kind=ibis.literal("region"), key="region")
        .limit(6),
        items.filter(items.item_total <= 0).select(kind=ibis.literal("item"), key="item").limit(6),
    ]
    rows = ibis.union(*parts).to_pyarrow().to_pylist()
    if any(r["kind"] == "all" for r in rows):
        raise AnalysisError("Every value is 0; there is nothing to compute.")
    for kind in ("region", "item"):
        keys = [str(r["key"]) for r in rows if r["kind"] == kind]
        if keys:
            names = ", ".join(keys[:5]) + (" …" if len(keys) > 5 else "")
            warnings.warn(
                f"Left out {kind}(s) whose values are all 0 in a period: {names}.",
                AnalysisWarning,
                stacklevel=4,
            )


def specialisation(
    table: Table,
    *,
    cols: Mapping[str, str | None] | None = None,
    threshold: float = 1.0,
) -> Table:
    """LQ, presence, diversity, ubiquity, density, ECI, PCI, COI and COG of a long table.

    ``table`` is long: one row per region × item (× time) with a non-negative ``value``;
    map your column names with ``cols={"region": …, "item": …, "value": …, "time": …}``.

    Output columns, one row per region × item (× time) of the full rectangle:
    ``region``, ``item``, ``time`` (only when mapped), ``value`` (summed E_rj, 0 when
    absent), ``lq`` (location quotient / RCA), ``mcp`` (presence 0/1, lq ≥ threshold),
    ``diversity`` (number of items the region has), ``ubiquity`` (number of regions that
    have the item), ``density`` (relatedness density of the item to the region's other
    items, 0–1), ``eci`` (the region's Economic Complexity Index), ``pci`` (the item's
    Product Complexity Index, on ECI's scale), ``coi`` (the region's Complexity Outlook
    Index), ``cog`` (Complexity Outlook Gain of the region moving into the item; 0 where
    it already has it). ECI/PCI/COI/COG are null for left-out regions and items and for
    periods where complexity is undefined (both with an :class:`AnalysisWarning`; see
    :func:`ecc_atlas.analysis.complexity.product_space`). Sorted by time, region, item.

    Raises :class:`AnalysisError` for an empty table, missing or negative values, or
    values that are all zero.
    """
    return ibis.memtable(specialisation_arrow(table, cols=cols, threshold=threshold))


def specialisation_arrow(
    table: Table,
    *,
    cols: Mapping[str, str | None] | None = None,
    threshold: float = 1.0,
) -> pa.Table:
    """:func:`specialisation` as an Arrow table (no round trip through an engine)."""
    if threshold <= 0:
        raise AnalysisError("The presence threshold must be positive (1 is the convention).")
    t, has_time = _checked(table, cols)
    parts = []
    for period in period_matrices(t, label_periods=has_time):
        r, p = period.values.shape
        lq = lq_matrix(period.values)
        m = (lq >= threshold).astype(np.float64)
        label = f"period {period.time}" if has_time else ""
        space = product_space(m, label=label)
        columns: dict[str, Any] = {
            "region": period.regions.take(pa.array(np.repeat(np.arange(r), p))),
            "item": period.items.take(pa.array(np.tile(np.arange(p), r))),
        }
        if has_time:
            columns["time"] = pa.array([period.time] * (r * p))
        columns |= {
            "value": pa.array(period.values.ravel()),
            "lq": pa.array(lq.ravel()),
            "mcp": pa.array(m.ravel().astype(np.int64)),
            "diversity": pa.array(np.repeat(m.sum(axis=1), p).astype(np.int64)),
            "ubiquity": pa.array(np.tile(m.sum(axis=0), r).astype(np.int64)),
            "density": pa.array(space.density.ravel()),
            "eci": _nullable(np.repeat(space.eci, p)),
            "pci": _nullable(np.tile(space.pci, r)),
            "coi": _nullable(np.repeat(space.coi, p)),
            "cog": _nullable(space.cog.ravel()),
        }
        parts.append(pa.table(columns))
    return pa.concat_tables(parts)


def _nullable(values: np.ndarray) -> pa.Array:
    return pa.array(values, pa.float64(), mask=np.isnan(values))


def proximity(
    table: Table,
    *,
    cols: Mapping[str, str | None] | None = None,
    threshold: float = 1.0,
) -> Table:
    """Proximity between every pair of distinct items (per period).

    Output columns: ``time`` (only when mapped), ``item``, ``other_item``, ``proximity``
    (φ = Σ_r M_ri M_rj / max(u_i, u_j), 0–1; the diagonal is not listed), ``co_occurrence``
    (regions that have both). Sorted by time, item, other_item.
    """
    if threshold <= 0:
        raise AnalysisError("The presence threshold must be positive (1 is the convention).")
    t, has_time = _checked(table, cols)
    parts = []
    for period in period_matrices(t, label_periods=has_time):
        items = period.items
        p = len(items)
        m = (lq_matrix(period.values) >= threshold).astype(np.float64)
        phi = proximity_matrix(m)
        co = m.T @ m
        i, j = np.nonzero(~np.eye(p, dtype=bool))
        data: dict[str, Any] = {
            "item": pc.take(items, pa.array(i)),
            "other_item": pc.take(items, pa.array(j)),
            "proximity": pa.array(phi[i, j]),
            "co_occurrence": pa.array(co[i, j].astype(np.int64)),
        }
        if has_time:
            data = {"time": pa.array([period.time] * len(i))} | data
        parts.append(pa.table(data))
    return ibis.memtable(pa.concat_tables(parts))

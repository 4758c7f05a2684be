"""Concentration and specialisation: location quotients and per-capita measures.

See METHODS.md. E is employment (say whether headcount or full-year equivalents), r a
region, j an item (industry, occupation or segment):

* location quotient ``LQ_rj = (E_rj / E_r) / (E_j / E)``; presence ``M_rj = 1`` when
  ``LQ_rj ≥ 1`` (Lightcast calls LQ > 1.2 "concentrated");
* RPOP, the per-capita variant, ``(X_r / pop_r) / (Σ_r X_r / Σ_r pop_r)``, for employment
  or export value per inhabitant.

Both raise :class:`AnalysisError` on empty input, negative values or zero totals, rather
than returning NaN or infinity.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import ibis

from ecc_atlas.analysis._common import (
    AnalysisError,
    check_non_negative,
    check_not_empty,
    require_columns,
    resolve_cols,
)

if TYPE_CHECKING:
    from ibis.expr.types import Table

__all__ = ["LQ_COLS", "RPOP_COLS", "location_quotient", "rpop"]

#: Column roles of :func:`location_quotient`. ``item`` None = one item (the value column);
#: ``total`` None = the region total is the sum of its items; ``time`` None = one period.
LQ_COLS: dict[str, str | None] = {
    "region": "region",
    "item": None,
    "value": "value",
    "total": None,
    "time": None,
}

#: Column roles of :func:`rpop`.
RPOP_COLS: dict[str, str | None] = {
    "region": "region",
    "value": "value",
    "population": "population",
    "time": None,
}


def _zero_check(table: Table, column: str, keys: list[str], *, what: str) -> None:
    zero = table.filter(table[column] <= 0).select(*keys).limit(3).execute()
    if len(zero):
        sample = "; ".join(", ".join(f"{k}={row[k]}" for k in keys) for _, row in zero.iterrows())
        raise AnalysisError(f"The {what} is zero for {sample}; the quotient is undefined.")


def location_quotient(
    table: Table,
    *,
    cols: Mapping[str, str | None] | None = None,
    threshold: float = 1.0,
) -> Table:
    """Location quotients of regions (and items), with presence and rank.

    ``table`` is long: one row per region (× item × time) with the employment ``value``;
    with a ``total`` column, ``E_r`` is that column (e.g. all employees of the county) and
    ``E`` its sum over regions, otherwise ``E_r`` is the sum of the region's items.

    Output columns: ``region`` (the region code), ``item`` (only when an item column is
    mapped), ``time`` (only when a time column is mapped), ``value`` (E_rj),
    ``region_total`` (E_r), ``item_total`` (E_j = Σ_r E_rj), ``grand_total`` (E),
    ``share`` (E_rj / E_r), ``lq`` (the location quotient), ``presence`` (bool,
    ``lq ≥ threshold``) and ``lq_rank`` (1 = highest LQ among the regions of the same item
    and time; ties share the lowest rank). Sorted by time, item and rank.

    Raises :class:`AnalysisError` when the table is empty, a value or total is negative,
    or a region total, item total or grand total is zero.
    """
    c = resolve_cols(LQ_COLS, cols)
    region, item, value, total, time = c["region"], c["item"], c["value"], c["total"], c["time"]
    if region is None or value is None:
        raise AnalysisError("location_quotient needs the 'region' and 'value' columns.")
    require_columns(table, [region, item, value, total, time], what="input")
    check_not_empty(table, what="input")
    check_non_negative(table, [v for v in (value, total) if v], what="input")
    t = table.select(
        region=table[region].cast("string"),
        item=table[item].cast("string") if item else ibis.literal("all"),
        time=table[time] if time else ibis.literal(0),
        value=table[value].cast("float64"),
        _total=table[total].cast("float64") if total else ibis.literal(0.0),
    ).view()
    t = t.group_by(["time", "region", "item"]).aggregate(value=t.value.sum(), _total=t._total.max())
    if total:
        region_totals = t.group_by(["time", "region"]).aggregate(region_total=t._total.max())
    else:
        region_totals = t.group_by(["time", "region"]).aggregate(region_total=t.value.sum())
    item_totals = t.group_by(["time", "item"]).aggregate(item_total=t.value.sum())
    grand = region_totals.group_by("time").aggregate(grand_total=region_totals.region_total.sum())
    _zero_check(region_totals, "region_total", ["time", "region"], what="region total")
    _zero_check(item_totals, "item_total", ["time", "item"], what="item total")
    _zero_check(grand, "grand_total", ["time"], what="grand total")
    t = t.join(region_totals, ["time", "region"]).join(item_totals, ["time", "item"])
    t = t.join(grand, "time")
    t = t.mutate(share=t.value / t.region_total)
    t = t.mutate(lq=t.share / (t.item_total / t.grand_total))
    window = ibis.window(group_by=["time", "item"], order_by=ibis.desc(t.lq))
    t = t.mutate(presence=t.lq >= threshold, lq_rank=(ibis.rank().over(window) + 1).cast("int64"))
    keep = ["region"] + (["item"] if item else []) + (["time"] if time else [])
    columns = [*keep, "value", "region_total", "item_total", "grand_total", "share", "lq"]
    return t.order_by(["time", "item", "lq_rank", "region"]).select(*columns, "presence", "lq_rank")


def rpop(
    table: Table,
    *,
    cols: Mapping[str, str | None] | None = None,
) -> Table:
    """Per-capita values of regions relative to the whole (RPOP), with rank.

    ``table`` has one row per region (× time) with a ``value`` (employment, export value…)
    and the ``population``.

    Output columns: ``region``, ``time`` (only when mapped), ``value``, ``population``,
    ``per_capita`` (value / population), ``rpop`` (per_capita / (Σ value / Σ population))
    and ``rank`` (1 = highest per-capita value within the period). Sorted by time and rank.

    Raises :class:`AnalysisError` when the table is empty, a value or population is
    negative, a population is zero, or the values sum to zero.
    """
    c = resolve_cols(RPOP_COLS, cols)
    region, value, population, time = c["region"], c["value"], c["population"], c["time"]
    if region is None or value is None or population is None:
        raise AnalysisError("rpop needs the 'region', 'value' and 'population' columns.")
    require_columns(table, [region, value, population, time], what="input")
    check_not_empty(table, what="input")
    check_non_negative(table, [value, population], what="input")
    t = table.select(
        region=table[region].cast("string"),
        time=table[time] if time else ibis.literal(0),
        value=table[value].cast("float64"),
        population=table[population].cast("float64"),
    ).view()
    _zero_check(t, "population", ["time", "region"], what="population")
    totals = t.group_by("time").aggregate(_sum_value=t.value.sum(), _sum_pop=t.population.sum())
    _zero_check(totals, "_sum_value", ["time"], what="sum of the values")
    t = t.join(totals, "time")
    t = t.mutate(per_capita=t.value / t.population)
    t = t.mutate(rpop=t.per_capita / (t._sum_value / t._sum_pop))
    window = ibis.window(group_by="time", order_by=ibis.desc(t.per_capita))
    t = t.mutate(rank=(ibis.rank().over(window) + 1).cast("int64"))
    keep = ["region"] + (["time"] if time else [])
    return t.order_by(["time", "rank", "region"]).select(
        *keep, "value", "population", "per_capita", "rpop", "rank"
    )

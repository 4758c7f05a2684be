"""Shift-share decomposition of employment change between two periods (METHODS.md).

For region r and item j between t0 and t1, with national growth ``g_N = E_1/E_0 − 1`` and
item growth ``g_Nj = E_j1/E_j0 − 1``:

* national growth effect ``NGE = e_rj0 · g_N``;
* industry mix ``MIX = e_rj0 · (g_Nj − g_N)``;
* expected change ``NGE + MIX = e_rj0 · g_Nj``;
* regional competitive effect ``RCE = Δe_rj − (NGE + MIX)``,

so that ``NGE + MIX + RCE = Δe_rj`` exactly. The national figures are the sums over all
regions of the table, or a separate ``reference`` table (e.g. national totals when the
table holds one region only).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import ibis

from ecc_atlas.analysis._common import (
    AnalysisError,
    check_table,
    require_columns,
    resolve_cols,
    roles,
)

if TYPE_CHECKING:
    from ibis.expr.types import Table

__all__ = ["SHIFT_SHARE_COLS", "shift_share"]

#: Column roles of :func:`shift_share` (``time`` is required).
SHIFT_SHARE_COLS: dict[str, str | None] = {
    "region": "region",
    "item": "item",
    "value": "value",
    "time": "time",
}

#: Column roles of the optional reference table (national values per item and period);
#: ``total`` None = the national total is the sum over the reference's items.
REFERENCE_COLS: dict[str, str | None] = {
    "item": "item",
    "value": "value",
    "time": "time",
    "total": None,
}


def _prepare(table: Table, c: Mapping[str, str | None], keys: list[str], what: str) -> Table:
    names = [str(c[k]) for k in keys]
    require_columns(table, names, what=what)
    check_table(table, what=what, not_null=names, non_negative=[str(c["value"])])
    return table


def _reference(
    reference: Table | None,
    ref_cols: Mapping[str, str | None] | None,
    t: Table,
    start: int,
    end: int,
) -> tuple[Table, Table]:
    """National values per item (``item, n0, n1``) and the national totals (``N0, N1``)."""
    if reference is None:
        items = t.group_by("item").aggregate(
            n0=ibis.cases((t.time == start, t.value), else_=0.0).sum(),
            n1=ibis.cases((t.time == end, t.value), else_=0.0).sum(),
        )
        totals = items.aggregate(big_n0=items.n0.sum(), big_n1=items.n1.sum())
        return items, totals
    rc = resolve_cols(REFERENCE_COLS, ref_cols)
    _prepare(reference, rc, ["item", "value", "time"], "reference")
    item, value, time = roles(rc, "item", "value", "time")
    r = reference.select(
        item=reference[item].cast("string"),
        time=reference[time].cast("int64"),
        value=reference[value].cast("float64"),
        total=reference[str(rc["total"])].cast("float64") if rc["total"] else ibis.null("float64"),
    )
    items = r.group_by("item").aggregate(
        n0=ibis.cases((r.time == start, r.value), else_=0.0).sum(),
        n1=ibis.cases((r.time == end, r.value), else_=0.0).sum(),
    )
    if rc["total"]:
        totals = r.aggregate(
            big_n0=ibis.cases((r.time == start, r.total), else_=ibis.null("float64")).max(),
            big_n1=ibis.cases((r.time == end, r.total), else_=ibis.null("float64")).max(),
        )
    else:
        totals = items.aggregate(big_n0=items.n0.sum(), big_n1=items.n1.sum())
    return items, totals


def shift_share(
    table: Table,
    *,
    start: int,
    end: int,
    cols: Mapping[str, str | None] | None = None,
    reference: Table | None = None,
    reference_cols: Mapping[str, str | None] | None = None,
) -> Table:
    """Shift-share decomposition of each region × item between ``start`` and ``end``.

    ``table`` is long (region, item, value, time). Without ``reference`` the national
    values are the sums over all regions of ``table``; with it, the reference's values per
    item (and its ``total`` column, or the sum of its items) are the national benchmark.

    Output columns: ``region``, ``item``, ``start_value`` (e_rj0), ``end_value`` (e_rj1),
    ``change`` (Δe_rj), ``growth`` (Δe_rj / e_rj0, null when e_rj0 = 0), ``national_growth``
    (g_N), ``item_growth`` (g_Nj), ``national_effect`` (NGE), ``industry_mix`` (MIX),
    ``expected_change`` (NGE + MIX), ``competitive_effect`` (RCE). Region × item pairs
    that appear in only one of the two periods count 0 in the other. Sorted by region, item.

    Raises :class:`AnalysisError` when either period is missing, values are negative or
    missing, the national total of the start period is 0, or an item with a start value
    has a national start value of 0.
    """
    c = resolve_cols(SHIFT_SHARE_COLS, cols)
    region, item, value, time = roles(c, "region", "item", "value", "time")
    if start >= end:
        raise AnalysisError(f"The start ({start}) must come before the end ({end}).")
    _prepare(table, c, ["region", "item", "value", "time"], "input")
    t = table.select(
        region=table[region].cast("string"),
        item=table[item].cast("string"),
        time=table[time].cast("int64"),
        value=table[value].cast("float64"),
    )
    years = {int(y) for y in t.time.to_pyarrow().to_pylist()}
    missing = [y for y in (start, end) if y not in years]
    if missing:
        raise AnalysisError(
            f"The input has no rows for {missing}; its periods are {sorted(years)}."
        )
    t = t.filter(t.time.isin([start, end]))
    items, totals = _reference(reference, reference_cols, t, start, end)
    pairs = t.group_by(["region", "item"]).aggregate(
        start_value=ibis.cases((t.time == start, t.value), else_=0.0).sum(),
        end_value=ibis.cases((t.time == end, t.value), else_=0.0).sum(),
    )
    joined = pairs.left_join(items, "item").select(pairs, items.n0, items.n1)
    joined = joined.cross_join(totals)
    _check_reference(joined)
    g_n = joined.big_n1 / joined.big_n0 - 1.0
    g_j = ibis.cases((joined.n0 > 0, joined.n1 / joined.n0 - 1.0), else_=ibis.null("float64"))
    j = joined.mutate(national_growth=g_n, item_growth=g_j)
    nge = j.start_value * j.national_growth
    mix = ibis.cases(
        (j.start_value > 0, j.start_value * (j.item_growth - j.national_growth)), else_=0.0
    )
    j = j.mutate(
        change=j.end_value - j.start_value,
        growth=ibis.cases(
            (j.start_value > 0, (j.end_value - j.start_value) / j.start_value),
            else_=ibis.null("float64"),
        ),
        national_effect=nge,
        industry_mix=mix,
    )
    j = j.mutate(expected_change=j.national_effect + j.industry_mix)
    j = j.mutate(competitive_effect=j.change - j.expected_change)
    columns = [
        "region",
        "item",
        "start_value",
        "end_value",
        "change",
        "growth",
        "national_growth",
        "item_growth",
        "national_effect",
        "industry_mix",
        "expected_change",
        "competitive_effect",
    ]
    return j.select(*columns).order_by(["region", "item"])


def _check_reference(joined: Table) -> None:
    totals = joined.aggregate(n0=joined.big_n0.max()).to_pyarrow().to_pylist()[0]
    if not totals["n0"] or float(totals["n0"]) <= 0:
        raise AnalysisError("The national total of the start period is 0; growth is undefined.")
    bad = joined.filter((joined.start_value > 0) & (joined.n0.isnull() | (joined.n0 <= 0)))
    rows = bad.select("item").distinct().limit(5).to_pyarrow().column("item").to_pylist()
    if rows:
        raise AnalysisError(
            f"The reference has no start-period value for item(s) {', '.join(rows)} that "
            "the regions have; their national growth is undefined."
        )

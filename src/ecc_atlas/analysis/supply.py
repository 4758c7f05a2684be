"""Supply of new workers per occupation: graduates × regional retention, plus other inflows.

Supply per year of a group (SSYK) = Σ over the region's programmes that lead to it of
``graduates × retention_share`` (the share of graduates who stay and work in the region),
averaged over the last ``years`` years up to the base year, plus other inflows per year
(e.g. net in-migration of trained workers) when a table of them is given (METHODS.md).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import ibis

from ecc_atlas.analysis._common import (
    AnalysisError,
    check_non_negative,
    region_expr,
    require_columns,
    resolve_cols,
    roles,
)

if TYPE_CHECKING:
    from ibis.expr.types import Table

__all__ = ["SUPPLY_COLS", "education_supply"]

#: Column roles of :func:`education_supply` (the warehouse ``programmes`` contract).
SUPPLY_COLS: dict[str, str | None] = {
    "year": "year",
    "graduates": "graduates",
    "retention": "retention_share",
    "kommun": "kommun_code",
    "programme": "programme",
}


def education_supply(
    programmes: Table,
    *,
    by: Sequence[str] = ("ssyk",),
    base_year: int | None = None,
    years: int = 3,
    region: str | None = None,
    level: str = "lan",
    inflows: Table | None = None,
    cols: Mapping[str, str | None] | None = None,
) -> Table:
    """Yearly supply per group from the region's education programmes (and other inflows).

    ``region`` keeps programmes of that län (``level="lan"``) or kommun. ``inflows`` is
    an optional table with the ``by`` columns and ``inflow`` (persons per year) added to
    the supply.

    Output columns: the ``by`` columns, ``programmes`` (distinct programmes),
    ``graduates_per_year`` (mean of the last ``years`` years), ``retained_per_year``
    (graduates × retention share), ``inflow_per_year`` (0 without ``inflows``) and
    ``supply_per_year`` (retained + inflow). Sorted by the ``by`` columns.
    """
    c = resolve_cols(SUPPLY_COLS, cols)
    year, grads, keep, kommun, prog = roles(
        c, "year", "graduates", "retention", "kommun", "programme"
    )
    keys = list(by)
    if years < 1:
        raise AnalysisError("Supply needs at least one year.")
    require_columns(programmes, [year, grads, keep, kommun, prog, *keys], what="programmes")
    check_non_negative(programmes, [grads, keep], what="programmes")
    p = programmes.mutate(_y=programmes[year].cast("int64"))
    if region is not None:
        p = p.filter(region_expr(p[kommun], level) == region)
    base = int(p._y.max().execute() or 0) if base_year is None else int(base_year)
    p = p.filter((p._y > base - years) & (p._y <= base))
    p = p.mutate(_g=p[grads].cast("float64"), _r=p[grads].cast("float64") * p[keep])
    out = p.group_by(keys).aggregate(
        programmes=p[prog].nunique().cast("int64"),
        graduates_per_year=p._g.sum() / float(years),
        retained_per_year=p._r.sum() / float(years),
    )
    if inflows is not None:
        require_columns(inflows, [*keys, "inflow"], what="inflows")
        extra = inflows.group_by(keys).aggregate(inflow_per_year=inflows.inflow.sum())
        out = out.outer_join(extra, keys).select(
            *[ibis.coalesce(out[k], extra[k]).name(k) for k in keys],
            programmes=out.programmes.fill_null(0),
            graduates_per_year=out.graduates_per_year.fill_null(0.0),
            retained_per_year=out.retained_per_year.fill_null(0.0),
            inflow_per_year=extra.inflow_per_year.cast("float64").fill_null(0.0),
        )
    else:
        out = out.mutate(inflow_per_year=ibis.literal(0.0))
    out = out.mutate(supply_per_year=out.retained_per_year + out.inflow_per_year)
    return out.order_by(keys)

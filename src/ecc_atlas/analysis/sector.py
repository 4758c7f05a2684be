"""Sector size: the delimited energy sector by year, region and segment, and its trend.

The delimitation (which organisation belongs to the sector in which year, and in which
segment) is a table of decisions ``org_number, year, included, segment``; register cells
are joined to it on organisation number and year, and only included organisations count.
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

__all__ = ["SECTOR_COLS", "delimit", "sector_size", "sector_trend"]

#: Default column names (the warehouse contract); override with ``cols={...}``.
SECTOR_COLS: dict[str, str | None] = {
    "org": "org_number",
    "year": "year",
    "kommun": "kommun_code",
    "employees": "employees",
    "fye": "full_year_equivalents",
    "included": "included",
    "segment": "segment",
}

_DIMENSIONS = ("year", "region", "segment")


def delimit(
    table: Table, decisions: Table, *, cols: Mapping[str, str | None] | None = None
) -> Table:
    """Keep the rows of organisations included in the sector in that year.

    ``table`` is any table keyed by organisation and year (``workforce``,
    ``workforce_flows``); ``decisions`` holds one current decision per organisation and year.

    Output columns: every column of ``table``, plus ``segment`` (the segment code of the
    organisation's decision for that year). Rows of organisation-years without a decision,
    or with ``included`` false, are dropped.
    """
    c = resolve_cols(SECTOR_COLS, cols)
    org, year, included, segment = roles(c, "org", "year", "included", "segment")
    require_columns(table, [org, year], what="input")
    require_columns(decisions, [org, year, included, segment], what="decisions")
    kept = decisions.filter(decisions[included]).select(
        _d_org=decisions[org], _d_year=decisions[year].cast("int32"), segment=decisions[segment]
    )
    base = table.drop("segment") if "segment" in table.columns else table
    joined = base.join(
        kept,
        [base[org] == kept["_d_org"], base[year].cast("int32") == kept["_d_year"]],
    )
    return joined.drop("_d_org", "_d_year")


def sector_size(
    workforce: Table,
    decisions: Table | None = None,
    *,
    by: Sequence[str] = ("year",),
    level: str = "lan",
    region: str | None = None,
    cols: Mapping[str, str | None] | None = None,
) -> Table:
    """Employees, full-year equivalents, organisations and workplaces of the sector.

    ``workforce`` holds register cells (one row per organisation × year × kommun × …);
    when ``decisions`` is given it is first :func:`delimit`-ed, otherwise it must already be
    (and carry ``segment`` if ``by`` asks for it). ``by`` is any of ``"year"``, ``"region"``
    and ``"segment"``; ``level`` is ``"lan"`` (region = first two digits of the kommun code)
    or ``"kommun"``; ``region`` keeps only that län or kommun code.

    Output columns: the ``by`` columns, then
    ``employees`` (headcount, int64), ``full_year_equivalents`` (float64),
    ``organisations`` (distinct organisation numbers with at least one employee),
    ``workplaces`` (distinct organisation × kommun pairs with at least one employee — the
    register's workplace location; a proxy for arbetsställen). Sorted by the ``by`` columns.
    """
    c = resolve_cols(SECTOR_COLS, cols)
    org, year, kommun, emp, fye = roles(c, "org", "year", "kommun", "employees", "fye")
    unknown = [d for d in by if d not in _DIMENSIONS]
    if unknown:
        raise AnalysisError(f"Cannot group by {unknown}; choose from {list(_DIMENSIONS)}.")
    require_columns(workforce, [org, year, kommun, emp, fye], what="workforce")
    check_non_negative(workforce, [emp, fye], what="workforce")
    table = delimit(workforce, decisions, cols=cols) if decisions is not None else workforce
    if "segment" in by:
        require_columns(table, ["segment"], what="delimited workforce")
    table = table.mutate(
        region=region_expr(table[kommun], level),
        year=table[year].cast("int32"),
        _org=table[org],
        _kommun=table[kommun],
    )
    if region is not None:
        table = table.filter(table.region == region)
    table = table.filter(table[emp] > 0)
    workplace = table._org.concat("@", table._kommun)
    grouped = table.group_by(list(by)) if by else table
    result = grouped.aggregate(
        employees=table[emp].sum().cast("int64"),
        full_year_equivalents=table[fye].sum().cast("float64"),
        organisations=table._org.nunique().cast("int64"),
        workplaces=workplace.nunique().cast("int64"),
    )
    return result.order_by(list(by)) if by else result


def sector_trend(
    size: Table,
    *,
    value: str = "employees",
    by: Sequence[str] = (),
    year: str = "year",
) -> Table:
    """Year-on-year change of a sector measure, and an index with the first year = 100.

    ``size`` is a table with a ``year`` column, the ``value`` column and optional grouping
    columns ``by`` (e.g. the output of :func:`sector_size`).

    Output columns: the ``by`` columns, ``year``, ``value`` (the measure), ``previous``
    (the measure the year before, null in the first year), ``change`` (value − previous),
    ``growth`` (change / previous; null when previous is null or 0), ``index``
    (100 × value / value in the group's first year; null when that is 0),
    ``cagr`` (compound annual growth rate from the group's first to its last year, the
    same on every row of the group; null when the first value is 0 or there is one year).
    """
    require_columns(size, [year, value, *by], what="size")
    keys = list(by)
    t = size.select(*keys, year=size[year].cast("int32"), value=size[value].cast("float64")).view()
    ordered = ibis.window(group_by=keys or None, order_by=t.year)
    t = t.mutate(previous=t.value.lag().over(ordered))
    grouped = t.group_by(keys) if keys else t
    bounds = grouped.aggregate(_y0=t.year.min(), _y1=t.year.max())
    firsts = t.select(*keys, _y0=t.year, _first=t.value)
    lasts = t.select(*keys, _y1=t.year, _last=t.value)
    ends = bounds.join(firsts, [*keys, "_y0"]).join(lasts, [*keys, "_y1"])
    t = t.join(ends, keys) if keys else t.cross_join(ends)
    span = (t._y1 - t._y0).cast("float64")
    cagr = ibis.cases(
        ((t._first > 0) & (span > 0), (t._last / t._first) ** (1.0 / span) - 1.0),
        else_=ibis.null("float64"),
    )
    t = t.mutate(
        change=t.value - t.previous,
        growth=ibis.cases(
            (t.previous > 0, (t.value - t.previous) / t.previous), else_=ibis.null("float64")
        ),
        index=ibis.cases((t._first > 0, 100.0 * t.value / t._first), else_=ibis.null("float64")),
        cagr=cagr,
    )
    columns = [*keys, "year", "value", "previous", "change", "growth", "index", "cagr"]
    return t.select(*columns).order_by([*keys, "year"])

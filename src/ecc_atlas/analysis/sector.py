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

__all__ = ["SECTOR_COLS", "delimit", "organisation_dynamics", "sector_size", "sector_trend"]

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


def organisation_dynamics(
    workforce: Table,
    decisions: Table | None = None,
    *,
    by: Sequence[str] = ("year",),
    level: str = "lan",
    region: str | None = None,
    cols: Mapping[str, str | None] | None = None,
) -> Table:
    """Entries and exits of organisations in the sector, year by year.

    An organisation is *present* in a year when it has at least one employee in the
    (delimited) workforce, within ``region`` when given; it *enters* in a year when it is
    present then but not the year before, and *exits* in a year when it was present the
    year before but not then — whether it was founded, closed, moved, or entered or left
    the delimitation. ``by`` is ``("year",)`` plus optionally ``"segment"`` or
    ``"region"`` (an organisation counts in every region where it has employees).

    Output columns: the ``by`` columns, ``organisations`` (present), ``entries``,
    ``exits``, ``net`` (entries − exits), ``entry_rate`` and ``exit_rate`` (entries and
    exits / organisations present the year before). The first year has null entries,
    exits and rates (no year before). Sorted by the ``by`` columns.
    """
    c = resolve_cols(SECTOR_COLS, cols)
    org, year, kommun, emp = roles(c, "org", "year", "kommun", "employees")
    if "year" not in by or any(d not in _DIMENSIONS for d in by):
        raise AnalysisError(f"by must contain 'year' and only {list(_DIMENSIONS)}.")
    require_columns(workforce, [org, year, kommun, emp], what="workforce")
    table = delimit(workforce, decisions, cols=cols) if decisions is not None else workforce
    table = table.mutate(
        region=region_expr(table[kommun], level), year=table[year].cast("int32"), _org=table[org]
    )
    if region is not None:
        table = table.filter(table.region == region)
    dims = [d for d in by if d != "year"]
    present = table.filter(table[emp] > 0).select("_org", "year", *dims).distinct()
    first = present.year.min()
    before = present.mutate(year=(present.year + 1).cast("int32")).view()
    keys = ["_org", "year", *dims]
    entered = present.anti_join(before, keys).mutate(_kind=ibis.literal("entry"))
    left = before.anti_join(present, keys).mutate(_kind=ibis.literal("exit"))
    last = present.year.max()
    moves = entered.union(left.filter(left.year <= last))
    counts = moves.group_by(list(by)).aggregate(
        entries=(moves._kind == "entry").cast("int64").sum(),
        exits=(moves._kind == "exit").cast("int64").sum(),
    )
    sizes = present.group_by(list(by)).aggregate(organisations=present._org.nunique())
    prev = sizes.select(*dims, year=(sizes.year + 1).cast("int32"), _prev=sizes.organisations)
    t = sizes.left_join(counts, list(by)).select(sizes, counts.entries, counts.exits)
    t = t.left_join(prev, list(by)).select(t, prev._prev)
    is_first = t.year == first
    entries = ibis.cases((is_first, ibis.null("int64")), else_=t.entries.fill_null(0))
    exits = ibis.cases((is_first, ibis.null("int64")), else_=t.exits.fill_null(0))
    t = t.mutate(entries=entries, exits=exits, organisations=t.organisations.cast("int64"))

    def rate(n: ibis.Value) -> ibis.Value:
        return ibis.cases((t._prev > 0, n.cast("float64") / t._prev), else_=ibis.null("float64"))

    t = t.mutate(net=t.entries - t.exits, entry_rate=rate(t.entries), exit_rate=rate(t.exits))
    columns = [*by, "organisations", "entries", "exits", "net", "entry_rate", "exit_rate"]
    return t.select(*columns).order_by(list(by))

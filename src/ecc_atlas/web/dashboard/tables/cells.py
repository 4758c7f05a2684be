"""Cells of the delimited workforce with what the disclosure rules need.

:func:`cells` sums register cells over any grouping and adds, per output cell, the number of
organisations behind it and the share held by its two largest organisations (``top2_share``,
for the dominance rule). :func:`complete` adds the missing combinations as zero rows, so that
a kommun or an age band without employees shows as such instead of vanishing.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import ibis
import pyarrow as pa

from ecc_atlas.analysis._common import age_midpoint
from ecc_atlas.analysis.sector import delimit

if TYPE_CHECKING:
    from ibis.expr.types import Table, Value

    from ecc_atlas.services.context import AnalysisContext
    from ecc_atlas.web.dashboard.tables.base import Filters

__all__ = ["SUMS", "cells", "complete", "delimited", "scoped", "share"]

#: Extra sums per cell, computed from the register columns.
SUMS: dict[str, Callable[[Table], Value]] = {
    "women": lambda t: ibis.cases((t.gender == "F", t.employees), else_=0),
    "men": lambda t: ibis.cases((t.gender == "M", t.employees), else_=0),
    "phd_employees": lambda t: ibis.cases((t.sun_level == "7", t.employees), else_=0),
    "post_secondary_3plus": lambda t: ibis.cases(
        (t.sun_level.isin(("6", "7")), t.employees), else_=0
    ),
    "age_years": lambda t: t.employees.cast("float64") * age_midpoint(t.age_band),
}


def delimited(ctx: AnalysisContext, dataset: str = "workforce") -> Table:
    """A warehouse dataset keyed by organisation and year, kept to the delimited sector."""
    return delimit(ctx.table(dataset), ctx.decisions())


def scoped(table: Table, filters: Filters, region: str, *, by_year: bool = True) -> Table:
    """Rows of the home county, narrowed by the kommun, segment and (``by_year``) year."""
    table = table.filter(table.kommun_code.substr(0, 2) == region)
    if filters.kommun is not None:
        table = table.filter(table.kommun_code == filters.kommun)
    if filters.segment is not None:
        table = table.filter(table.segment == filters.segment)
    if by_year and filters.year is not None:
        table = table.filter(table.year.cast("int32") == filters.year)
    return table


def cells(table: Table, dims: Sequence[str], *, sums: Sequence[str] = ()) -> pa.Table:
    """Sum ``employees`` and ``full_year_equivalents`` (and ``sums``, names of :data:`SUMS`)
    per ``dims`` cell.

    Output columns: the ``dims``, ``employees`` (int64), ``full_year_equivalents``
    (float64), ``organisations`` (int64, organisations with at least one employee in the
    cell), ``top2_share`` (float64, share of the cell's employees in its two largest
    organisations; null when the cell is empty), then each of ``sums`` (float64).
    """
    keys = list(dims)
    extra = {name: SUMS[name](table) for name in sums}
    table = table.mutate(**extra) if extra else table
    per_org = table.group_by([*keys, "org_number"]).aggregate(
        _e=table.employees.sum(),
        _f=table.full_year_equivalents.sum(),
        **{name: table[name].sum() for name in sums},
    )
    per_org = per_org.filter(per_org._e > 0)
    window = ibis.window(
        group_by=keys or None, order_by=[ibis.desc(per_org._e), per_org.org_number]
    )
    ranked = per_org.mutate(_rank=ibis.row_number().over(window))
    aggregates = {
        "employees": ranked._e.sum().cast("int64"),
        "full_year_equivalents": ranked._f.sum().cast("float64"),
        "organisations": ranked.org_number.nunique().cast("int64"),
        "_top2": ranked._e.sum(where=ranked._rank < 2).cast("float64"),
        **{name: ranked[name].sum().cast("float64") for name in sums},
    }
    grouped = (
        ranked.group_by(keys).aggregate(**aggregates) if keys else ranked.aggregate(**aggregates)
    )
    result = grouped.mutate(top2_share=grouped._top2 / grouped.employees.cast("float64"))
    columns = [*keys, "employees", "full_year_equivalents", "organisations", "top2_share", *sums]
    arrow = result.select(*columns).to_pyarrow()
    if not keys and arrow.num_rows == 1 and arrow.column("employees")[0].as_py() is None:
        return arrow.slice(0, 0)
    return arrow


def complete(table: pa.Table, domains: Mapping[str, Sequence[Any]]) -> pa.Table:
    """``table`` with a zero row for every missing combination of the ``domains`` values.

    Counts and sums become 0, ``top2_share`` null. Rows follow the domains (first domain
    slowest); rows with values outside the domains follow at the end.
    """
    keys = list(domains)
    rows = {tuple(r[k] for k in keys): r for r in table.to_pylist()}
    out: list[dict[str, Any]] = []
    for combo in itertools.product(*(list(domains[k]) for k in keys)):
        row = rows.pop(combo, None)
        if row is None:
            row = {field.name: _zero(field) for field in table.schema}
            row.update(dict(zip(keys, combo, strict=True)))
        out.append(row)
    out.extend(rows.values())
    return pa.Table.from_pylist(out, schema=table.schema)


def _zero(field: pa.Field) -> Any:
    if field.name == "top2_share":
        return None
    if pa.types.is_integer(field.type):
        return 0
    if pa.types.is_floating(field.type):
        return 0.0
    return None


def share(numerator: Any, denominator: Any) -> float | None:
    """``numerator / denominator``, None when either is missing or the denominator is 0."""
    if numerator is None or not denominator:
        return None
    return float(numerator) / float(denominator)

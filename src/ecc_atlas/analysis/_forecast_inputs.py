"""The relational part of the stock-flow forecast: aggregate the inputs by group.

Everything here runs in the engine through Ibis and pulls small aggregated tables (the
base-year stock by group × age band × sex, yearly stocks and flows by group, employer
plans); :mod:`.stockflow` then runs the NumPy part on them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import ibis
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ecc_atlas.analysis._common import (
    AnalysisError,
    check_non_negative,
    check_table,
    require_columns,
    resolve_cols,
    roles,
)

if TYPE_CHECKING:
    from ibis.expr.types import Table

__all__ = ["SEP", "STOCKFLOW_COLS", "ForecastInputs", "codes", "prepare_inputs", "with_key"]

SEP = "\x1f"

STOCKFLOW_COLS: dict[str, str | None] = {
    "org": "org_number",
    "year": "year",
    "employees": "employees",
    "age_band": "age_band",
    "sex": "gender",
    "separations": "separations",
    "retirements": "retirements",
    "hires": "hires",
    "survey_year": "survey_year",
    "horizon_years": "horizon_years",
    "planned_net_change": "planned_net_change",
}


def with_key(table: pa.Table, keys: Sequence[str]) -> pa.Table:
    """``table`` with a ``_g`` column: the ``keys`` values joined by :data:`SEP`.

    Built on the aggregated Arrow result, not in SQL: joining strings row by row in the
    engine costs more than the aggregation itself on large inputs.
    """
    if not keys:
        return table.append_column("_g", pa.array(["all"] * table.num_rows, pa.string()))
    parts = [pc.cast(table.column(k), pa.string()) for k in keys]
    key = parts[0] if len(parts) == 1 else pc.binary_join_element_wise(*parts, SEP)
    return table.append_column("_g", key)


@dataclass(frozen=True)
class ForecastInputs:
    """The aggregated inputs of one forecast run (pulled from the engine once).

    Groups are in ``groups`` order (their ``_g`` keys); ``labels`` maps ``_g`` to the
    ``by`` columns; ``stock``/``women`` are base-year employees and the share of women;
    ``cell_matrix`` is employees per group × (band, sex); ``history`` employees per
    group × ``history_years``; ``leavers``/``retired`` (separations − retirements, and
    retirements) per group × year, None without flows; ``plans`` the planned net change
    per group × step (NaN outside the plan years), None without plans.
    """

    labels: pa.Table
    groups: list[str]
    stock: np.ndarray
    women: np.ndarray
    cells: pa.Table
    history: np.ndarray
    history_years: list[int]
    leavers: np.ndarray | None
    retired: np.ndarray | None
    plans: np.ndarray | None
    plan_coverage: float | None
    base_year: int
    sexes: list[str]
    bands: list[str]
    cell_matrix: np.ndarray


def codes(values: pa.ChunkedArray | pa.Array, groups: pa.Array) -> np.ndarray:
    """Positions of ``values`` in ``groups`` (-1 when absent)."""
    found = pc.fill_null(pc.index_in(values, value_set=groups), -1)
    return np.asarray(found.to_numpy(zero_copy_only=False), dtype=np.int64)


def _matrix(table: pa.Table, groups: pa.Array, years: list[int], column: str) -> np.ndarray:
    out = np.zeros((len(groups), len(years)))
    if table.num_rows == 0:
        return out
    rows = codes(table.column("_g"), groups)
    cols = np.searchsorted(np.asarray(years), table.column("_y").to_numpy())
    ok = rows >= 0
    np.add.at(out, (rows[ok], cols[ok]), table.column(column).to_numpy()[ok])
    return out


def prepare_inputs(
    workforce: Table,
    flows: Table | None,
    plans: Table | None,
    *,
    by: Sequence[str],
    base_year: int | None,
    window: int,
    trend_years: int,
    horizon: int,
    cols: Mapping[str, str | None] | None = None,
) -> ForecastInputs:
    """Run the relational part: aggregate the inputs by group (see the module docstring)."""
    c = resolve_cols(STOCKFLOW_COLS, cols)
    year, emp, band = roles(c, "year", "employees", "age_band")
    sex = c["sex"]
    keys = list(by)
    require_columns(workforce, [year, emp, band, sex, *keys], what="workforce")
    latest = check_table(
        workforce, what="workforce", non_negative=[emp],
        extra={"latest": workforce[year].cast("int64").max()},
    )["latest"]  # fmt: skip
    wf = workforce.select(
        *keys,
        _y=workforce[year].cast("int64"),
        _band=workforce[band].cast("string"),
        _sex=workforce[sex].cast("string") if sex else ibis.literal("all"),
        _e=workforce[emp].cast("float64"),
    )
    base = int(latest) if base_year is None else int(base_year)
    first = base - max(window, trend_years)
    current = wf.filter(wf._y == base)
    cells = current.group_by([*keys, "_band", "_sex"]).aggregate(_e=current._e.sum())
    cells = with_key(cells.to_pyarrow(), keys)
    cells = cells.filter(pc.greater(cells.column("_e"), 0.0))
    if cells.num_rows == 0:
        raise AnalysisError(f"The workforce has no employees in the base year {base}.")
    label_rows = cells.group_by(["_g", *keys]).aggregate([]).sort_by("_g")
    groups = pc.unique(label_rows.column("_g"))
    history_years = list(range(first, base + 1))
    past = wf.filter((wf._y >= first) & (wf._y <= base))
    yearly = with_key(past.group_by([*keys, "_y"]).aggregate(_e=past._e.sum()).to_pyarrow(), keys)
    history = _matrix(yearly, groups, history_years, "_e")
    leavers = retired = None
    if flows is not None:
        sep, ret = roles(c, "separations", "retirements")
        require_columns(flows, [year, sep, ret, *keys], what="flows")
        check_non_negative(flows, [sep, ret], what="flows")
        fl = flows.select(
            *keys,
            _y=flows[year].cast("int64"),
            _s=flows[sep].cast("float64"),
            _r=flows[ret].cast("float64"),
        )
        fl = fl.filter((fl._y > base - window) & (fl._y <= base))
        agg = fl.group_by([*keys, "_y"]).aggregate(_l=(fl._s - fl._r).sum(), _r=fl._r.sum())
        agg_arrow = with_key(agg.to_pyarrow(), keys)
        leavers = _matrix(agg_arrow, groups, history_years, "_l")
        retired = _matrix(agg_arrow, groups, history_years, "_r")
    plan_matrix, coverage = _plans(wf, workforce, plans, c, keys, groups, base, horizon)
    stock = np.zeros(len(groups))
    where = codes(cells.column("_g"), groups)
    np.add.at(stock, where, cells.column("_e").to_numpy())
    women = np.zeros(len(groups))
    is_f = pc.equal(cells.column("_sex"), "F").to_numpy(zero_copy_only=False)
    np.add.at(women, where[is_f], cells.column("_e").to_numpy()[is_f])
    sexes = sorted(set(pc.unique(cells.column("_sex")).to_pylist()))
    bands = sorted(set(pc.unique(cells.column("_band")).to_pylist()))
    return ForecastInputs(
        labels=label_rows,
        groups=groups.to_pylist(),
        stock=stock,
        women=np.divide(women, stock, out=np.zeros_like(stock), where=stock > 0),
        cells=cells,
        history=history,
        history_years=history_years,
        leavers=leavers,
        retired=retired,
        plans=plan_matrix,
        plan_coverage=coverage,
        base_year=base,
        sexes=sexes,
        bands=bands,
        cell_matrix=_cell_matrix(cells, where, bands, sexes, len(groups)),
    )


def _position(column: pa.ChunkedArray, values: list[str]) -> np.ndarray:
    found = pc.index_in(column, value_set=pa.array(values, pa.string()))
    return np.asarray(found.to_numpy(zero_copy_only=False), dtype=np.int64)


def _cell_matrix(
    cells: pa.Table, where: np.ndarray, bands: list[str], sexes: list[str], groups: int
) -> np.ndarray:
    """Employees per group × (band, sex), columns in sorted band-then-sex order."""
    b = _position(cells.column("_band"), bands)
    s = _position(cells.column("_sex"), sexes)
    out = np.zeros((groups, len(bands) * len(sexes)))
    np.add.at(out, (where, b * len(sexes) + s), cells.column("_e").to_numpy())
    return out


def _plans(
    wf: Table,
    workforce: Table,
    plans: Table | None,
    c: Mapping[str, str | None],
    keys: list[str],
    groups: pa.Array,
    base: int,
    horizon: int,
) -> tuple[np.ndarray | None, float | None]:
    if plans is None:
        return None, None
    org, syear, hyears, change = roles(
        c, "org", "survey_year", "horizon_years", "planned_net_change"
    )
    year, emp = roles(c, "year", "employees")
    require_columns(workforce, [org], what="workforce")
    require_columns(plans, [org, syear, hyears, change, *keys], what="hiring plans")
    p = plans.filter(plans[syear] <= base)
    latest = p[syear].max().execute()
    if latest is None:
        return None, None
    current = workforce.filter(workforce[year].cast("int64") == base)
    orgs = current.select(_o=current[org]).distinct()
    p = p.filter(p[syear] == int(latest))
    p = p.join(orgs, p[org] == orgs._o)
    rows = with_key(
        p.select(*keys, _h=p[hyears].cast("int64"), _c=p[change].cast("float64")).to_pyarrow(),
        keys,
    )
    respondents = p.select(_o=p[org]).distinct()
    marked = current.left_join(respondents, current[org] == respondents._o)
    sums = marked.aggregate(
        _cov=ibis.cases((marked._o.notnull(), marked[emp]), else_=0).sum(),
        _all=marked[emp].sum(),
    ).to_pyarrow().to_pylist()[0]  # fmt: skip
    cov, total = float(sums["_cov"] or 0.0), float(sums["_all"] or 0.0)
    coverage = cov / total if total > 0 else 0.0
    out = np.full((len(groups), horizon + 1), np.nan)
    if rows.num_rows == 0 or coverage <= 0:
        return None, coverage
    spans = np.asarray(rows.column("_h").to_numpy(zero_copy_only=False), dtype=np.int64)
    if spans.min() < 1:
        raise AnalysisError("Hiring plans need horizon_years of at least 1.")
    positions = codes(rows.column("_g"), groups)
    yearly = np.asarray(rows.column("_c").to_numpy(zero_copy_only=False), dtype=np.float64)
    yearly = yearly / spans / coverage
    ok = positions >= 0
    for k in range(1, horizon + 1):
        active = ok & (base + k <= int(latest) + spans)
        if active.any():
            column = np.zeros(len(groups))
            np.add.at(column, positions[active], yearly[active])
            out[:, k] = column
    return out, coverage

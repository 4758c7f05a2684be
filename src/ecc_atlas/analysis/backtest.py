"""Backtest of the stock-flow forecast: run it from a past base year, compare with what came.

The model is run with the data up to the base year only (the trend scenario: employer
plans and events cannot be replayed) and compared with the known later years:

* ``employment`` — forecast employment (central) against the workforce's headcount;
* ``openings`` — forecast entries (openings under the ``"exits_and_moves"`` definition)
  against the hires of the flows. Openings under the ``"exits"`` definition have no
  observed counterpart; their error is that of the same cohort model.

Errors per group and measure: MAPE = mean over years of |forecast − actual| / actual
(years with actual 0 are left out), WAPE = Σ|forecast − actual| / Σ actual, the signed
mean percentage error (bias) and the coverage of the interval (share of years with the
actual inside low … high). The ``overall`` rows use the yearly totals over all groups
(groups that appear after the base year count with a forecast of 0).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import ibis
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ecc_atlas.analysis._common import AnalysisError, resolve_cols, roles
from ecc_atlas.analysis._forecast_inputs import STOCKFLOW_COLS, with_key
from ecc_atlas.analysis.exits import ExitRates
from ecc_atlas.analysis.stockflow import stock_flow_arrow

if TYPE_CHECKING:
    from ibis.expr.types import Table

__all__ = ["backtest", "default_backtest_base"]

_MEASURES = {
    "employment": ("employment_low", "employment_central", "employment_high"),
    "openings": ("openings_low", "openings_central", "openings_high"),
}


def default_backtest_base(years: Sequence[int], horizon: int, *, min_history: int = 3) -> int:
    """The latest base year that leaves ``horizon`` years to compare (or as many as exist).

    Raises :class:`AnalysisError` when fewer than ``min_history`` + 1 years exist.
    """
    ys = sorted(set(years))
    if len(ys) < min_history + 1:
        raise AnalysisError(
            f"A backtest needs at least {min_history + 1} years of data; there are {len(ys)}."
        )
    return max(ys[-1] - horizon, ys[0] + min_history - 1)


def _actuals(
    table: Table, keys: list[str], year: str, value: str, first: int, last: int
) -> pa.Table:
    t = table.select(*keys, _y=table[year].cast("int64"), _v=table[value].cast("float64"))
    t = t.filter((t._y >= first) & (t._y <= last))
    return with_key(t.group_by([*keys, "_y"]).aggregate(actual=t._v.sum()).to_pyarrow(), keys)


def _errors(f: np.ndarray, a: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> dict[str, Any]:
    pos = a > 0
    ape = np.abs(f[pos] - a[pos]) / a[pos]
    pe = (f[pos] - a[pos]) / a[pos]
    total = a.sum()
    return {
        "years": len(a),
        "mape": float(ape.mean()) if pos.any() else None,
        "wape": float(np.abs(f - a).sum() / total) if total > 0 else None,
        "bias": float(pe.mean()) if pos.any() else None,
        "coverage": float(((a >= lo - 1e-9) & (a <= hi + 1e-9)).mean()) if len(a) else None,
    }


def backtest(
    workforce: Table,
    flows: Table,
    *,
    by: Sequence[str] = ("ssyk",),
    base_year: int | None = None,
    horizon: int = 5,
    rates: ExitRates | None = None,
    window: int = 3,
    trend_years: int = 5,
    damping: float = 0.8,
    uncertainty: float = 0.1,
    cols: Mapping[str, str | None] | None = None,
) -> Table:
    """Run the trend forecast from ``base_year`` and measure its error on later years.

    ``base_year`` defaults to :func:`default_backtest_base` of the workforce's years; the
    comparison covers ``min(horizon, last year − base_year)`` years. Without a ``hires``
    column in ``flows`` only employment is compared.

    Output columns: ``scope`` (``"group"`` or ``"overall"``), the ``by`` columns (null on
    overall rows), ``measure`` (``"employment"`` or ``"openings"``), ``base_year``,
    ``years`` (years compared), ``mape``, ``wape``, ``bias`` (signed mean percentage
    error; positive = the forecast was too high) and ``coverage`` (0–1), all as shares
    (0.12 = 12 %); null where every actual is 0. Overall rows first, then by group.
    """
    c = resolve_cols(STOCKFLOW_COLS, cols)
    year, emp = roles(c, "year", "employees")
    hires = roles(c, "hires")[0]
    keys = list(by)
    years = [
        int(y)
        for y in workforce.select(_y=workforce[year].cast("int64"))
        .distinct()
        .to_pyarrow()
        .column("_y")
        .to_pylist()
    ]
    base = default_backtest_base(years, horizon) if base_year is None else int(base_year)
    last = max(years)
    span = min(horizon, last - base)
    if span < 1:
        raise AnalysisError(f"No year after the base year {base} to compare with (last {last}).")
    wf = workforce.filter(workforce[year].cast("int64") <= base)
    fl = flows.filter(flows[year].cast("int64") <= base)
    forecast = stock_flow_arrow(
        wf,
        fl,
        by=keys,
        base_year=base,
        horizon=span,
        window=window,
        trend_years=trend_years,
        damping=damping,
        uncertainty=uncertainty,
        rates=rates,
        cols=cols,
    )
    forecast = forecast.append_column("_g", pa.array(_labels(forecast, keys), pa.string()))
    actual = {"employment": _actuals(workforce, keys, year, emp, base + 1, base + span)}
    if hires in flows.columns:
        actual["openings"] = _actuals(flows, keys, year, hires, base + 1, base + span)
    rows: list[dict[str, Any]] = []
    group_rows: list[dict[str, Any]] = []
    labels = forecast.select(["_g", *keys]).group_by(["_g", *keys]).aggregate([])
    label_of = {r["_g"]: r for r in labels.to_pylist()}
    for measure, observed in actual.items():
        lo_col, mid_col, hi_col = _MEASURES[measure]
        cube = _cube(forecast, observed, [lo_col, mid_col, hi_col], base, span)
        groups, f_lo, f_mid, f_hi, act = cube
        for i, g in enumerate(groups):
            if g not in label_of:
                continue
            errs = _errors(f_mid[i], act[i], f_lo[i], f_hi[i])
            group_rows.append(
                {
                    "scope": "group",
                    **{k: label_of[g][k] for k in keys},
                    "measure": measure,
                    "base_year": base,
                    **errs,
                }
            )
        totals = _errors(f_mid.sum(0), act.sum(0), f_lo.sum(0), f_hi.sum(0))
        totals["wape"] = float(np.abs(f_mid - act).sum() / act.sum()) if act.sum() > 0 else None
        rows.append(
            {
                "scope": "overall",
                **dict.fromkeys(keys),
                "measure": measure,
                "base_year": base,
                **totals,
            }
        )
    schema = pa.schema(
        [
            ("scope", pa.string()),
            *[(k, forecast.schema.field(k).type) for k in keys],
            ("measure", pa.string()),
            ("base_year", pa.int64()),
            ("years", pa.int64()),
            ("mape", pa.float64()),
            ("wape", pa.float64()),
            ("bias", pa.float64()),
            ("coverage", pa.float64()),
        ]
    )
    return ibis.memtable(pa.Table.from_pylist(rows + group_rows, schema=schema))


def _labels(forecast: pa.Table, keys: list[str]) -> list[str]:
    if not keys:
        return ["all"] * forecast.num_rows
    columns = [pc.cast(forecast.column(k), pa.string()).to_pylist() for k in keys]
    return ["\x1f".join(str(v) for v in parts) for parts in zip(*columns, strict=True)]


def _cube(
    forecast: pa.Table, actual: pa.Table, columns: list[str], base: int, span: int
) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    groups = sorted(set(forecast.column("_g").to_pylist()) | set(actual.column("_g").to_pylist()))
    index = {g: i for i, g in enumerate(groups)}
    arrays = [np.zeros((len(groups), span)) for _ in range(4)]
    f_rows = [index[g] for g in forecast.column("_g").to_pylist()]
    f_cols = np.asarray(forecast.column("year").to_pylist()) - base - 1
    for arr, name in zip(arrays[:3], columns, strict=True):
        arr[f_rows, f_cols] = np.asarray(forecast.column(name).to_pylist(), dtype=np.float64)
    a_rows = [index[g] for g in actual.column("_g").to_pylist()]
    a_cols = np.asarray(actual.column("_y").to_pylist()) - base - 1
    arrays[3][a_rows, a_cols] = np.asarray(actual.column("actual").to_pylist(), dtype=np.float64)
    return groups, arrays[0], arrays[1], arrays[2], arrays[3]

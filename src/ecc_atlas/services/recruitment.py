"""Recruitment-need forecast and its backtest for the dashboard, per SSYK of a region.

Both run the stock-flow cohort model (:mod:`ecc_atlas.analysis.stockflow`) on the
region's delimited sector (workforce and flows of included organisations; the employer
survey for the ``"plans"`` scenario) and return Arrow tables. Results are memoised per
data version through the context.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from ecc_atlas import reference
from ecc_atlas.analysis.backtest import backtest as run_backtest
from ecc_atlas.analysis.scenarios import Event
from ecc_atlas.analysis.sector import delimit
from ecc_atlas.analysis.stockflow import stock_flow_arrow
from ecc_atlas.services.context import AnalysisContext
from ecc_atlas.services.figures import _in_region, _level

if TYPE_CHECKING:
    from ibis.expr.types import Table

__all__ = [
    "BACKTEST_COLUMNS",
    "FORECAST_COLUMNS",
    "backtest",
    "default_events",
    "forecast",
    "need_summary",
    "occupation_name",
]

#: Columns of :func:`forecast` (see its docstring for their meaning).
FORECAST_COLUMNS = (
    "ssyk",
    "occupation_sv",
    "occupation_en",
    "scenario",
    "replacement",
    "step",
    "year",
    "employees_base",
    "employment_low",
    "employment_central",
    "employment_high",
    "expansion",
    "retirements",
    "permanent_exits",
    "moves",
    "replacement_demand",
    "openings_low",
    "openings_central",
    "openings_high",
    "move_rate",
    "growth",
    "backtest_base_year",
    "backtest_mape",
    "backtest_mape_overall",
)

#: Columns of :func:`backtest`.
BACKTEST_COLUMNS = (
    "scope",
    "ssyk",
    "occupation_sv",
    "occupation_en",
    "measure",
    "base_year",
    "years",
    "mape",
    "wape",
    "bias",
    "coverage",
)


def occupation_name(code: str | None) -> tuple[str | None, str | None]:
    """Swedish and English name of an SSYK 2012 unit group (None when unknown)."""
    if code is None:
        return None, None
    try:
        occ = reference.ssyk_unit(code)
    except KeyError:
        return None, None
    return occ.name_sv, occ.name_en


def _population(ctx: AnalysisContext, region: str) -> tuple[Table, Table, Table | None]:
    level = _level(region)
    decisions = ctx.decisions()
    workforce = _in_region(delimit(ctx.table("workforce"), decisions), region, level)
    flows = _in_region(delimit(ctx.table("workforce_flows"), decisions), region, level)
    plans = ctx.table("hiring_plans") if ctx.has("hiring_plans") else None
    return workforce, flows, plans


def default_events(base_year: int) -> list[Event]:
    """The illustrative event of the ``"event"`` scenario when none is given.

    A new plant opens two years after the base year with 300 jobs in the sector's
    current occupation mix, phased in over two years. It is an example of the mechanism,
    not a prediction; pass ``events=`` for a real one.
    """
    return [Event("Ny anläggning (exempel) / New plant (example)", base_year + 2, 300.0, None, 2)]


def forecast(
    ctx: AnalysisContext,
    *,
    region: str = "19",
    base_year: int | None = None,
    horizon: int = 10,
    scenario: str = "trend",
    replacement: str = "exits_and_moves",
    events: Sequence[Event] | None = None,
) -> pa.Table:
    """Openings per SSYK and year for the region's sector, with interval and backtest.

    ``scenario`` is ``"trend"`` (damped trend), ``"plans"`` (employer survey) or
    ``"event"`` (trend + ``events``, default :func:`default_events`); ``replacement`` is
    ``"exits"`` (permanent exits only) or ``"exits_and_moves"`` (also moves out).

    Columns: ``ssyk``, ``occupation_sv``, ``occupation_en``, ``scenario``,
    ``replacement``, ``step`` (1 … horizon), ``year``, ``employees_base``,
    ``employment_low`` / ``_central`` / ``_high``, ``expansion`` (ΔE), ``retirements``,
    ``permanent_exits``, ``moves``, ``replacement_demand``, ``openings_low`` /
    ``_central`` / ``_high`` (persons per year), ``move_rate``, ``growth`` (trend, per
    year), ``backtest_base_year``, ``backtest_mape`` (the SSYK's MAPE of openings when
    the same model ran from the backtest base year; null without enough history) and
    ``backtest_mape_overall`` (MAPE of the total openings). Sorted by ssyk, step.
    """
    key = (region, base_year, horizon, scenario, replacement, _event_key(events))
    return ctx.cached(
        "recruitment_forecast",
        key,
        lambda: _forecast(ctx, region, base_year, horizon, scenario, replacement, events),
    )


def _event_key(events: Sequence[Event] | None) -> tuple[object, ...]:
    """A hashable cache key for events (their mixes are dicts)."""
    return tuple(
        (
            e.name,
            e.year,
            e.jobs,
            None if e.mix is None else tuple(sorted(map(repr, e.mix.items()))),
            e.ramp_years,
        )
        for e in events or ()
    )


def _forecast(
    ctx: AnalysisContext,
    region: str,
    base_year: int | None,
    horizon: int,
    scenario: str,
    replacement: str,
    events: Sequence[Event] | None,
) -> pa.Table:
    workforce, flows, plans = _population(ctx, region)
    if base_year is not None:
        workforce = workforce.filter(workforce.year <= base_year)
        flows = flows.filter(flows.year <= base_year)
    base = int(workforce.year.max().execute()) if base_year is None else int(base_year)
    chosen = list(events) if events else default_events(base)
    table = stock_flow_arrow(
        workforce,
        flows,
        plans if scenario == "plans" else None,
        base_year=base,
        horizon=horizon,
        scenario=scenario,
        replacement=replacement,
        events=chosen if scenario == "event" else (),
    )
    errors = _backtest_rows(ctx, region, base, min(horizon, 5))
    by_ssyk = {r["ssyk"]: r for r in errors if r["scope"] == "group" and r["measure"] == "openings"}
    overall = next(
        (r for r in errors if r["scope"] == "overall" and r["measure"] == "openings"), None
    )
    rows = []
    for row in table.sort_by([("ssyk", "ascending"), ("step", "ascending")]).to_pylist():
        sv, en = occupation_name(row["ssyk"])
        err = by_ssyk.get(row["ssyk"])
        rows.append(
            row
            | {
                "occupation_sv": sv,
                "occupation_en": en,
                "backtest_base_year": None if overall is None else overall["base_year"],
                "backtest_mape": None if err is None else err["mape"],
                "backtest_mape_overall": None if overall is None else overall["mape"],
            }
        )
    return pa.Table.from_pylist(rows, schema=_forecast_schema()).select(list(FORECAST_COLUMNS))


def _forecast_schema() -> pa.Schema:
    types: dict[str, pa.DataType] = {
        "ssyk": pa.string(),
        "occupation_sv": pa.string(),
        "occupation_en": pa.string(),
        "scenario": pa.string(),
        "replacement": pa.string(),
        "step": pa.int64(),
        "year": pa.int64(),
        "backtest_base_year": pa.int64(),
    }
    return pa.schema([(c, types.get(c, pa.float64())) for c in FORECAST_COLUMNS])


def _backtest_rows(
    ctx: AnalysisContext, region: str, base_year: int, horizon: int
) -> list[dict[str, Any]]:
    try:
        table = backtest(ctx, region=region, horizon=horizon, before=base_year)
    except ValueError:
        return []
    return table.to_pylist()


def backtest(
    ctx: AnalysisContext,
    *,
    region: str = "19",
    base_year: int | None = None,
    horizon: int = 5,
    before: int | None = None,
) -> pa.Table:
    """MAPE of the trend forecast run from a past base year, per SSYK and overall.

    ``base_year`` defaults to the latest year that leaves ``horizon`` years to compare;
    ``before`` restricts the data to years up to it (the forecast's own base year).

    Columns: ``scope`` ("overall" rows first, then "group"), ``ssyk`` (null overall),
    ``occupation_sv``, ``occupation_en``, ``measure`` ("employment" or "openings"),
    ``base_year``, ``years``, ``mape``, ``wape``, ``bias`` (positive = too high) and
    ``coverage`` (share of years inside the interval), as shares (0.1 = 10 %).
    """
    key = (region, base_year, horizon, before)
    return ctx.cached(
        "recruitment_backtest", key, lambda: _backtest(ctx, region, base_year, horizon, before)
    )


def _backtest(
    ctx: AnalysisContext, region: str, base_year: int | None, horizon: int, before: int | None
) -> pa.Table:
    workforce, flows, _ = _population(ctx, region)
    if before is not None:
        workforce = workforce.filter(workforce.year <= before)
        flows = flows.filter(flows.year <= before)
    table = run_backtest(workforce, flows, base_year=base_year, horizon=horizon).to_pyarrow()
    rows = []
    for row in table.to_pylist():
        sv, en = occupation_name(row["ssyk"])
        rows.append(row | {"occupation_sv": sv, "occupation_en": en})
    schema = pa.schema(
        [
            (
                c,
                pa.string()
                if c in {"scope", "ssyk", "occupation_sv", "occupation_en", "measure"}
                else (pa.int64() if c in {"base_year", "years"} else pa.float64()),
            )
            for c in BACKTEST_COLUMNS
        ]
    )
    return pa.Table.from_pylist(rows, schema=schema)


def need_summary(
    ctx: AnalysisContext, *, region: str = "19", year: int | None = None, horizon: int = 5
) -> dict[str, Any]:
    """The headline recruitment need: mean openings per year over ``horizon`` years.

    Uses the ``"plans"`` scenario when the employer survey exists (else ``"trend"``) and
    the ``"exits_and_moves"`` definition. Keys: ``scenario``, ``replacement``,
    ``base_year``, ``per_year`` (central), ``low``, ``high``, ``replacement_share``,
    ``backtest_mape`` (overall MAPE of openings, or None).
    """
    scenario = "plans" if ctx.has("hiring_plans") else "trend"
    try:
        table = forecast(
            ctx,
            region=region,
            base_year=year,
            horizon=horizon,
            scenario=scenario,
            replacement="exits_and_moves",
        )
    except ValueError:
        if scenario == "trend":
            raise
        scenario = "trend"
        table = forecast(
            ctx,
            region=region,
            base_year=year,
            horizon=horizon,
            scenario=scenario,
            replacement="exits_and_moves",
        )
    rows = table.to_pylist()
    steps = sorted({int(r["step"]) for r in rows})

    def mean_total(column: str) -> float:
        if not steps:
            return 0.0
        return sum(float(r[column]) for r in rows) / len(steps)

    openings = sum(float(r["openings_central"]) for r in rows)
    replacement = sum(float(r["replacement_demand"]) for r in rows)
    return {
        "scenario": scenario,
        "replacement": "exits_and_moves",
        "base_year": int(rows[0]["year"]) - int(rows[0]["step"]) if rows else year,
        "per_year": mean_total("openings_central"),
        "low": mean_total("openings_low"),
        "high": mean_total("openings_high"),
        "replacement_share": replacement / openings if openings > 0 else 0.0,
        "backtest_mape": rows[0]["backtest_mape_overall"] if rows else None,
    }

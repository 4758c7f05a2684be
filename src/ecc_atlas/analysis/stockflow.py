"""Recruitment need: the stock-flow cohort forecast per group (SSYK, education, region …).

Openings = expansion demand (ΔE, may be negative) + replacement demand, per group and
forecast year 1 … horizon (METHODS.md). The base-year stock by age band and sex ages one
year per year and leaves with the permanent-exit hazards of :mod:`.exits` (retirement
mostly at 63–67, death, other exits); a group-specific share of the rest *moves* out each
year (to other employers, occupations or regions), calibrated on the flows; the scenario
(:mod:`.scenarios`) sets the employment path, and entries fill the gap. Two replacement
definitions:

* ``"exits_and_moves"`` (Cedefop's replacement demand, BLS's occupational separations):
  openings = entries = max(0, ΔE + permanent exits + moves);
* ``"exits"`` (Lightcast-like; moves between employers are assumed to be matched by moves
  in): openings = max(0, ΔE + permanent exits).

**Boundary.** The relational part — base stock by group × age band × sex, yearly stocks
and flows, plans — is computed by the engine through Ibis and pulled as small aggregated
tables; the cohort factors, the trend fit and the year-by-year recursion run in NumPy on
those aggregates (groups × steps), because the recursion is sequential in the year and
would need one self-join per year in SQL. The result is an in-memory Ibis table.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import ibis
import numpy as np
import numpy.typing as npt
import pyarrow as pa

from ecc_atlas.analysis._common import (
    AnalysisError,
)
from ecc_atlas.analysis._forecast_inputs import (
    SEP,
    STOCKFLOW_COLS,
    ForecastInputs,
    prepare_inputs,
)
from ecc_atlas.analysis._projection import Projection, project
from ecc_atlas.analysis.exits import ExitRates, cohort_factors, entrant_factors
from ecc_atlas.analysis.scenarios import SCENARIOS, Event, damped_paths, event_jobs, fit_trend

if TYPE_CHECKING:
    from ibis.expr.types import Table

__all__ = ["REPLACEMENT", "STOCKFLOW_COLS", "run_model", "stock_flow", "stock_flow_arrow"]

REPLACEMENT = ("exits", "exits_and_moves")
FloatArray = npt.NDArray[np.float64]
Triple = tuple[FloatArray, FloatArray, FloatArray]
_KAPPA = 20.0  # person-years of pooled rate added to each group's own (shrinkage)


#: Column roles; override with ``cols={...}``. ``sex`` None = one unisex exit profile.
def _factors(
    inputs: ForecastInputs, horizon: int, rates: ExitRates, profile: Mapping[str, float] | None
) -> tuple[Triple, Triple]:
    table = cohort_factors(inputs.bands, inputs.sexes, horizon, rates)
    width = len(inputs.bands) * len(inputs.sexes)
    names = ("remain", "permanent", "retirement")
    cube = np.stack([table.column(name).to_numpy() for name in names])
    cube = cube.reshape(3, width, horizon + 1)  # sorted band, sex, step
    cells = inputs.cell_matrix
    original: Triple = (cells @ cube[0], cells @ cube[1], cells @ cube[2])
    per_sex = {sx: entrant_factors(sx, horizon, rates, profile) for sx in inputs.sexes}
    if set(inputs.sexes) == {"F", "M"}:
        w = inputs.women[:, None]
        parts = [
            w * per_sex["F"][i][None, :] + (1 - w) * per_sex["M"][i][None, :] for i in range(3)
        ]
    else:
        mean = np.mean([per_sex[sx] for sx in inputs.sexes], axis=0)
        parts = [np.repeat(mean[i][None, :], len(inputs.groups), axis=0) for i in range(3)]
    return original, (parts[0], parts[1], parts[2])


def _move_rates(
    inputs: ForecastInputs, original: Triple, window: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    g = len(inputs.groups)
    if inputs.leavers is None:
        zero = np.zeros(g)
        return zero, zero, zero
    hist = inputs.history
    start = np.concatenate([hist[:, :1], hist[:, :-1]], axis=1)  # stock at the year's start
    start = np.where(start > 0, start, hist)
    cols = slice(hist.shape[1] - window, hist.shape[1])
    lv, st = inputs.leavers[:, cols], start[:, cols]
    pooled = lv.sum() / st.sum() if st.sum() > 0 else 0.0
    other = np.divide(
        original[1][:, 1] - original[2][:, 1],
        original[0][:, 0],
        out=np.zeros(g),
        where=original[0][:, 0] > 0,
    )
    central = (lv.sum(axis=1) + _KAPPA * pooled) / (st.sum(axis=1) + _KAPPA)
    yearly = (lv + _KAPPA / window * pooled) / (st + _KAPPA / window)
    return (
        np.clip(central - other, 0.0, 0.9),
        np.clip(yearly.min(axis=1) - other, 0.0, 0.9),
        np.clip(yearly.max(axis=1) - other, 0.0, 0.9),
    )


def stock_flow(
    workforce: Table, flows: Table | None = None, plans: Table | None = None, **options: Any
) -> Table:
    """:func:`stock_flow_arrow` as an in-memory Ibis table (same options and columns)."""
    return ibis.memtable(stock_flow_arrow(workforce, flows, plans, **options))


def stock_flow_arrow(
    workforce: Table,
    flows: Table | None = None,
    plans: Table | None = None,
    *,
    by: Sequence[str] = ("ssyk",),
    base_year: int | None = None,
    horizon: int = 10,
    scenario: str | Sequence[str] = "trend",
    replacement: str = "exits_and_moves",
    events: Sequence[Event] = (),
    rates: ExitRates | None = None,
    window: int = 3,
    trend_years: int = 5,
    damping: float = 0.8,
    uncertainty: float = 0.1,
    plan_realisation: tuple[float, float, float] = (0.5, 1.0, 1.0),
    entrant_profile: Mapping[str, float] | None = None,
    cols: Mapping[str, str | None] | None = None,
) -> pa.Table:
    """Openings per group and forecast year with a low–central–high interval.

    ``workforce`` holds register cells (``year, age_band, gender, employees`` and the
    ``by`` columns; ``org_number`` when plans are used), ``flows`` the yearly
    ``separations`` (including retirements) and ``retirements`` per group — needed for the
    ``"exits_and_moves"`` definition — and ``plans`` an employer survey (``survey_year,
    horizon_years, planned_net_change``). All must describe the same population.
    ``scenario`` is one or several of ``"trend"``, ``"plans"``, ``"event"`` (with
    ``events``). Low/high combine the lowest/highest yearly move rate of the ``window``,
    the trend's 80 % band (or the plans' realisation shares) and exit hazards scaled by
    ``1 ∓ uncertainty``; the interval is the range of the three runs (a scenario interval,
    not a statistical one).

    Output columns: the ``by`` columns, ``scenario``, ``replacement`` (the definition),
    ``step`` (1 … horizon), ``year``, ``employees_base``, ``move_rate`` (central yearly
    share moving out), ``growth`` (the trend's yearly growth before damping),
    ``employment_low``, ``employment_central``, ``employment_high`` (end of year),
    ``expansion`` (ΔE, central, may be negative), ``retirements``, ``permanent_exits``
    (retirements, deaths, other exits), ``moves``, ``reductions`` (cuts when employment
    falls faster than people leave), ``entries`` (hires), ``replacement_demand``
    (permanent exits, plus moves under ``"exits_and_moves"``), ``openings_low``,
    ``openings_central``, ``openings_high`` (all central unless named; persons per year).
    Sorted by scenario, the ``by`` columns and step.
    """
    if not 1 <= horizon <= 10:
        raise AnalysisError("The horizon must be 1 to 10 years.")
    if window < 1 or trend_years < 2:
        raise AnalysisError("window must be ≥ 1 and trend_years ≥ 2.")
    if replacement not in REPLACEMENT:
        raise AnalysisError(f"Unknown replacement definition {replacement!r}; use {REPLACEMENT}.")
    chosen = [scenario] if isinstance(scenario, str) else list(scenario)
    unknown = [s for s in chosen if s not in SCENARIOS]
    if unknown or not chosen:
        raise AnalysisError(f"Unknown scenario {unknown or chosen}; use {list(SCENARIOS)}.")
    if replacement == "exits_and_moves" and flows is None:
        raise AnalysisError("The 'exits_and_moves' definition needs the flows (separations).")
    if "plans" in chosen and plans is None:
        raise AnalysisError("The 'plans' scenario needs the hiring plans.")
    if "event" in chosen and not events:
        raise AnalysisError("The 'event' scenario needs at least one event.")
    inputs = prepare_inputs(
        workforce,
        flows,
        plans if "plans" in chosen else None,
        by=by,
        base_year=base_year,
        window=window,
        trend_years=trend_years,
        horizon=horizon,
        cols=cols,
    )
    if "plans" in chosen and inputs.plans is None:
        raise AnalysisError(
            f"No hiring-plan answers from organisations of the workforce up to {inputs.base_year}."
        )
    return run_model(
        inputs,
        chosen,
        replacement=replacement,
        events=events,
        rates=rates,
        window=window,
        damping=damping,
        uncertainty=uncertainty,
        plan_realisation=plan_realisation,
        entrant_profile=entrant_profile,
        horizon=horizon,
        keys=list(by),
        trend_years=trend_years,
    )


def run_model(
    inputs: ForecastInputs,
    scenarios: Sequence[str],
    *,
    replacement: str,
    events: Sequence[Event],
    rates: ExitRates | None,
    window: int,
    damping: float,
    uncertainty: float,
    plan_realisation: tuple[float, float, float],
    entrant_profile: Mapping[str, float] | None,
    horizon: int,
    keys: list[str],
    trend_years: int = 5,
) -> pa.Table:
    """The NumPy part of :func:`stock_flow` on prepared inputs; returns Arrow."""
    base_rates = rates or ExitRates()
    n = min(trend_years, len(inputs.history_years))
    trend = fit_trend(inputs.history[:, -n:], inputs.history_years[-n:])
    variants = {"low": 1.0 - uncertainty, "central": 1.0, "high": 1.0 + uncertainty}
    factors = {
        v: _factors(inputs, horizon, base_rates.scaled(s), entrant_profile)
        for v, s in variants.items()
    }
    ordered = {  # column-major once, for the projection's year-by-year access
        v: (
            tuple(np.asfortranarray(a) for a in original),
            tuple(np.asfortranarray(a) for a in entrant),
        )
        for v, (original, entrant) in factors.items()
    }
    move = dict(
        zip(
            ("central", "low", "high"),
            _move_rates(inputs, factors["central"][0], window),
            strict=True,
        )
    )
    growth = {"low": trend.low, "central": trend.growth, "high": trend.high}
    jobs = event_jobs(
        [_keyed(e, len(keys)) for e in events],
        inputs.groups,
        inputs.stock,
        inputs.base_year,
        horizon,
    )
    trend_paths = {
        v: damped_paths(inputs.stock, growth[v], horizon, damping)
        for v in ("low", "central", "high")
    }
    tables = []
    for name in scenarios:
        runs: dict[str, Projection] = {}
        for i, variant in enumerate(("low", "central", "high")):
            path = trend_paths[variant]
            if name == "plans" and inputs.plans is not None:
                additions = inputs.plans * plan_realisation[i]
                path = damped_paths(inputs.stock, growth[variant], horizon, damping, additions)
            elif name == "event":
                path = np.maximum(path + jobs, 0.0)
            original, entrant = ordered[variant]
            runs[variant] = project(original, entrant, move[variant], path)  # type: ignore[arg-type]
        tables.append(
            _assemble(inputs, name, replacement, runs, move["central"], trend.growth, horizon, keys)
        )
    return pa.concat_tables(tables)


def _keyed(event: Event, n_keys: int) -> Event:
    """The event with its mix keyed like the groups (tuples joined by the separator)."""
    if event.mix is None:
        return event
    mix: dict[object, float] = {}
    for key, share in event.mix.items():
        parts = key if isinstance(key, tuple) else (key,)
        if len(parts) != max(n_keys, 1):
            raise AnalysisError(f"Event {event.name!r}: group {key!r} needs {n_keys} value(s).")
        mix[SEP.join(str(p) for p in parts)] = share
    return Event(event.name, event.year, event.jobs, mix, event.ramp_years)


def _assemble(
    inputs: ForecastInputs,
    scenario: str,
    replacement: str,
    runs: Mapping[str, Projection],
    move: np.ndarray,
    growth: np.ndarray,
    horizon: int,
    keys: list[str],
) -> pa.Table:
    g = len(inputs.groups)
    steps = np.tile(np.arange(1, horizon + 1), g)
    rows = np.repeat(np.arange(g), horizon)
    c = runs["central"]

    def flat(a: np.ndarray) -> pa.Array:
        return pa.array(a[:, 1:].ravel(), pa.float64())

    def openings(p: Projection) -> np.ndarray:
        return p.entries if replacement == "exits_and_moves" else p.openings_exits

    def low(a: np.ndarray, b: np.ndarray, z: np.ndarray) -> np.ndarray:
        return np.minimum(np.minimum(a, b), z)

    def high(a: np.ndarray, b: np.ndarray, z: np.ndarray) -> np.ndarray:
        return np.maximum(np.maximum(a, b), z)

    lo, hi = runs["low"], runs["high"]
    replacement_demand = c.permanent + (c.moves if replacement == "exits_and_moves" else 0.0)
    labels = inputs.labels.take(pa.array(rows))
    data: dict[str, Any] = {k: labels.column(k) for k in keys}
    data |= {
        "scenario": pa.repeat(pa.scalar(scenario, pa.string()), len(rows)),
        "replacement": pa.repeat(pa.scalar(replacement, pa.string()), len(rows)),
        "step": pa.array(steps, pa.int64()),
        "year": pa.array(inputs.base_year + steps, pa.int64()),
        "employees_base": pa.array(inputs.stock[rows], pa.float64()),
        "move_rate": pa.array(move[rows], pa.float64()),
        "growth": pa.array(growth[rows], pa.float64()),
        "employment_low": flat(low(lo.stock, c.stock, hi.stock)),
        "employment_central": flat(c.stock),
        "employment_high": flat(high(lo.stock, c.stock, hi.stock)),
        "expansion": flat(c.expansion),
        "retirements": flat(c.retirements),
        "permanent_exits": flat(c.permanent),
        "moves": flat(c.moves),
        "reductions": flat(c.reductions),
        "entries": flat(c.entries),
        "replacement_demand": flat(replacement_demand),
        "openings_low": flat(low(openings(lo), openings(c), openings(hi))),
        "openings_central": flat(openings(c)),
        "openings_high": flat(high(openings(lo), openings(c), openings(hi))),
    }
    return pa.table(data)

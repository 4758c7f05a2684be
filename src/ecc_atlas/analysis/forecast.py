"""Recruitment need: a simple, transparent forecast of openings per occupation.

Openings in forecast year k (k = 1 … horizon after the base year Y) are, per occupation
(SSYK) or any other grouping::

    need_k = max(0, turnover_k + retirements_k + expansion)

* **turnover** (replacement because people leave for other employers, occupations or
  regions, or leave the labour force for other reasons than retirement):
  ``rate × stock_{k-1}``, where ``rate`` is the mean over the last ``window`` years of
  ``(separations − retirements) / employees`` from ``workforce_flows`` and the workforce
  stock at the end of the same year. The figure therefore counts *replacement including
  turnover* (Cedefop's and BLS's definition, not Lightcast's), moves between employers
  included.
* **retirements** from the age structure of the base year: every age cohort gets one year
  older per year and leaves with the age-specific retirement hazard
  (:data:`RETIREMENT_HAZARD`, mostly at 63–67; ages are spread evenly within a band).
  Deaths and early exits before 60 are part of the turnover rate.
* **expansion** from employers' plans (``hiring_plans``): the planned net change over the
  survey's horizon, spread evenly over its years; by default scaled up from the responding
  organisations to the whole sector by their share of its employees (``plan_coverage``).

The interval ``need_low`` … ``need_high`` replaces the mean turnover rate by the lowest and
highest yearly rate of the window: it shows how much the answer moves with the year-to-year
spread of the observed rates, not a statistical confidence interval.

This is the first, simple model; a full stock-flow model (cohort-component by age and sex,
scenarios, backtests) is meant to sit beside it with the same output columns.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import ibis
import pyarrow as pa

from ecc_atlas.analysis._common import (
    AnalysisError,
    check_non_negative,
    check_not_empty,
    require_columns,
    resolve_cols,
    roles,
)

if TYPE_CHECKING:
    from ibis.expr.types import Table

__all__ = [
    "FORECAST_COLS",
    "RETIREMENT_HAZARD",
    "NeedSummary",
    "need_by_group",
    "recruitment_need",
    "retirement_factors",
    "summarise_need",
]

#: Probability that an employee of this age (completed years at the end of the year)
#: retires during the year; ages not listed retire with probability 0, ages above the
#: last listed one use the last value. Swedish practice: mostly 63–67, some from 60.
RETIREMENT_HAZARD: dict[int, float] = {
    60: 0.02,
    61: 0.03,
    62: 0.05,
    63: 0.10,
    64: 0.12,
    65: 0.40,
    66: 0.35,
    67: 0.45,
    68: 0.35,
    69: 0.35,
    70: 0.50,
}

#: Column roles; override with ``cols={...}``.
FORECAST_COLS: dict[str, str | None] = {
    "org": "org_number",
    "year": "year",
    "employees": "employees",
    "age_band": "age_band",
    "separations": "separations",
    "retirements": "retirements",
    "survey_year": "survey_year",
    "horizon_years": "horizon_years",
    "planned_net_change": "planned_net_change",
}


def _hazard(age: int, hazard: Mapping[int, float]) -> float:
    if not hazard or age < min(hazard):
        return 0.0
    if age > max(hazard):
        return hazard[max(hazard)]
    return hazard.get(age, 0.0)


def retirement_factors(
    bands: Sequence[str], horizon: int, hazard: Mapping[int, float] | None = None
) -> pa.Table:
    """Expected share of a base-year age band that retires in each forecast year.

    For a band ``"lo-hi"`` with ages spread evenly over lo … hi, the factor of step k is the
    mean over the band's ages a of ``Π_{i<k} (1 − h(a + i)) · h(a + k)``.

    Columns: ``age_band`` (string), ``step`` (int64, 1 … horizon), ``factor`` (float64).
    """
    h = RETIREMENT_HAZARD if hazard is None else hazard
    rows: list[tuple[str, int, float]] = []
    for band in sorted(set(bands)):
        try:
            lo, hi = (int(part) for part in band.split("-"))
        except ValueError as exc:
            raise AnalysisError(f"Age band {band!r} is not of the form 'lo-hi'.") from exc
        ages = range(lo, hi + 1)
        for step in range(1, horizon + 1):
            total = 0.0
            for age in ages:
                staying = 1.0
                for i in range(1, step):
                    staying *= 1.0 - _hazard(age + i, h)
                total += staying * _hazard(age + step, h)
            rows.append((band, step, total / len(ages)))
    return pa.table(
        {
            "age_band": pa.array([r[0] for r in rows], pa.string()),
            "step": pa.array([r[1] for r in rows], pa.int64()),
            "factor": pa.array([r[2] for r in rows], pa.float64()),
        }
    )


def _group(table: Table, keys: list[str]) -> ibis.expr.types.GroupedTable | Table:
    return table.group_by(keys) if keys else table


def _left(left: Table, right: Table, keys: list[str]) -> Table:
    """Left join on ``keys`` keeping the left key columns only.

    Without keys every left row gets the (one-row) right side, or nulls when it is empty.
    """
    if not keys:
        joined = _left(left.mutate(_all=1), right.mutate(_all=1), ["_all"])
        return joined.drop("_all")
    extra = [name for name in right.columns if name not in keys]
    joined = left.left_join(right, [left[k] == right[k] for k in keys])
    return joined.select(*[left[name] for name in left.columns], *[right[n] for n in extra])


def recruitment_need(
    workforce: Table,
    flows: Table,
    plans: Table | None = None,
    *,
    by: Sequence[str] = ("ssyk",),
    base_year: int | None = None,
    horizon: int = 5,
    window: int = 3,
    survey_year: int | None = None,
    scale_plans: bool = True,
    hazard: Mapping[int, float] | None = None,
    cols: Mapping[str, str | None] | None = None,
) -> Table:
    """Openings per group and forecast year (see the module docstring for the model).

    ``workforce`` (register cells) and ``flows`` must cover the same population — usually
    one region's delimited sector (:func:`ecc_atlas.analysis.sector.delimit`). ``plans``
    rows of organisations absent from the base-year workforce are ignored, so plans are
    restricted to the same population automatically. ``by`` names grouping columns present
    in all three tables (default per SSYK; ``()`` for the total).

    Output columns: the ``by`` columns, ``step`` (1 … horizon), ``year`` (base year +
    step), ``employees_base`` (headcount in the base year), ``turnover_rate``,
    ``turnover_rate_low``, ``turnover_rate_high`` (mean, lowest and highest yearly
    (separations − retirements) / employees of the window), ``rate_years`` (years with a
    stock in the window), ``stock`` (expected headcount at the start of the year),
    ``turnover``, ``retirements``, ``expansion`` (per year, may be negative),
    ``plan_coverage`` (share of base-year employees in responding organisations, null
    without plans), ``replacement`` (turnover + retirements), ``need``, ``need_low`` and
    ``need_high`` (openings, ≥ 0). Sorted by the ``by`` columns and step.
    """
    c = resolve_cols(FORECAST_COLS, cols)
    org, year, emp, band, sep, ret = roles(
        c, "org", "year", "employees", "age_band", "separations", "retirements"
    )
    keys = list(by)
    if horizon < 1 or window < 1:
        raise AnalysisError("horizon and window must be at least 1 year.")
    require_columns(workforce, [org, year, emp, band, *keys], what="workforce")
    require_columns(flows, [year, sep, ret, *keys], what="flows")
    check_not_empty(workforce, what="workforce")
    check_non_negative(workforce, [emp], what="workforce")
    check_non_negative(flows, [sep, ret], what="flows")
    # .view(): the input may itself be a join (e.g. delimited cells); derived tables are
    # joined back to it below.
    wf = workforce.mutate(
        _year=workforce[year].cast("int32"), _e=workforce[emp].cast("float64")
    ).view()
    base = int(wf._year.max().execute()) if base_year is None else int(base_year)
    first = base - window + 1

    current = wf.filter(wf._year == base)
    stock_base = _group(current, keys).aggregate(employees_base=current._e.sum())
    if int(stock_base.count().execute()) == 0 or float(current._e.sum().execute() or 0) <= 0:
        raise AnalysisError(f"The workforce has no employees in the base year {base}.")

    # Turnover rates per group and year of the window.
    past = wf.filter((wf._year >= first) & (wf._year <= base))
    stock_y = _group(past, [*keys, "_year"]).aggregate(_stock=past._e.sum())
    fl = flows.mutate(_year=flows[year].cast("int32"))
    fl = fl.filter((fl._year >= first) & (fl._year <= base))
    moves = _group(fl, [*keys, "_year"]).aggregate(
        _leavers=(fl[sep] - fl[ret]).cast("float64").sum()
    )
    yearly = _left(stock_y, moves, [*keys, "_year"])
    yearly = yearly.filter(yearly._stock > 0)
    yearly = yearly.mutate(_rate=yearly._leavers.fill_null(0.0) / yearly._stock)
    rates = _group(yearly, keys).aggregate(
        turnover_rate=yearly._rate.mean(),
        turnover_rate_low=yearly._rate.min(),
        turnover_rate_high=yearly._rate.max(),
        rate_years=yearly._rate.count().cast("int64"),
    )

    # Retirements from the age structure of the base year.
    bands = [str(b) for b in current.select(band).distinct().to_pyarrow()[band].to_pylist()]
    factors = ibis.memtable(retirement_factors(bands, horizon, hazard))
    by_band = _group(current, [*keys, band]).aggregate(_e=current._e.sum())
    by_band = by_band.rename(age_band=band) if band != "age_band" else by_band
    retiring = by_band.join(factors, "age_band")
    retire = _group(retiring, [*keys, "step"]).aggregate(
        retirements=(retiring._e * retiring.factor).sum()
    )

    # Expansion from employers' plans.
    expansion = _expansion(current, plans, keys, c, survey_year=survey_year, scale=scale_plans)

    steps = ibis.memtable(pa.table({"step": pa.array(range(1, horizon + 1), pa.int64())}))
    t = _left(stock_base, rates, keys).cross_join(steps)
    t = _left(t, retire, [*keys, "step"])
    t = _left(t, expansion, keys)
    t = t.mutate(
        turnover_rate=t.turnover_rate.fill_null(0.0),
        turnover_rate_low=t.turnover_rate_low.fill_null(0.0),
        turnover_rate_high=t.turnover_rate_high.fill_null(0.0),
        rate_years=t.rate_years.fill_null(0),
        retirements=t.retirements.fill_null(0.0),
        expansion=t.expansion.fill_null(0.0),
    )
    stock = (t.employees_base + (t.step - 1).cast("float64") * t.expansion).clip(lower=0.0)
    t = t.mutate(year=(ibis.literal(base) + t.step).cast("int32"), stock=stock)

    def openings(rate: ibis.Value) -> ibis.Value:
        return (rate * t.stock + t.retirements + t.expansion).clip(lower=0.0)

    t = t.mutate(
        turnover=t.turnover_rate * t.stock,
        replacement=t.turnover_rate * t.stock + t.retirements,
        need=openings(t.turnover_rate),
        need_low=openings(t.turnover_rate_low),
        need_high=openings(t.turnover_rate_high),
    )
    columns = [
        *keys, "step", "year", "employees_base", "turnover_rate", "turnover_rate_low",
        "turnover_rate_high", "rate_years", "stock", "turnover", "retirements", "expansion",
        "plan_coverage", "replacement", "need", "need_low", "need_high",
    ]  # fmt: skip
    return t.select(*columns).order_by([*keys, "step"])


def _expansion(
    current: Table,
    plans: Table | None,
    keys: list[str],
    c: Mapping[str, str | None],
    *,
    survey_year: int | None,
    scale: bool,
) -> Table:
    org, syear, horizon, change = roles(
        c, "org", "survey_year", "horizon_years", "planned_net_change"
    )
    if plans is None:
        empty = {k: pa.array([], pa.string()) for k in keys}
        empty |= {
            "expansion": pa.array([], pa.float64()),
            "plan_coverage": pa.array([], pa.float64()),
        }
        return ibis.memtable(pa.table(empty))
    require_columns(plans, [org, syear, horizon, change, *keys], what="hiring plans")
    chosen = int(plans[syear].max().execute()) if survey_year is None else int(survey_year)
    orgs = current.select(_org=current[org]).distinct()
    p = plans.filter(plans[syear] == chosen)
    p = p.join(orgs, p[org] == orgs._org).drop("_org")
    if int(p[horizon].min().execute() or 1) < 1:
        raise AnalysisError("Hiring plans need horizon_years of at least 1.")
    p = p.mutate(_annual=p[change].cast("float64") / p[horizon].cast("float64"))
    respondents = p.select(_org=p[org]).distinct()
    covered = current.join(respondents, current[org] == respondents._org)
    covered_sum = covered.aggregate(_covered=covered._e.sum())
    total_sum = current.aggregate(_total=current._e.sum())
    coverage = covered_sum.cross_join(total_sum)
    coverage = coverage.select(plan_coverage=coverage._covered.fill_null(0.0) / coverage._total)
    planned = _group(p, keys).aggregate(_annual=p._annual.sum())
    cover = planned.cross_join(coverage)
    if scale:
        expansion = ibis.cases(
            (cover.plan_coverage > 0, cover._annual / cover.plan_coverage), else_=0.0
        )
    else:
        expansion = cover._annual
    return cover.select(*keys, expansion=expansion, plan_coverage=cover.plan_coverage)


@dataclass(frozen=True)
class NeedSummary:
    """Totals of a :func:`recruitment_need` table over all groups.

    ``per_year`` holds the total openings of steps 1 … horizon; ``mean_per_year`` their
    mean, ``low`` and ``high`` the same for the interval; ``replacement_share`` the share
    of replacement (turnover + retirements) in all openings.
    """

    base_year: int
    horizon: int
    per_year: tuple[float, ...]
    mean_per_year: float
    low: float
    high: float
    retirements_per_year: float
    turnover_per_year: float
    expansion_per_year: float
    replacement_share: float


def summarise_need(need: Table) -> NeedSummary:
    """Sum a :func:`recruitment_need` table over its groups (executes the query)."""
    by_step = (
        need.group_by(["step", "year"])
        .aggregate(
            need=need.need.sum(),
            need_low=need.need_low.sum(),
            need_high=need.need_high.sum(),
            retirements=need.retirements.sum(),
            turnover=need.turnover.sum(),
            expansion=need.expansion.sum(),
            replacement=need.replacement.sum(),
        )
        .order_by("step")
        .to_pyarrow()
        .to_pylist()
    )
    if not by_step:
        raise AnalysisError("The recruitment-need table is empty.")
    n = len(by_step)

    def mean(key: str) -> float:
        return float(sum(float(row[key] or 0.0) for row in by_step) / n)

    total = sum(float(row["need"] or 0.0) for row in by_step)
    replacement = sum(float(row["replacement"] or 0.0) for row in by_step)
    return NeedSummary(
        base_year=int(by_step[0]["year"]) - 1,
        horizon=n,
        per_year=tuple(float(row["need"] or 0.0) for row in by_step),
        mean_per_year=mean("need"),
        low=mean("need_low"),
        high=mean("need_high"),
        retirements_per_year=mean("retirements"),
        turnover_per_year=mean("turnover"),
        expansion_per_year=mean("expansion"),
        replacement_share=replacement / total if total > 0 else 0.0,
    )


def need_by_group(need: Table, *, by: Sequence[str] = ("ssyk",)) -> Table:
    """Mean openings per year per group over the horizon of a :func:`recruitment_need` table.

    Output columns: the ``by`` columns, ``employees_base``, ``need_per_year``,
    ``need_low``, ``need_high``, ``replacement_per_year``, ``retirements_per_year``,
    ``expansion_per_year`` and ``need_rate`` (need_per_year / employees_base; null when
    the base is 0). Sorted by need_per_year, largest first.
    """
    keys = list(by)
    require_columns(need, [*keys, "step", "need", "employees_base"], what="recruitment need")
    sums = need.group_by([*keys, "step"]).aggregate(
        employees_base=need.employees_base.sum(),
        need=need.need.sum(),
        need_low=need.need_low.sum(),
        need_high=need.need_high.sum(),
        replacement=need.replacement.sum(),
        retirements=need.retirements.sum(),
        expansion=need.expansion.sum(),
    )
    g = _group(sums, keys).aggregate(
        employees_base=sums.employees_base.max(),
        need_per_year=sums.need.mean(),
        need_low=sums.need_low.mean(),
        need_high=sums.need_high.mean(),
        replacement_per_year=sums.replacement.mean(),
        retirements_per_year=sums.retirements.mean(),
        expansion_per_year=sums.expansion.mean(),
    )
    g = g.mutate(
        need_rate=ibis.cases(
            (g.employees_base > 0, g.need_per_year / g.employees_base),
            else_=ibis.null("float64"),
        )
    )
    return g.order_by([ibis.desc("need_per_year"), *keys])

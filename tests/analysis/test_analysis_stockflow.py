"""The stock-flow cohort forecast and its backtest on small tables worked out by hand."""

from __future__ import annotations

import itertools

import ibis
import numpy as np
import pyarrow as pa
import pytest

from ecc_atlas.analysis import AnalysisError, Event, ExitRates, backtest, cohort_factors, stock_flow
from ecc_atlas.analysis.backtest import default_backtest_base
from ecc_atlas.analysis.exits import band_ages, entrant_factors
from ecc_atlas.analysis.scenarios import damped_paths, fit_trend

#: Retire half at 64 and every year after; no deaths, no other exits.
HALF = ExitRates(retirement={64: 0.5}, mortality={"all": (0.0, 0.0)}, other=0.0, max_age=99)
#: Entrants are 20 and never leave within ten years under HALF.
YOUNG = {"20-20": 1.0}


def _workforce(stocks: dict[int, float], band: str = "63-63") -> ibis.Table:
    years = sorted(stocks)
    return ibis.memtable(
        pa.table(
            {
                "year": years,
                "ssyk": ["2143"] * len(years),
                "age_band": [band] * len(years),
                "employees": [stocks[y] for y in years],
            }
        )
    )


def _flows(years: list[int], separations: int, retirements: int, hires: int = 0) -> ibis.Table:
    n = len(years)
    return ibis.memtable(
        pa.table(
            {
                "year": years,
                "ssyk": ["2143"] * n,
                "separations": [separations] * n,
                "retirements": [retirements] * n,
                "hires": [hires] * n,
            }
        )
    )


COLS = {"sex": None}


def test_retirement_only_by_hand() -> None:
    wf = _workforce({2022: 100, 2023: 100, 2024: 100})
    rows = (
        stock_flow(
            wf,
            horizon=3,
            replacement="exits",
            rates=HALF,
            entrant_profile=YOUNG,
            uncertainty=0.0,
            cols=COLS,
        )
        .to_pyarrow()
        .to_pylist()
    )
    # Age 64 in year 1: 50 retire; 65: half of the other 50; 66: half of 25.
    assert [r["retirements"] for r in rows] == pytest.approx([50.0, 25.0, 12.5])
    assert [r["openings_central"] for r in rows] == pytest.approx([50.0, 25.0, 12.5])
    assert [r["employment_central"] for r in rows] == pytest.approx([100.0] * 3)
    assert [r["moves"] for r in rows] == [0.0, 0.0, 0.0]
    assert rows[0]["replacement"] == "exits"
    assert rows[0]["year"] == 2025


def test_moves_and_entrants_by_hand() -> None:
    wf = _workforce({2022: 100, 2023: 100, 2024: 100})
    fl = _flows([2022, 2023, 2024], separations=10, retirements=0)
    rows = (
        stock_flow(wf, fl, horizon=2, rates=HALF, entrant_profile=YOUNG, uncertainty=0.0, cols=COLS)
        .to_pyarrow()
        .to_pylist()
    )
    # Move rate 10 / 100 = 0.1. Year 1: 50 retire, 5 of the other 50 move, 55 hired.
    first, second = rows
    assert first["move_rate"] == pytest.approx(0.1)
    assert (first["permanent_exits"], first["moves"], first["entries"]) == pytest.approx(
        (50.0, 5.0, 55.0)
    )
    # Year 2: 22.5 of the 45 remaining originals retire; 0.1 × (22.5 + 55) move; refill.
    assert second["permanent_exits"] == pytest.approx(22.5)
    assert second["moves"] == pytest.approx(7.75)
    assert second["entries"] == pytest.approx(30.25)
    assert second["openings_central"] == second["entries"]
    assert second["replacement_demand"] == pytest.approx(22.5 + 7.75)


def test_trend_fit_and_damping() -> None:
    history = np.array([[100.0, 110.0, 121.0, 133.1, 146.41], [0.0, 0.0, 0.0, 5.0, 6.0]])
    fit = fit_trend(history, [2020, 2021, 2022, 2023, 2024])
    assert fit.growth[0] == pytest.approx(0.1)
    assert fit.low[0] == pytest.approx(0.1)  # a perfect fit has no spread
    # Two usable years are too few: the group gets the pooled fit of the column sums.
    pooled = fit_trend(history.sum(axis=0, keepdims=True), [2020, 2021, 2022, 2023, 2024])
    assert fit.growth[1] == pytest.approx(pooled.growth[0])
    path = damped_paths(np.array([100.0]), np.array([0.1]), 2, 0.8)
    assert path[0].tolist() == pytest.approx([100.0, 108.0, 108.0 * 1.064])
    with pytest.raises(AnalysisError, match="damping"):
        damped_paths(np.array([1.0]), np.array([0.0]), 1, 1.5)


def test_trend_scenario_follows_growth() -> None:
    wf = _workforce({2020 + i: 100 * 1.1**i for i in range(5)}, band="30-34")
    rows = (
        stock_flow(wf, horizon=3, replacement="exits", damping=1.0, uncertainty=0.0, cols=COLS)
        .to_pyarrow()
        .to_pylist()
    )
    expected = [100 * 1.1 ** (4 + k) for k in (1, 2, 3)]
    assert [r["employment_central"] for r in rows] == pytest.approx(expected)
    assert rows[0]["growth"] == pytest.approx(0.1)


def test_plans_and_events() -> None:
    wf = ibis.memtable(
        pa.table(
            {
                "org_number": ["A", "B"] * 3,
                "year": [2022, 2022, 2023, 2023, 2024, 2024],
                "ssyk": ["2143", "7411"] * 3,
                "age_band": ["30-34"] * 6,
                "employees": [60, 40] * 3,
            }
        )
    )
    plans = ibis.memtable(
        pa.table(
            {
                "org_number": ["A"],
                "survey_year": [2024],
                "ssyk": ["2143"],
                "horizon_years": [5],
                "planned_hires": [20],
                "planned_net_change": [30],
            }
        )
    )
    rows = (
        stock_flow(wf, None, plans, horizon=6, scenario="plans", replacement="exits", cols=COLS)
        .to_pyarrow()
        .to_pylist()
    )
    a = [r for r in rows if r["ssyk"] == "2143"]
    # A answered for 60 % of the employees: 30 / 5 / 0.6 = +10 a year for five years.
    assert [r["expansion"] for r in a[:5]] == pytest.approx([10.0] * 5)
    assert a[5]["expansion"] == pytest.approx(0.0)  # then the (flat) trend
    b = [r for r in rows if r["ssyk"] == "7411"]
    assert [r["expansion"] for r in b[:5]] == pytest.approx([0.0] * 5)
    event = Event("plant", 2026, 100.0, {"7411": 1.0}, ramp_years=2)
    rows = (
        stock_flow(wf, horizon=4, scenario="event", events=[event], replacement="exits", cols=COLS)
        .to_pyarrow()
        .to_pylist()
    )
    b = [r["employment_central"] for r in rows if r["ssyk"] == "7411"]
    assert b == pytest.approx([40.0, 90.0, 140.0, 140.0])
    with pytest.raises(AnalysisError, match="unknown group"):
        stock_flow(
            wf,
            horizon=2,
            scenario="event",
            replacement="exits",
            cols=COLS,
            events=[Event("x", 2025, 5.0, {"9999": 1.0})],
        ).to_pyarrow()


def test_several_scenarios_stack() -> None:
    wf = _workforce({2022: 100, 2023: 100, 2024: 100})
    table = stock_flow(
        wf,
        horizon=2,
        scenario=["trend", "event"],
        replacement="exits",
        events=[Event("x", 2025, 10.0)],
        cols=COLS,
    ).to_pyarrow()
    assert table.column("scenario").to_pylist() == ["trend", "trend", "event", "event"]


def test_forecast_errors_are_clear() -> None:
    wf = _workforce({2023: 100, 2024: 100})
    fl = _flows([2023, 2024], 5, 1)
    cases = [
        ({"horizon": 11}, "1 to 10"),
        ({"scenario": "boom"}, "Unknown scenario"),
        ({"replacement": "moves"}, "Unknown replacement"),
        ({"scenario": "plans"}, "hiring plans"),
        ({"scenario": "event"}, "at least one event"),
        ({"base_year": 2030}, "no employees in the base year"),
    ]
    for kwargs, message in cases:
        with pytest.raises(AnalysisError, match=message):
            stock_flow(wf, fl, cols=COLS, **kwargs)  # type: ignore[arg-type]
    with pytest.raises(AnalysisError, match="needs the flows"):
        stock_flow(wf, cols=COLS)


def test_cohort_factors_and_defaults() -> None:
    table = cohort_factors(["60-64"], ["F", "M"], 10).to_pylist()
    for sex in ("F", "M"):
        rows = [r for r in table if r["sex"] == sex]
        for before, after in itertools.pairwise(rows):
            assert before["remain"] - after["permanent"] == pytest.approx(after["remain"])
            assert after["retirement"] <= after["permanent"]
    # The stated default: of those still working at 59, most retire at 63–67.
    rates, alive, retired = ExitRates(), 1.0, {}
    for age in range(60, 76):
        p, ret = rates.permanent(age, "M")
        retired[age] = alive * ret
        alive *= 1 - p
    assert sum(v for a, v in retired.items() if 63 <= a <= 67) > 0.7
    assert rates.permanent(75, "F") == (1.0, 1.0)
    assert list(band_ages("45-49")) == [45, 46, 47, 48, 49]
    with pytest.raises(AnalysisError, match="lo-hi"):
        band_ages("old")
    assert entrant_factors("F", 3, HALF, YOUNG)[0].tolist() == [1.0, 1.0, 1.0, 1.0]


def test_backtest_of_a_perfect_trend() -> None:
    stocks = {2015 + i: 100 * 1.05**i for i in range(10)}
    wf = _workforce(stocks, band="30-34")
    years = sorted(stocks)
    fl = ibis.memtable(
        pa.table(
            {
                "year": years,
                "ssyk": ["2143"] * 10,
                "separations": [0] * 10,
                "retirements": [0] * 10,
                "hires": [stocks[y] - stocks.get(y - 1, stocks[y]) for y in years],
            }
        )
    )
    never = ExitRates(retirement={}, mortality={"all": (0.0, 0.0)}, other=0.0, max_age=200)
    rows = backtest(wf, fl, horizon=5, damping=1.0, rates=never, cols=COLS).to_pyarrow()
    rows = rows.to_pylist()
    overall = {r["measure"]: r for r in rows if r["scope"] == "overall"}
    assert overall["employment"]["base_year"] == 2019
    assert overall["employment"]["years"] == 5
    assert overall["employment"]["mape"] == pytest.approx(0.0, abs=1e-9)
    assert overall["openings"]["mape"] == pytest.approx(0.0, abs=1e-6)
    group = [r for r in rows if r["scope"] == "group"]
    assert {r["ssyk"] for r in group} == {"2143"}
    assert default_backtest_base(range(2015, 2025), 5) == 2019
    assert default_backtest_base(range(2020, 2025), 5) == 2022
    with pytest.raises(AnalysisError, match="at least 4 years"):
        default_backtest_base([2023, 2024], 5)

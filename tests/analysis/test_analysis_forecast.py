"""The recruitment-need forecast on a tiny table worked out by hand."""

from __future__ import annotations

import ibis
import pyarrow as pa
import pytest

from ecc_atlas.analysis import (
    AnalysisError,
    need_by_group,
    recruitment_need,
    retirement_factors,
    summarise_need,
)


def _workforce() -> ibis.Table:
    rows = [
        # org, year, ssyk, age band, employees
        ("A", 2022, "2143", "40-44", 100),
        ("A", 2023, "2143", "40-44", 90),
        ("A", 2023, "2143", "60-64", 10),
        ("A", 2024, "2143", "40-44", 80),
        ("B", 2024, "2143", "65-69", 20),
        ("A", 2024, "7411", "30-34", 50),
    ]
    names = ["org_number", "year", "ssyk", "age_band", "employees"]
    data = {n: [r[i] for r in rows] for i, n in enumerate(names)}
    data["year"] = pa.array(data["year"], pa.int32())
    return ibis.memtable(pa.table(data))


def _flows() -> ibis.Table:
    return ibis.memtable(
        pa.table(
            {
                "org_number": ["A", "A", "A"],
                "year": pa.array([2022, 2023, 2024], pa.int32()),
                "ssyk": ["2143"] * 3,
                "hires": [0, 0, 0],
                "separations": [12, 17, 14],
                "retirements": [2, 5, 4],
            }
        )
    )


def _plans() -> ibis.Table:
    return ibis.memtable(
        pa.table(
            {
                "org_number": ["A", "Z"],
                "survey_year": pa.array([2024, 2024], pa.int32()),
                "ssyk": ["2143", "2143"],
                "horizon_years": pa.array([5, 5], pa.int32()),
                "planned_hires": [10, 99],
                "planned_net_change": [10, 500],  # Z is not in the workforce: ignored
                "recruitment_difficulty": [5, 5],
            }
        )
    )


def test_retirement_factors_by_hand() -> None:
    rows = retirement_factors(["60-64", "65-69"], 2).to_pylist()
    factors = {(r["age_band"], r["step"]): r["factor"] for r in rows}
    # Step 1: the ages 61…65 retire with 0.03, 0.05, 0.10, 0.12, 0.40 → mean 0.14.
    assert factors[("60-64", 1)] == pytest.approx(0.14)
    assert factors[("65-69", 1)] == pytest.approx((0.35 + 0.45 + 0.35 + 0.35 + 0.50) / 5)
    # Step 2 for 65-69: (1 − h(a+1)) · h(a+2), averaged over a = 65…69.
    by_hand = (0.65 * 0.45 + 0.55 * 0.35 + 0.65 * 0.35 + 0.65 * 0.50 + 0.50 * 0.50) / 5
    assert factors[("65-69", 2)] == pytest.approx(by_hand)
    with pytest.raises(AnalysisError, match="lo-hi"):
        retirement_factors(["old"], 1)


def test_recruitment_need_by_hand() -> None:
    need = recruitment_need(_workforce(), _flows(), _plans())
    rows = {(r["ssyk"], r["step"]): r for r in need.to_pyarrow().to_pylist()}
    first = rows[("2143", 1)]
    # Turnover rates (separations − retirements) / stock: 10/100, 12/100, 10/100.
    assert first["turnover_rate"] == pytest.approx((0.10 + 0.12 + 0.10) / 3)
    assert first["turnover_rate_low"] == pytest.approx(0.10)
    assert first["turnover_rate_high"] == pytest.approx(0.12)
    assert first["rate_years"] == 3
    assert first["employees_base"] == 100
    assert first["year"] == 2025
    # Retirements: 20 aged 65-69 × 0.40 = 8 in year 1; × 0.2575 in year 2.
    assert first["retirements"] == pytest.approx(8.0)
    assert rows[("2143", 2)]["retirements"] == pytest.approx(20 * 0.2575)
    # Expansion: +10 over 5 years = 2/year, scaled by coverage 130 / 150 employees.
    assert first["plan_coverage"] == pytest.approx(130 / 150)
    expansion = 2 / (130 / 150)
    assert first["expansion"] == pytest.approx(expansion)
    rate = 0.32 / 3
    assert first["need"] == pytest.approx(rate * 100 + 8 + expansion)
    assert first["need_low"] == pytest.approx(0.10 * 100 + 8 + expansion)
    assert first["need_high"] == pytest.approx(0.12 * 100 + 8 + expansion)
    second = rows[("2143", 2)]
    assert second["stock"] == pytest.approx(100 + expansion)
    assert second["need"] == pytest.approx(rate * (100 + expansion) + 20 * 0.2575 + expansion)
    # 7411 has a stock but no flows and no plans: no openings at all.
    assert rows[("7411", 1)]["need"] == 0.0


def test_unscaled_plans_and_totals() -> None:
    need = recruitment_need(_workforce(), _flows(), _plans(), scale_plans=False, horizon=1)
    rows = need.to_pyarrow().to_pylist()
    assert {r["ssyk"]: r["expansion"] for r in rows} == {"2143": 2.0, "7411": 0.0}
    summary = summarise_need(need)
    assert summary.base_year == 2024
    assert summary.horizon == 1
    assert summary.mean_per_year == pytest.approx(0.32 / 3 * 100 + 8 + 2)
    assert summary.retirements_per_year == pytest.approx(8.0)
    total = need_by_group(need, by=()).to_pyarrow().to_pylist()[0]
    assert total["employees_base"] == 150
    assert total["need_per_year"] == pytest.approx(summary.mean_per_year)


def test_without_plans_and_with_total_grouping() -> None:
    need = recruitment_need(_workforce(), _flows(), by=(), horizon=1)
    row = need.to_pyarrow().to_pylist()[0]
    assert row["expansion"] == 0.0
    assert row["plan_coverage"] is None
    # All occupations together: 2024 stock 150, 2023 100, 2022 100.
    assert row["turnover_rate"] == pytest.approx((10 / 100 + 12 / 100 + 10 / 150) / 3)


def test_forecast_errors() -> None:
    empty = _workforce().filter(ibis.literal(False))
    with pytest.raises(AnalysisError, match="empty"):
        recruitment_need(empty, _flows())
    with pytest.raises(AnalysisError, match="at least 1"):
        recruitment_need(_workforce(), _flows(), horizon=0)
    with pytest.raises(AnalysisError, match="no employees in the base year"):
        recruitment_need(_workforce(), _flows(), base_year=2030)

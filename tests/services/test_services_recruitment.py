"""Recruitment forecast and backtest services on the demo data (no database needed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ecc_atlas import demo
from ecc_atlas.analysis import Event
from ecc_atlas.config import load_settings
from ecc_atlas.services import recruitment
from ecc_atlas.services.context import AnalysisContext
from ecc_atlas.warehouse import Catalog


def demo_context(home: Path) -> AnalysisContext:
    """A context over the demo warehouse, with the demo's decisions instead of the registry."""
    data = demo.generate(demo.DEFAULT_SEED)
    settings = load_settings(home=home)
    catalog = Catalog(settings.warehouse_dir)
    with catalog.transaction() as staging:
        for name, table in data.datasets().items():
            staging.write(
                name,
                table,
                source="demo",
                parameters={},
                classification_versions={},
                synthetic=True,
                description=name,
            )
    decisions = demo.current_decisions(data.decisions)
    return AnalysisContext.from_settings(settings, decisions_provider=lambda: decisions)


@pytest.fixture(scope="module")
def ctx(tmp_path_factory: pytest.TempPathFactory) -> AnalysisContext:
    return demo_context(tmp_path_factory.mktemp("recruitment"))


def test_forecast_columns_interval_and_backtest(ctx: AnalysisContext) -> None:
    table = recruitment.forecast(ctx, horizon=10)
    assert tuple(table.column_names) == recruitment.FORECAST_COLUMNS
    rows = table.to_pylist()
    assert {r["step"] for r in rows} == set(range(1, 11))
    assert {r["year"] for r in rows} == set(range(2025, 2035))
    assert all(r["openings_low"] <= r["openings_central"] <= r["openings_high"] for r in rows)
    assert all(r["scenario"] == "trend" and r["replacement"] == "exits_and_moves" for r in rows)
    engineers = [r for r in rows if r["ssyk"] == "2143"]
    assert engineers[0]["occupation_en"].startswith("Engineering professionals")
    assert engineers[0]["backtest_base_year"] == 2019
    assert 0.0 < engineers[0]["backtest_mape_overall"] < 0.5
    assert all(r["backtest_mape"] is not None for r in rows if r["employees_base"] >= 50)


def test_scenarios_and_definitions(ctx: AnalysisContext) -> None:
    def total(table_rows: list[dict[str, object]], year: int) -> float:
        return sum(float(r["openings_central"]) for r in table_rows if r["year"] == year)  # type: ignore[arg-type]

    trend = recruitment.forecast(ctx, horizon=5).to_pylist()
    plans = recruitment.forecast(ctx, horizon=5, scenario="plans").to_pylist()
    exits = recruitment.forecast(ctx, horizon=5, replacement="exits").to_pylist()
    event = recruitment.forecast(ctx, horizon=5, scenario="event").to_pylist()
    assert total(plans, 2025) > total(trend, 2025)  # employers plan more growth than the trend
    assert total(exits, 2025) < 0.5 * total(trend, 2025)  # moves dominate replacement
    assert total(event, 2026) > total(trend, 2026) + 100  # the example plant from 2026
    big = recruitment.forecast(
        ctx, horizon=3, scenario="event", events=[Event("big", 2025, 1000.0, {"2143": 1.0})]
    ).to_pylist()
    first = next(r for r in big if r["ssyk"] == "2143" and r["year"] == 2025)
    assert first["expansion"] > 900


def test_backtest_table(ctx: AnalysisContext) -> None:
    table = recruitment.backtest(ctx)
    assert tuple(table.column_names) == recruitment.BACKTEST_COLUMNS
    rows = table.to_pylist()
    overall = [r for r in rows if r["scope"] == "overall"]
    assert {r["measure"] for r in overall} == {"employment", "openings"}
    assert all(r["ssyk"] is None and r["base_year"] == 2019 for r in overall)
    assert next(r for r in overall if r["measure"] == "employment")["mape"] < 0.1
    assert len({r["ssyk"] for r in rows if r["scope"] == "group"}) >= 40


def test_need_summary_is_the_headline(ctx: AnalysisContext) -> None:
    summary = recruitment.need_summary(ctx)
    assert summary["scenario"] == "plans"
    assert summary["base_year"] == 2024
    assert 1_700 <= summary["per_year"] <= 2_300
    assert summary["low"] <= summary["per_year"] <= summary["high"]
    assert 0.5 < summary["replacement_share"] < 1.0
    with pytest.raises(LookupError):
        recruitment.forecast(ctx, region="99")

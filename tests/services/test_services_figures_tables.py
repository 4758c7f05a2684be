"""The dashboard tables of services.figures, the context and load_reference."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pytest

from ecc_atlas.config import Settings, load_settings
from ecc_atlas.services.context import AnalysisContext
from ecc_atlas.services.demo import load_demo
from ecc_atlas.services.figures import (
    county_concentration,
    headline_figures,
    kommun_employment,
    latest_year,
    sector_trend,
)
from ecc_atlas.services.reference import load_reference
from ecc_atlas.warehouse import Catalog
from ecc_atlas.web.registry.models import Segment

pytestmark = pytest.mark.django_db


@pytest.fixture
def ctx(tmp_path: Path) -> AnalysisContext:
    settings = load_settings(home=tmp_path)
    load_demo(settings)
    return AnalysisContext.from_settings(settings)


def test_kommun_employment_lists_every_kommun(ctx: AnalysisContext) -> None:
    table = kommun_employment(ctx, lan="19")
    assert table.column_names == [
        "kommun_code", "kommun", "employees", "full_year_equivalents", "organisations"]  # fmt: skip
    rows = table.to_pylist()
    assert len(rows) == 10
    by_code = {r["kommun_code"]: r for r in rows}
    assert by_code["1980"]["kommun"] == "Västerås"
    assert max(rows, key=lambda r: r["employees"])["kommun_code"] == "1980"
    total = headline_figures(ctx, region="19").values()["employees"]
    assert sum(r["employees"] for r in rows) == total
    empty = kommun_employment(ctx, lan="01").to_pylist()
    assert empty
    assert all(r["employees"] == 0 for r in empty)


def test_county_concentration_has_21_counties(ctx: AnalysisContext) -> None:
    table = county_concentration(ctx)
    assert table.num_rows == 21
    assert table.schema.field("lq_rank").type == pa.int64()
    rows = {r["lan_code"]: r for r in table.to_pylist()}
    ours = rows["19"]
    assert ours["lan"] == "Västmanlands län"
    assert ours["lq_rank"] == 1
    assert 4.0 <= ours["lq"] <= 6.0
    assert ours["exports_rank"] == 2
    assert ours["exports_per_capita_sek"] == pytest.approx(
        ours["goods_exports_msek"] * 1e6 / ours["population"]
    )
    assert ours["sector_per_1000"] == pytest.approx(
        1000 * ours["sector_employees"] / ours["population"]
    )
    assert sorted(r["lq_rank"] for r in rows.values()) == list(range(1, 22))


def test_sector_trend_and_latest_year(ctx: AnalysisContext) -> None:
    assert latest_year(ctx) == 2024
    rows = sector_trend(ctx, region="19").to_pylist()
    assert [r["year"] for r in rows] == list(range(2015, 2025))
    assert rows[-1]["employees"] > rows[0]["employees"]
    assert all(0.2 < r["women_share"] < 0.3 for r in rows)
    kommun = sector_trend(ctx, region="1980").to_pylist()
    assert all(k["employees"] < r["employees"] for k, r in zip(kommun, rows, strict=True))


def test_kommun_headline_and_unknown_region(ctx: AnalysisContext) -> None:
    values = headline_figures(ctx, region="1980", year=2020).values()
    assert values["employees"] > 5_000
    assert values["concentration_rank"] == 1
    with pytest.raises(LookupError, match="Unknown region"):
        headline_figures(ctx, region="99")
    with pytest.raises(LookupError, match="No workforce data"):
        headline_figures(ctx, region="19", year=1999)


def test_data_version_is_stable_and_cached_results_reused(ctx: AnalysisContext) -> None:
    assert ctx.data_version == ctx.data_version
    first = headline_figures(ctx, region="19")
    assert headline_figures(ctx, region="19") is first


def test_load_reference_is_idempotent(tmp_path: Path) -> None:
    settings: Settings = load_settings(home=tmp_path)
    load_reference(settings)
    entries = Catalog(settings.warehouse_dir).entries()
    load_reference(settings)
    assert Catalog(settings.warehouse_dir).entries() == entries
    assert Segment.objects.count() == 8
    population = entries["population"]
    assert population.synthetic is False
    assert population.rows > 3000

"""The demo reproduces ECC's orders of magnitude — computed through the analyses."""

from __future__ import annotations

from typing import Any

import ibis
import pytest

from ecc_atlas.analysis import (
    delimit,
    distribution,
    location_quotient,
    recruitment_need,
    rpop,
    sector_size,
    sector_trend,
    structure,
    summarise_need,
)
from ecc_atlas.demo import DemoData, current_decisions, generate
from ecc_atlas.reference import population_table

ENERGY_UNITS = {"2143", "3113", "7411", "7412", "7413", "2144", "3114", "8191", "8212", "1341",
                "2149"}  # fmt: skip


@pytest.fixture(scope="module")
def demo() -> DemoData:
    return generate()


@pytest.fixture(scope="module")
def tables(demo: DemoData) -> dict[str, Any]:
    decisions = ibis.memtable(current_decisions(demo.decisions))
    workforce = delimit(ibis.memtable(demo.workforce), decisions)
    workforce = workforce.filter(workforce.kommun_code.substr(0, 2) == "19")
    flows = delimit(ibis.memtable(demo.workforce_flows), decisions)
    return {
        "decisions": decisions,
        "workforce": workforce,
        "flows": flows,
        "plans": ibis.memtable(demo.hiring_plans),
        "yearly": {r["year"]: r for r in structure(workforce).to_pyarrow().to_pylist()},
        "size": {r["year"]: r for r in sector_size(workforce).to_pyarrow().to_pylist()},
    }


def test_sector_size_2024(tables: dict[str, Any]) -> None:
    size = tables["size"][2024]
    assert 9_500 <= size["full_year_equivalents"] <= 10_800
    assert size["full_year_equivalents"] < size["employees"] <= 12_000
    assert 100 <= size["organisations"] <= 160


def test_sector_grows_one_to_two_percent_a_year(tables: dict[str, Any]) -> None:
    size = ibis.memtable([{"year": y, "employees": r["employees"]} for y, r in
                          tables["size"].items()])  # fmt: skip
    cagr = sector_trend(size).to_pyarrow().to_pylist()[0]["cagr"]
    assert 0.01 <= cagr <= 0.02


def test_phds_women_and_age(tables: dict[str, Any]) -> None:
    y24, y15 = tables["yearly"][2024], tables["yearly"][2015]
    assert 350 <= y24["phd_employees"] <= 450
    assert 0.22 <= y24["women_share"] <= 0.27
    assert y24["post_secondary_3plus_share_women"] > y24["post_secondary_3plus_share_men"]
    assert 43.0 <= y24["mean_age"] <= 45.0
    assert y24["mean_age"] > y15["mean_age"]
    assert y24["post_secondary_3plus_share"] > y15["post_secondary_3plus_share"]


def test_no_segment_is_gender_balanced(tables: dict[str, Any]) -> None:
    wf = tables["workforce"]
    rows = structure(wf.filter(wf.year == 2024), by=("segment",)).to_pyarrow().to_pylist()
    assert len(rows) >= 6
    assert all(not (0.40 <= r["women_share"] <= 0.60) for r in rows)


def test_age_band_45_49_grows(tables: dict[str, Any]) -> None:
    rows = distribution(tables["workforce"], dimension="age_band").to_pyarrow().to_pylist()
    share = {(r["year"], r["age_band"]): r["share"] for r in rows}
    assert share[(2024, "45-49")] > share[(2015, "45-49")]


def test_occupations_are_energy_relevant(tables: dict[str, Any]) -> None:
    wf = tables["workforce"]
    rows = distribution(wf.filter(wf.year == 2024), dimension="ssyk").to_pyarrow().to_pylist()
    top = [r["ssyk"] for r in sorted(rows, key=lambda r: -r["employees"])[:10]]
    assert len(set(top) & ENERGY_UNITS) >= 7
    admin = sum(r["share"] for r in rows if r["ssyk"][0] in "4" or r["ssyk"] in {"2412", "2423"})
    assert 0.01 < admin < 0.15


def test_separations_are_twelve_to_fifteen_percent(tables: dict[str, Any]) -> None:
    flows = tables["flows"]
    sums = flows.group_by("year").aggregate(
        sep=flows.separations.sum(), ret=flows.retirements.sum()
    )
    rates = []
    for row in sums.to_pyarrow().to_pylist():
        employees = tables["size"][row["year"]]["employees"]
        rates.append(row["sep"] / employees)
        assert 0.10 <= row["sep"] / employees <= 0.17, row
        assert 0 < row["ret"] < row["sep"]
    assert 0.12 <= sum(rates) / len(rates) <= 0.15


def test_about_two_thousand_recruitments_a_year(tables: dict[str, Any]) -> None:
    need = recruitment_need(tables["workforce"], tables["flows"], tables["plans"])
    summary = summarise_need(need)
    assert 1_700 <= summary.mean_per_year <= 2_300
    assert summary.low < summary.mean_per_year < summary.high
    assert summary.retirements_per_year > 50
    assert summary.expansion_per_year > 0


def test_vastmanland_first_by_location_quotient(demo: DemoData, tables: dict[str, Any]) -> None:
    county = ibis.memtable(demo.county_sector)
    cols = {"region": "lan_code", "value": "sector_employees", "total": "total_employees",
            "time": "year"}  # fmt: skip
    rows = location_quotient(county, cols=cols).to_pyarrow().to_pylist()
    for year in range(2015, 2025):
        ours = next(r for r in rows if r["time"] == year and r["region"] == "19")
        assert ours["lq_rank"] == 1
        assert 4.0 <= ours["lq"] <= 6.0
        assert ours["value"] == tables["size"][year]["employees"]
        national = sum(r["value"] for r in rows if r["time"] == year)
        assert 64_000 <= national <= 76_000
    national_2024 = sum(r["value"] for r in rows if r["time"] == 2024)
    assert 68_000 <= national_2024 <= 75_000


def test_vastmanland_second_in_exports_per_inhabitant(demo: DemoData) -> None:
    pop = ibis.memtable(population_table())
    pop = pop.filter(pop.level == "lan").select(
        lan_code=pop.region_code, year=pop.year, population=pop.population
    )
    exports = ibis.memtable(demo.county_exports).join(pop, ["lan_code", "year"])
    cols = {"region": "lan_code", "value": "goods_exports_msek", "population": "population",
            "time": "year"}  # fmt: skip
    rows = rpop(exports, cols=cols).to_pyarrow().to_pylist()
    for year in range(2015, 2025):
        in_year = [r for r in rows if r["time"] == year]
        ours = next(r for r in in_year if r["region"] == "19")
        assert ours["rank"] == 2
        by_total = sorted(in_year, key=lambda r: -r["value"])
        assert [r["region"] for r in by_total].index("19") == 3  # fourth largest
    first = next(r for r in rows if r["time"] == 2015 and r["region"] == "19")
    assert 41_000 <= first["value"] <= 42_000

"""Tests for ecc_atlas.reference.population."""

from __future__ import annotations

from collections import defaultdict

import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]
import pytest

from ecc_atlas.reference import VASTMANLAND, kommuner, lan, population, population_table

YEARS = list(range(2015, 2025))


def test_schema() -> None:
    table = population_table()
    assert table.schema.names == [
        "region_code",
        "level",
        "year",
        "population",
        "approximate",
        "source",
    ]
    assert table.schema.field("region_code").type == pa.string()
    assert table.schema.field("level").type == pa.string()
    assert table.schema.field("year").type == pa.int32()
    assert table.schema.field("population").type == pa.int64()
    assert table.schema.field("approximate").type == pa.bool_()
    assert table.schema.field("source").type == pa.string()


def test_complete_311_regions_by_10_years() -> None:
    rows = population_table().to_pylist()
    assert len(rows) == 311 * 10
    keys = {(r["region_code"], r["year"]) for r in rows}
    expected = {(r.code, y) for r in (*lan(), *kommuner()) for y in YEARS}
    assert keys == expected
    assert all(r["population"] > 0 for r in rows)
    assert all(r["approximate"] is True for r in rows)
    assert all("ecc-atlas import scb" in r["source"] for r in rows)
    assert {r["level"] for r in rows if len(r["region_code"]) == 2} == {"lan"}
    assert {r["level"] for r in rows if len(r["region_code"]) == 4} == {"kommun"}


def test_lan_is_exact_sum_of_kommuner() -> None:
    sums: dict[tuple[str, int], int] = defaultdict(int)
    for r in population_table().to_pylist():
        if r["level"] == "kommun":
            sums[(r["region_code"][:2], r["year"])] += r["population"]
    for county in lan():
        for year in YEARS:
            assert population(county.code, year) == sums[(county.code, year)]


def test_plausible_sizes() -> None:
    vasteras_2015, vasteras_2024 = population("1980", 2015), population("1980", 2024)
    assert 140_000 <= vasteras_2015 <= 152_000
    assert 150_000 <= vasteras_2024 <= 162_000
    assert 900_000 <= population("0180", 2015) <= 940_000
    assert 960_000 <= population("0180", 2024) <= 1_000_000
    assert 255_000 <= population(VASTMANLAND, 2024) <= 290_000
    sweden_2015 = sum(population(c.code, 2015) for c in lan())
    sweden_2024 = sum(population(c.code, 2024) for c in lan())
    assert 9_700_000 <= sweden_2015 <= 10_000_000
    assert 10_400_000 <= sweden_2024 <= 10_700_000
    smallest = min(population(k.code, 2024) for k in kommuner())
    assert 2_000 <= smallest <= 3_000  # Bjurholm-sized


def test_interpolation_is_monotone_per_kommun() -> None:
    for k in kommuner(VASTMANLAND):
        series = [population(k.code, y) for y in YEARS]
        assert series == sorted(series) or series == sorted(series, reverse=True)


def test_unknown_code_or_year_raises() -> None:
    with pytest.raises(KeyError, match="unknown region code"):
        population("9999", 2020)
    with pytest.raises(KeyError, match="2015-2024"):
        population("1980", 2030)


def test_population_table_is_cached() -> None:
    assert population_table() is population_table()

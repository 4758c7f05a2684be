"""Delimitation join, sector size and trend on tiny hand-made tables."""

from __future__ import annotations

import ibis
import pyarrow as pa
import pytest

from ecc_atlas.analysis import AnalysisError, delimit, sector_size, sector_trend


def _workforce() -> ibis.Table:
    rows = [
        ("A", 2023, "1980", 10, 9.0),
        ("A", 2024, "1980", 12, 11.0),
        ("A", 2024, "1983", 3, 3.0),
        ("B", 2024, "1980", 5, 4.5),
        ("C", 2024, "0180", 7, 7.0),  # Stockholm, excluded below
        ("D", 2024, "1980", 100, 100.0),  # no decision at all
        ("B", 2024, "1984", 0, 0.0),  # an empty cell does not make a workplace
    ]
    names = ["org_number", "year", "kommun_code", "employees", "full_year_equivalents"]
    data = {n: [r[i] for r in rows] for i, n in enumerate(names)}
    data["year"] = pa.array(data["year"], pa.int32())
    return ibis.memtable(pa.table(data))


def _decisions() -> ibis.Table:
    return ibis.memtable(
        pa.table(
            {
                "org_number": ["A", "A", "B", "C"],
                "year": pa.array([2023, 2024, 2024, 2024], pa.int32()),
                "included": [True, True, True, False],
                "segment": ["grids", "grids", "heat", None],
            }
        )
    )


def test_delimit_keeps_included_organisation_years() -> None:
    rows = delimit(_workforce(), _decisions()).to_pyarrow().to_pylist()
    assert {r["org_number"] for r in rows} == {"A", "B"}
    assert {r["segment"] for r in rows} == {"grids", "heat"}


def test_sector_size_by_year() -> None:
    rows = sector_size(_workforce(), _decisions()).to_pyarrow().to_pylist()
    assert rows == [
        {"year": 2023, "employees": 10, "full_year_equivalents": 9.0, "organisations": 1,
         "workplaces": 1},
        {"year": 2024, "employees": 20, "full_year_equivalents": 18.5, "organisations": 2,
         "workplaces": 3},
    ]  # fmt: skip


def test_sector_size_by_region_and_segment() -> None:
    size = sector_size(
        _workforce(), _decisions(), by=("year", "region", "segment"), level="kommun"
    ).filter(ibis._.year == 2024)
    rows = {(r["region"], r["segment"]): r["employees"] for r in size.to_pyarrow().to_pylist()}
    assert rows == {("1980", "grids"): 12, ("1983", "grids"): 3, ("1980", "heat"): 5}
    one = sector_size(_workforce(), _decisions(), by=(), region="19").to_pyarrow().to_pylist()
    assert one[0]["employees"] == 30


def test_sector_size_rejects_unknown_dimension() -> None:
    with pytest.raises(AnalysisError, match="Cannot group"):
        sector_size(_workforce(), _decisions(), by=("colour",))


def test_sector_trend_growth_index_cagr() -> None:
    size = ibis.memtable({"year": [2020, 2021, 2022], "employees": [100, 110, 121]})
    rows = sector_trend(size).to_pyarrow().to_pylist()
    assert [r["previous"] for r in rows] == [None, 100.0, 110.0]
    assert rows[1]["growth"] == pytest.approx(0.10)
    assert rows[2]["index"] == pytest.approx(121.0)
    assert all(r["cagr"] == pytest.approx(0.10) for r in rows)


def test_sector_trend_groups_and_zero_base() -> None:
    size = ibis.memtable(
        {"segment": ["a", "a", "b", "b"], "year": [1, 2, 1, 2], "employees": [0, 5, 4, 2]}
    )
    rows = {(r["segment"], r["year"]): r for r in
            sector_trend(size, by=("segment",)).to_pyarrow().to_pylist()}  # fmt: skip
    assert rows[("a", 2)]["growth"] is None
    assert rows[("a", 2)]["index"] is None
    assert rows[("b", 2)]["growth"] == pytest.approx(-0.5)
    assert rows[("b", 2)]["cagr"] == pytest.approx(-0.5)

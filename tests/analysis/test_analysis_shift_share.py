"""Shift-share and the specialisation coefficients on tables small enough to check by hand."""

from __future__ import annotations

import ibis
import pyarrow as pa
import pytest

from ecc_atlas.analysis import (
    AnalysisError,
    concentration_coefficients,
    shift_share,
    specialisation_coefficients,
)


def _table(rows: list[tuple[str, str, int, float]]) -> ibis.Table:
    return ibis.memtable(
        pa.table(
            {
                "region": [r[0] for r in rows],
                "item": [r[1] for r in rows],
                "time": [r[2] for r in rows],
                "value": [float(r[3]) for r in rows],
            }
        )
    )


ROWS = [
    ("A", "x", 2020, 10),
    ("A", "x", 2024, 12),
    ("B", "x", 2020, 20),
    ("B", "x", 2024, 30),
    ("A", "y", 2020, 5),
    ("B", "y", 2024, 5),
]


def test_shift_share_by_hand() -> None:
    rows = {
        (r["region"], r["item"]): r
        for r in shift_share(_table(ROWS), start=2020, end=2024).to_pyarrow().to_pylist()
    }
    a = rows[("A", "x")]
    # Nation: 35 → 47 (g_N = 12/35); item x: 30 → 42 (g_x = 0.4).
    assert a["national_growth"] == pytest.approx(12 / 35)
    assert a["item_growth"] == pytest.approx(0.4)
    assert a["national_effect"] == pytest.approx(10 * 12 / 35)
    assert a["industry_mix"] == pytest.approx(10 * (0.4 - 12 / 35))
    assert a["expected_change"] == pytest.approx(4.0)
    assert a["competitive_effect"] == pytest.approx(2.0 - 4.0)
    new = rows[("B", "y")]  # absent at the start: everything is competitive
    assert (new["start_value"], new["national_effect"], new["competitive_effect"]) == (0, 0, 5)
    assert new["growth"] is None


def test_shift_share_against_a_reference() -> None:
    region = _table([("19", "grids", 2020, 100), ("19", "grids", 2024, 130)])
    nation = ibis.memtable(
        pa.table(
            {
                "item": ["grids", "grids"],
                "time": [2020, 2024],
                "value": [1000.0, 1100.0],
                "total": [1e5, 1.2e5],
            }
        )
    )
    row = (
        shift_share(
            region, start=2020, end=2024, reference=nation, reference_cols={"total": "total"}
        )
        .to_pyarrow()
        .to_pylist()[0]
    )
    assert row["national_growth"] == pytest.approx(0.2)
    assert row["item_growth"] == pytest.approx(0.1)
    assert row["expected_change"] == pytest.approx(10.0)
    assert row["competitive_effect"] == pytest.approx(20.0)


def test_shift_share_errors() -> None:
    with pytest.raises(AnalysisError, match="before the end"):
        shift_share(_table(ROWS), start=2024, end=2020)
    with pytest.raises(AnalysisError, match="no rows for"):
        shift_share(_table(ROWS), start=2019, end=2024)
    nation = ibis.memtable(pa.table({"item": ["y"], "time": [2020], "value": [3.0]}))
    with pytest.raises(AnalysisError, match="reference has no start-period value"):
        shift_share(_table(ROWS), start=2020, end=2024, reference=nation)


def test_coefficients_by_hand() -> None:
    table = ibis.memtable(
        {
            "region": ["A", "A", "B", "B"],
            "item": ["x", "y", "x", "y"],
            "value": [30.0, 10.0, 20.0, 40.0],
        }
    )
    rows = {r["region"]: r for r in specialisation_coefficients(table).to_pyarrow().to_pylist()}
    # A: shares (0.75, 0.25) against the nation's (0.5, 0.5) and the rest's (1/3, 2/3).
    assert rows["A"]["hoover"] == pytest.approx(0.25)
    assert rows["A"]["krugman"] == pytest.approx(2 * (0.75 - 1 / 3))
    assert rows["A"]["gini"] == pytest.approx(0.25)  # LQs 1.5 and 0.5, equal weights
    items = {r["item"]: r for r in concentration_coefficients(table).to_pyarrow().to_pylist()}
    # x: regions hold (0.6, 0.4) of it against (0.4, 0.6) of all employment.
    assert items["x"]["hoover"] == pytest.approx(0.2)
    single = ibis.memtable({"region": ["A"], "item": ["x"], "value": [1.0]})
    assert specialisation_coefficients(single).to_pyarrow().to_pylist()[0]["krugman"] is None
    alone = concentration_coefficients(single).to_pyarrow().to_pylist()[0]
    assert (alone["hoover"], alone["gini"]) == (0.0, 0.0)

"""Location quotients and RPOP on tiny hand-made tables (METHODS.md worked values)."""

from __future__ import annotations

import ibis
import pyarrow as pa
import pytest

from ecc_atlas.analysis import AnalysisError, location_quotient, rpop

TOTAL_COLS = {"region": "lan", "value": "sector", "total": "total"}


def _by_region(table: ibis.Table) -> dict[str, dict[str, object]]:
    return {row["region"]: row for row in table.to_pyarrow().to_pylist()}


def _county(values: list[tuple[str, float, float]]) -> ibis.Table:
    return ibis.memtable(
        pa.table(
            {
                "lan": [v[0] for v in values],
                "sector": pa.array([v[1] for v in values], pa.float64()),
                "total": pa.array([v[2] for v in values], pa.float64()),
            }
        )
    )


def test_lq_worked_value_two() -> None:
    # Region A: 2 of 100 employees (0.02); the nation: 10 of 1,000 (0.01) → LQ = 2.0.
    rows = _by_region(location_quotient(_county([("A", 2, 100), ("B", 8, 900)]), cols=TOTAL_COLS))
    assert rows["A"]["lq"] == pytest.approx(2.0)
    assert rows["A"]["share"] == pytest.approx(0.02)
    assert rows["A"]["grand_total"] == pytest.approx(1000)
    assert rows["B"]["lq"] == pytest.approx((8 / 900) / 0.01)
    assert rows["A"]["presence"] is True
    assert rows["B"]["presence"] is False
    assert (rows["A"]["lq_rank"], rows["B"]["lq_rank"]) == (1, 2)


def test_lq_worked_value_one_point_one_one() -> None:
    # Region A: 0.10; the nation: 90 / 1,000 = 0.09 → LQ = 1.11.
    rows = _by_region(location_quotient(_county([("A", 10, 100), ("B", 80, 900)]), cols=TOTAL_COLS))
    assert rows["A"]["lq"] == pytest.approx(0.10 / 0.09)
    assert round(rows["A"]["lq"], 2) == 1.11


def test_lq_long_table_sums_items_per_region() -> None:
    table = ibis.memtable(
        {
            "region": ["r1", "r1", "r2", "r2"],
            "item": ["x", "y", "x", "y"],
            "value": [30.0, 10.0, 20.0, 40.0],
        }
    )
    result = location_quotient(table, cols={"item": "item"}).to_pyarrow().to_pylist()
    lq = {(r["region"], r["item"]): r["lq"] for r in result}
    # E = 100; E_x = 50; r1: 30 / 40 / 0.5 = 1.5; r2, y: 40 / 60 / 0.5 = 4/3.
    assert lq[("r1", "x")] == pytest.approx(1.5)
    assert lq[("r1", "y")] == pytest.approx((10 / 40) / 0.5)
    assert lq[("r2", "y")] == pytest.approx((40 / 60) / 0.5)
    assert {r["item"] for r in result} == {"x", "y"}


def test_lq_panel_ranks_within_each_period() -> None:
    table = ibis.memtable(
        {
            "lan": ["A", "B", "A", "B"],
            "year": [2023, 2023, 2024, 2024],
            "sector": [2.0, 8.0, 1.0, 19.0],
            "total": [100.0, 900.0, 100.0, 900.0],
        }
    )
    cols = {**TOTAL_COLS, "time": "year"}
    rows = location_quotient(table, cols=cols).to_pyarrow().to_pylist()
    ranks = {(r["time"], r["region"]): r["lq_rank"] for r in rows}
    assert ranks == {(2023, "A"): 1, (2023, "B"): 2, (2024, "B"): 1, (2024, "A"): 2}


def test_lq_errors_are_clear() -> None:
    empty = _county([]).filter(ibis.literal(False))
    with pytest.raises(AnalysisError, match="empty"):
        location_quotient(empty, cols=TOTAL_COLS)
    with pytest.raises(AnalysisError, match="negative"):
        location_quotient(_county([("A", -1, 100), ("B", 8, 900)]), cols=TOTAL_COLS)
    with pytest.raises(AnalysisError, match="region total is zero"):
        location_quotient(_county([("A", 0, 0), ("B", 8, 900)]), cols=TOTAL_COLS)
    with pytest.raises(AnalysisError, match="item total is zero"):
        location_quotient(_county([("A", 0, 100), ("B", 0, 900)]), cols=TOTAL_COLS)
    with pytest.raises(AnalysisError, match="no column"):
        location_quotient(_county([("A", 1, 100)]), cols={"region": "nope", "value": "sector"})
    with pytest.raises(AnalysisError, match="Unknown column role"):
        location_quotient(_county([("A", 1, 100)]), cols={"regoin": "lan"})


def test_rpop_per_capita_and_rank() -> None:
    table = ibis.memtable(
        {"lan": ["A", "B", "C"], "msek": [40.0, 60.0, 100.0], "pop": [200, 600, 1200]}
    )
    cols = {"region": "lan", "value": "msek", "population": "pop"}
    rows = {r["region"]: r for r in rpop(table, cols=cols).to_pyarrow().to_pylist()}
    # Whole: 200 / 2,000 = 0.1 per inhabitant.
    assert rows["A"]["per_capita"] == pytest.approx(0.2)
    assert rows["A"]["rpop"] == pytest.approx(2.0)
    assert rows["B"]["rpop"] == pytest.approx(1.0)
    assert rows["C"]["rpop"] == pytest.approx(100 / 1200 / 0.1)
    assert [rows[k]["rank"] for k in "ABC"] == [1, 2, 3]


def test_rpop_errors() -> None:
    cols = {"region": "lan", "value": "msek", "population": "pop"}
    zero_pop = ibis.memtable({"lan": ["A", "B"], "msek": [1.0, 2.0], "pop": [0, 10]})
    with pytest.raises(AnalysisError, match="population is zero"):
        rpop(zero_pop, cols=cols)
    negative = ibis.memtable({"lan": ["A"], "msek": [-1.0], "pop": [10]})
    with pytest.raises(AnalysisError, match="negative"):
        rpop(negative, cols=cols)
    zero_sum = ibis.memtable({"lan": ["A"], "msek": [0.0], "pop": [10]})
    with pytest.raises(AnalysisError, match="sum of the values is zero"):
        rpop(zero_sum, cols=cols)

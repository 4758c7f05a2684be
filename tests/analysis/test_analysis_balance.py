"""Supply, the supply/demand balance and the reconciled shortage list."""

from __future__ import annotations

import datetime as dt

import ibis
import pyarrow as pa
import pytest

from ecc_atlas.analysis import (
    ad_pressure,
    barometer_signal,
    education_supply,
    employer_difficulty,
    shortage_list,
    supply_demand,
)


def _need(rows: list[tuple[str, float]]) -> ibis.Table:
    return ibis.memtable(
        pa.table(
            {
                "ssyk": [r[0] for r in rows],
                "employees_base": [100.0] * len(rows),
                "openings_low": [r[1] * 0.8 for r in rows],
                "openings_per_year": [float(r[1]) for r in rows],
                "openings_high": [r[1] * 1.2 for r in rows],
            }
        )
    )


def test_education_supply() -> None:
    programmes = ibis.memtable(
        pa.table(
            {
                "programme": ["p1", "p1", "p2"],
                "kommun_code": ["1980", "1980", "0180"],
                "year": [2023, 2024, 2024],
                "graduates": [10, 20, 50],
                "retention_share": [0.5, 0.5, 1.0],
                "ssyk": ["2143"] * 3,
            }
        )
    )
    row = education_supply(programmes, region="19", years=2).to_pyarrow().to_pylist()[0]
    assert row["graduates_per_year"] == pytest.approx(15.0)
    assert row["supply_per_year"] == pytest.approx(7.5)
    assert row["programmes"] == 1
    inflows = ibis.memtable(pa.table({"ssyk": ["2143", "7411"], "inflow": [2.5, 1.0]}))
    rows = {
        r["ssyk"]: r
        for r in education_supply(programmes, region="19", years=2, inflows=inflows)
        .to_pyarrow()
        .to_pylist()
    }
    assert rows["2143"]["supply_per_year"] == pytest.approx(10.0)
    assert rows["7411"]["supply_per_year"] == pytest.approx(1.0)


def test_supply_demand_bands() -> None:
    supply = ibis.memtable(
        pa.table(
            {"ssyk": ["a", "b", "c", "d", "e"], "supply_per_year": [5.0, 8.0, 10.0, 13.0, 20.0]}
        )
    )
    need = _need([("a", 10), ("b", 10), ("c", 10), ("d", 10), ("e", 10), ("f", 10)])
    rows = {r["ssyk"]: r for r in supply_demand(need, supply).to_pyarrow().to_pylist()}
    assert [rows[k]["band"] for k in "abcde"] == [
        "undersupplied",
        "slight undersupply",
        "balanced",
        "slight oversupply",
        "oversupplied",
    ]
    assert rows["a"]["gap"] == 5.0
    assert rows["f"]["supplied"] is False
    assert rows["f"]["supply_per_year"] == 0.0


def _signals() -> dict[str, ibis.Table]:
    difficulty = ibis.memtable(pa.table({"ssyk": ["a", "b", "c"], "difficulty": [4.5, 1.5, 3.0]}))
    barometer = ibis.memtable(
        pa.table(
            {
                "ssyk": ["a", "b"],
                "yrkesbarometer": ["brist", "brist"],
                "barometer_score": [1.0, 1.0],
            }
        )
    )
    ads = ibis.memtable(pa.table({"ssyk": ["a"], "ad_pressure": [2.0]}))
    return {"difficulty": difficulty, "barometer": barometer, "ads": ads}


def test_shortage_list_reconciles_and_flags_disagreement() -> None:
    supply = ibis.memtable(pa.table({"ssyk": ["a", "b"], "supply_per_year": [2.0, 30.0]}))
    balance = supply_demand(_need([("a", 10), ("b", 10), ("c", 10)]), supply)
    rows = {r["ssyk"]: r for r in shortage_list(balance, **_signals()).to_pyarrow().to_pylist()}
    a, b, c = rows["a"], rows["b"], rows["c"]
    assert (
        a["forecast_signal"],
        a["difficulty_signal"],
        a["barometer_signal"],
        a["ad_signal"],
    ) == ("brist",) * 4
    assert (a["signals"], a["verdict"], a["verdict_en"], a["disagreement"]) == (
        4,
        "brist",
        "shortage",
        False,
    )
    # b: oversupplied forecast and easy recruiting, but the barometer says brist.
    assert (b["forecast_signal"], b["difficulty_signal"], b["barometer_signal"]) == (
        "överskott",
        "överskott",
        "brist",
    )
    assert b["score"] == pytest.approx(-1 / 3)
    assert (b["verdict"], b["disagreement"]) == ("balans", True)
    # c: no programme, so no forecast signal; only the difficulty (balans) remains.
    assert (c["forecast_signal"], c["signals"], c["verdict"]) == (None, 1, "balans")
    assert next(iter(rows)) == "a"
    empty = shortage_list(supply_demand(_need([("z", 0)]), supply)).to_pyarrow().to_pylist()[0]
    assert (empty["signals"], empty["verdict"], empty["disagreement"]) == (0, None, False)


def test_signal_builders() -> None:
    plans = ibis.memtable(
        pa.table(
            {
                "ssyk": ["a", "a", "b"],
                "survey_year": [2024] * 3,
                "recruitment_difficulty": [5, 2, 3],
                "planned_hires": [3, 0, 1],
            }
        )
    )
    rows = {r["ssyk"]: r for r in employer_difficulty(plans).to_pyarrow().to_pylist()}
    assert rows["a"]["difficulty"] == pytest.approx((3 * 5 + 1 * 2) / 4)
    assert rows["a"]["respondents"] == 2
    yb = ibis.memtable(
        pa.table(
            {
                "omgang": ["2024-2", "2025-1", "2025-1", "2025-1", "2025-1"],
                "lan_code": ["19", "19", "00", "00", "00"],
                "ssyk": ["a", "a", "a", "b", "b"],
                "rekryteringssituation": ["balans", "brist", "överskott", "balans", "paradox"],
            }
        )
    )
    rows = {r["ssyk"]: r for r in barometer_signal(yb, lan="19").to_pyarrow().to_pylist()}
    assert (rows["a"]["yrkesbarometer"], rows["a"]["barometer_level"]) == ("brist", "län")
    assert (rows["b"]["yrkesbarometer"], rows["b"]["barometer_level"]) == ("blandad", "riket")
    assert rows["b"]["barometer_score"] == pytest.approx(0.5)
    day = dt.date(2025, 6, 1)
    ads = ibis.memtable(
        pa.table(
            {
                "ssyk": ["a", "a", "b", "b"],
                "lan_code": ["19", "19", "19", "01"],
                "publication_date": [day, day - dt.timedelta(days=400), day, day],
                "number_of_vacancies": [*pa.array([3, 5, None], pa.int32()).to_pylist(), 7],
            }
        )
    )
    employment = ibis.memtable(pa.table({"ssyk": ["a", "b"], "employees": [30, 10]}))
    rows = {r["ssyk"]: r for r in ad_pressure(ads, employment, lan="19").to_pyarrow().to_pylist()}
    # In the last year in län 19: a 3 vacancies, b 1 (missing counts as 1); 4 / 40 overall.
    assert rows["a"]["ad_pressure"] == pytest.approx((3 / 30) / (4 / 40))
    assert rows["b"]["ad_pressure"] == pytest.approx((1 / 10) / (4 / 40))

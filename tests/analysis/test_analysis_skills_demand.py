"""Shares, growth, emerging skills and co-occurrence: hand-computed values on DuckDB."""

from __future__ import annotations

import datetime as dt
import math

import ibis
import pyarrow as pa
import pytest

from ecc_atlas.analysis import AnalysisError
from ecc_atlas.analysis.skills_demand import (
    co_occurrence,
    emerging_skills,
    skill_growth,
    skill_shares,
)


def _ads() -> pa.Table:
    # eight ads: four in Jan 2024 (Västerås ×3, Sala), four in Apr 2024 (Västerås ×2, Köping ×2)
    return pa.table(
        {
            "ad_id": [f"a{i}" for i in range(1, 9)],
            "publication_date": [dt.date(2024, 1, d) for d in (3, 10, 20, 28)]
            + [dt.date(2024, 4, d) for d in (2, 9, 16, 23)],
            "ssyk": ["7413", "7413", "2143", "7411", "7413", "2143", "2143", "7411"],
            "kommun_code": ["1980", "1980", "1980", "1981", "1980", "1980", "1983", "1983"],
            "lan_code": ["19"] * 8,
        }
    )


def _ad_skills() -> pa.Table:
    rows = [
        ("a1", "electrical_safety", "requirement"), ("a1", "high_voltage", "requirement"),
        ("a2", "electrical_safety", "merit"),
        ("a3", "relay_protection", "requirement"), ("a3", "high_voltage", "other"),
        # a4 names no skill
        ("a5", "electrical_safety", "requirement"), ("a5", "high_voltage", "merit"),
        ("a6", "hydrogen", "requirement"), ("a6", "high_voltage", "requirement"),
        ("a7", "hydrogen", "merit"),
        ("a8", "electrical_safety", "other"),
    ]  # fmt: skip
    return pa.table(
        {
            "ad_id": [r[0] for r in rows],
            "skill_id": [r[1] for r in rows],
            "section": [r[2] for r in rows],
        }
    )


@pytest.fixture
def tables() -> tuple:
    con = ibis.duckdb.connect()
    return con.create_table("ads", _ads()), con.create_table("found", _ad_skills())


def _rows(table: object) -> list[dict]:
    return table.to_pyarrow().to_pylist()  # type: ignore[attr-defined]


def test_monthly_shares(tables: tuple) -> None:
    ads, found = tables
    rows = _rows(skill_shares(ads, found, period="month"))
    by = {(r["period"], r["skill_id"]): r for r in rows}
    jan_hv = by[("2024-01", "high_voltage")]
    assert (jan_hv["ads"], jan_hv["ads_total"], jan_hv["share"]) == (2, 4, 0.5)
    assert (jan_hv["requirement_ads"], jan_hv["merit_ads"]) == (1, 0)
    # a skill absent in a month appears with zero (complete grid)
    assert by[("2024-01", "hydrogen")]["ads"] == 0
    assert by[("2024-04", "relay_protection")]["share"] == 0.0
    assert by[("2024-04", "hydrogen")]["share"] == 0.5
    assert len(rows) == 2 * 4  # two months × four skills
    assert rows[0]["period_start"] == dt.date(2024, 1, 1)
    # sorted by period, then share (descending)
    jan = [r["skill_id"] for r in rows if r["period"] == "2024-01"]
    assert jan[:2] == ["electrical_safety", "high_voltage"]


@pytest.mark.parametrize(
    ("period", "labels"),
    [("quarter", {"2024-Q1", "2024-Q2"}), ("year", {"2024"}), ("all", {"all"})],
)
def test_periods(tables: tuple, period: str, labels: set[str]) -> None:
    ads, found = tables
    rows = _rows(skill_shares(ads, found, period=period))
    assert {r["period"] for r in rows} == labels
    if period != "quarter":
        safety = next(r for r in rows if r["skill_id"] == "electrical_safety")
        assert (safety["ads"], safety["ads_total"]) == (4, 8)


def test_shares_by_kommun_and_requirements_only(tables: tuple) -> None:
    ads, found = tables
    rows = _rows(skill_shares(ads, found, period="all", by=("kommun",), complete=False))
    koping = {r["skill_id"]: r for r in rows if r["kommun"] == "1983"}
    assert koping["hydrogen"]["share"] == 0.5
    assert koping["electrical_safety"]["ads_total"] == 2
    required = _rows(skill_shares(ads, found, period="all", sections=("requirement",)))
    hv = next(r for r in required if r["skill_id"] == "high_voltage")
    assert hv["ads"] == 2  # a1 and a6 require it; a3 and a5 only name it
    by_ssyk = _rows(skill_shares(ads, found, period="year", by=("ssyk", "lan")))
    assert {r["ssyk"] for r in by_ssyk} == {"7413", "2143", "7411"}


def test_growth(tables: tuple) -> None:
    ads, found = tables
    rows = _rows(skill_growth(skill_shares(ads, found, period="month")))
    apr = {r["skill_id"]: r for r in rows if r["period"] == "2024-04"}
    assert apr["hydrogen"]["share_previous"] == 0.0
    assert apr["hydrogen"]["share_ratio"] is None
    assert apr["high_voltage"]["share_change"] == pytest.approx(0.0)
    assert apr["electrical_safety"]["share_ratio"] == pytest.approx(1.0)
    jan = next(r for r in rows if r["period"] == "2024-01")
    assert jan["share_previous"] is None


def test_emerging_needs_ads_in_both_windows(tables: tuple) -> None:
    ads, found = tables
    # recent: April; baseline: February and March, which hold no ads
    rows = _rows(emerging_skills(ads, found, recent_months=1, baseline_months=2, min_count=1))
    h = next(r for r in rows if r["skill_id"] == "hydrogen")
    assert (h["recent_ads"], h["recent_total"], h["recent_share"]) == (2, 4, 0.5)
    assert (h["baseline_total"], h["baseline_share"], h["z"]) == (0, None, None)
    assert not any(r["emerging"] for r in rows)


def test_emerging_against_january(tables: tuple) -> None:
    ads, found = tables
    rows = _rows(
        emerging_skills(ads, found, recent_months=3, baseline_months=3, min_count=2, min_z=1.0)
    )
    by = {r["skill_id"]: r for r in rows}
    h = by["hydrogen"]
    assert (h["baseline_ads"], h["baseline_total"], h["recent_ads"], h["recent_total"]) == (
        0, 4, 2, 4,
    )  # fmt: skip
    pooled = 2 / 8
    z = 0.5 / math.sqrt(pooled * (1 - pooled) * (1 / 4 + 1 / 4))
    assert h["z"] == pytest.approx(z)
    assert h["share_ratio"] is None
    assert h["emerging"] is True
    assert rows[0]["skill_id"] == "hydrogen"
    assert by["relay_protection"]["emerging"] is False
    assert by["electrical_safety"]["share_change"] == pytest.approx(0.0)


def test_co_occurrence(tables: tuple) -> None:
    ads, found = tables
    rows = _rows(co_occurrence(found, ads=ads, min_count=1))
    pair = next(
        r for r in rows if (r["skill_a"], r["skill_b"]) == ("electrical_safety", "high_voltage")
    )
    # both in a1 and a5; safety in 4 ads, high voltage in 4; N = 8
    assert (pair["ads_both"], pair["ads_a"], pair["ads_b"], pair["ads_total"]) == (2, 4, 4, 8)
    assert pair["jaccard"] == pytest.approx(2 / 6)
    assert pair["p_b_given_a"] == pytest.approx(0.5)
    assert pair["lift"] == pytest.approx(2 * 8 / (4 * 4))
    assert all(r["skill_a"] < r["skill_b"] for r in rows)
    assert rows[0]["ads_both"] == 2
    frequent = _rows(co_occurrence(found, min_count=2))
    assert [(r["skill_a"], r["skill_b"]) for r in frequent] == [
        ("electrical_safety", "high_voltage")
    ]
    assert frequent[0]["ads_total"] == 7  # without the ads table: ads that name a skill


def test_errors(tables: tuple) -> None:
    ads, found = tables
    with pytest.raises(AnalysisError, match="period"):
        skill_shares(ads, found, period="week")
    with pytest.raises(AnalysisError, match="group by"):
        skill_shares(ads, found, by=("segment",))
    with pytest.raises(AnalysisError, match="publication"):
        skill_shares(ads.drop("publication_date"), found)
    with pytest.raises(AnalysisError, match="at least 1"):
        co_occurrence(found, min_count=0)
    with pytest.raises(AnalysisError, match="at least 1"):
        emerging_skills(ads, found, min_count=0)
    empty = ibis.memtable(_ads().slice(0, 0))
    with pytest.raises(AnalysisError, match="empty"):
        emerging_skills(empty, found)
    renamed = ads.rename(published="publication_date")
    rows = _rows(skill_shares(renamed, found, period="year", cols={"date": "published"}))
    assert rows


def test_missing_codes_stay_missing() -> None:
    ads = _ads().set_column(3, "kommun_code", pa.array(["1980"] * 7 + [None]))
    con = ibis.duckdb.connect()
    rows = _rows(
        skill_shares(
            con.create_table("ads", ads), con.create_table("found", _ad_skills()),
            period="all", by=("kommun",),
        )
    )  # fmt: skip
    unknown = [r for r in rows if r["kommun"] is None]
    assert unknown
    assert all(r["ads_total"] == 1 for r in unknown)
    assert next(r for r in unknown if r["skill_id"] == "electrical_safety")["ads"] == 1

"""Workforce structure on a tiny table computed by hand."""

from __future__ import annotations

import ibis
import pyarrow as pa
import pytest

from ecc_atlas.analysis import AnalysisError, distribution, structure


def _cells() -> ibis.Table:
    rows = [
        # year, kommun, sun, band, gender, origin, employees
        (2024, "1980", "7", "45-49", "F", "SE", 2),
        (2024, "1980", "4", "20-24", "M", "SE", 3),
        (2024, "1983", "6", "60-64", "M", "foreign", 1),
        (2024, "1983", "6", "16-19", "F", "SE", 4),
        (2023, "1980", "4", "30-34", "M", "SE", 5),
    ]
    names = ["year", "kommun_code", "sun_level", "age_band", "gender", "origin", "employees"]
    data = {n: [r[i] for r in rows] for i, n in enumerate(names)}
    data["year"] = pa.array(data["year"], pa.int32())
    return ibis.memtable(pa.table(data))


def test_structure_by_hand() -> None:
    rows = {r["year"]: r for r in structure(_cells()).to_pyarrow().to_pylist()}
    y = rows[2024]
    assert y["employees"] == 10
    assert y["women"] == 6
    assert y["women_share"] == pytest.approx(0.6)
    # Midpoints: 45-49 → 47, 20-24 → 22, 60-64 → 62, 16-19 → 17.5.
    assert y["mean_age"] == pytest.approx((2 * 47 + 3 * 22 + 62 + 4 * 17.5) / 10)
    assert y["mean_age_women"] == pytest.approx((2 * 47 + 4 * 17.5) / 6)
    assert y["mean_age_men"] == pytest.approx((3 * 22 + 62) / 4)
    assert y["phd_employees"] == 2
    assert y["post_secondary_3plus"] == 7
    assert y["post_secondary_3plus_share_women"] == pytest.approx(1.0)
    assert y["post_secondary_3plus_share_men"] == pytest.approx(0.25)
    assert y["foreign_born_share"] == pytest.approx(0.1)
    assert rows[2023]["women_share"] == 0.0
    assert rows[2023]["mean_age_women"] is None


def test_structure_region_filter_and_grouping() -> None:
    rows = structure(_cells(), by=("year", "region"), level="kommun", region="1983")
    result = rows.to_pyarrow().to_pylist()
    assert [(r["year"], r["region"], r["employees"]) for r in result] == [(2024, "1983", 5)]


def test_structure_rejects_negative_counts() -> None:
    bad = ibis.memtable(
        {
            "year": [2024], "kommun_code": ["1980"], "sun_level": ["4"], "age_band": ["20-24"],
            "gender": ["M"], "origin": ["SE"], "employees": [-1],
        }
    )  # fmt: skip
    with pytest.raises(AnalysisError, match="negative"):
        structure(bad)


def test_distribution_shares() -> None:
    rows = distribution(_cells(), dimension="sun_level").to_pyarrow().to_pylist()
    shares = {(r["year"], r["sun_level"]): r["share"] for r in rows}
    assert shares[(2024, "6")] == pytest.approx(0.5)
    assert shares[(2024, "7")] == pytest.approx(0.2)
    assert shares[(2023, "4")] == pytest.approx(1.0)

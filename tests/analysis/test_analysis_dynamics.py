"""Entries and exits of organisations, and the gender balance against a stated band."""

from __future__ import annotations

import ibis
import pyarrow as pa
import pytest

from ecc_atlas.analysis import AnalysisError, gender_balance, organisation_dynamics


def _workforce() -> ibis.Table:
    rows = [  # org, year, kommun, segment, gender, employees
        ("A", 2020, "1980", "grids", "F", 5),
        ("A", 2020, "1980", "grids", "M", 5),
        ("A", 2021, "1980", "grids", "M", 8),
        ("B", 2020, "1983", "heat", "M", 3),
        ("C", 2021, "1980", "heat", "F", 1),
        ("C", 2022, "1980", "heat", "F", 2),
        ("A", 2022, "1980", "grids", "M", 0),
    ]
    names = ["org_number", "year", "kommun_code", "segment", "gender", "employees"]
    data = {n: [r[i] for r in rows] for i, n in enumerate(names)}
    data |= {
        "full_year_equivalents": [float(r[5]) for r in rows],
        "age_band": ["30-34"] * 7,
        "sun_level": ["6"] * 7,
        "origin": ["SE"] * 7,
    }
    return ibis.memtable(pa.table(data))


def test_organisation_dynamics_by_hand() -> None:
    rows = organisation_dynamics(_workforce()).to_pyarrow().to_pylist()
    assert [(r["year"], r["organisations"], r["entries"], r["exits"]) for r in rows] == [
        (2020, 2, None, None),
        (2021, 2, 1, 1),
        (2022, 1, 0, 1),
    ]
    assert rows[1]["entry_rate"] == pytest.approx(0.5)
    assert rows[2]["net"] == -1
    by_segment = organisation_dynamics(_workforce(), by=("year", "segment")).to_pyarrow()
    heat = [r for r in by_segment.to_pylist() if r["segment"] == "heat"]
    assert [(r["year"], r["entries"], r["exits"]) for r in heat] == [
        (2020, None, None),
        (2021, 1, 1),
        (2022, 0, 0),
    ]
    with pytest.raises(AnalysisError, match="year"):
        organisation_dynamics(_workforce(), by=("segment",))


def test_gender_balance_band() -> None:
    rows = gender_balance(_workforce(), by=("year", "segment")).to_pyarrow().to_pylist()
    first = rows[0]
    assert (first["year"], first["segment"], first["women_share"]) == (2020, "grids", 0.5)
    assert first["balanced"] is True
    assert first["distance"] == 0.0
    heat_2020 = next(r for r in rows if (r["year"], r["segment"]) == (2020, "heat"))
    assert heat_2020["balanced"] is False
    assert heat_2020["distance"] == pytest.approx(-0.4)
    with pytest.raises(AnalysisError, match="band"):
        gender_balance(_workforce(), band=(0.7, 0.3))

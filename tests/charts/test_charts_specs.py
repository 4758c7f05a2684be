"""Structure of the Vega-Lite specs: geoshape maps over real boundaries, trend lines."""

from __future__ import annotations

import itertools
import json
from typing import Any

import pytest
import vl_convert

from ecc_atlas import reference
from ecc_atlas.charts import VEGA_LITE_SCHEMA, VEGA_LITE_VERSION, Lang, choropleth, trend_line
from ecc_atlas.reference import BoundaryLevel


@pytest.fixture(scope="module")
def kommun_geojson() -> dict[str, Any]:
    return reference.boundaries("kommun", lan_code="19")


@pytest.fixture(scope="module")
def lan_geojson() -> dict[str, Any]:
    return reference.boundaries("lan")


def _kommun_map(geojson: dict[str, Any], lang: Lang = "sv") -> dict[str, Any]:
    values = [
        {"kommun_code": feature["properties"]["code"], "employees": 100 * (i + 1)}
        for i, feature in enumerate(geojson["features"])
    ]
    return choropleth(
        geojson,
        values,
        key="kommun_code",
        value_field="employees",
        title="Anställda per kommun",
        subtitle="Västmanlands län 2024",
        legend_title="Anställda",
        description="Flest anställda i Västerås.",
        lang=lang,
    )


def test_kommun_map_is_a_geoshape_over_ten_kommuner(kommun_geojson: dict[str, Any]) -> None:
    spec = _kommun_map(kommun_geojson)
    assert spec["$schema"] == VEGA_LITE_SCHEMA
    assert spec["mark"]["type"] == "geoshape"
    assert spec["projection"] == {"type": "mercator"}
    features = spec["data"]["values"]
    assert len(features) == 10
    assert {f["properties"]["code"] for f in features} == {k.code for k in reference.kommuner("19")}
    assert all(f["properties"]["code"].startswith("19") for f in features)


def test_kommun_map_joins_values_by_code(kommun_geojson: dict[str, Any]) -> None:
    spec = _kommun_map(kommun_geojson)
    (lookup,) = spec["transform"]
    assert lookup["lookup"] == "properties.code"
    assert lookup["from"]["key"] == "kommun_code"
    assert lookup["from"]["fields"] == ["employees"]
    assert len(lookup["from"]["data"]["values"]) == 10
    color = spec["encoding"]["color"]
    assert color["field"] == "employees"
    assert color["scale"]["scheme"] in {"viridis", "blues", "cividis"}
    tooltip_fields = [item["field"] for item in spec["encoding"]["tooltip"]]
    assert tooltip_fields[:2] == ["properties.name", "employees"]


def test_spec_has_description_and_number_locale(kommun_geojson: dict[str, Any]) -> None:
    sv = _kommun_map(kommun_geojson, "sv")
    en = _kommun_map(kommun_geojson, "en")
    assert sv["description"] == "Flest anställda i Västerås."
    assert sv["config"]["locale"]["number"]["decimal"] == ","
    assert sv["config"]["locale"]["number"]["thousands"] == "\u00a0"
    assert en["config"]["locale"]["number"]["decimal"] == "."
    assert sv["title"] == {"text": "Anställda per kommun", "subtitle": "Västmanlands län 2024"}


def test_county_map_has_21_lan_and_highlights_home(lan_geojson: dict[str, Any]) -> None:
    values = [{"lan_code": f["properties"]["code"], "lq": 1.0} for f in lan_geojson["features"]]
    spec = choropleth(
        lan_geojson,
        values,
        key="lan_code",
        value_field="lq",
        title="LQ",
        legend_title="LQ",
        value_format=".2f",
        highlight="19",
        lang="en",
    )
    assert len(spec["data"]["values"]) == 21
    assert spec["transform"][0]["from"]["key"] == "lan_code"
    assert "'19'" in spec["encoding"]["strokeWidth"]["condition"]["test"]
    assert spec["description"] == "LQ"  # defaults to the title


def test_missing_values_are_grey_not_dropped(kommun_geojson: dict[str, Any]) -> None:
    spec = choropleth(
        kommun_geojson,
        [{"kommun_code": "1980", "employees": float("nan")}],
        key="kommun_code",
        value_field="employees",
        title="t",
        legend_title="l",
        lang="sv",
    )
    assert spec["transform"][0]["from"]["data"]["values"] == [
        {"kommun_code": "1980", "employees": None}
    ]
    assert spec["mark"]["invalid"] is None
    assert "isValid" in spec["encoding"]["color"]["condition"]["test"]
    json.dumps(spec, allow_nan=False)  # strict JSON


def test_trend_line_folds_series() -> None:
    rows = [
        {"year": year, "employees": 9000 + year, "full_year_equivalents": 8000.5 + year}
        for year in range(2015, 2025)
    ]
    spec = trend_line(
        rows,
        series=[("employees", "Anställda"), ("full_year_equivalents", "Helårsekvivalenter")],
        title="Utveckling",
        y_title="Personer",
        description="Ökande.",
        lang="sv",
    )
    assert spec["mark"]["type"] == "line"
    assert spec["transform"][0] == {
        "fold": ["employees", "full_year_equivalents"],
        "as": ["key", "value"],
    }
    assert spec["encoding"]["x"] == {
        "field": "year",
        "type": "ordinal",
        "title": "År",
        "axis": {"labelAngle": 0, "labelOverlap": "parity"},
    }
    assert spec["encoding"]["color"]["scale"]["domain"] == ["Anställda", "Helårsekvivalenter"]
    assert len(spec["data"]["values"]) == 10
    assert spec["description"] == "Ökande."


def test_specs_compile_and_render_with_vl_convert(kommun_geojson: dict[str, Any]) -> None:
    """The map compiles with the bundled Vega-Lite and draws one path per kommun."""
    spec = _kommun_map(kommun_geojson)
    spec["width"] = 400
    svg = vl_convert.vegalite_to_svg(spec, vl_version=VEGA_LITE_VERSION)
    assert svg.count("<path") >= 10
    compiled = vl_convert.vegalite_to_vega(spec, vl_version=VEGA_LITE_VERSION)
    assert compiled["description"] == "Flest anställda i Västerås."


def _signed_area(ring: list[list[float]]) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in itertools.pairwise(ring)) / 2


@pytest.mark.parametrize("level", ["kommun", "lan"])
def test_map_polygons_are_clockwise(level: BoundaryLevel) -> None:
    """Counter-clockwise exterior rings would make Vega-Lite fill the whole globe."""
    geojson = reference.boundaries(level, lan_code="19" if level == "kommun" else None)
    for feature in geojson["features"]:
        geometry = feature["geometry"]
        polygons = (
            [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        )
        for polygon in polygons:
            assert _signed_area(polygon[0]) < 0, feature["properties"]["code"]

"""Snapshot tests of every chart builder: fixed inputs, the exact Vega-Lite spec on disk.

A change to a builder shows up as a diff of ``tests/charts/snapshots/<name>.json`` in
review. Regenerate with ``ECC_ATLAS_UPDATE_SNAPSHOTS=1 pytest tests/charts``; a missing
snapshot is written on first run, except in CI (``CI=true``) where it fails.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import vl_convert

from ecc_atlas.charts import (
    VEGA_LITE_VERSION,
    bar_chart,
    choropleth,
    grouped_columns,
    interval_lines,
    line_chart,
    pyramid,
    signal_matrix,
    stacked_bars,
    trend_line,
)

SNAPSHOTS = Path(__file__).parent / "snapshots"

_SQUARE = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {"code": code, "name": name},
            "geometry": {
                "type": "Polygon",
                "coordinates": [[[x, 59.0], [x, 60.0], [x + 1, 60.0], [x + 1, 59.0], [x, 59.0]]],
            },
        }
        for x, (code, name) in enumerate([("1980", "Västerås"), ("1983", "Köping")], start=15)
    ],
}
_YEARS = range(2020, 2025)


def _specs() -> dict[str, Callable[[], dict[str, Any]]]:
    return {
        "choropleth": lambda: choropleth(
            _SQUARE,
            [{"kommun_code": "1980", "employees": 7500},
             {"kommun_code": "1983", "employees": None}],
            key="kommun_code", value_field="employees", title="Anställda per kommun",
            legend_title="Anställda", subtitle="Västmanlands län 2024",
            description="Flest i Västerås.", highlight="1980", lang="sv",
        ),
        "trend_line": lambda: trend_line(
            [{"year": y, "employees": 100 + y % 7, "fye": 90 + y % 5} for y in _YEARS],
            series=[("employees", "Employees"), ("fye", "Full-year equivalents")],
            title="Employment", y_title="People", lang="en",
        ),
        "line_chart": lambda: line_chart(
            [{"year": y, "segment": s, "index": 100 + (y - 2020) * (i + 1)}
             for y in _YEARS for i, s in enumerate(["Grids", "Heat"])],
            x="year", series="segment", value="index", title="Index", y_title="Index",
            series_order=["Grids", "Heat"], zero=False, lang="en",
        ),
        "bar_chart": lambda: bar_chart(
            [{"name": "Västmanland", "lq": 5.5}, {"name": "Skåne", "lq": 0.6},
             {"name": "Gotland", "lq": None}],
            category="name", value="lq", title="LQ", value_title="LQ", value_format=".2f",
            highlight="Västmanland", reference_band=(0.4, 0.6), lang="en",
        ),
        "bar_chart_interval": lambda: bar_chart(
            [{"name": "2143", "n": 90.0, "lo": 60.0, "hi": 95.0}],
            category="name", value="n", interval=("lo", "hi"), title="Openings",
            value_title="Openings", lang="sv",
        ),
        "grouped_columns": lambda: grouped_columns(
            [{"year": y, "flow": f, "n": (y + len(f)) % 4} for y in _YEARS
             for f in ["Entered", "Left"]],
            x="year", series="flow", value="n", title="Entries", value_title="Organisations",
            series_order=["Entered", "Left"], lang="en",
        ),
        "pyramid": lambda: pyramid(
            [{"band": b, "gender": g, "n": 10 * i + (g == "Women")}
             for i, b in enumerate(["20-24", "25-29"]) for g in ["Men", "Women"]],
            band="band", group="gender", value="n", left="Men", right="Women", title="Age",
            value_title="Employees", band_title="Age", group_title="Gender",
            bands=["20-24", "25-29"], lang="en",
        ),
        "stacked_bars": lambda: stacked_bars(
            [{"segment": s, "component": c, "value": v}
             for s in ["Grids", "Heat"] for c, v in [("National", 40), ("Mix", -5),
                                                      ("Regional", 12)]],
            category="segment", series="component", value="value", title="Shift-share",
            value_title="Employees", series_order=["National", "Mix", "Regional"], lang="en",
        ),
        "interval_lines": lambda: interval_lines(
            [{"year": y, "scenario": s, "v": 10.0 + y - 2020, "lo": 8.0, "hi": 20.0}
             for y in _YEARS for s in ["Trend", "Plans"]],
            x="year", series="scenario", value="v", low="lo", high="hi", title="Openings",
            value_title="Openings", series_order=["Trend", "Plans"], lang="en",
        ),
        "signal_matrix": lambda: signal_matrix(
            [{"occupation": o, "source": src, "signal": sig}
             for o, row in [("Electricians", ["brist", None]), ("Welders", ["balans", "överskott"])]
             for src, sig in zip(["Forecast", "Employers"], row, strict=True)],
            row="occupation", column="source", signal="signal", text="Signal", title="Signals",
            row_order=["Electricians", "Welders"], column_order=["Forecast", "Employers"],
            legend_labels={"brist": "Shortage", "balans": "Balance", "överskott": "Surplus"},
            lang="en",
        ),
    }  # fmt: skip


@pytest.mark.parametrize("name", sorted(_specs()))
def test_chart_spec_snapshot(name: str) -> None:
    spec = _specs()[name]()
    text = json.dumps(spec, indent=2, ensure_ascii=False, sort_keys=True, allow_nan=False) + "\n"
    path = SNAPSHOTS / f"{name}.json"
    if os.environ.get("ECC_ATLAS_UPDATE_SNAPSHOTS") == "1" or not path.exists():
        if os.environ.get("CI") == "true" and not path.exists():
            pytest.fail(f"Snapshot {path.name} is missing; generate it and commit it.")
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{name} changed; see {path}"


@pytest.mark.parametrize("name", sorted(_specs()))
def test_chart_spec_compiles(name: str) -> None:
    """Every builder's output is a valid Vega-Lite spec for the bundled version."""
    spec = _specs()[name]()
    if spec.get("width") == "container":
        spec["width"] = 400
    vega = vl_convert.vegalite_to_vega(spec, vl_version=VEGA_LITE_VERSION)
    assert vega["description"]

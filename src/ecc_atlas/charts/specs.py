"""Vega-Lite v5 chart specifications built as plain dictionaries.

The same specs are rendered in the browser (by the JavaScript bundle that ``vl-convert-python``
ships) and to SVG/PNG in reports (by ``vl_convert.vegalite_to_svg``), so they never reference a
URL: data and boundaries are inlined, and the number locale sits in ``config.locale``.

Every spec carries a ``description`` (Vega-Lite turns it into the ARIA description of the SVG)
and a ``usermeta`` dictionary that callers may fill with provenance (``synthetic``, ``sources``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ecc_atlas.charts.base import (
    CATEGORY_RANGE,
    MISSING_FILL,
    NUMBER_LOCALES,
    SEQUENTIAL_SCHEME,
    VEGA_LITE_SCHEMA,
    VEGA_LITE_VERSION,
    Lang,
    base_spec,
    clean_values,
)

__all__ = [
    "NUMBER_LOCALES",
    "VEGA_LITE_SCHEMA",
    "VEGA_LITE_VERSION",
    "Lang",
    "choropleth",
    "clean_values",
    "line_chart",
    "trend_line",
]


def choropleth(
    geojson: Mapping[str, Any],
    values: Iterable[Mapping[str, Any]],
    *,
    key: str,
    value_field: str,
    title: str,
    legend_title: str,
    lang: Lang,
    subtitle: str | None = None,
    description: str | None = None,
    value_format: str = ",.0f",
    extra_fields: Sequence[tuple[str, str, str]] = (),
    name_title: str | None = None,
    scheme: str = SEQUENTIAL_SCHEME,
    highlight: str | None = None,
    scale: Mapping[str, Any] | None = None,
    stroke: str = "#ffffff",
    height: int = 420,
) -> dict[str, Any]:
    """A ``geoshape`` choropleth of ``geojson`` coloured by ``value_field`` of ``values``.

    ``geojson`` is a FeatureCollection whose features have ``properties.code`` and
    ``properties.name`` (as :func:`ecc_atlas.reference.boundaries` gives, polygons oriented
    clockwise). ``values`` are rows joined to the features by a lookup transform from
    ``properties.code`` to ``key``. ``extra_fields`` adds ``(field, title, format)`` triples
    to the tooltip. Features without a value are drawn in grey, never dropped. The feature
    whose code is ``highlight`` gets a dark, thicker outline. ``scale`` adds Vega-Lite scale
    properties, e.g. ``{"type": "sqrt"}`` for skewed counts or ``{"domainMid": 1}`` with a
    diverging ``scheme`` for location quotients.
    """
    features = list(geojson.get("features", ()))
    rows = clean_values(values)
    lookup_fields = [value_field, *[field for field, _, _ in extra_fields]]
    name_label = name_title or ("Namn" if lang == "sv" else "Name")
    tooltip: list[dict[str, Any]] = [
        {"field": "properties.name", "type": "nominal", "title": name_label},
        {
            "field": value_field,
            "type": "quantitative",
            "title": legend_title,
            "format": value_format,
        },
    ]
    tooltip += [
        {"field": field, "type": "quantitative", "title": field_title, "format": fmt}
        for field, field_title, fmt in extra_fields
    ]
    spec = base_spec(title, subtitle, description or title, lang)
    spec.update(
        {
            "width": "container",
            "height": height,
            "autosize": {"type": "fit", "contains": "padding"},
            "data": {"values": features, "format": {"type": "json"}},
            "transform": [
                {
                    "lookup": "properties.code",
                    "from": {"data": {"values": rows}, "key": key, "fields": lookup_fields},
                }
            ],
            "projection": {"type": "mercator"},
            "mark": {"type": "geoshape", "stroke": stroke, "strokeWidth": 0.8, "invalid": None},
            "encoding": {
                "color": {
                    "condition": {
                        "test": f"!isValid(datum[{value_field!r}])",
                        "value": MISSING_FILL,
                    },
                    "field": value_field,
                    "type": "quantitative",
                    "title": legend_title,
                    "scale": {"scheme": scheme, **(scale or {})},
                    "legend": {
                        "format": value_format,
                        "orient": "bottom",
                        "direction": "horizontal",
                        "gradientLength": 220,
                    },
                },
                "tooltip": tooltip,
            },
        }
    )
    if highlight is not None:
        test = f"datum.properties.code === {highlight!r}"
        spec["encoding"]["stroke"] = {
            "condition": {"test": test, "value": "#1a1a1a"},
            "value": stroke,
        }
        spec["encoding"]["strokeWidth"] = {"condition": {"test": test, "value": 2.5}, "value": 0.8}
        spec["encoding"]["order"] = {"condition": {"test": test, "value": 1}, "value": 0}
    return spec


def trend_line(
    rows: Iterable[Mapping[str, Any]],
    *,
    series: Sequence[tuple[str, str]],
    title: str,
    y_title: str,
    lang: Lang,
    x: str = "year",
    x_title: str | None = None,
    subtitle: str | None = None,
    description: str | None = None,
    series_title: str | None = None,
    value_format: str = ",.0f",
    height: int = 320,
) -> dict[str, Any]:
    """A line chart of one or more ``series`` over ``x`` (years, drawn as ordinal labels).

    ``series`` is a list of ``(field, label)``; the rows are folded to long form so each
    series gets its own colour (Okabe-Ito, colour-blind safe) and point markers.
    """
    fields = [field for field, _ in series]
    labels = {field: label for field, label in series}
    label_expr = " : ".join(
        [f"datum.key === {field!r} ? {label!r}" for field, label in series] + ["datum.key"]
    )
    x_label = x_title or ("År" if lang == "sv" else "Year")
    legend_label = series_title or ("Mått" if lang == "sv" else "Measure")
    spec = base_spec(title, subtitle, description or title, lang)
    spec.update(
        {
            "width": "container",
            "height": height,
            "autosize": {"type": "fit", "contains": "padding"},
            "data": {
                "values": [{k: row.get(k) for k in [x, *fields]} for row in clean_values(rows)]
            },
            "transform": [
                {"fold": fields, "as": ["key", "value"]},
                {"calculate": label_expr, "as": "series"},
            ],
            "mark": {"type": "line", "point": True, "strokeWidth": 2.5},
            "encoding": {
                "x": {
                    "field": x,
                    "type": "ordinal",
                    "title": x_label,
                    "axis": {"labelAngle": 0, "labelOverlap": "parity"},
                },
                "y": {
                    "field": "value",
                    "type": "quantitative",
                    "title": y_title,
                    "axis": {"format": value_format},
                    "scale": {"zero": True},
                },
                "color": {
                    "field": "series",
                    "type": "nominal",
                    "title": legend_label,
                    "scale": {
                        "domain": [labels[f] for f in fields],
                        "range": CATEGORY_RANGE[: len(fields)],
                    },
                    "legend": {"orient": "bottom"},
                },
                "strokeDash": {"field": "series", "type": "nominal", "legend": None},
                "tooltip": [
                    {"field": x, "type": "ordinal", "title": x_label},
                    {"field": "series", "type": "nominal", "title": legend_label},
                    {
                        "field": "value",
                        "type": "quantitative",
                        "title": y_title,
                        "format": value_format,
                    },
                ],
            },
        }
    )
    return spec


def line_chart(
    rows: Iterable[Mapping[str, Any]],
    *,
    x: str,
    series: str,
    value: str,
    title: str,
    y_title: str,
    lang: Lang,
    x_title: str | None = None,
    series_title: str | None = None,
    series_order: Sequence[str] | None = None,
    subtitle: str | None = None,
    description: str | None = None,
    value_format: str = ",.0f",
    zero: bool = True,
    height: int = 340,
) -> dict[str, Any]:
    """Lines of ``value`` over ``x`` per ``series`` from long rows (one per x and series).

    Series differ by colour (Okabe-Ito), dash pattern and point shape, so the chart reads
    without colour; null values (suppressed) break the line instead of dropping to zero.
    ``zero=False`` lets the value axis start near the data (indices).
    """
    data = clean_values(rows)
    domain = list(series_order) if series_order else sorted({str(r[series]) for r in data})
    dashes = [[1, 0], [6, 3], [2, 2], [8, 3, 2, 3], [4, 4], [1, 3], [10, 2], [3, 6]]
    shapes = ["circle", "square", "triangle-up", "diamond", "cross", "triangle-down", "wedge",
              "stroke"]  # fmt: skip
    spec = base_spec(title, subtitle, description or title, lang)
    spec.update(
        {
            "width": "container",
            "height": height,
            "autosize": {"type": "fit-x", "contains": "padding"},
            "data": {"values": data},
            "mark": {"type": "line", "point": True, "strokeWidth": 2},
            "encoding": {
                "x": {
                    "field": x,
                    "type": "ordinal",
                    "title": x_title or ("År" if lang == "sv" else "Year"),
                    "axis": {"labelAngle": 0, "labelOverlap": "parity"},
                },
                "y": {
                    "field": value,
                    "type": "quantitative",
                    "title": y_title,
                    "axis": {"format": value_format},
                    "scale": {"zero": zero},
                },
                "color": {
                    "field": series,
                    "type": "nominal",
                    "title": series_title,
                    "scale": {"domain": domain, "range": CATEGORY_RANGE[: len(domain)]},
                    "legend": {"orient": "bottom", "columns": 2, "labelLimit": 320},
                },
                "strokeDash": {
                    "field": series,
                    "type": "nominal",
                    "scale": {"domain": domain, "range": dashes[: len(domain)]},
                    "legend": None,
                },
                "shape": {
                    "field": series,
                    "type": "nominal",
                    "scale": {"domain": domain, "range": shapes[: len(domain)]},
                    "legend": None,
                },
                "tooltip": [
                    {"field": x, "type": "ordinal", "title": x_title or x},
                    {"field": series, "type": "nominal", "title": series_title or series},
                    {
                        "field": value,
                        "type": "quantitative",
                        "title": y_title,
                        "format": value_format,
                    },
                ],
            },
        }
    )
    return spec

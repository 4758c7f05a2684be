"""Vega-Lite v5 chart specifications built as plain dictionaries.

The same specs are rendered in the browser (by the JavaScript bundle that ``vl-convert-python``
ships) and to SVG/PNG in reports (by ``vl_convert.vegalite_to_svg``), so they never reference a
URL: data and boundaries are inlined, and the number locale sits in ``config.locale``.

Every spec carries a ``description`` (Vega-Lite turns it into the ARIA description of the SVG)
and a ``usermeta`` dictionary that callers may fill with provenance (``synthetic``, ``sources``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal

__all__ = [
    "NUMBER_LOCALES",
    "VEGA_LITE_SCHEMA",
    "VEGA_LITE_VERSION",
    "Lang",
    "choropleth",
    "clean_values",
    "trend_line",
]

Lang = Literal["sv", "en"]

#: Vega-Lite version the specs are written for; the browser bundle and reports use the same.
VEGA_LITE_VERSION = "5.21"
VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.21.json"

#: d3-format number locales (as in ``vl_convert.get_format_locale``); Swedish groups thousands
#: with a no-break space and uses a decimal comma.
NUMBER_LOCALES: dict[str, dict[str, Any]] = {
    "sv": {"decimal": ",", "thousands": "\u00a0", "grouping": [3], "currency": ["", "\u00a0kr"]},
    "en": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["SEK\u00a0", ""]},
}

#: Colour-blind-safe schemes: sequential for maps, categorical for series.
SEQUENTIAL_SCHEME = "viridis"
CATEGORY_RANGE = ["#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00"]  # Okabe-Ito
MISSING_FILL = "#d9d9d9"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"


def clean_values(rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Rows as JSON-safe dictionaries: NaN and infinities become ``None``."""
    cleaned: list[dict[str, Any]] = []
    for row in rows:
        item: dict[str, Any] = {}
        for name, value in row.items():
            if isinstance(value, float) and not math.isfinite(value):
                item[name] = None
            else:
                item[name] = value
        cleaned.append(item)
    return cleaned


def _config(lang: Lang) -> dict[str, Any]:
    return {
        "locale": {"number": NUMBER_LOCALES[lang]},
        "font": FONT,
        "view": {"stroke": None},
        "title": {
            "anchor": "start",
            "fontSize": 15,
            "color": "#1a1a1a",
            "subtitleFontSize": 13,
            "subtitleColor": "#333333",
        },
        "axis": {"labelFontSize": 12, "titleFontSize": 12, "labelColor": "#333333"},
        "legend": {"labelFontSize": 12, "titleFontSize": 12, "labelColor": "#333333"},
    }


def _base(title: str, subtitle: str | None, description: str, lang: Lang) -> dict[str, Any]:
    return {
        "$schema": VEGA_LITE_SCHEMA,
        "title": {"text": title, "subtitle": subtitle} if subtitle else title,
        "description": description,
        "config": _config(lang),
        "usermeta": {"lang": lang},
    }


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
    spec = _base(title, subtitle, description or title, lang)
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
    spec = _base(title, subtitle, description or title, lang)
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

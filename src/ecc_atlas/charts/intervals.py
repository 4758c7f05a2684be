"""Lines with uncertainty: one line per series (e.g. forecast scenario) over a band from
``low`` to ``high``, so that no forecast is shown as one number without its interval.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ecc_atlas.charts.base import CATEGORY_RANGE, Lang, base_spec, clean_values

__all__ = ["SIGNAL_COLOURS", "interval_lines", "signal_matrix"]

#: Shortage (vermillion), balance (grey), surplus (blue): distinguishable with colour-vision
#: deficiencies, and every cell also carries its word.
SIGNAL_COLOURS = {"brist": "#d55e00", "balans": "#bdbdbd", "överskott": "#0072b2"}

_DASHES = [[1, 0], [6, 3], [2, 2], [8, 3, 2, 3], [4, 4], [1, 3]]


def interval_lines(
    rows: Iterable[Mapping[str, Any]],
    *,
    x: str,
    series: str,
    value: str,
    low: str,
    high: str,
    title: str,
    value_title: str,
    lang: Lang,
    x_title: str | None = None,
    series_title: str | None = None,
    series_order: Sequence[str] | None = None,
    interval_title: str | None = None,
    subtitle: str | None = None,
    description: str | None = None,
    value_format: str = ",.0f",
    height: int = 320,
) -> dict[str, Any]:
    """Lines of ``value`` over ``x`` per ``series`` with a shaded ``low``–``high`` band each.

    Series differ by colour (Okabe-Ito) and by dash pattern, so the chart reads without
    colour; the tooltip gives the value and its interval.
    """
    data = clean_values(rows)
    domain = list(series_order) if series_order else sorted({str(r[series]) for r in data})
    colours = {"domain": domain, "range": CATEGORY_RANGE[: len(domain)]}
    x_enc = {
        "field": x,
        "type": "ordinal",
        "title": x_title,
        "axis": {"labelAngle": 0, "labelOverlap": "parity"},
    }
    band_title = interval_title or ("Intervall" if lang == "sv" else "Interval")
    tooltip = [
        {"field": x, "type": "ordinal", "title": x_title or x},
        {"field": series, "type": "nominal", "title": series_title or series},
        {"field": value, "type": "quantitative", "title": value_title, "format": value_format},
        {
            "field": low,
            "type": "quantitative",
            "title": f"{band_title} (min)",
            "format": value_format,
        },
        {
            "field": high,
            "type": "quantitative",
            "title": f"{band_title} (max)",
            "format": value_format,
        },
    ]
    spec = base_spec(title, subtitle, description or title, lang)
    spec.update(
        {
            "width": "container",
            "height": height,
            "autosize": {"type": "fit-x", "contains": "padding"},
            "data": {"values": data},
            "encoding": {"x": x_enc},
            "resolve": {"legend": {"color": "independent"}},
            "layer": [
                {
                    "mark": {"type": "area", "opacity": 0.18},
                    "encoding": {
                        "y": {"field": low, "type": "quantitative", "title": value_title},
                        "y2": {"field": high},
                        "color": {
                            "field": series,
                            "type": "nominal",
                            "scale": colours,
                            "legend": None,
                        },
                    },
                },
                {
                    "mark": {"type": "line", "point": True, "strokeWidth": 2.5},
                    "encoding": {
                        "y": {
                            "field": value,
                            "type": "quantitative",
                            "title": value_title,
                            "axis": {"format": value_format},
                            "scale": {"zero": True},
                        },
                        "color": {
                            "field": series,
                            "type": "nominal",
                            "title": series_title,
                            "scale": colours,
                            "legend": {"orient": "bottom"},
                        },
                        "strokeDash": {
                            "field": series,
                            "type": "nominal",
                            "scale": {"domain": domain, "range": _DASHES[: len(domain)]},
                            "legend": None,
                        },
                        "tooltip": tooltip,
                    },
                },
            ],
        }
    )
    return spec


def signal_matrix(
    rows: Iterable[Mapping[str, Any]],
    *,
    row: str,
    column: str,
    signal: str,
    text: str,
    title: str,
    lang: Lang,
    row_order: Sequence[str],
    column_order: Sequence[str],
    legend_labels: Mapping[str, str],
    row_title: str | None = None,
    column_title: str | None = None,
    subtitle: str | None = None,
    description: str | None = None,
) -> dict[str, Any]:
    """A grid of categorical signals: one row per ``row`` (e.g. occupation), one column per
    ``column`` (e.g. source), each cell coloured by ``signal`` (brist/balans/överskott) and
    labelled with ``text`` so that it reads without colour. Missing signals are white with a
    dash. ``legend_labels`` names the signal codes in the page language.
    """
    data = clean_values(rows)
    codes = list(SIGNAL_COLOURS)
    spec = base_spec(title, subtitle, description or title, lang)
    spec.update(
        {
            "width": "container",
            "height": {"step": 24},
            "autosize": {"type": "fit-x", "contains": "padding"},
            "data": {"values": data},
            "transform": [
                {
                    "calculate": " : ".join(
                        [
                            f"datum[{signal!r}] === {code!r} ? {legend_labels.get(code, code)!r}"
                            for code in codes
                        ]
                        + ["'–'"]
                    ),
                    "as": "_label",
                }
            ],
            "encoding": {
                "y": {
                    "field": row,
                    "type": "nominal",
                    "sort": list(row_order),
                    "title": row_title,
                    "axis": {"labelLimit": 280},
                },
                "x": {
                    "field": column,
                    "type": "nominal",
                    "sort": list(column_order),
                    "title": column_title,
                    "axis": {"orient": "top", "labelAngle": 0, "labelLimit": 140},
                },
            },
            "layer": [
                {
                    "mark": {"type": "rect", "stroke": "#ffffff", "strokeWidth": 2},
                    "encoding": {
                        "color": {
                            "field": "_label",
                            "type": "nominal",
                            "title": None,
                            "scale": {
                                "domain": [legend_labels.get(c, c) for c in codes] + ["–"],
                                "range": [*SIGNAL_COLOURS.values(), "#ffffff"],
                            },
                            "legend": {"orient": "bottom"},
                        },
                        "tooltip": [
                            {"field": row, "type": "nominal", "title": row_title or row},
                            {"field": column, "type": "nominal", "title": column_title or column},
                            {"field": "_label", "type": "nominal", "title": text},
                        ],
                    },
                },
                {
                    "mark": {"type": "text", "fontSize": 11},
                    "encoding": {
                        "text": {"field": "_label"},
                        "color": {
                            "condition": {
                                "test": f"datum[{signal!r}] === 'brist' || "
                                f"datum[{signal!r}] === 'överskott'",
                                "value": "#ffffff",
                            },
                            "value": "#1a1a1a",
                        },
                    },
                },
            ],
        }
    )
    return spec

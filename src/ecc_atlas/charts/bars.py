"""Bar charts: ranked horizontal bars, grouped columns over years, and the age pyramid.

Suppressed values (null) are never drawn as zero: a bar chart writes the word for
"suppressed" (``suppressed_text``) where the bar would be, so a reader sees that a number
exists but is withheld.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ecc_atlas.charts.base import (
    CATEGORY_RANGE,
    HIGHLIGHT,
    PRIMARY,
    Lang,
    base_spec,
    clean_values,
)

__all__ = ["bar_chart", "grouped_columns", "pyramid", "stacked_bars"]

_SUPPRESSED = {"sv": "sekretess", "en": "suppressed"}


def _suppressed_layer(category: str, value: str, text: str, *, y_sort: list[str]) -> dict[str, Any]:
    """A text mark at zero for every row whose value is withheld (null)."""
    return {
        "transform": [{"filter": f"!isValid(datum[{value!r}])"}],
        "mark": {
            "type": "text",
            "align": "left",
            "dx": 4,
            "fontStyle": "italic",
            "color": "#4d4d4d",
        },
        "encoding": {
            "y": {"field": category, "type": "nominal", "sort": y_sort},
            "x": {"datum": 0, "type": "quantitative"},
            "text": {"value": text},
        },
    }


def _category_order(
    data: list[dict[str, Any]], category: str, value: str, sort: str | Sequence[str]
) -> list[str]:
    if not isinstance(sort, str):
        return [str(item) for item in sort]
    if sort == "y":
        return sorted({str(row[category]) for row in data})
    ranked = sorted(data, key=lambda row: (row[value] is None, -(row[value] or 0)))
    return list(dict.fromkeys(str(row[category]) for row in ranked))


def bar_chart(
    rows: Iterable[Mapping[str, Any]],
    *,
    category: str,
    value: str,
    title: str,
    value_title: str,
    lang: Lang,
    category_title: str | None = None,
    subtitle: str | None = None,
    description: str | None = None,
    value_format: str = ",.0f",
    sort: str | Sequence[str] = "-x",
    highlight: str | None = None,
    reference_band: tuple[float, float] | None = None,
    extra_tooltip: Sequence[tuple[str, str, str]] = (),
    suppressed_text: str | None = None,
    interval: tuple[str, str] | None = None,
    bar_height: int = 22,
) -> dict[str, Any]:
    """Horizontal bars of ``value`` per ``category`` (labels on the y axis).

    ``sort`` is ``"-x"`` (largest first, withheld values last), ``"y"`` (by label) or an
    explicit list of the categories. ``highlight`` names one category drawn in a contrasting
    colour and with a bold label (never colour alone). ``reference_band`` shades an interval
    of the value axis, e.g. ``(0.4, 0.6)`` for a gender-balanced share. ``extra_tooltip``
    adds ``(field, title, format)`` triples. Rows with a null value get the "suppressed"
    text instead of a bar. ``interval`` names ``(low, high)`` fields drawn as a whisker
    over each bar.
    """
    data = clean_values(rows)
    y_sort = _category_order(data, category, value, sort)
    colour: dict[str, Any] = {"value": PRIMARY}
    label_weight: Any = "normal"
    if highlight is not None:
        test = f"datum[{category!r}] === {highlight!r}"
        colour = {"condition": {"test": test, "value": HIGHLIGHT}, "value": PRIMARY}
        label_weight = {
            "condition": {"test": f"datum.value === {highlight!r}", "value": "bold"},
            "value": "normal",
        }
    tooltip = [
        {"field": category, "type": "nominal", "title": category_title or category},
        {"field": value, "type": "quantitative", "title": value_title, "format": value_format},
        *[
            {"field": f, "type": "quantitative", "title": t, "format": fmt}
            for f, t, fmt in extra_tooltip
        ],
    ]
    bars: dict[str, Any] = {
        "mark": {"type": "bar", "cornerRadiusEnd": 2},
        "encoding": {
            "y": {
                "field": category,
                "type": "nominal",
                "sort": y_sort,
                "title": None,  # long labels: the chart title names them (and the tooltip)
                "axis": {"labelLimit": 260, "labelFontWeight": label_weight},
            },
            "x": {
                "field": value,
                "type": "quantitative",
                "title": value_title,
                "axis": {"format": value_format, "tickCount": 5},
            },
            "color": colour,
            "tooltip": tooltip,
        },
    }
    layers: list[dict[str, Any]] = []
    if reference_band is not None:
        low, high = reference_band
        layers.append(
            {
                "data": {"values": [{"low": low, "high": high}]},
                "mark": {"type": "rect", "color": "#e6e6e6"},
                "encoding": {
                    "x": {"field": "low", "type": "quantitative"},
                    "x2": {"field": "high"},
                },
            }
        )
    layers.append(bars)
    if interval is not None:
        low_field, high_field = interval
        layers.append(
            {
                "mark": {"type": "rule", "color": "#1a1a1a", "strokeWidth": 1.5},
                "encoding": {
                    "y": {"field": category, "type": "nominal", "sort": y_sort},
                    "x": {"field": low_field, "type": "quantitative"},
                    "x2": {"field": high_field},
                    "tooltip": tooltip,
                },
            }
        )
    layers.append(
        _suppressed_layer(category, value, suppressed_text or _SUPPRESSED[lang], y_sort=y_sort)
    )
    spec = base_spec(title, subtitle, description or title, lang)
    spec.update(
        {
            "width": "container",
            "height": {"step": bar_height},
            "autosize": {"type": "fit-x", "contains": "padding"},
            "data": {"values": data},
            "layer": layers,
        }
    )
    return spec


def grouped_columns(
    rows: Iterable[Mapping[str, Any]],
    *,
    x: str,
    series: str,
    value: str,
    title: str,
    value_title: str,
    lang: Lang,
    x_title: str | None = None,
    series_title: str | None = None,
    series_order: Sequence[str] | None = None,
    subtitle: str | None = None,
    description: str | None = None,
    value_format: str = ",.0f",
    tick_min_step: float | None = None,
    suppressed_text: str | None = None,
    height: int = 300,
) -> dict[str, Any]:
    """Vertical columns of ``value`` per ``x`` (e.g. year), one column per ``series`` side by
    side (Okabe-Ito colours plus a legend). ``rows`` are long: one row per x and series.
    ``tick_min_step=1`` keeps the value axis to whole numbers (small counts). A null value
    (withheld) gets the word for "suppressed", written upwards from the axis.
    """
    data = clean_values(rows)
    domain = list(series_order) if series_order else sorted({str(r[series]) for r in data})
    spec = base_spec(title, subtitle, description or title, lang)
    spec.update(
        {
            "width": "container",
            "height": height,
            "autosize": {"type": "fit-x", "contains": "padding"},
            "data": {"values": data},
            "encoding": {
                "x": {
                    "field": x,
                    "type": "ordinal",
                    "title": x_title,
                    "axis": {"labelAngle": 0, "labelOverlap": "parity"},
                },
                "xOffset": {"field": series, "type": "nominal", "sort": domain},
                "color": {
                    "field": series,
                    "type": "nominal",
                    "title": series_title,
                    "scale": {"domain": domain, "range": CATEGORY_RANGE[: len(domain)]},
                    "legend": {"orient": "bottom"},
                },
                "tooltip": [
                    {"field": x, "type": "ordinal", "title": x_title or x},
                    {"field": series, "type": "nominal", "title": series_title or series},
                    {
                        "field": value,
                        "type": "quantitative",
                        "title": value_title,
                        "format": value_format,
                    },
                ],
            },
            "layer": [
                {
                    "mark": {"type": "bar"},
                    "encoding": {
                        "y": {
                            "field": value,
                            "type": "quantitative",
                            "title": value_title,
                            "axis": {"format": value_format, "tickCount": 5}
                            | (
                                {
                                    "tickMinStep": tick_min_step,
                                    # whole numbers only: no "0, 0, 1, 1" on small counts
                                    "labelExpr": "datum.value % 1 === 0 ? datum.label : ''",
                                    "gridOpacity": {"expr": "datum.value % 1 === 0 ? 1 : 0"},
                                }
                                if tick_min_step
                                else {}
                            ),
                            "scale": {"domain": {"unionWith": [0, 1]}},
                        },
                    },
                },
                {
                    # a withheld value is written, never drawn as zero
                    "transform": [{"filter": f"!isValid(datum[{value!r}])"}],
                    "mark": {
                        "type": "text",
                        "angle": 270,
                        "align": "left",
                        "dx": 3,
                        "fontSize": 10,
                        "fontStyle": "italic",
                    },
                    "encoding": {
                        "y": {"datum": 0, "type": "quantitative"},
                        "text": {"value": suppressed_text or _SUPPRESSED[lang]},
                    },
                },
            ],
        }
    )
    return spec


def pyramid(
    rows: Iterable[Mapping[str, Any]],
    *,
    band: str,
    group: str,
    value: str,
    left: str,
    right: str,
    title: str,
    value_title: str,
    band_title: str,
    group_title: str,
    lang: Lang,
    subtitle: str | None = None,
    description: str | None = None,
    bands: Sequence[str] | None = None,
) -> dict[str, Any]:
    """A population pyramid: ``band`` (age bands, oldest on top) on the y axis, ``value`` of
    group ``left`` drawn to the left and of group ``right`` to the right of a shared axis.

    The two sides differ by colour and by position; the axis labels show absolute numbers.
    """
    data = clean_values(rows)
    order = list(bands) if bands else sorted({str(r[band]) for r in data})
    signed = f"datum[{group!r}] === {left!r} ? -datum[{value!r}] : datum[{value!r}]"
    spec = base_spec(title, subtitle, description or title, lang)
    spec.update(
        {
            "width": "container",
            "height": {"step": 18},
            "autosize": {"type": "fit-x", "contains": "padding"},
            "data": {"values": data},
            "transform": [{"calculate": signed, "as": "signed_value"}],
            "mark": {"type": "bar"},
            "encoding": {
                "y": {
                    "field": band,
                    "type": "ordinal",
                    "sort": list(reversed(order)),
                    "title": band_title,
                },
                "x": {
                    "field": "signed_value",
                    "type": "quantitative",
                    "title": value_title,
                    "axis": {"labelExpr": "format(abs(datum.value), ',.0f')", "tickCount": 6},
                },
                "color": {
                    "field": group,
                    "type": "nominal",
                    "title": group_title,
                    "scale": {"domain": [left, right], "range": CATEGORY_RANGE[:2]},
                    "legend": {"orient": "bottom"},
                },
                "tooltip": [
                    {"field": band, "type": "ordinal", "title": band_title},
                    {"field": group, "type": "nominal", "title": group_title},
                    {
                        "field": value,
                        "type": "quantitative",
                        "title": value_title,
                        "format": ",.0f",
                    },
                ],
            },
        }
    )
    return spec


def stacked_bars(
    rows: Iterable[Mapping[str, Any]],
    *,
    category: str,
    series: str,
    value: str,
    title: str,
    value_title: str,
    lang: Lang,
    category_title: str | None = None,
    series_title: str | None = None,
    series_order: Sequence[str] | None = None,
    category_order: Sequence[str] | None = None,
    subtitle: str | None = None,
    description: str | None = None,
    value_format: str = ",.0f",
) -> dict[str, Any]:
    """Horizontal bars of ``value`` per ``category`` stacked by ``series`` around zero
    (negative parts to the left), e.g. the components of a shift-share decomposition.

    Series differ by colour (Okabe-Ito); the tooltip names the series and its value.
    """
    data = clean_values(rows)
    domain = list(series_order) if series_order else sorted({str(r[series]) for r in data})
    order = list(category_order) if category_order else sorted({str(r[category]) for r in data})
    spec = base_spec(title, subtitle, description or title, lang)
    spec.update(
        {
            "width": "container",
            "height": {"step": 26},
            "autosize": {"type": "fit-x", "contains": "padding"},
            "data": {"values": data},
            "mark": {"type": "bar"},
            "encoding": {
                "y": {
                    "field": category,
                    "type": "nominal",
                    "sort": order,
                    "title": category_title,
                    "axis": {"labelLimit": 260},
                },
                "x": {
                    "field": value,
                    "type": "quantitative",
                    "title": value_title,
                    "stack": "zero",
                    "axis": {"format": value_format, "tickCount": 6},
                },
                "color": {
                    "field": series,
                    "type": "nominal",
                    "title": series_title,
                    "sort": domain,
                    "scale": {"domain": domain, "range": CATEGORY_RANGE[: len(domain)]},
                    "legend": {"orient": "bottom"},
                },
                "order": {"field": "_order", "type": "quantitative"},
                "tooltip": [
                    {"field": category, "type": "nominal", "title": category_title or category},
                    {"field": series, "type": "nominal", "title": series_title or series},
                    {
                        "field": value,
                        "type": "quantitative",
                        "title": value_title,
                        "format": value_format,
                    },
                ],
            },
            "transform": [
                {
                    "calculate": " : ".join(
                        [f"datum[{series!r}] === {name!r} ? {i}" for i, name in enumerate(domain)]
                        + [str(len(domain))]
                    ),
                    "as": "_order",
                }
            ],
        }
    )
    return spec

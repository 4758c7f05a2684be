"""A heat matrix: one quantitative value per row × column category, with the value written
in each cell so that it reads without colour."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ecc_atlas.charts.base import Lang, base_spec, clean_values

__all__ = ["heat_matrix"]

#: A sequential blue scheme (light to dark) with enough contrast for the cell text.
SCHEME = "blues"


def heat_matrix(
    rows: Iterable[Mapping[str, Any]],
    *,
    row: str,
    column: str,
    value: str,
    title: str,
    value_title: str,
    lang: Lang,
    row_order: Sequence[str],
    column_order: Sequence[str],
    row_title: str | None = None,
    column_title: str | None = None,
    subtitle: str | None = None,
    description: str | None = None,
    value_format: str = ".0%",
    dark_above: float = 0.5,
) -> dict[str, Any]:
    """Cells of ``value`` per ``row`` and ``column`` coloured on a sequential scale and
    labelled with the formatted value. Null values (withheld or absent) are white with a
    dash. ``dark_above`` is the share of the colour domain above which the text turns white.
    """
    data = clean_values(rows)
    values = [float(r[value]) for r in data if r.get(value) is not None]
    top = max(values, default=1.0) or 1.0
    spec = base_spec(title, subtitle, description or title, lang)
    spec.update(
        {
            "width": "container",
            "height": {"step": 24},
            "autosize": {"type": "fit-x", "contains": "padding"},
            "data": {"values": data},
            "encoding": {
                "y": {
                    "field": row,
                    "type": "nominal",
                    "sort": list(row_order),
                    "title": row_title,
                    "axis": {"labelLimit": 260},
                },
                "x": {
                    "field": column,
                    "type": "nominal",
                    "sort": list(column_order),
                    "title": column_title,
                    "axis": {"orient": "top", "labelAngle": -40, "labelLimit": 160},
                },
            },
            "layer": [
                {
                    "mark": {"type": "rect", "stroke": "#ffffff", "strokeWidth": 1},
                    "encoding": {
                        "color": {
                            "condition": {
                                "test": f"datum[{value!r}] === null",
                                "value": "#ffffff",
                            },
                            "field": value,
                            "type": "quantitative",
                            "title": value_title,
                            "scale": {"scheme": SCHEME, "domain": [0, top]},
                            "legend": {"orient": "bottom", "format": value_format},
                        },
                        "tooltip": [
                            {"field": row, "type": "nominal", "title": row_title or row},
                            {"field": column, "type": "nominal", "title": column_title or column},
                            {
                                "field": value,
                                "type": "quantitative",
                                "title": value_title,
                                "format": value_format,
                            },
                        ],
                    },
                },
                {
                    "transform": [
                        {
                            "calculate": f"datum[{value!r}] === null ? '–' : "
                            f"format(datum[{value!r}], {value_format!r})",
                            "as": "_text",
                        }
                    ],
                    "mark": {"type": "text", "fontSize": 10},
                    "encoding": {
                        "text": {"field": "_text"},
                        "color": {
                            "condition": {
                                "test": f"datum[{value!r}] !== null && "
                                f"datum[{value!r}] > {top * dark_above!r}",
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

"""What every chart spec shares: Vega-Lite version, number locales, colour-blind-safe
colours, the common config and the spec skeleton with ``description`` and ``usermeta``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any, Literal

__all__ = [
    "CATEGORY_RANGE",
    "FONT",
    "HIGHLIGHT",
    "MISSING_FILL",
    "NUMBER_LOCALES",
    "PRIMARY",
    "SEQUENTIAL_SCHEME",
    "VEGA_LITE_SCHEMA",
    "VEGA_LITE_VERSION",
    "Lang",
    "base_spec",
    "clean_values",
    "config",
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
#: Okabe-Ito (Okabe & Ito 2008), distinguishable with every common colour-vision deficiency;
#: the order puts the strongest contrasts first. Series also differ by dash or shape.
CATEGORY_RANGE = [
    "#0072b2",
    "#e69f00",
    "#009e73",
    "#cc79a7",
    "#56b4e9",
    "#d55e00",
    "#000000",
    "#b8a200",
]
#: Bars and single series; the highlighted item (e.g. the home county) in vermillion + bold.
PRIMARY = "#0072b2"
HIGHLIGHT = "#d55e00"
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


def config(lang: Lang) -> dict[str, Any]:
    """Fonts, title and axis styles, and the number locale of ``lang``."""
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


def base_spec(title: str, subtitle: str | None, description: str, lang: Lang) -> dict[str, Any]:
    """The skeleton of every spec: schema, title, description (ARIA), config, usermeta."""
    return {
        "$schema": VEGA_LITE_SCHEMA,
        "title": {"text": title, "subtitle": subtitle} if subtitle else title,
        "description": description,
        "config": config(lang),
        "usermeta": {"lang": lang},
    }

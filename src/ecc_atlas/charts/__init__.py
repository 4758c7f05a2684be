"""Vega-Lite chart specifications shared by the web dashboard and the reports.

Builders return plain ``dict`` specs (no Altair); see :mod:`ecc_atlas.charts.specs`.
"""

from __future__ import annotations

from ecc_atlas.charts.specs import (
    NUMBER_LOCALES,
    VEGA_LITE_SCHEMA,
    VEGA_LITE_VERSION,
    Lang,
    choropleth,
    clean_values,
    trend_line,
)

__all__ = [
    "NUMBER_LOCALES",
    "VEGA_LITE_SCHEMA",
    "VEGA_LITE_VERSION",
    "Lang",
    "choropleth",
    "clean_values",
    "trend_line",
]

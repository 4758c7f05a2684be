"""Vega-Lite chart specifications shared by the web dashboard and the reports.

Builders return plain ``dict`` specs (no Altair): maps and trend lines in
:mod:`~ecc_atlas.charts.specs`, bars and the age pyramid in :mod:`~ecc_atlas.charts.bars`,
lines with intervals in :mod:`~ecc_atlas.charts.intervals`, heat matrices in
:mod:`~ecc_atlas.charts.matrix`; :mod:`~ecc_atlas.charts.output`
renders them to SVG for print.
"""

from __future__ import annotations

from ecc_atlas.charts.bars import bar_chart, grouped_columns, pyramid, stacked_bars
from ecc_atlas.charts.base import (
    CATEGORY_RANGE,
    HIGHLIGHT,
    NUMBER_LOCALES,
    PRIMARY,
    VEGA_LITE_SCHEMA,
    VEGA_LITE_VERSION,
    Lang,
    clean_values,
)
from ecc_atlas.charts.intervals import SIGNAL_COLOURS, interval_lines, signal_matrix
from ecc_atlas.charts.matrix import heat_matrix
from ecc_atlas.charts.output import for_print, to_svg
from ecc_atlas.charts.specs import choropleth, line_chart, trend_line

__all__ = [
    "CATEGORY_RANGE",
    "HIGHLIGHT",
    "NUMBER_LOCALES",
    "PRIMARY",
    "SIGNAL_COLOURS",
    "VEGA_LITE_SCHEMA",
    "VEGA_LITE_VERSION",
    "Lang",
    "bar_chart",
    "choropleth",
    "clean_values",
    "for_print",
    "grouped_columns",
    "heat_matrix",
    "interval_lines",
    "line_chart",
    "pyramid",
    "signal_matrix",
    "stacked_bars",
    "to_svg",
    "trend_line",
]

"""The dashboard's charts (see :mod:`~ecc_atlas.web.dashboard.visuals.base`).

Importing the package registers every chart in :data:`CHARTS`.
"""

from __future__ import annotations

from ecc_atlas.web.dashboard.visuals import outlook, overview, sector, skills, workforce
from ecc_atlas.web.dashboard.visuals.base import (
    CHARTS,
    ChartDef,
    Measure,
    UnknownChart,
    chart_spec,
    get_chart,
    region_name,
    summary,
)

__all__ = [
    "CHARTS",
    "ChartDef",
    "Measure",
    "UnknownChart",
    "chart_spec",
    "get_chart",
    "outlook",
    "overview",
    "region_name",
    "sector",
    "skills",
    "summary",
    "workforce",
]

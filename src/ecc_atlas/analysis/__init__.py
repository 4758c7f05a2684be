"""Pure analyses over Ibis tables: sector size, workforce structure, specialisation, forecast.

Every function takes Ibis tables and keyword-only options (with a ``cols={...}`` column
mapping where it helps), returns an Ibis table or a small dataclass, and documents every
output column. Nothing here reads files, opens connections or imports Django; the same
code runs on DuckDB and PySpark through Ibis.
"""

from __future__ import annotations

from ecc_atlas.analysis._common import AnalysisError
from ecc_atlas.analysis.forecast import (
    RETIREMENT_HAZARD,
    NeedSummary,
    need_by_group,
    recruitment_need,
    retirement_factors,
    summarise_need,
)
from ecc_atlas.analysis.sector import delimit, sector_size, sector_trend
from ecc_atlas.analysis.specialization import location_quotient, rpop
from ecc_atlas.analysis.workforce import distribution, structure

__all__ = [
    "RETIREMENT_HAZARD",
    "AnalysisError",
    "NeedSummary",
    "delimit",
    "distribution",
    "location_quotient",
    "need_by_group",
    "recruitment_need",
    "retirement_factors",
    "rpop",
    "sector_size",
    "sector_trend",
    "structure",
    "summarise_need",
]

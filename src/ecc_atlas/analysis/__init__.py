"""Pure analyses over Ibis tables: sector, workforce, specialisation, forecast, balance.

Every function takes Ibis tables and keyword-only options (with a ``cols={...}`` column
mapping where it helps), returns an Ibis table or a small dataclass, and documents every
output column. Nothing here reads files, opens connections or imports Django; the same
code runs on DuckDB and PySpark through Ibis. Where the work is dense linear algebra or a
sequential recursion on aggregated matrices (eigenvectors, proximity and density
products, the cohort projection) it runs in NumPy on the aggregates the engine returns,
and the result comes back as an in-memory Ibis table (``docs/methods/``).
"""

from __future__ import annotations

from ecc_atlas.analysis._common import AnalysisError, AnalysisWarning
from ecc_atlas.analysis.backtest import backtest
from ecc_atlas.analysis.balance import (
    ShortageThresholds,
    ad_pressure,
    barometer_signal,
    employer_difficulty,
    need_per_year,
    shortage_list,
    supply_demand,
)
from ecc_atlas.analysis.coefficients import (
    concentration_coefficients,
    specialisation_coefficients,
)
from ecc_atlas.analysis.complexity import product_space
from ecc_atlas.analysis.exits import ExitRates, cohort_factors
from ecc_atlas.analysis.forecast import (
    RETIREMENT_HAZARD,
    NeedSummary,
    need_by_group,
    recruitment_need,
    retirement_factors,
    summarise_need,
)
from ecc_atlas.analysis.relatedness import (
    presence_table,
    proximity,
    specialisation,
    specialisation_arrow,
)
from ecc_atlas.analysis.scenarios import Event
from ecc_atlas.analysis.sector import delimit, organisation_dynamics, sector_size, sector_trend
from ecc_atlas.analysis.shift_share import shift_share
from ecc_atlas.analysis.specialization import location_quotient, rpop
from ecc_atlas.analysis.stockflow import stock_flow, stock_flow_arrow
from ecc_atlas.analysis.supply import education_supply
from ecc_atlas.analysis.workforce import distribution, gender_balance, structure

__all__ = [
    "RETIREMENT_HAZARD",
    "AnalysisError",
    "AnalysisWarning",
    "Event",
    "ExitRates",
    "NeedSummary",
    "ShortageThresholds",
    "ad_pressure",
    "backtest",
    "barometer_signal",
    "cohort_factors",
    "concentration_coefficients",
    "delimit",
    "distribution",
    "education_supply",
    "employer_difficulty",
    "gender_balance",
    "location_quotient",
    "need_by_group",
    "need_per_year",
    "organisation_dynamics",
    "presence_table",
    "product_space",
    "proximity",
    "recruitment_need",
    "retirement_factors",
    "rpop",
    "sector_size",
    "sector_trend",
    "shift_share",
    "shortage_list",
    "specialisation",
    "specialisation_arrow",
    "specialisation_coefficients",
    "stock_flow",
    "stock_flow_arrow",
    "structure",
    "summarise_need",
    "supply_demand",
]

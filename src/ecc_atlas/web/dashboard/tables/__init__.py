"""The dashboard's public tables (see :mod:`~ecc_atlas.web.dashboard.tables.base`).

Importing the package registers every table in :data:`TABLES`.
"""

from __future__ import annotations

from ecc_atlas.web.dashboard.tables import (
    directory,
    outlook,
    overview,
    sector,
    skills,
    specialisation,
    workforce,
)
from ecc_atlas.web.dashboard.tables.base import (
    FILTER_NAMES,
    TABLES,
    Column,
    Filters,
    InvalidFilter,
    Published,
    TableDef,
    Unavailable,
    get_table,
    published,
)

__all__ = [
    "FILTER_NAMES",
    "TABLES",
    "Column",
    "Filters",
    "InvalidFilter",
    "Published",
    "TableDef",
    "Unavailable",
    "directory",
    "get_table",
    "outlook",
    "overview",
    "published",
    "sector",
    "skills",
    "specialisation",
    "workforce",
]

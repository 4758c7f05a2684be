"""Reference data: regions, population, classifications and energy-chain segments.

Everything here is package data read with :mod:`importlib.resources` by small, pure, cached
loaders that return frozen dataclasses or :class:`pyarrow.Table` objects. Every record or file
carries the version of its classification. Nothing is downloaded.

Note that the package re-exports the function ``boundaries`` under the name of its module: import
the module with ``importlib.import_module("ecc_atlas.reference.boundaries")`` if you need it.

Modules:
    regions: the 21 counties (län) and 290 municipalities (kommuner).
    population: bundled approximate population 2015-2024 per county and municipality.
    classifications: SSYK 2012, SNI 2007, SUN 2020 levels and the energy-chain segments.
    boundaries: county and municipality boundaries as clockwise GeoJSON for Vega-Lite.
"""

from __future__ import annotations

from ecc_atlas.reference.boundaries import BoundaryLevel, boundaries, boundaries_geojson
from ecc_atlas.reference.classifications import (
    CARRIERS,
    STRENGTH_AREAS,
    EducationLevel,
    Industry,
    Occupation,
    Segment,
    SegmentClassification,
    industry,
    normalize_sni,
    occupation,
    segments,
    sni,
    ssyk,
    ssyk_unit,
    sun_levels,
)
from ecc_atlas.reference.population import population, population_table
from ecc_atlas.reference.regions import (
    VASTMANLAND,
    Region,
    RegionLevel,
    all_regions,
    kommuner,
    lan,
    region,
)

__all__ = [
    "CARRIERS",
    "STRENGTH_AREAS",
    "VASTMANLAND",
    "BoundaryLevel",
    "EducationLevel",
    "Industry",
    "Occupation",
    "Region",
    "RegionLevel",
    "Segment",
    "SegmentClassification",
    "all_regions",
    "boundaries",
    "boundaries_geojson",
    "industry",
    "kommuner",
    "lan",
    "normalize_sni",
    "occupation",
    "population",
    "population_table",
    "region",
    "segments",
    "sni",
    "ssyk",
    "ssyk_unit",
    "sun_levels",
]

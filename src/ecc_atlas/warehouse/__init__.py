"""The statistics warehouse: Parquet datasets with a manifest, read through Ibis."""

from __future__ import annotations

from ecc_atlas.warehouse.catalog import Catalog, DatasetEntry, DatasetNotFound, WarehouseError
from ecc_atlas.warehouse.engine import connect, tables

__all__ = ["Catalog", "DatasetEntry", "DatasetNotFound", "WarehouseError", "connect", "tables"]

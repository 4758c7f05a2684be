"""The analysis engine: Ibis over DuckDB (default) or PySpark, reading warehouse datasets."""

from __future__ import annotations

import os
import tempfile
from typing import TYPE_CHECKING, Any

import ibis

from ecc_atlas.warehouse.catalog import Catalog, WarehouseError

if TYPE_CHECKING:
    from ibis.backends import BaseBackend
    from ibis.expr.types import Table

__all__ = ["connect", "tables"]


def connect(engine: str = "duckdb") -> BaseBackend:
    """Open an Ibis backend: an in-process DuckDB, or a local PySpark session."""
    if engine == "duckdb":
        return ibis.duckdb.connect()
    if engine == "pyspark":
        try:
            from pyspark.sql import SparkSession
        except ImportError as exc:  # pragma: no cover - depends on the optional extra
            raise WarehouseError(
                "The PySpark engine needs the spark extra: pip install 'ecc-atlas[spark]'."
            ) from exc
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        warehouse_dir = tempfile.mkdtemp(prefix="ecc-atlas-spark-")
        session = (
            SparkSession.builder.master("local[2]")
            .appName("ecc-atlas")
            .config("spark.sql.warehouse.dir", warehouse_dir)
            .config("spark.ui.enabled", "false")
            .config("spark.sql.session.timeZone", "UTC")
            # Few partitions: the default 200 makes every small query slow on one machine.
            .config(
                "spark.sql.shuffle.partitions", os.environ.get("ECC_ATLAS_SPARK_PARTITIONS", "4")
            )
            .config("spark.driver.memory", os.environ.get("ECC_ATLAS_SPARK_MEMORY", "4g"))
            .getOrCreate()
        )
        return ibis.pyspark.connect(session)
    raise WarehouseError(f"Unknown engine {engine!r}; use 'duckdb' or 'pyspark'.")


def tables(catalog: Catalog, names: list[str], backend: Any = None) -> dict[str, Table]:
    """Register warehouse datasets with a backend and return them as Ibis tables."""
    con = backend if backend is not None else connect()
    result: dict[str, Table] = {}
    for name in names:
        result[name] = con.read_parquet(str(catalog.path(name)), table_name=name)
    return result

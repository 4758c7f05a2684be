"""The DuckDB/PySpark parity suite: one Spark session for the whole run, seeded tiny data.

Spark starts once per test session (``local[2]``, through
:func:`ecc_atlas.warehouse.connect`) with two shuffle partitions — the default 200 makes
every small query pay for 200 tasks. The datasets are small, built by seeded code, and
written once as Parquet that both engines read.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

pytest.importorskip("pyspark")

SEED = 20260101
ORGS = [f"55600000{i:02d}" for i in range(6)]
KOMMUNER = ["1980", "1983", "0180"]
SSYK = ["2143", "3113", "7411", "7412", "2512"]
BANDS = ["20-24", "30-34", "45-49", "55-59", "60-64", "65-69"]
YEARS = list(range(2017, 2025))


def _workforce(rng: np.random.Generator) -> pa.Table:
    rows = []
    size = {o: rng.integers(5, 40) for o in ORGS}
    for org in ORGS:
        kommun = KOMMUNER[ORGS.index(org) % len(KOMMUNER)]
        for year in YEARS:
            if org == ORGS[-1] and year < 2020:
                continue  # an organisation that enters in 2020
            for ssyk in SSYK:
                for band in BANDS:
                    for gender in ("F", "M"):
                        n = int(rng.poisson(size[org] / 12 * (1 + 0.03 * (year - 2017))))
                        if n:
                            rows.append(
                                (
                                    org,
                                    year,
                                    kommun,
                                    ssyk,
                                    str(rng.integers(3, 8)),
                                    band,
                                    gender,
                                    "SE" if rng.random() < 0.8 else "foreign",
                                    n,
                                )
                            )
    names = [
        "org_number",
        "year",
        "kommun_code",
        "ssyk",
        "sun_level",
        "age_band",
        "gender",
        "origin",
        "employees",
    ]
    data: dict[str, Any] = {n: [r[i] for r in rows] for i, n in enumerate(names)}
    data["year"] = pa.array(data["year"], pa.int32())
    data["employees"] = pa.array(data["employees"], pa.int64())
    data["full_year_equivalents"] = pa.array([0.9 * r[8] for r in rows], pa.float64())
    return pa.table(data)


def _flows(rng: np.random.Generator, workforce: pa.Table) -> pa.Table:
    keys = sorted(
        {
            (o, y, k, s)
            for o, y, k, s in zip(
                *[
                    workforce.column(c).to_pylist()
                    for c in ("org_number", "year", "kommun_code", "ssyk")
                ],
                strict=True,
            )
        }
    )
    sep = rng.integers(0, 6, len(keys))
    ret = np.minimum(rng.integers(0, 2, len(keys)), sep)
    return pa.table(
        {
            "org_number": [k[0] for k in keys],
            "year": pa.array([k[1] for k in keys], pa.int32()),
            "kommun_code": [k[2] for k in keys],
            "ssyk": [k[3] for k in keys],
            "hires": pa.array(rng.integers(0, 6, len(keys)), pa.int64()),
            "separations": pa.array(sep, pa.int64()),
            "retirements": pa.array(ret, pa.int64()),
        }
    )


def _tables(rng: np.random.Generator) -> dict[str, pa.Table]:
    workforce = _workforce(rng)
    decisions = pa.table(
        {
            "org_number": [o for o in ORGS for _ in YEARS],
            "year": pa.array([y for _ in ORGS for y in YEARS], pa.int32()),
            "included": [not (o == ORGS[1] and y >= 2022) for o in ORGS for y in YEARS],
            "segment": [
                ["grids", "heat", "manufacturing"][i % 3] for i, _ in enumerate(ORGS) for _ in YEARS
            ],
        }
    )
    lans = [f"{i:02d}" for i in (1, 3, 4, 5, 19)]
    county = pa.table(
        {
            "lan_code": [lan for lan in lans for _ in YEARS],
            "year": pa.array([y for _ in lans for y in YEARS], pa.int32()),
            "sector_employees": pa.array(
                rng.integers(500, 3000, len(lans) * len(YEARS)), pa.int64()
            ),
            "total_employees": pa.array(
                rng.integers(50_000, 90_000, len(lans) * len(YEARS)), pa.int64()
            ),
            "population": pa.array(
                rng.integers(100_000, 200_000, len(lans) * len(YEARS)), pa.int64()
            ),
        }
    )
    plans = pa.table(
        {
            "org_number": ORGS[:4] * 2,
            "survey_year": pa.array([2024] * 8, pa.int32()),
            "ssyk": [SSYK[i % 5] for i in range(8)],
            "horizon_years": pa.array([5] * 8, pa.int32()),
            "planned_hires": pa.array(rng.integers(0, 10, 8), pa.int64()),
            "planned_net_change": pa.array(rng.integers(-2, 8, 8), pa.int64()),
            "recruitment_difficulty": pa.array(rng.integers(1, 6, 8), pa.int64()),
        }
    )
    programmes = pa.table(
        {
            "programme": ["p1", "p1", "p2", "p2"],
            "kommun_code": ["1980", "1980", "1983", "0180"],
            "year": pa.array([2023, 2024, 2024, 2024], pa.int32()),
            "graduates": [10, 12, 20, 5],
            "retention_share": [0.5, 0.6, 0.8, 0.9],
            "ssyk": ["2143", "2143", "3113", "7411"],
        }
    )
    import datetime as dt

    ads = pa.table(
        {
            "ssyk": [SSYK[i % 5] for i in range(12)],
            "lan_code": ["19"] * 10 + ["01"] * 2,
            "publication_date": [dt.date(2024, 1 + i % 12, 1) for i in range(12)],
            "number_of_vacancies": pa.array([1, 2, None, 1, 3, 1, 1, 2, 1, 1, 4, 1], pa.int32()),
        }
    )
    barometer = pa.table(
        {
            "omgang": ["2024-2"] * 4,
            "lan_code": ["19", "19", "00", "00"],
            "ssyk": ["2143", "3113", "7411", "2143"],
            "rekryteringssituation": ["brist", "balans", "överskott", "balans"],
        }
    )
    return {
        "workforce": workforce,
        "flows": _flows(rng, workforce),
        "decisions": decisions,
        "county": county,
        "plans": plans,
        "programmes": programmes,
        "ads": ads,
        "barometer": barometer,
    }


@dataclass
class Engines:
    """Both backends with the same datasets registered (Ibis tables by name)."""

    duckdb: dict[str, Any]
    pyspark: dict[str, Any]


@pytest.fixture(scope="session")
def spark_backend() -> Iterator[Any]:
    """One local Spark session for the whole parity suite."""
    from ecc_atlas.warehouse import connect

    backend = connect("pyspark")
    session = backend._session
    session.conf.set("spark.sql.shuffle.partitions", "2")
    session.sparkContext.setLogLevel("ERROR")
    yield backend
    session.stop()


@pytest.fixture(scope="session")
def engines(spark_backend: Any, tmp_path_factory: pytest.TempPathFactory) -> Engines:
    """The seeded datasets on DuckDB and on PySpark."""
    import ibis

    folder: Path = tmp_path_factory.mktemp("parity")
    duck = ibis.duckdb.connect()
    tables: dict[str, dict[str, Any]] = {"duckdb": {}, "pyspark": {}}
    for name, table in _tables(np.random.default_rng(SEED)).items():
        path = folder / f"{name}.parquet"
        pq.write_table(table, path)
        tables["duckdb"][name] = duck.read_parquet(str(path), table_name=name)
        tables["pyspark"][name] = spark_backend.read_parquet(str(path), table_name=name)
    return Engines(tables["duckdb"], tables["pyspark"])


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """PySpark warns that it does not fully support pandas 3; that is its own concern."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.filterwarnings("ignore::FutureWarning:pyspark"))
            item.add_marker(pytest.mark.filterwarnings("ignore::UserWarning:pyspark"))

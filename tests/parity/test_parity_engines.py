"""Every analysis gives the same result on DuckDB and on PySpark (local[2])."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

import ibis
import numpy as np
import pandas as pd
import pytest

from ecc_atlas import analysis as A

Tables = dict[str, Any]


def _delimited(t: Tables, name: str = "workforce") -> Any:
    return A.delimit(t[name], t["decisions"])


def _long(t: Tables, *, by_year: bool = False) -> Any:
    w = _delimited(t)
    keys = {"region": w.kommun_code, "item": w.ssyk}
    if by_year:
        keys["time"] = w.year.cast("int64")
    else:
        w = w.filter(w.year == 2024)
    return w.group_by(**keys).aggregate(value=w.employees.sum())


def _need(t: Tables) -> Any:
    forecast = A.stock_flow(_delimited(t), _delimited(t, "flows"), horizon=3, replacement="exits")
    return A.need_per_year(forecast)


def _shortage(t: Tables) -> Any:
    balance = A.supply_demand(_need(t), A.education_supply(t["programmes"], region="19"))
    employment = _delimited(t).group_by("ssyk").aggregate(employees=_delimited(t).employees.sum())
    return A.shortage_list(
        balance,
        difficulty=A.employer_difficulty(t["plans"]),
        barometer=A.barometer_signal(t["barometer"], lan="19"),
        ads=A.ad_pressure(t["ads"], employment, lan="19"),
    )


LQ_COLS = {
    "region": "lan_code",
    "value": "sector_employees",
    "total": "total_employees",
    "time": "year",
}

CASES: dict[str, Callable[[Tables], Any]] = {
    "sector_size": lambda t: A.sector_size(
        t["workforce"], t["decisions"], by=("year", "region", "segment"), level="kommun"
    ),
    "sector_trend": lambda t: A.sector_trend(
        A.sector_size(_delimited(t), by=("year", "segment")), by=("segment",)
    ),
    "organisation_dynamics": lambda t: A.organisation_dynamics(
        t["workforce"], t["decisions"], by=("year", "segment")
    ),
    "structure": lambda t: A.structure(_delimited(t), by=("year", "segment")),
    "distribution": lambda t: A.distribution(_delimited(t), dimension="age_band"),
    "gender_balance": lambda t: A.gender_balance(_delimited(t)),
    "location_quotient": lambda t: A.location_quotient(t["county"], cols=LQ_COLS),
    "rpop": lambda t: A.rpop(
        t["county"],
        cols={
            "region": "lan_code",
            "value": "sector_employees",
            "population": "population",
            "time": "year",
        },
    ),
    "presence_table": lambda t: A.presence_table(_long(t, by_year=True), cols={"time": "time"}),
    "specialisation": lambda t: A.specialisation(_long(t, by_year=True), cols={"time": "time"}),
    "proximity": lambda t: A.proximity(_long(t)),
    "specialisation_coefficients": lambda t: A.specialisation_coefficients(_long(t)),
    "concentration_coefficients": lambda t: A.concentration_coefficients(_long(t)),
    "shift_share": lambda t: A.shift_share(_long(t, by_year=True), start=2018, end=2024),
    "stock_flow": lambda t: A.stock_flow(
        _delimited(t),
        _delimited(t, "flows"),
        t["plans"],
        horizon=4,
        scenario=["trend", "plans", "event"],
        events=[A.Event("plant", 2026, 20.0)],
    ),
    "backtest": lambda t: A.backtest(_delimited(t), _delimited(t, "flows"), horizon=3),
    "recruitment_need": lambda t: A.recruitment_need(
        _delimited(t), _delimited(t, "flows"), t["plans"]
    ),
    "shortage_list": _shortage,
}


def _frame(result: Any) -> pd.DataFrame:
    frame = result.to_pandas() if hasattr(result, "to_pandas") else pd.DataFrame(result)
    keys = [c for c in frame.columns if not pd.api.types.is_float_dtype(frame[c])]
    frame = frame.sort_values(keys or list(frame.columns), kind="stable", na_position="first")
    return frame.reset_index(drop=True)


@pytest.mark.parametrize("name", sorted(CASES))
def test_same_result_on_both_engines(name: str, engines: Any) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", A.AnalysisWarning)
        duck = _frame(CASES[name](engines.duckdb))
        spark = _frame(CASES[name](engines.pyspark))
    assert len(duck) > 0, f"{name} gave no rows"
    assert list(duck.columns) == list(spark.columns)
    assert len(duck) == len(spark)
    for column in duck.columns:
        a, b = duck[column], spark[column]
        if pd.api.types.is_float_dtype(a) or pd.api.types.is_float_dtype(b):
            np.testing.assert_allclose(
                a.astype(float).to_numpy(),
                b.astype(float).to_numpy(),
                rtol=1e-9,
                atol=1e-9,
                err_msg=f"{name}.{column}",
            )
        else:
            left = a.astype(object).where(a.notna(), None).tolist()
            right = b.astype(object).where(b.notna(), None).tolist()
            assert [str(v) for v in left] == [str(v) for v in right], f"{name}.{column}"


def test_memtables_run_on_spark(engines: Any) -> None:
    table = ibis.memtable({"region": ["a", "b"], "item": ["x", "y"], "value": [1.0, 2.0]})
    spark_table = engines.pyspark["county"]
    assert spark_table.count().execute() > 0
    assert A.specialisation(table).count().execute() == 4

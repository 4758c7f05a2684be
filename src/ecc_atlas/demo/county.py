"""County-level tables of the demo: the national delimitation and goods exports per län.

Västmanland's sector employment is not invented here: it is the headcount of the
delimited sector computed from the simulated workforce and the decisions. The other
20 counties get plausible, smoothly growing figures shaped like the published national
picture (about 68,000–75,000 employees in the company-based delimitation).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ecc_atlas.reference import lan, population_table

__all__ = ["EMPLOYMENT_RATE", "county_exports", "county_sector"]

HOME = "19"

#: Employees (by workplace) per inhabitant, the same for every county before a small
#: county effect: total county employment ≈ 0.47 × population.
EMPLOYMENT_RATE = 0.47

# fmt: off
#: Energy-sector employees in 2015 outside Västmanland (headcount, company-based
#: delimitation; nuclear and hydro counties and the metropolitan areas are large).
SECTOR_2015: dict[str, int] = {
    "01": 12_930, "03": 2_880, "04": 1_400, "05": 2_700, "06": 1_860, "07": 1_210,
    "08": 2_140, "09": 310, "10": 840, "12": 5_860, "13": 2_600, "14": 9_110,
    "17": 1_400, "18": 1_670, "20": 1_950, "21": 1_860, "22": 2_140, "23": 1_300,
    "24": 1_770, "25": 2_420,
}

#: County effect on the employment rate (counties with regional centres employ commuters).
EMPLOYMENT_EFFECT: dict[str, float] = {
    "01": 0.07, "03": 0.0, "04": -0.04, "05": -0.01, "06": 0.02, "07": 0.01, "08": -0.03,
    "09": -0.02, "10": -0.04, "12": -0.02, "13": -0.02, "14": 0.02, "17": -0.03,
    "18": 0.0, "19": 0.03, "20": -0.02, "21": -0.03, "22": -0.01, "23": -0.01, "24": 0.0,
    "25": 0.0,
}

#: Goods exports in 2015, MSEK. Västmanland (power equipment, robots, traction) is fourth
#: in total; Norrbotten is set just below it in total but above it per inhabitant.
EXPORTS_2015: dict[str, float] = {
    "01": 205_000, "03": 21_000, "04": 26_000, "05": 36_000, "06": 38_000, "07": 18_000,
    "08": 22_000, "09": 3_000, "10": 16_000, "12": 128_000, "13": 24_000, "14": 232_000,
    "17": 27_000, "18": 28_000, "19": 41_600, "20": 31_000, "21": 37_500, "22": 30_000,
    "23": 4_500, "24": 22_000, "25": 40_500,
}

#: National nominal export index (2015 = 1): a dip in 2020, a surge in 2021–2022.
EXPORT_INDEX: dict[int, float] = {
    2015: 1.00, 2016: 1.01, 2017: 1.07, 2018: 1.14, 2019: 1.19, 2020: 1.10, 2021: 1.26,
    2022: 1.45, 2023: 1.50, 2024: 1.48,
}
# fmt: on


def _populations() -> dict[tuple[str, int], int]:
    table = population_table()
    rows = table.filter(pc.equal(table["level"], "lan")).to_pylist()
    return {(r["region_code"], int(r["year"])): int(r["population"]) for r in rows}


def county_sector(
    home_employees: Mapping[int, int], rng: np.random.Generator, years: list[int]
) -> pa.Table:
    """``lan_code, year, sector_employees, total_employees`` for all 21 län and ``years``.

    ``home_employees`` is Västmanland's delimited-sector headcount per year.
    """
    pops = _populations()
    codes = sorted(r.code for r in lan())
    rows: list[tuple[str, int, int, int]] = []
    for code in codes:
        trend = rng.normal(0.007, 0.004)
        for year in years:
            total = round(EMPLOYMENT_RATE * (1 + EMPLOYMENT_EFFECT[code]) * pops[(code, year)])
            if code == HOME:
                sector = int(home_employees[year])
            else:
                noise = float(np.exp(rng.normal(0.0, 0.01)))
                sector = round(SECTOR_2015[code] * (1 + trend) ** (year - years[0]) * noise)
            rows.append((code, year, sector, total))
    return pa.table(
        {
            "lan_code": pa.array([r[0] for r in rows], pa.string()),
            "year": pa.array([r[1] for r in rows], pa.int32()),
            "sector_employees": pa.array([r[2] for r in rows], pa.int64()),
            "total_employees": pa.array([r[3] for r in rows], pa.int64()),
        }
    )


def county_exports(rng: np.random.Generator, years: list[int]) -> pa.Table:
    """``lan_code, year, goods_exports_msek`` for all 21 län and ``years``.

    Every county follows the national index with its own small yearly noise (±2 %);
    Norrbotten stays between 96.5 % and 98.5 % of Västmanland, so that Västmanland is
    fourth in total and second per inhabitant in every year.
    """
    codes = sorted(r.code for r in lan())
    values: dict[tuple[str, int], float] = {}
    for year in years:
        for code in codes:
            noise = 1.0 + rng.uniform(-0.02, 0.02)
            values[(code, year)] = EXPORTS_2015[code] * EXPORT_INDEX[year] * noise
        ratio = 0.975 * (1.0 + rng.uniform(-0.01, 0.01))
        values[("25", year)] = values[(HOME, year)] * ratio
    rows = sorted(values.items())
    return pa.table(
        {
            "lan_code": pa.array([k[0] for k, _ in rows], pa.string()),
            "year": pa.array([k[1] for k, _ in rows], pa.int32()),
            "goods_exports_msek": pa.array([round(v, 1) for _, v in rows], pa.float64()),
        }
    )

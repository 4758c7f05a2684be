"""Seeded national-scale synthetic inputs for the benchmarks (290 kommuner × 429 SSYK).

Nothing here is real data: kommun sizes are lognormal, occupation shares Dirichlet, and
each kommun leans towards some occupations (a lognormal tilt), so that location
quotients, presence and complexity have structure to find.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

KOMMUNER = 290
SSYK = 429
BANDS = ["16-19", "20-24", "25-29", "30-34", "35-39", "40-44", "45-49", "50-54", "55-59",
         "60-64", "65-69", "70-74"]  # fmt: skip
BAND_SHARE = np.array([0.02, 0.08, 0.11, 0.12, 0.12, 0.11, 0.11, 0.11, 0.1, 0.08, 0.03, 0.01])


def _base(rng: np.random.Generator, employment: float) -> np.ndarray:
    size = rng.lognormal(8, 1.2, KOMMUNER)
    size = size / size.sum()
    share = rng.dirichlet(np.full(SSYK, 0.3))
    tilt = rng.lognormal(0, 0.8, (KOMMUNER, SSYK))
    base = size[:, None] * share[None, :] * tilt
    return base / base.sum() * employment


def long_table(seed: int, *, years: int = 10, scale: float = 1.0) -> pd.DataFrame:
    """``region, item, year, value``: employees per kommun × SSYK × year (zeros dropped).

    ``scale`` multiplies the number of regions (copies with their own noise) for the
    Spark break-even runs.
    """
    rng = np.random.default_rng(seed)
    base = _base(rng, 5.2e6)
    frames = []
    copies = max(1, round(scale))
    for copy in range(copies):
        tilt = base * rng.lognormal(0, 0.2, base.shape) if copy else base
        for t in range(years):
            values = rng.poisson(tilt * (1 + 0.01 * t))
            r, p = np.nonzero(values)
            frames.append(pd.DataFrame({
                "region": pd.Categorical([f"{copy:02d}{x:04d}" for x in r]).astype(str),
                "item": [f"{x:04d}" for x in p],
                "year": 2015 + t,
                "value": values[r, p].astype(np.float64),
            }))  # fmt: skip
    return pd.concat(frames, ignore_index=True)


def forecast_tables(seed: int, *, history: int = 6) -> dict[str, pa.Table]:
    """Workforce cells (kommun × SSYK × age band × sex × year), flows and plans."""
    rng = np.random.default_rng(seed)
    base = _base(rng, 5.2e6)
    kommun = np.array([f"{k:04d}" for k in range(KOMMUNER)])
    ssyk = np.array([f"{s:04d}" for s in range(SSYK)])
    cells = base[:, :, None, None] * BAND_SHARE[None, None, :, None] * 0.5
    parts = []
    flows = []
    for t in range(history):
        year = 2024 - history + 1 + t
        values = rng.poisson(cells * (0.97 + 0.01 * t))
        k, s, b, g = np.nonzero(values)
        parts.append(pa.table({
            "org_number": kommun[k], "kommun_code": kommun[k], "ssyk": ssyk[s],
            "age_band": np.asarray(BANDS)[b], "gender": np.where(g == 0, "F", "M"),
            "year": np.full(len(k), year, np.int32), "employees": values[k, s, b, g],
        }))  # fmt: skip
        group = base * (0.97 + 0.01 * t)
        sep = rng.poisson(group * 0.13)
        ret = np.minimum(rng.poisson(group * 0.02), sep)
        hires = rng.poisson(group * 0.14)
        kk, ss = np.nonzero(group > 0)
        flows.append(pa.table({
            "kommun_code": kommun[kk], "ssyk": ssyk[ss], "year": np.full(len(kk), year, np.int32),
            "separations": sep[kk, ss], "retirements": ret[kk, ss], "hires": hires[kk, ss],
        }))  # fmt: skip
    answered = rng.random(base.shape) < 0.2
    kk, ss = np.nonzero(answered)
    plans = pa.table({
        "org_number": kommun[kk], "kommun_code": kommun[kk], "ssyk": ssyk[ss],
        "survey_year": np.full(len(kk), 2024, np.int32), "horizon_years": np.full(len(kk), 5),
        "planned_net_change": np.round(base[kk, ss] * rng.normal(0.05, 0.05, len(kk))),
        "planned_hires": np.round(base[kk, ss] * 0.2),
    })  # fmt: skip
    return {"workforce": pa.concat_tables(parts), "flows": pa.concat_tables(flows),
            "plans": plans}  # fmt: skip

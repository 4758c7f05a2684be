"""Exit rates by age and sex, and the cohort factors of the stock-flow forecast.

A person is counted at the end of each year at their age in completed years (the
register convention). In forecast year k a person aged a at the end of the base year is
aged a + k at its end and leaves the labour force *permanently* with

``p(a + k) = 1 − (1 − retirement(a + k)) · (1 − mortality(a + k)) · (1 − other)``

(retirement first, then death, then other permanent exits such as disability pension or
emigration; nobody stays past :attr:`ExitRates.max_age`). Ages are spread evenly within
an age band. :func:`cohort_factors` turns these hazards into the expected fractions of a
band that remain, leave permanently and retire in each forecast year — small tables that
do not depend on the occupation, so the forecast only multiplies them with the stocks.

The defaults are stated here and in ``docs/methods/recruitment-need.md``: retirement is
concentrated at 63–67 (the Swedish pension system's flexible pension age from 63 and the
employment-protection age of 67–69) — with the defaults, of 100 employees still working
at 59, about 8 have retired by 62, about 75 retire at 63–67 and the rest by 74.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
import pyarrow as pa

from ecc_atlas.analysis._common import AnalysisError

__all__ = [
    "DEFAULT_RETIREMENT",
    "ENTRANT_AGE_PROFILE",
    "ExitRates",
    "band_ages",
    "cohort_factors",
    "entrant_factors",
]

#: Probability of retiring during the year at this age (completed years at the year's end).
#: Ages not listed: 0 below the first, the last value above it, 1 from ``max_age``.
DEFAULT_RETIREMENT: dict[int, float] = {
    55: 0.005,
    56: 0.005,
    57: 0.005,
    58: 0.01,
    59: 0.01,
    60: 0.015,
    61: 0.025,
    62: 0.04,
    63: 0.10,
    64: 0.12,
    65: 0.35,
    66: 0.45,
    67: 0.45,
    68: 0.35,
    69: 0.35,
    70: 0.40,
}

#: Gompertz mortality ``a · exp(b · age)`` of the employed, by sex (``"all"`` for data
#: without sex); roughly SCB's life tables for ages 20–74, somewhat below them because
#: the employed are healthier than the whole population.
DEFAULT_MORTALITY: dict[str, tuple[float, float]] = {
    "M": (1.6e-5, 0.095),
    "F": (1.0e-5, 0.095),
    "all": (1.3e-5, 0.095),
}

#: Share of entrants (hires) by age band at the end of the entry year, Swedish-like.
ENTRANT_AGE_PROFILE: dict[str, float] = {
    "16-19": 0.04,
    "20-24": 0.19,
    "25-29": 0.22,
    "30-34": 0.16,
    "35-39": 0.12,
    "40-44": 0.09,
    "45-49": 0.07,
    "50-54": 0.05,
    "55-59": 0.04,
    "60-64": 0.02,
}


@dataclass(frozen=True)
class ExitRates:
    """The permanent-exit hazards of the forecast (see the module docstring).

    ``retirement`` maps age → probability (the same for women and men unless
    ``retirement_women`` is given); ``mortality`` maps sex → Gompertz ``(a, b)``;
    ``other`` is the yearly probability of other permanent exits below ``max_age``;
    ``scale`` multiplies every hazard (capped at 1) — the forecast's interval uses
    ``1 ± uncertainty``.
    """

    retirement: Mapping[int, float] = field(default_factory=lambda: dict(DEFAULT_RETIREMENT))
    retirement_women: Mapping[int, float] | None = None
    mortality: Mapping[str, tuple[float, float]] = field(
        default_factory=lambda: dict(DEFAULT_MORTALITY)
    )
    other: float = 0.005
    max_age: int = 75
    scale: float = 1.0

    def scaled(self, factor: float) -> ExitRates:
        """The same rates with every hazard multiplied by ``factor`` (relative to now)."""
        return replace(self, scale=self.scale * factor)

    def retirement_rate(self, age: int, sex: str) -> float:
        """Probability of retiring at ``age`` (1 from ``max_age``)."""
        if age >= self.max_age:
            return 1.0
        table = self.retirement_women if (sex == "F" and self.retirement_women) else self.retirement
        if not table or age < min(table):
            return 0.0
        value = table[max(table)] if age > max(table) else table.get(age, 0.0)
        return min(1.0, value * self.scale)

    def mortality_rate(self, age: int, sex: str) -> float:
        """Probability of dying at ``age`` (Gompertz by sex)."""
        a, b = self.mortality.get(sex) or self.mortality.get("all") or (0.0, 0.0)
        return min(1.0, a * math.exp(b * age) * self.scale)

    def permanent(self, age: int, sex: str) -> tuple[float, float]:
        """``(p, retirement)``: all permanent exits, and retirements, at ``age``."""
        ret = self.retirement_rate(age, sex)
        if age >= self.max_age:
            return 1.0, 1.0
        death = self.mortality_rate(age, sex)
        other = min(1.0, self.other * self.scale)
        return 1.0 - (1.0 - ret) * (1.0 - death) * (1.0 - other), ret


def band_ages(band: str) -> range:
    """The whole-year ages of a band ``"lo-hi"`` (``"45-49"`` → 45 … 49)."""
    try:
        lo, hi = (int(part) for part in band.split("-"))
    except ValueError as exc:
        raise AnalysisError(f"Age band {band!r} is not of the form 'lo-hi'.") from exc
    if hi < lo:
        raise AnalysisError(f"Age band {band!r} ends before it starts.")
    return range(lo, hi + 1)


def _age_factors(
    ages: Sequence[int], weights: Sequence[float], sex: str, horizon: int, rates: ExitRates
) -> np.ndarray:
    """``(3, horizon + 1)``: remain R(k), permanent exits F(k), retirements T(k)."""
    out = np.zeros((3, horizon + 1))
    for age, weight in zip(ages, weights, strict=True):
        remain = 1.0
        out[0, 0] += weight
        for k in range(1, horizon + 1):
            p, ret = rates.permanent(age + k, sex)
            out[1, k] += weight * remain * p
            out[2, k] += weight * remain * ret
            remain *= 1.0 - p
            out[0, k] += weight * remain
    return out


def cohort_factors(
    bands: Sequence[str], sexes: Sequence[str], horizon: int, rates: ExitRates | None = None
) -> pa.Table:
    """Expected fractions of a base-year band × sex in each forecast year (no moves).

    Columns: ``age_band``, ``sex``, ``step`` (0 … horizon), ``remain`` (share still in
    the workforce at the end of year ``step``, 1 at step 0), ``permanent`` (share leaving
    permanently during year ``step``; 0 at step 0) and ``retirement`` (the part of it that
    retires). ``remain(k−1) − permanent(k) = remain(k)``.
    """
    r = rates or ExitRates()
    cols: dict[str, list[object]] = {
        k: [] for k in ("age_band", "sex", "step", "remain", "permanent", "retirement")
    }
    for band in sorted(set(bands)):
        ages = list(band_ages(band))
        for sex in sorted(set(sexes)):
            f = _age_factors(ages, [1.0 / len(ages)] * len(ages), sex, horizon, r)
            for k in range(horizon + 1):
                for name, value in (
                    ("age_band", band),
                    ("sex", sex),
                    ("step", k),
                    ("remain", f[0, k]),
                    ("permanent", f[1, k]),
                    ("retirement", f[2, k]),
                ):
                    cols[name].append(value)
    types = [pa.string(), pa.string(), pa.int64(), pa.float64(), pa.float64(), pa.float64()]
    return pa.table({n: pa.array(v, t) for (n, v), t in zip(cols.items(), types, strict=True)})


def entrant_factors(
    sex: str,
    horizon: int,
    rates: ExitRates | None = None,
    profile: Mapping[str, float] | None = None,
) -> np.ndarray:
    """``(3, horizon + 1)`` remain / permanent / retirement fractions of one entrant cohort.

    Step j counts years since the entry year; the cohort's ages follow ``profile``
    (default :data:`ENTRANT_AGE_PROFILE`, normalised to sum 1).
    """
    r = rates or ExitRates()
    prof = profile or ENTRANT_AGE_PROFILE
    total = float(sum(prof.values()))
    if total <= 0:
        raise AnalysisError("The entrant age profile must have a positive sum.")
    ages: list[int] = []
    weights: list[float] = []
    for band, share in prof.items():
        span = band_ages(band)
        ages.extend(span)
        weights.extend([share / total / len(span)] * len(span))
    return _age_factors(ages, weights, sex, horizon, r)

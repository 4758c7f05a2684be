"""Expansion scenarios of the stock-flow forecast: damped trend, employer plans, named events.

Each scenario gives, per group, a *target path* of employment ``T_0 … T_K`` (``T_0`` is the
base-year stock) in three variants — low, central, high:

* ``"trend"`` — a damped trend (Gardner & McKenzie): ``T_k = T_{k−1} · (1 + g · φ^k)`` with
  ``g = exp(b) − 1``, ``b`` the slope of a least-squares line through log employment over
  the last ``trend_years`` years; low/high use ``b ∓ z·se(b)`` (z = 1.28, an 80 % band).
  Groups with fewer than three years of positive employment use the pooled growth of all
  groups; yearly growth is capped at ±25 %.
* ``"plans"`` — employers' planned net change per year over the survey's horizon (scaled
  to the whole population by the respondents' share of its employees), times a
  realisation share (default low 0.5, central 1.0, high 1.0: surveys overstate growth);
  before and after the plan years, the damped trend.
* ``"event"`` — the damped trend plus named events (:class:`Event`): N jobs from a year
  on, in a given occupation mix, phased in over ``ramp_years``. Events are the scenario's
  assumptions and the same in all three variants.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from ecc_atlas.analysis._common import AnalysisError

__all__ = ["SCENARIOS", "Event", "TrendFit", "damped_paths", "event_jobs", "fit_trend"]

SCENARIOS = ("trend", "plans", "event")
FloatArray = npt.NDArray[np.float64]
_Z80 = 1.2816
_CAP = 0.25


@dataclass(frozen=True)
class Event:
    """A named change: ``jobs`` new jobs (negative: jobs lost) from ``year``.

    ``mix`` maps a group label (the value of the single ``by`` column, or a tuple of the
    ``by`` values) to its share of the jobs; None = the base year's mix of all groups.
    The jobs arrive evenly over ``ramp_years`` years starting with ``year``.
    """

    name: str
    year: int
    jobs: float
    mix: Mapping[object, float] | None = None
    ramp_years: int = 1

    def __post_init__(self) -> None:
        if self.ramp_years < 1:
            raise AnalysisError(f"Event {self.name!r}: ramp_years must be at least 1.")
        if self.mix is not None and (
            any(v < 0 for v in self.mix.values()) or sum(self.mix.values()) <= 0
        ):
            raise AnalysisError(f"Event {self.name!r}: the mix needs non-negative shares.")


@dataclass(frozen=True)
class TrendFit:
    """Per-group yearly growth (central, low, high) and how many years it rests on."""

    growth: FloatArray
    low: FloatArray
    high: FloatArray
    years: npt.NDArray[np.int64]
    pooled: bool = field(default=False)


def _slope(x: FloatArray, y: FloatArray, w: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Row-wise least squares of y on x over the entries with w = 1: (slope, se)."""
    n = w.sum(axis=1)
    sx = (w * x).sum(axis=1)
    sy = (w * y).sum(axis=1)
    sxx = (w * x * x).sum(axis=1)
    sxy = (w * x * y).sum(axis=1)
    den = n * sxx - sx**2
    with np.errstate(divide="ignore", invalid="ignore"):
        b = np.where(den > 0, (n * sxy - sx * sy) / den, 0.0)
        a = np.where(n > 0, (sy - b * sx) / n, 0.0)
        resid = (w * (y - a[:, None] - b[:, None] * x) ** 2).sum(axis=1)
        se = np.where((n > 2) & (den > 0), np.sqrt(resid / (n - 2) * n / den), np.nan)
    return b, se


def fit_trend(history: FloatArray, years: Sequence[int]) -> TrendFit:
    """Fit the log-linear trend of each row of ``history`` (groups × years, employment).

    Years with employment ≤ 0 are ignored. Groups with fewer than three usable years get
    the pooled fit of the column sums.
    """
    x = np.broadcast_to(np.asarray(years, dtype=np.float64), history.shape)
    usable = history > 0
    logs = np.log(np.where(usable, history, 1.0))
    w = usable.astype(np.float64)
    b, se = _slope(x - x.mean(), logs, w)
    total = history.sum(axis=0, keepdims=True)
    tw = (total > 0).astype(np.float64)
    pb, pse = _slope(x[:1] - x.mean(), np.log(np.where(total > 0, total, 1.0)), tw)
    pooled_b = float(pb[0])
    pooled_se = float(pse[0]) if np.isfinite(pse[0]) else abs(pooled_b)
    few = w.sum(axis=1) < 3
    b = np.where(few, pooled_b, b)
    se = np.where(few | ~np.isfinite(se), pooled_se, se)

    def growth(slope: FloatArray) -> FloatArray:
        return np.clip(np.expm1(slope), -_CAP, _CAP)

    return TrendFit(
        growth=growth(b),
        low=growth(b - _Z80 * se),
        high=growth(b + _Z80 * se),
        years=w.sum(axis=1).astype(np.int64),
    )


def damped_paths(
    base: FloatArray,
    growth: FloatArray,
    horizon: int,
    damping: float,
    additions: FloatArray | None = None,
    start_step: FloatArray | None = None,
) -> FloatArray:
    """Target paths ``(groups, horizon + 1)`` of a damped trend, plus fixed additions.

    ``additions[:, k]`` (persons) is added in year k *instead of* the trend step where it
    is not NaN (the plan years); the damping index restarts after them.
    """
    if not 0.0 <= damping <= 1.0:
        raise AnalysisError("The damping factor must be between 0 and 1.")
    g = base.shape[0]
    path = np.zeros((g, horizon + 1))
    path[:, 0] = base
    index = np.zeros(g) if start_step is None else start_step.astype(np.float64)
    for k in range(1, horizon + 1):
        planned = None if additions is None else additions[:, k]
        index = index + 1.0
        trend = path[:, k - 1] * (1.0 + growth * damping**index)
        if planned is not None:
            has = ~np.isnan(planned)
            path[:, k] = np.where(has, path[:, k - 1] + np.nan_to_num(planned), trend)
            index = np.where(has, 0.0, index)
        else:
            path[:, k] = trend
        path[:, k] = np.maximum(path[:, k], 0.0)
    return path


def event_jobs(
    events: Sequence[Event],
    labels: Sequence[object],
    base_mix: FloatArray,
    base_year: int,
    horizon: int,
) -> FloatArray:
    """Cumulative event jobs per group and step ``(groups, horizon + 1)``."""
    out = np.zeros((len(labels), horizon + 1))
    index = {label: i for i, label in enumerate(labels)}
    for event in events:
        if event.mix is None:
            shares = base_mix / base_mix.sum() if base_mix.sum() > 0 else base_mix
        else:
            total = float(sum(event.mix.values()))
            shares = np.zeros(len(labels))
            for key, share in event.mix.items():
                if key not in index:
                    raise AnalysisError(f"Event {event.name!r}: unknown group {key!r}.")
                shares[index[key]] = share / total
        for k in range(1, horizon + 1):
            year = base_year + k
            done = min(max(year - event.year + 1, 0), event.ramp_years) / event.ramp_years
            out[:, k] += event.jobs * shares * done
    return out

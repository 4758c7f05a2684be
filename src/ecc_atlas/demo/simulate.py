"""Person-level simulation of the demo workforce, aggregated to register cells and flows.

Each simulated person has an employer, a workplace kommun, an occupation (SSYK 2012), an
education level (SUN 2020), a birth year, a gender, an origin and a part-time factor.
Every year everybody gets one year older; people leave by retirement (mostly at 63–67),
death or turnover (by age, scaled per kind of employer), employers that shrink lay off,
and the employers hire up to their headcount target for the year. Only aggregates leave
this module: the ``workforce`` cells (headcount and full-year equivalents at the end of
each year) and the ``workforce_flows`` (hires, separations, retirements during the year).
Persons are never stored.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from ecc_atlas.demo import profiles as pr
from ecc_atlas.demo.organisations import FIRST_YEAR, LAST_YEAR, SimOrg

__all__ = ["TURNOVER_SCALE", "SimulationResult", "simulate"]

#: Global scale of the turnover hazards: steers separations (retirements included) to
#: about 12–15 % of the headcount a year.
TURNOVER_SCALE = 1.55

AGE_BANDS: tuple[str, ...] = ("16-19", *(f"{lo}-{lo + 4}" for lo in range(20, 75, 5)))

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class SimulationResult:
    """The aggregates of a simulation run (Arrow tables of the warehouse contract)."""

    workforce: pa.Table
    flows: pa.Table


def _band_index(age: IntArray) -> IntArray:
    return np.where(age < 20, 0, np.clip((age - 20) // 5 + 1, 1, len(AGE_BANDS) - 1))


class _Model:
    """Occupation, education and origin draws for new persons."""

    def __init__(self, orgs: list[SimOrg], rng: np.random.Generator) -> None:
        self.rng = rng
        codes = sorted({c for p in pr.PROFILES.values() for c in p} | set(pr.ADMIN))
        self.ssyk = codes
        self.n_ssyk = len(codes)
        index = {c: i for i, c in enumerate(codes)}
        weights = np.zeros((len(orgs), len(codes)))
        for o, org in enumerate(orgs):
            admin = 0.5 if org.profile in {"consultancy", "rnd"} else 1.0
            for code, w in pr.PROFILES[org.profile].items():
                weights[o, index[code]] += w
            for code, w in pr.ADMIN.items():
                weights[o, index[code]] += w * admin
        self.weights = weights / weights.sum(axis=1, keepdims=True)
        self.professional = np.array([c[0] in "12" for c in codes])
        eligible = (self.weights * self.professional).sum(axis=1)
        self.phd = np.array(
            [min(org.phd / max(e, 1e-9), 0.6) for org, e in zip(orgs, eligible, strict=True)]
        )
        self.women = np.array([pr.WOMEN.get(c, 0.25) for c in codes])
        edu = np.array([pr.EDUCATION[pr.education_family(c)] for c in codes], dtype=float)
        edu[:, 6] = 0.0  # PhDs come from the organisation's PhD share only
        self.education = np.cumsum(edu / edu.sum(axis=1, keepdims=True), axis=1)
        self.kommun_codes = sorted({k for org in orgs for k in org.kommuner})
        k_index = {k: i for i, k in enumerate(self.kommun_codes)}
        self.kommun = np.zeros((len(orgs), len(self.kommun_codes)))
        for o, org in enumerate(orgs):
            for k, w in zip(org.kommuner, org.kommun_weights, strict=True):
                self.kommun[o, k_index[k]] = w
        self.kommun = np.cumsum(self.kommun / self.kommun.sum(axis=1, keepdims=True), axis=1)
        self.turnover = np.array([pr.TURNOVER_MULTIPLIER[org.profile] for org in orgs])

    def _categorical(self, cum: FloatArray, rows: IntArray) -> IntArray:
        u = self.rng.random(len(rows))
        chosen = (u[:, None] > cum[rows]).sum(axis=1)
        return np.minimum(chosen, cum.shape[1] - 1).astype(np.int64)

    def new_persons(
        self, org: IntArray, year: int, ages: IntArray, stock: bool
    ) -> dict[str, npt.NDArray[np.generic]]:
        """Attributes of new persons in ``org`` hired in ``year`` (or the starting stock)."""
        rng, n = self.rng, len(org)
        drift = 0.0 if stock else 0.025 * (year - FIRST_YEAR + 1)
        w = self.weights[org] * np.where(self.professional, 1.0 + drift, 1.0)
        ssyk = self._categorical(np.cumsum(w / w.sum(axis=1, keepdims=True), axis=1), np.arange(n))
        female = rng.random(n) < self.women[ssyk]
        sun = self._categorical(self.education, ssyk)
        shift_up = (rng.random(n) < 0.18) & female
        if not stock:
            shift_up |= rng.random(n) < 0.012 * (year - FIRST_YEAR + 1)
        else:
            down = (ages >= 55) & (rng.random(n) < 0.18) & (sun >= 3) & (sun <= 5)
            sun = np.where(down, sun - 1, sun)
        sun = np.where(shift_up & (sun >= 2) & (sun <= 4), sun + 1, sun)
        phd = self.professional[ssyk] & (rng.random(n) < self.phd[org])
        sun = np.where(phd, 6, sun)
        foreign_p = 0.10 if stock else 0.13 + 0.007 * (year - FIRST_YEAR)
        foreign = rng.random(n) < foreign_p
        unknown = foreign & ~phd & (rng.random(n) < (0.02 if stock else 0.06))
        sun = np.where(unknown, 7, sun)
        part_time = rng.random(n) < np.where(female, 0.16, 0.05)
        ptf = np.where(part_time, np.round(rng.uniform(0.5, 0.9, n) * 20) / 20, 1.0)
        frac = np.ones(n) if stock else rng.uniform(0.05, 1.0, n)
        return {
            "org": org.astype(np.int64),
            "kommun": self._categorical(self.kommun, org),
            "ssyk": ssyk,
            "sun": sun.astype(np.int64),
            "birth": (year - ages).astype(np.int64),
            "female": female,
            "foreign": foreign,
            "ptf": ptf,
            "hired": np.full(n, year, dtype=np.int64),
            "frac": frac,
            "active": np.ones(n, dtype=bool),
        }

    def hire_ages(self, n: int) -> IntArray:
        """Ages of new hires: young entrants and experienced hires."""
        h, rng = pr.HIRE_AGE, self.rng
        young = rng.random(n) < h["young_share"]
        a_young = h["young_min"] + rng.gamma(h["young_shape"], h["young_scale"], n)
        a_exp = rng.normal(h["experienced_mean"], h["experienced_sd"], n)
        ages = np.where(young, a_young, a_exp)
        return np.clip(np.round(ages), 19, 63).astype(np.int64)

    def stock_ages(self, n: int) -> IntArray:
        """Ages of the starting stock (end of 2014)."""
        bands = list(pr.INITIAL_AGE_BANDS)
        p = np.array(list(pr.INITIAL_AGE_BANDS.values()))
        chosen = self.rng.choice(len(bands), size=n, p=p / p.sum())
        lo = np.array([b[0] for b in bands])[chosen]
        hi = np.array([b[1] for b in bands])[chosen]
        return (lo + np.floor(self.rng.random(n) * (hi - lo + 1))).astype(np.int64)


def _concat(
    people: dict[str, npt.NDArray[np.generic]], new: dict[str, npt.NDArray[np.generic]]
) -> dict[str, npt.NDArray[np.generic]]:
    return {key: np.concatenate([people[key], new[key]]) for key in people}


def simulate(orgs: list[SimOrg], rng: np.random.Generator) -> SimulationResult:
    """Run the person-level panel 2015–2024 and aggregate it (see the module docstring)."""
    model = _Model(orgs, rng)
    years = list(range(FIRST_YEAR, LAST_YEAR + 1))
    targets = np.array([org.targets for org in orgs], dtype=np.int64)  # columns 2014…2024
    start = targets[:, 0]
    org0 = np.repeat(np.arange(len(orgs)), start)
    people = model.new_persons(org0, FIRST_YEAR - 1, model.stock_ages(len(org0)), stock=True)
    cells: list[dict[str, npt.NDArray[np.generic]]] = []
    flows: list[dict[str, npt.NDArray[np.generic]]] = []
    for y_index, year in enumerate(years, start=1):
        act = np.flatnonzero(people["active"])
        org = people["org"][act].astype(np.int64)
        female = people["female"][act].astype(bool)
        age = year - people["birth"][act].astype(np.int64)
        p_ret = pr.retirement_hazard(age, female)
        p_die = pr.mortality(age)
        p_turn = pr.turnover_hazard(age) * model.turnover[org] * TURNOVER_SCALE
        u = rng.random(len(act))
        retire = u < p_ret
        leave = ~retire & (u < p_ret + p_die + p_turn)
        stays = ~(retire | leave)
        remaining = np.bincount(org[stays], minlength=len(orgs))
        excess = remaining - targets[:, y_index]
        for o in np.flatnonzero(excess > 0):
            pool = np.flatnonzero(stays & (org == o))
            laid_off = rng.choice(pool, size=int(excess[o]), replace=False)
            leave[laid_off] = True
            stays[laid_off] = False
        people["active"][act[~stays]] = False
        flows.append(_flow_rows(people, act[~stays], retire[~stays], year, "separations"))
        remaining = np.bincount(org[stays], minlength=len(orgs))
        need = np.maximum(targets[:, y_index] - remaining, 0)
        new_org = np.repeat(np.arange(len(orgs)), need)
        if len(new_org):
            new = model.new_persons(new_org, year, model.hire_ages(len(new_org)), stock=False)
            first_new = len(people["org"])
            people = _concat(people, new)
            hired = np.arange(first_new, len(people["org"]))
            flows.append(_flow_rows(people, hired, np.zeros(len(hired), bool), year, "hires"))
        cells.append(_cell_rows(people, year))
    return SimulationResult(
        workforce=_workforce_table(cells, orgs, model),
        flows=_flows_table(flows, orgs, model),
    )


def _flow_rows(
    people: dict[str, npt.NDArray[np.generic]],
    idx: IntArray,
    retired: BoolArray,
    year: int,
    kind: str,
) -> dict[str, npt.NDArray[np.generic]]:
    n = len(idx)
    return {
        "org": people["org"][idx].astype(np.int64),
        "kommun": people["kommun"][idx].astype(np.int64),
        "ssyk": people["ssyk"][idx].astype(np.int64),
        "year": np.full(n, year, dtype=np.int64),
        "hires": np.full(n, 1 if kind == "hires" else 0, dtype=np.int64),
        "separations": np.full(n, 1 if kind == "separations" else 0, dtype=np.int64),
        "retirements": retired.astype(np.int64),
    }


def _cell_rows(
    people: dict[str, npt.NDArray[np.generic]], year: int
) -> dict[str, npt.NDArray[np.generic]]:
    act = np.flatnonzero(people["active"])
    age = year - people["birth"][act].astype(np.int64)
    hired_now = people["hired"][act] == year
    fye = people["ptf"][act].astype(float) * np.where(hired_now, people["frac"][act], 1.0)
    return {
        "org": people["org"][act].astype(np.int64),
        "kommun": people["kommun"][act].astype(np.int64),
        "ssyk": people["ssyk"][act].astype(np.int64),
        "sun": people["sun"][act].astype(np.int64),
        "band": _band_index(age),
        "female": people["female"][act].astype(np.int64),
        "foreign": people["foreign"][act].astype(np.int64),
        "year": np.full(len(act), year, dtype=np.int64),
        "fye": fye,
    }


def _group(
    parts: list[dict[str, npt.NDArray[np.generic]]], keys: list[str], sums: list[str]
) -> tuple[dict[str, IntArray], dict[str, FloatArray], IntArray]:
    """Group rows by integer keys; return the key columns, summed columns and row counts."""
    data = {k: np.concatenate([p[k] for p in parts]) for k in keys + sums}
    stacked = np.stack([data[k].astype(np.int64) for k in keys], axis=1)
    unique, inverse, counts = np.unique(stacked, axis=0, return_inverse=True, return_counts=True)
    inverse = inverse.reshape(-1)
    key_cols = {k: unique[:, i] for i, k in enumerate(keys)}
    sum_cols = {
        s: np.bincount(inverse, weights=data[s], minlength=len(unique)).astype(np.float64)
        for s in sums
    }
    return key_cols, sum_cols, counts.astype(np.int64)


def _workforce_table(
    cells: list[dict[str, npt.NDArray[np.generic]]], orgs: list[SimOrg], model: _Model
) -> pa.Table:
    keys = ["org", "year", "kommun", "ssyk", "sun", "band", "female", "foreign"]
    k, s, counts = _group(cells, keys, ["fye"])
    table = pa.table(
        {
            "org_number": pa.array([orgs[i].org_number for i in k["org"]], pa.string()),
            "year": pa.array(k["year"], pa.int32()),
            "kommun_code": pa.array([model.kommun_codes[i] for i in k["kommun"]], pa.string()),
            "ssyk": pa.array([model.ssyk[i] for i in k["ssyk"]], pa.string()),
            "sun_level": pa.array([pr.SUN_CODES[i] for i in k["sun"]], pa.string()),
            "age_band": pa.array([AGE_BANDS[i] for i in k["band"]], pa.string()),
            "gender": pa.array(["F" if f else "M" for f in k["female"]], pa.string()),
            "origin": pa.array(["foreign" if f else "SE" for f in k["foreign"]], pa.string()),
            "employees": pa.array(counts, pa.int64()),
            "full_year_equivalents": pa.array(np.round(s["fye"], 2), pa.float64()),
        }
    )
    order = [(c, "ascending") for c in table.column_names[:8]]
    return table.sort_by(order)


def _flows_table(
    flows: list[dict[str, npt.NDArray[np.generic]]], orgs: list[SimOrg], model: _Model
) -> pa.Table:
    keys = ["org", "year", "kommun", "ssyk"]
    k, s, _ = _group(flows, keys, ["hires", "separations", "retirements"])
    table = pa.table(
        {
            "org_number": pa.array([orgs[i].org_number for i in k["org"]], pa.string()),
            "year": pa.array(k["year"], pa.int32()),
            "kommun_code": pa.array([model.kommun_codes[i] for i in k["kommun"]], pa.string()),
            "ssyk": pa.array([model.ssyk[i] for i in k["ssyk"]], pa.string()),
            "hires": pa.array(np.round(s["hires"]).astype(np.int64), pa.int64()),
            "separations": pa.array(np.round(s["separations"]).astype(np.int64), pa.int64()),
            "retirements": pa.array(np.round(s["retirements"]).astype(np.int64), pa.int64()),
        }
    )
    order = [(c, "ascending") for c in table.column_names[:4]]
    return table.sort_by(order)

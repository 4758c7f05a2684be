"""Property tests: identities that must hold for any input (hypothesis)."""

from __future__ import annotations

import warnings

import ibis
import numpy as np
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ecc_atlas.analysis import (
    AnalysisWarning,
    location_quotient,
    shift_share,
    specialisation,
    stock_flow,
)
from ecc_atlas.analysis._projection import project
from ecc_atlas.analysis.complexity import product_space

FAST = settings(
    max_examples=20, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)

matrices = st.integers(2, 5).flatmap(
    lambda r: st.integers(2, 5).flatmap(
        lambda p: st.lists(
            st.lists(st.integers(0, 50), min_size=p, max_size=p), min_size=r, max_size=r
        )
    )
)


def _long(values: list[list[int]], scale: float = 1.0) -> ibis.Table:
    rows = [
        (f"r{i}", f"j{j}", v * scale) for i, row in enumerate(values) for j, v in enumerate(row)
    ]
    return ibis.memtable(
        pa.table(
            {
                "region": [r[0] for r in rows],
                "item": [r[1] for r in rows],
                "value": pa.array([r[2] for r in rows], pa.float64()),
            }
        )
    )


def _positive_margins(values: list[list[int]]) -> bool:
    a = np.asarray(values)
    return bool((a.sum(axis=1) > 0).all() and (a.sum(axis=0) > 0).all())


@FAST
@given(matrices)
def test_weighted_mean_lq_is_one(values: list[list[int]]) -> None:
    if not _positive_margins(values):
        return
    rows = location_quotient(_long(values), cols={"item": "item"}).to_pyarrow().to_pylist()
    by_region: dict[str, float] = {}
    by_item: dict[str, float] = {}
    for r in rows:
        national_share = r["item_total"] / r["grand_total"]
        regional_share = r["region_total"] / r["grand_total"]
        by_region[r["region"]] = by_region.get(r["region"], 0.0) + national_share * r["lq"]
        by_item[r["item"]] = by_item.get(r["item"], 0.0) + regional_share * r["lq"]
    assert all(v == pytest.approx(1.0) for v in by_region.values())
    assert all(v == pytest.approx(1.0) for v in by_item.values())


@FAST
@given(matrices, st.floats(0.01, 1000.0))
def test_specialisation_is_invariant_to_scaling(values: list[list[int]], scale: float) -> None:
    if not _positive_margins(values):
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", AnalysisWarning)
        a = specialisation(_long(values)).to_pyarrow().to_pylist()
        b = specialisation(_long(values, scale)).to_pyarrow().to_pylist()
    for x, y in zip(a, b, strict=True):
        assert x["lq"] == pytest.approx(y["lq"], rel=1e-9)
        assert x["mcp"] == y["mcp"]
        for name in ("density", "eci", "pci", "coi", "cog"):
            if x[name] is None:
                assert y[name] is None
            else:
                assert x[name] == pytest.approx(y[name], rel=1e-6, abs=1e-9)


@FAST
@given(st.lists(st.integers(0, 1), min_size=12, max_size=12))
def test_eci_is_the_mean_pci_of_a_regions_items(bits: list[int]) -> None:
    m = np.asarray(bits, dtype=float).reshape(3, 4)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", AnalysisWarning)
        space = product_space(m)
    if np.isnan(space.eci).all():
        return
    ok = ~np.isnan(space.eci)
    pci = np.nan_to_num(space.pci)
    np.testing.assert_allclose(space.eci[ok], (m @ pci)[ok] / m.sum(axis=1)[ok], atol=1e-9)


@FAST
@given(matrices, matrices)
def test_shift_share_parts_sum_to_the_change(a: list[list[int]], b: list[list[int]]) -> None:
    t0 = _long(a).mutate(time=2020).to_pyarrow()
    t1 = _long(b).mutate(time=2024).to_pyarrow()
    table = ibis.memtable(pa.concat_tables([t0, t1]))
    if sum(map(sum, a)) == 0:
        return
    for r in shift_share(table, start=2020, end=2024).to_pyarrow().to_pylist():
        parts = r["national_effect"] + r["industry_mix"] + r["competitive_effect"]
        assert parts == pytest.approx(r["change"], abs=1e-9)
        assert r["expected_change"] == pytest.approx(r["start_value"] * (r["item_growth"] or 0.0))


@FAST
@given(
    st.lists(st.floats(0.0, 500.0), min_size=3, max_size=3),
    st.floats(0.0, 0.5),
    st.lists(st.floats(0.0, 2000.0), min_size=6, max_size=6),
)
def test_projection_accounting_identity(
    base: list[float], move: float, target: list[float]
) -> None:
    k = 5
    stock = np.asarray(base)[:, None] * np.linspace(1.0, 0.5, k + 1)[None, :]
    lost = np.maximum(stock[:, :-1] - stock[:, 1:], 0.0)
    permanent = np.concatenate([np.zeros((3, 1)), lost], axis=1)
    entrant = np.linspace(1.0, 0.9, k + 1)
    ent = (
        np.tile(entrant, (3, 1)),
        np.tile(np.r_[0, -np.diff(entrant)], (3, 1)),
        np.zeros((3, k + 1)),
    )
    path = np.tile(np.r_[stock[:, 0][0], target[:k]], (3, 1))
    path[:, 0] = stock[:, 0]
    p = project((stock, permanent, 0.5 * permanent), ent, np.full(3, move), path)
    for step in range(1, k + 1):
        flows = -p.permanent[:, step] - p.moves[:, step] - p.reductions[:, step]
        np.testing.assert_allclose(
            p.stock[:, step], p.stock[:, step - 1] + flows + p.entries[:, step], atol=1e-6
        )
        np.testing.assert_allclose(p.stock[:, step], path[:, step], atol=1e-6)
        assert (p.entries[:, step] >= 0).all()
        assert (p.openings_exits[:, step] >= 0).all()
        np.testing.assert_allclose(
            p.entries[:, step],
            np.maximum(p.expansion[:, step] + p.permanent[:, step] + p.moves[:, step], 0.0),
            atol=1e-6,
        )


def _workforce(rng: np.random.Generator) -> tuple[ibis.Table, ibis.Table]:
    bands = ["20-24", "30-34", "45-49", "60-64", "65-69"]
    rows, flows = [], []
    for year in range(2018, 2025):
        for ssyk in ("2143", "7411"):
            for band in bands:
                for sex in ("F", "M"):
                    rows.append((year, ssyk, band, sex, int(rng.integers(0, 40))))
            flows.append(
                (
                    year,
                    ssyk,
                    int(rng.integers(5, 30)),
                    int(rng.integers(0, 5)),
                    int(rng.integers(5, 30)),
                )
            )
    wf = pa.table(
        {
            "year": [r[0] for r in rows],
            "ssyk": [r[1] for r in rows],
            "age_band": [r[2] for r in rows],
            "gender": [r[3] for r in rows],
            "employees": [r[4] for r in rows],
        }
    )
    fl = pa.table(
        {
            "year": [f[0] for f in flows],
            "ssyk": [f[1] for f in flows],
            "separations": [f[2] + f[3] for f in flows],
            "retirements": [f[3] for f in flows],
            "hires": [f[4] for f in flows],
        }
    )
    return ibis.memtable(wf), ibis.memtable(fl)


@settings(max_examples=8, deadline=None, derandomize=True)
@given(st.integers(0, 10_000), st.sampled_from(["exits", "exits_and_moves"]))
def test_forecast_accounting_identities(seed: int, replacement: str) -> None:
    wf, fl = _workforce(np.random.default_rng(seed))
    rows = stock_flow(wf, fl, horizon=4, replacement=replacement).to_pyarrow().to_pylist()
    previous: dict[str, float] = {}
    for r in rows:
        start = previous.get(r["ssyk"], r["employees_base"])
        change = -r["permanent_exits"] - r["moves"] - r["reductions"] + r["entries"]
        assert r["employment_central"] == pytest.approx(start + change, abs=1e-6)
        assert r["expansion"] == pytest.approx(r["employment_central"] - start, abs=1e-6)
        assert r["openings_low"] <= r["openings_central"] + 1e-9
        assert r["openings_central"] <= r["openings_high"] + 1e-9
        replacement_demand = r["permanent_exits"] + (
            r["moves"] if replacement == "exits_and_moves" else 0.0
        )
        assert r["replacement_demand"] == pytest.approx(replacement_demand)
        assert r["openings_central"] == pytest.approx(
            max(0.0, r["expansion"] + replacement_demand), abs=1e-6
        )
        assert r["retirements"] <= r["permanent_exits"] + 1e-9
        previous[r["ssyk"]] = r["employment_central"]

"""Independent check against py-ecomplexity (PyPI ``ecomplexity``) on the same input.

Where the two agree the values are compared directly (RCA/LQ, presence, diversity,
ubiquity). Where they differ, each documented convention (docs/methods/complexity.md) is
applied to our output and must reproduce ``ecomplexity`` exactly:

1. ECI/PCI standard deviation — ours: over all region × item rows with ddof = 1 (Stata's
   ``sum eci``); ecomplexity: ``numpy.std`` over regions (ddof = 0). Hence
   ``ours = theirs · sqrt((n − 1) / n)`` with n = regions × items.
2. Density — ours: proximity diagonal 0 (METHODS.md, Stata's ``proximity − I``);
   ecomplexity keeps φ_jj = 1 in numerator and denominator.
3. COI/COG — ours: the Atlas formulas with the normalised PCI; ecomplexity (like Stata)
   uses the raw eigenvector, standardises COI over rows and divides COG by ECI's sd, with
   the diagonal-1 proximity. The raw eigenvector is recovered from ours because
   ``Σ_r d_r k_r = 0`` (k_j is orthogonal to the ubiquity vector).
"""

from __future__ import annotations

import warnings

import ibis
import numpy as np
import pandas as pd
import pytest

from ecc_atlas.analysis import specialisation

ecomplexity = pytest.importorskip("ecomplexity").ecomplexity


def _data(seed: int, regions: int = 25, items: int = 30) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = []
    for year in (2020, 2021):
        base = rng.lognormal(0, 1, (regions, items)) * rng.lognormal(0, 1, regions)[:, None]
        for r in range(regions):
            for p in range(items):
                if rng.random() < 0.85:
                    value = float(rng.poisson(50 * base[r, p]))
                    rows.append((f"r{r:02d}", f"p{p:02d}", year, value))
    return pd.DataFrame(rows, columns=["region", "item", "year", "value"])


@pytest.fixture(scope="module")
def both() -> pd.DataFrame:
    df = _data(20260101)
    ours = specialisation(ibis.memtable(df), cols={"time": "year"}).to_pandas()
    ours = ours.rename(columns={"time": "year"})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # ecomplexity's own pandas/NumPy warnings
        theirs = ecomplexity(
            df,
            {"time": "year", "loc": "region", "prod": "item", "val": "value"},
            verbose=False,
            check_logsupermodularity=False,
        )
    merged = ours.merge(theirs, on=["region", "item", "year"], suffixes=("", "_e"))
    assert len(merged) == len(ours) == len(theirs)
    return merged.sort_values(["year", "region", "item"]).reset_index(drop=True)


def _matrix(g: pd.DataFrame, column: str) -> np.ndarray:
    return g.pivot(index="region", columns="item", values=column).to_numpy(dtype=float)


def test_same_lq_presence_diversity_ubiquity(both: pd.DataFrame) -> None:
    np.testing.assert_allclose(both.lq, both.rca, rtol=1e-12)
    assert (both.mcp == both.mcp_e).all()
    assert (both.diversity == both.diversity_e).all()
    assert (both.ubiquity == both.ubiquity_e).all()


def test_eci_pci_differ_only_by_the_sd_convention(both: pd.DataFrame) -> None:
    for _, g in both.groupby("year"):
        n = g.region.nunique() * g.item.nunique()
        factor = np.sqrt((n - 1) / n)
        np.testing.assert_allclose(g.eci, g.eci_e * factor, atol=1e-10)
        np.testing.assert_allclose(g.pci, g.pci_e * factor, atol=1e-10)


def _their_proximity(m: np.ndarray) -> np.ndarray:
    u = m.sum(axis=0)
    phi = (m.T @ m) / u[np.newaxis, :]
    return np.minimum(phi, phi.T)  # ecomplexity's discrete, symmetric proximity (diag 1)


def test_density_differs_only_by_the_diagonal(both: pd.DataFrame) -> None:
    for _, g in both.groupby("year"):
        m = _matrix(g, "mcp")
        phi1 = _their_proximity(m)
        s = phi1.sum(axis=0)  # Σ_k φ_kj with φ_jj = 1
        theirs = _matrix(g, "density_e")
        expected = (theirs * s[np.newaxis, :] - m) / (s[np.newaxis, :] - 1.0)
        np.testing.assert_allclose(_matrix(g, "density"), expected, atol=1e-10)


def test_coi_cog_differ_by_the_eigenvector_scale_and_diagonal(both: pd.DataFrame) -> None:
    for _, g in both.groupby("year"):
        m = _matrix(g, "mcp")
        d = m.sum(axis=1)
        eci = _matrix(g, "eci")[:, 0]
        pci = _matrix(g, "pci")[0, :]
        shift = (d * eci).sum() / d.sum()  # recovers k up to scale: Σ d_r k_r = 0
        kc, kp = eci - shift, pci - shift
        phi1 = _their_proximity(m)
        density1 = m @ (phi1.T / phi1.sum(axis=1)[np.newaxis, :])
        coi = ((density1 * (1 - m)) * kp).sum(axis=1)
        coi = (coi - coi.mean()) / coi.std()
        np.testing.assert_allclose(_matrix(g, "coi_e")[:, 0], coi, atol=1e-8)
        cog = (1 - m) * ((1 - m) @ (phi1 * (kp / phi1.sum(axis=1))[:, np.newaxis]))
        np.testing.assert_allclose(_matrix(g, "cog_e"), cog / kc.std(), atol=1e-8)
        # And ours is the METHODS.md formula with the normalised PCI and diagonal 0.
        ours_coi = (_matrix(g, "density") * (1 - m) * pci).sum(axis=1)
        np.testing.assert_allclose(_matrix(g, "coi")[:, 0], ours_coi, atol=1e-10)

"""Product-space measures on a presence matrix: proximity, density, ECI/PCI, COI/COG.

This module is the NumPy side of the boundary described in ``docs/methods/complexity.md``:
everything that is a sum over rows of the long table (totals, LQ, presence, diversity,
ubiquity) is computed relationally through Ibis in :mod:`ecc_atlas.analysis.relatedness`;
what is dense linear algebra on the aggregated region × item presence matrix ``M``
(products such as ``MᵀM`` and ``M·φ``, and the eigenvector of the second-largest
eigenvalue) is computed here. In SQL those products are joins of size R·P² per period;
on the aggregated matrix they take milliseconds.

Conventions (METHODS.md; Atlas of Economic Complexity / Stata ``ecomplexity``):

* proximity ``φ_ij = Σ_r M_ri M_rj / max(u_i, u_j)`` (0 when both ubiquities are 0);
* density ``d_rj = Σ_{k≠j} M_rk φ_kj / Σ_{k≠j} φ_kj`` — the diagonal is set to 0 (Stata's
  ``proximity − I``); an item without any proximity to another item has density 0;
* ``k_j`` is the eigenvector of the second-largest eigenvalue of
  ``M̃ = (M/u)ᵀ(M/d)``, ``k_r = (M/d)·k_j``; the sign makes ``k_r`` correlate positively
  with diversity; ``ECI = (k_r − mean)/sd`` and ``PCI = (k_j − mean)/sd`` with the mean
  and the standard deviation (ddof = 1) of ``k_r`` over all region × item rows of the
  computed rectangle (each region counted once per item, as Stata's ``sum eci``);
* ``COI_r = Σ_j d_rj (1 − M_rj) PCI_j``,
  ``COG_rj = (1 − M_rj) Σ_k φ_jk / (Σ_l φ_lk) · (1 − M_rk) PCI_k`` with the normalised PCI.

Regions with zero diversity and items with zero ubiquity are left out of the eigenvector
and the normalisation (their ECI/PCI are missing) with an :class:`AnalysisWarning`.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from ecc_atlas.analysis._common import AnalysisWarning

__all__ = [
    "ComplexityResult",
    "ComplexityUndefined",
    "complexity_indices",
    "density_matrix",
    "outlook",
    "product_space",
    "proximity_matrix",
]

FloatArray = npt.NDArray[np.float64]
_TINY = 1e-12


class ComplexityUndefined(ValueError):
    """ECI/PCI cannot be computed for this matrix (the message says why)."""


@dataclass(frozen=True)
class ComplexityResult:
    """Everything :func:`product_space` computes for one period (arrays, NaN = missing).

    ``eci``/``coi`` have one value per region, ``pci`` one per item, ``density``/``cog``
    are R × P; ``note`` says why ECI/PCI are missing when they are.
    """

    proximity: FloatArray
    density: FloatArray
    eci: FloatArray
    pci: FloatArray
    coi: FloatArray
    cog: FloatArray
    second_eigenvalue: float
    note: str


def _binary(m: npt.ArrayLike) -> FloatArray:
    arr = np.asarray(m, dtype=np.float64)
    if arr.ndim != 2:
        raise ValueError("The presence matrix must be two-dimensional (regions × items).")
    if not np.isin(arr, (0.0, 1.0)).all():
        raise ValueError("The presence matrix must hold only 0 and 1.")
    return arr


def proximity_matrix(m: npt.ArrayLike) -> FloatArray:
    """``φ_ij = Σ_r M_ri M_rj / max(u_i, u_j)`` (P × P, symmetric, diagonal 1 where u > 0).

    Items that no region has (u = 0) have proximity 0 to everything, themselves included.
    """
    mm = _binary(m)
    co = mm.T @ mm
    u = np.diag(co).copy()
    denom = np.maximum.outer(u, u)
    return np.divide(co, denom, out=np.zeros_like(co), where=denom > 0)


def density_matrix(m: npt.ArrayLike, phi: npt.ArrayLike) -> FloatArray:
    """``d_rj = Σ_{k≠j} M_rk φ_kj / Σ_{k≠j} φ_kj`` (R × P); 0 where the denominator is 0."""
    mm = _binary(m)
    p0 = np.array(phi, dtype=np.float64, copy=True)
    np.fill_diagonal(p0, 0.0)
    num = mm @ p0
    den = p0.sum(axis=0)
    return np.divide(num, den[np.newaxis, :], out=np.zeros_like(num), where=den > 0)


def _sign(kc: FloatArray, diversity: FloatArray) -> float:
    if np.std(diversity) > _TINY and np.std(kc) > _TINY:
        corr = float(np.corrcoef(diversity, kc)[0, 1])
        return -1.0 if corr < 0 else 1.0
    # No variation in diversity: the sign is a convention (largest |k_r| positive).
    return -1.0 if kc[int(np.argmax(np.abs(kc)))] < 0 else 1.0


def complexity_indices(m: npt.ArrayLike) -> tuple[FloatArray, FloatArray, float]:
    """ECI (per region) and PCI (per item) of a presence matrix, NaN for left-out rows.

    Returns ``(eci, pci, second_eigenvalue)``. Raises :class:`ComplexityUndefined` when
    fewer than two regions or items have presence, or when every region gets the same
    ``k_r`` (the standard deviation is 0), e.g. when every region has every item.
    """
    mm = _binary(m)
    diversity = mm.sum(axis=1)
    ubiquity = mm.sum(axis=0)
    rows = diversity > 0
    cols = ubiquity > 0
    if rows.sum() < 2 or cols.sum() < 2:
        raise ComplexityUndefined(
            "complexity needs at least two regions and two items with presence "
            f"(found {int(rows.sum())} and {int(cols.sum())})"
        )
    mv = mm[rows][:, cols]
    dv = diversity[rows]
    uv = ubiquity[cols]
    # M̃ = D_u⁻¹ Mᵀ D_d⁻¹ M is similar to the symmetric S = AᵀA with A = D_d^-½ M D_u^-½,
    # so eigh gives real, ordered eigenpairs; k_j = D_u^-½ w.
    # The region-side matrix A Aᵀ has the same non-zero eigenvalues; use the smaller one
    # and map across with k_j ∝ (M/u)ᵀ k_r, k_r = (M/d) k_j (exact, whatever the side).
    a = mv / np.sqrt(dv)[:, np.newaxis] / np.sqrt(uv)[np.newaxis, :]
    if a.shape[0] < a.shape[1]:
        values, vectors = np.linalg.eigh(a @ a.T)
        kc0 = vectors[:, -2] / np.sqrt(dv)
        kp = (mv / uv[np.newaxis, :]).T @ kc0
    else:
        values, vectors = np.linalg.eigh(a.T @ a)
        kp = vectors[:, -2] / np.sqrt(uv)
    kc = (mv / dv[:, np.newaxis]) @ kp
    sign = _sign(kc, dv)
    kp, kc = sign * kp, sign * kc
    n_rows = kc.size * kp.size
    mean = float(kc.mean())
    sd = float(np.sqrt(kp.size * np.sum((kc - mean) ** 2) / (n_rows - 1)))
    if sd <= _TINY * max(1.0, float(np.abs(kc).max())):
        raise ComplexityUndefined(
            "every region has the same complexity score (the presence matrix has no "
            "structure to rank, e.g. every region has every item)"
        )
    eci = np.full(mm.shape[0], np.nan)
    pci = np.full(mm.shape[1], np.nan)
    eci[rows] = (kc - mean) / sd
    pci[cols] = (kp - mean) / sd
    return eci, pci, float(values[-2])


def outlook(
    m: npt.ArrayLike, phi: npt.ArrayLike, density: FloatArray, pci: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """COI per region and COG per region × item from density and the normalised PCI.

    Items with a missing PCI are left out of both sums; the proximity diagonal is 0.
    """
    mm = _binary(m)
    p0 = np.array(phi, dtype=np.float64, copy=True)
    np.fill_diagonal(p0, 0.0)
    known = np.nan_to_num(pci, nan=0.0)
    absent = 1.0 - mm
    coi = (density * absent * known[np.newaxis, :]).sum(axis=1)
    col_sum = p0.sum(axis=0)
    weight = np.divide(known, col_sum, out=np.zeros_like(known), where=col_sum > 0)
    cog = np.where(mm > 0, 0.0, (absent * weight[np.newaxis, :]) @ p0)
    return coi, cog


def product_space(m: npt.ArrayLike, *, label: str = "") -> ComplexityResult:
    """Proximity, density, ECI, PCI, COI and COG of one period's presence matrix.

    When ECI/PCI are undefined (see :func:`complexity_indices`) they, COI and COG are NaN
    and an :class:`AnalysisWarning` says why; proximity and density are always computed.
    Regions with zero diversity and items with zero ubiquity get NaN ECI/COI/COG and
    PCI/COG respectively, with a warning.
    """
    mm = _binary(m)
    phi = proximity_matrix(mm)
    density = density_matrix(mm, phi)
    where = f" in {label}" if label else ""
    r, p = mm.shape
    try:
        eci, pci, second = complexity_indices(mm)
    except ComplexityUndefined as exc:
        warnings.warn(f"ECI/PCI are undefined{where}: {exc}.", AnalysisWarning, stacklevel=2)
        nan_r, nan_rp = np.full(r, np.nan), np.full((r, p), np.nan)
        return ComplexityResult(
            phi, density, nan_r, np.full(p, np.nan), nan_r, nan_rp, float("nan"), str(exc)
        )
    no_div = int((mm.sum(axis=1) == 0).sum())
    no_ubi = int((mm.sum(axis=0) == 0).sum())
    notes = []
    if no_div:
        notes.append(f"{no_div} region(s) without presence left out")
    if no_ubi:
        notes.append(f"{no_ubi} item(s) that no region has left out")
    if notes:
        warnings.warn(f"Complexity{where}: {'; '.join(notes)}.", AnalysisWarning, stacklevel=2)
    coi, cog = outlook(mm, phi, density, pci)
    coi = np.where(np.isnan(eci), np.nan, coi)
    cog = np.where(np.isnan(eci)[:, np.newaxis] | np.isnan(pci)[np.newaxis, :], np.nan, cog)
    return ComplexityResult(phi, density, eci, pci, coi, cog, second, "; ".join(notes))

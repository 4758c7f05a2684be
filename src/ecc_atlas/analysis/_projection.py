"""The cohort recursion of the stock-flow forecast, vectorised over groups (NumPy).

Inputs are aggregated arrays (groups × steps); see :func:`project` and
``docs/methods/recruitment-need.md`` for the model.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

__all__ = ["Projection", "project"]

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Projection:
    """Per group × step (column 0 = base year): persons in each flow of the year."""

    stock: FloatArray
    permanent: FloatArray
    retirements: FloatArray
    moves: FloatArray
    reductions: FloatArray
    entries: FloatArray
    expansion: FloatArray
    openings_exits: FloatArray


def project(
    original: tuple[FloatArray, FloatArray, FloatArray],
    entrant: tuple[FloatArray, FloatArray, FloatArray],
    move_rate: FloatArray,
    target: FloatArray,
) -> Projection:
    """Project each group's stock along its target path.

    ``original`` = (remain, permanent, retirement) of the base-year stock in persons
    ``(G, K + 1)`` without moves (``remain[:, 0]`` is the base stock); ``entrant`` = the
    same fractions of one entrant, by years since entry; ``move_rate`` ``(G,)`` is the
    yearly share of the remaining people who move out (to other employers, occupations
    or regions); ``target`` ``(G, K + 1)`` the employment path of the scenario.

    Each year: permanent exits and moves leave; if the survivors are fewer than the
    target, the difference is hired (entries, with the entrant age profile), otherwise
    every cohort is reduced in proportion (reductions). Hence, exactly,
    ``stock_k = stock_{k−1} − permanent_k − moves_k − reductions_k + entries_k`` and
    ``stock_k = target_k``. ``openings_exits = max(0, expansion + permanent)`` counts
    replacement of permanent exits only; ``entries`` counts moves too.
    """
    # Column-major storage: each year's vector over the groups is contiguous.
    a_r, a_p, a_t = (np.asfortranarray(a) for a in original)
    e_r, e_p, e_t = (np.asfortranarray(a) for a in entrant)
    g, k1 = target.shape
    keep = 1.0 - move_rate
    # decay[:, j] = keep ** j, the share not yet moved out after j years.
    decay = np.asfortranarray(
        np.cumprod(np.concatenate([np.ones((g, 1)), np.repeat(keep[:, None], k1, 1)], 1), 1)
    )
    w0 = np.ones(g)
    weights = np.zeros((g, k1), order="F")  # entries of year i, scaled by later reductions
    names = ("stock", "permanent", "retirements", "moves", "reductions", "entries",
             "expansion", "openings_exits")  # fmt: skip
    out = {name: np.zeros((g, k1), order="F") for name in names}
    out["stock"][:, 0] = a_r[:, 0]
    stock_prev = a_r[:, 0].copy()
    for k in range(1, k1):
        own = w0 * decay[:, k - 1]
        perm = own * a_p[:, k]
        ret = own * a_t[:, k]
        pre = own * a_r[:, k]
        if k > 1:
            # Cohorts 1 … k−1 have been in for k−1 … 1 years (slices, no copies).
            held = weights[:, 1:k] * decay[:, k - 2 :: -1]
            perm += np.einsum("ij,ij->i", held, e_p[:, k - 1 : 0 : -1])
            ret += np.einsum("ij,ij->i", held, e_t[:, k - 1 : 0 : -1])
            pre += np.einsum("ij,ij->i", held, e_r[:, k - 1 : 0 : -1])
        moves = move_rate * pre
        survivors = pre - moves
        goal = np.ascontiguousarray(target[:, k])
        grow = goal >= survivors
        entries = np.where(grow, goal - survivors, 0.0)
        reductions = np.where(grow, 0.0, survivors - goal)
        safe = np.where(survivors > 0, survivors, 1.0)
        factor = np.where(grow | (survivors <= 0), 1.0, goal / safe)
        w0 *= factor
        weights[:, 1:k] *= factor[:, None]
        weights[:, k] = entries
        stock = survivors - reductions + entries
        expansion = stock - stock_prev
        out["stock"][:, k] = stock
        out["permanent"][:, k] = perm
        out["retirements"][:, k] = ret
        out["moves"][:, k] = moves
        out["reductions"][:, k] = reductions
        out["entries"][:, k] = entries
        out["expansion"][:, k] = expansion
        out["openings_exits"][:, k] = np.maximum(expansion + perm, 0.0)
        stock_prev = stock
    return Projection(**out)

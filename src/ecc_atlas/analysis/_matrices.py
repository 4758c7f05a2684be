"""From a long table to one dense region × item matrix per period (the NumPy boundary).

The engine aggregates the long table to one row per period × region × item (summing
repeated rows) and returns it; here each period becomes a dense matrix of values with
regions and items in sorted order. Regions and items whose values are all 0 in a period
are left out of that period with an :class:`AnalysisWarning`.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from ecc_atlas.analysis._common import AnalysisError, AnalysisWarning

if TYPE_CHECKING:
    from ibis.expr.types import Table

__all__ = ["PeriodMatrix", "lq_matrix", "period_matrices"]


@dataclass(frozen=True)
class PeriodMatrix:
    """The values of one period: ``values[r, j]`` for ``regions[r]`` and ``items[j]``."""

    time: Any
    regions: pa.Array
    items: pa.Array
    values: npt.NDArray[np.float64]


def _sorted_codes(column: pa.ChunkedArray) -> tuple[pa.Array, npt.NDArray[np.int64]]:
    encoded = pc.dictionary_encode(column).combine_chunks()
    dictionary = encoded.dictionary
    order = np.asarray(pc.array_sort_indices(dictionary).to_numpy(), dtype=np.int64)
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    codes = rank[np.asarray(encoded.indices.to_numpy(zero_copy_only=False), dtype=np.int64)]
    return dictionary.take(pa.array(order)), codes


def period_matrices(t: Table, *, label_periods: bool) -> list[PeriodMatrix]:
    """Aggregate ``t`` (``time, region, item, value``) in the engine, then densify per period.

    Raises :class:`AnalysisError` when every value is 0.
    """
    agg = t.group_by(["time", "region", "item"]).aggregate(value=t.value.sum()).to_pyarrow()
    if agg.num_rows == 0 or float(pc.sum(agg.column("value")).as_py() or 0.0) <= 0:
        raise AnalysisError("Every value is 0; there is nothing to compute.")
    regions, r_code = _sorted_codes(agg.column("region"))
    items, i_code = _sorted_codes(agg.column("item"))
    times, t_code = _sorted_codes(agg.column("time"))
    values = np.asarray(agg.column("value").to_numpy(), dtype=np.float64)
    result = []
    for k in range(len(times)):
        here = t_code == k
        dense = np.zeros((len(regions), len(items)))
        dense[r_code[here], i_code[here]] = values[here]
        seen_r = np.zeros(len(regions), dtype=bool)
        seen_i = np.zeros(len(items), dtype=bool)
        seen_r[r_code[here]] = True
        seen_i[i_code[here]] = True
        keep_r = seen_r & (dense.sum(axis=1) > 0)
        keep_i = seen_i & (dense.sum(axis=0) > 0)
        period = times[k].as_py()
        where = f" in period {period}" if label_periods else ""
        for kind, names in (("region", regions.filter(pa.array(seen_r & ~keep_r))),
                            ("item", items.filter(pa.array(seen_i & ~keep_i)))):  # fmt: skip
            if len(names):
                shown = ", ".join(str(n) for n in names.to_pylist()[:5])
                more = " …" if len(names) > 5 else ""
                warnings.warn(
                    f"Left out {kind}(s) whose values are all 0{where}: {shown}{more}.",
                    AnalysisWarning,
                    stacklevel=3,
                )
        if keep_r.any() and keep_i.any():
            result.append(
                PeriodMatrix(
                    period,
                    regions.filter(pa.array(keep_r)),
                    items.filter(pa.array(keep_i)),
                    dense[keep_r][:, keep_i],
                )
            )
    return result


def lq_matrix(values: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Location quotients ``(E_rj / E_r) / (E_j / E)`` of a matrix with positive margins."""
    rows = values.sum(axis=1, keepdims=True)
    cols = values.sum(axis=0, keepdims=True)
    total = values.sum()
    return (values / rows) / (cols / total)

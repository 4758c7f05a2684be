"""Primary and secondary cell suppression, and optional rounding, of one aggregate table.

:func:`protect` is the single gate every public aggregate passes (dashboard, API, exports,
reports). It never drops or reorders rows: a suppressed cell keeps its row, its value columns
become null, and two columns say what happened.

Output columns: every input column, in order, then

- ``suppressed`` (bool): the row's value columns are withheld.
- ``suppression_reason`` (string, null when published): ``"frequency"`` (too few persons or
  organisations), ``"dominance"`` (NK rule on a magnitude) or ``"secondary"`` (withheld so that a
  primary suppressed cell cannot be recomputed from totals or margins).

On a suppressed row, the value columns and the auxiliary columns (``persons``,
``organisations``, ``top2_share``) are null. With ``policy.rounding_base`` > 0 the published
values and counts are rounded to that base (half away from zero).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence

import pyarrow as pa
import pyarrow.compute as pc

from ecc_atlas.disclosure.policy import DisclosurePolicy

__all__ = ["DOMINANCE", "FREQUENCY", "SECONDARY", "protect"]

FREQUENCY = "frequency"
DOMINANCE = "dominance"
SECONDARY = "secondary"
_OUTPUT_COLUMNS = ("suppressed", "suppression_reason")


def protect(
    table: pa.Table,
    *,
    dimensions: list[str],
    values: list[str],
    persons: str | None = None,
    organisations: str | None = None,
    top2_share: str | None = None,
    policy: DisclosurePolicy | None = None,
) -> pa.Table:
    """Apply the frequency, dominance and secondary-suppression rules (and rounding) to ``table``.

    ``dimensions`` name the classifying columns (a row is one cell of the cross-classification);
    ``values`` the published figures. ``persons`` / ``organisations`` name count columns for the
    frequency rule, ``top2_share`` a column with the share (0–1) of the cell's magnitude held by
    its two largest contributors, for the dominance rule. At least one of them is required.

    Secondary suppression treats every group of rows that share all dimensions but one as a
    linear relation (the cells sum to their margin). The margin is assumed to be known — either
    an explicit total row of the group (a dimension value in ``policy.total_labels``) or a figure
    published elsewhere. A group may therefore never hold exactly one suppressed cell; the
    smallest published cell (preferring non-zero ones) is withheld too, until every group over
    every dimension is safe (a fixed point).
    """
    policy = policy or DisclosurePolicy.from_env()
    _validate(table, dimensions, values, persons, organisations, top2_share)
    reasons = _primary(table, persons, organisations, top2_share, policy)
    aux = [c for c in (persons, organisations) if c is not None and c not in values]
    if dimensions and any(reasons):
        _secondary(table, dimensions, [*values, *aux], persons or organisations, reasons, policy)
    return _publish(table, values, aux, top2_share, reasons, policy)


def _validate(
    table: pa.Table,
    dimensions: Sequence[str],
    values: Sequence[str],
    persons: str | None,
    organisations: str | None,
    top2_share: str | None,
) -> None:
    if persons is None and organisations is None and top2_share is None:
        raise ValueError("protect() needs a persons, organisations or top2_share column")
    if not values:
        raise ValueError("protect() needs at least one value column")
    named = [*dimensions, *values, *(c for c in (persons, organisations, top2_share) if c)]
    missing = [c for c in named if c not in table.column_names]
    if missing:
        raise ValueError(f"columns not in the table: {', '.join(missing)}")
    overlap = set(dimensions) & set(values)
    if overlap:
        raise ValueError(f"columns both dimension and value: {', '.join(sorted(overlap))}")
    clash = [c for c in _OUTPUT_COLUMNS if c in table.column_names]
    if clash:
        raise ValueError(f"the table already has the output column(s) {', '.join(clash)}")


def _primary(
    table: pa.Table,
    persons: str | None,
    organisations: str | None,
    top2_share: str | None,
    policy: DisclosurePolicy,
) -> list[str | None]:
    reasons: list[str | None] = [None] * table.num_rows
    rules = ((persons, policy.min_persons), (organisations, policy.min_organisations))
    for column, minimum in rules:
        if column is None:
            continue
        for i, count in enumerate(table.column(column).to_pylist()):
            # an unknown count cannot be shown to meet the threshold
            if count is None or count < minimum:
                reasons[i] = FREQUENCY
    if top2_share is not None:
        for i, share in enumerate(table.column(top2_share).to_pylist()):
            if share is None:
                continue
            if not 0 <= share <= 1 + 1e-9:
                raise ValueError(f"{top2_share} holds shares between 0 and 1, found {share!r}")
            if share > policy.dominance_k and reasons[i] is None:
                reasons[i] = DOMINANCE
    return reasons


def _number(value: object) -> float:
    if value is None or isinstance(value, bool):
        return 0.0
    if isinstance(value, int | float):
        return 0.0 if isinstance(value, float) and math.isnan(value) else float(value)
    return 0.0


class _Groups:
    """Rows of the table grouped, per dimension, by the values of all other dimensions."""

    def __init__(self, table: pa.Table, dimensions: Sequence[str], policy: DisclosurePolicy):
        columns = [table.column(d).to_pylist() for d in dimensions]
        self.groups: list[tuple[list[int], int | None]] = []
        for j in range(len(dimensions)):
            keyed: dict[tuple[object, ...], list[int]] = defaultdict(list)
            for i in range(table.num_rows):
                keyed[tuple(col[i] for k, col in enumerate(columns) if k != j)].append(i)
            for members in keyed.values():
                if len(members) < 2:
                    continue
                totals = [i for i in members if policy.is_total(columns[j][i])]
                total = totals[0] if totals else None
                self.groups.append((members, total))


def _secondary(
    table: pa.Table,
    dimensions: Sequence[str],
    check: Sequence[str],
    size_column: str | None,
    reasons: list[str | None],
    policy: DisclosurePolicy,
) -> None:
    numbers = [[_number(v) for v in table.column(c).to_pylist()] for c in check]
    size = numbers[check.index(size_column)] if size_column in check else numbers[0]
    zeros = [sum(1 for col in numbers if col[i] == 0) for i in range(table.num_rows)]
    groups = _Groups(table, dimensions, policy).groups
    changed = True
    while changed:
        changed = False
        for members, total in groups:
            while _unsafe(members, total, reasons, numbers):
                pick = _partner(members, total, reasons, size, zeros)
                if pick is None:
                    break
                reasons[pick] = SECONDARY
                changed = True


def _unsafe(
    members: list[int], total: int | None, reasons: list[str | None], numbers: list[list[float]]
) -> bool:
    hidden = [i for i in members if reasons[i] is not None]
    if not hidden:
        return False
    if len(hidden) == 1:
        return True
    if total is not None and total in hidden:
        return False  # the margin itself is withheld: two or more unknowns remain
    # with the margin known, the withheld cells' sum is known; each needs a non-zero partner
    for col in numbers:
        group_sum = sum(col[i] for i in hidden)
        if any(group_sum - col[i] == 0 for i in hidden):
            return True
    return False


def _partner(
    members: list[int],
    total: int | None,
    reasons: list[str | None],
    size: list[float],
    zeros: list[int],
) -> int | None:
    candidates = [i for i in members if reasons[i] is None and i != total]
    if candidates:
        return min(candidates, key=lambda i: (zeros[i], abs(size[i]), i))
    if total is not None and reasons[total] is None:
        return total
    return None


def _round(value: object, base: int) -> object:
    if value is None or isinstance(value, bool) or not isinstance(value, int | float):
        return value
    if isinstance(value, float) and not math.isfinite(value):
        return value
    rounded = math.floor(abs(value) / base + 0.5) * base
    signed = rounded if value >= 0 else -rounded
    return int(signed) if isinstance(value, int) else float(signed)


def _publish(
    table: pa.Table,
    values: Sequence[str],
    aux: Sequence[str],
    top2_share: str | None,
    reasons: list[str | None],
    policy: DisclosurePolicy,
) -> pa.Table:
    mask = pa.array([r is not None for r in reasons], type=pa.bool_())
    withheld = [*values, *aux]
    if top2_share is not None and top2_share not in withheld:
        withheld.append(top2_share)
    out = table
    for name in withheld:
        column = table.column(name)
        if policy.rounding_base and name != top2_share and _is_numeric(column.type):
            rounded = [_round(v, policy.rounding_base) for v in column.to_pylist()]
            column = pa.chunked_array([pa.array(rounded, type=column.type)], type=column.type)
        nulled = pc.if_else(mask, pa.scalar(None, type=column.type), column)
        out = out.set_column(out.schema.get_field_index(name), name, nulled)
    out = out.append_column("suppressed", mask)
    return out.append_column("suppression_reason", pa.array(reasons, type=pa.string()))


def _is_numeric(data_type: pa.DataType) -> bool:
    return bool(pa.types.is_integer(data_type) or pa.types.is_floating(data_type))

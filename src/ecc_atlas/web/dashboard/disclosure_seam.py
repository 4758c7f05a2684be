"""The one door every public table of the dashboard, the API, the exports and the report passes.

:func:`publish` hands a table to :func:`ecc_atlas.disclosure.protect` (frequency, dominance and
secondary suppression, optional rounding) and then drops the auxiliary columns that exist only
for the disclosure rules (such as ``top2_share``, the share of a cell held by its two largest
organisations — itself a disclosive number). The result has every published column plus
``suppressed`` (bool) and ``suppression_reason`` (null, ``"frequency"``, ``"dominance"`` or
``"secondary"``).

A table cut from a table that already passed (it carries ``suppressed``) keeps that
protection unchanged, so two tables never withhold different cells of the same figures.

Tables without any statistical value (the directory of actors, dataset provenance) pass
through the same function with ``values=[]``: they get ``suppressed = false`` on every row, so
that all published tables have the same shape and nothing reaches the public beside this door.
"""

from __future__ import annotations

from collections.abc import Sequence

import pyarrow as pa
import pyarrow.compute as pc

from ecc_atlas.disclosure import protect

__all__ = ["DISCLOSURE_COLUMNS", "publish"]

#: The columns :func:`publish` adds to every table.
DISCLOSURE_COLUMNS: tuple[str, ...] = ("suppressed", "suppression_reason")


def _not_suppressed(table: pa.Table) -> pa.Table:
    rows = table.num_rows
    table = table.append_column("suppressed", pa.array([False] * rows, type=pa.bool_()))
    return table.append_column("suppression_reason", pa.nulls(rows, type=pa.string()))


def _withhold(table: pa.Table, columns: Sequence[str]) -> pa.Table:
    """Null ``columns`` on the rows protection marked as suppressed."""
    mask = table.column("suppressed")
    for name in columns:
        index = table.schema.get_field_index(name)
        column = table.column(index)
        table = table.set_column(
            index, name, pc.if_else(mask, pa.scalar(None, type=column.type), column)
        )
    return table


def publish(
    table: pa.Table,
    *,
    dimensions: Sequence[str],
    values: Sequence[str],
    persons: str | None = None,
    organisations: str | None = None,
    top2_share: str | None = None,
    derived: Sequence[str] = (),
    internal: Sequence[str] = (),
) -> pa.Table:
    """``table`` as it may be published: disclosure rules applied, ``internal`` columns dropped.

    ``dimensions`` are the classifying columns (codes, not their labels), ``values`` the
    published figures; ``persons``, ``organisations`` and ``top2_share`` name the columns the
    frequency and dominance rules read (see :func:`ecc_atlas.disclosure.protect`).
    ``derived`` columns are computed from the values (shares, means, flags): they are not
    additive, so they take no part in the secondary-suppression arithmetic, but they are
    withheld (null) on every suppressed row. ``internal`` columns are removed after
    protection. With no ``values`` (a directory, not a statistic) nothing can be disclosive
    and every row is marked as published.
    """
    if "suppressed" in table.column_names:
        # A slice of a table that already came through here (``tables.base.protected``):
        # its cells keep exactly the protection of the table they were cut from.
        if "suppression_reason" not in table.column_names:
            raise ValueError("A table with 'suppressed' must also carry 'suppression_reason'.")
        table = _withhold(table, derived)
    elif values:
        table = protect(
            table,
            dimensions=list(dimensions),
            values=list(values),
            persons=persons,
            organisations=organisations,
            top2_share=top2_share,
        )
        table = _withhold(table, derived)
    else:
        table = _not_suppressed(table)
    drop = [name for name in internal if name in table.column_names]
    return table.drop_columns(drop) if drop else table

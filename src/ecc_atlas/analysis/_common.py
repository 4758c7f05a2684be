"""Shared helpers of the analysis functions: column mapping, input checks, errors."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import ibis

if TYPE_CHECKING:
    from ibis.expr.types import Table

__all__ = [
    "AnalysisError",
    "AnalysisWarning",
    "age_midpoint",
    "check_no_nulls",
    "check_non_negative",
    "check_not_empty",
    "check_table",
    "region_expr",
    "require_columns",
    "resolve_cols",
    "roles",
]


class AnalysisError(ValueError):
    """The input of an analysis cannot give a meaningful result; the message says why."""


class AnalysisWarning(UserWarning):
    """Part of the input was left out of a result (e.g. a region without presence)."""


def resolve_cols(
    defaults: Mapping[str, str | None], cols: Mapping[str, str | None] | None
) -> dict[str, str | None]:
    """Merge a caller's column mapping (py-ecomplexity's ``cols={...}``) into the defaults.

    Unknown keys are an error, so that a typo never silently falls back to a default.
    """
    merged = dict(defaults)
    for key, value in (cols or {}).items():
        if key not in defaults:
            known = ", ".join(sorted(defaults))
            raise AnalysisError(f"Unknown column role {key!r}; the roles are: {known}.")
        merged[key] = value
    return merged


def roles(cols: Mapping[str, str | None], *names: str) -> list[str]:
    """The column names mapped to the required ``names`` roles, in that order.

    Raises when a required role is mapped to ``None``.
    """
    missing = [name for name in names if not cols.get(name)]
    if missing:
        raise AnalysisError(
            f"The column role(s) {', '.join(missing)} are required; map them with cols={{...}}."
        )
    return [str(cols[name]) for name in names]


def require_columns(table: Table, names: Iterable[str | None], *, what: str) -> None:
    """Raise when ``table`` lacks one of ``names`` (``None`` entries are ignored)."""
    missing = [n for n in names if n is not None and n not in table.columns]
    if missing:
        raise AnalysisError(
            f"The {what} table has no column(s) {', '.join(missing)}; "
            f"it has {', '.join(table.columns)}. Pass cols={{...}} to map your column names."
        )


def check_table(
    table: Table,
    *,
    what: str,
    not_null: Iterable[str] = (),
    non_negative: Iterable[str] = (),
    not_empty: bool = True,
    extra: Mapping[str, ibis.Value] | None = None,
) -> dict[str, Any]:
    """Raise for an empty table, missing values or negative values — in one query.

    ``not_null`` columns must hold no missing value; ``non_negative`` columns no value
    below 0. One aggregate runs on the engine however many columns are checked (each
    query has a fixed cost on Spark); ``extra`` aggregates ride along and their values
    are returned by name.
    """
    nulls = list(not_null)
    mins = list(non_negative)
    aggs: dict[str, ibis.Value] = {"_rows": table.count()}
    aggs |= {f"_n{i}": table[c].isnull().sum() for i, c in enumerate(nulls)}
    aggs |= {f"_m{i}": table[c].min() for i, c in enumerate(mins)}
    aggs |= dict(extra or {})
    row = table.aggregate(**aggs).to_pyarrow().to_pylist()[0]
    if not_empty and int(row["_rows"] or 0) == 0:
        raise AnalysisError(f"The {what} table is empty; there is nothing to compute.")
    for i, column in enumerate(nulls):
        missing = int(row[f"_n{i}"] or 0)
        if missing:
            raise AnalysisError(
                f"The {what} column {column!r} has {missing} missing value(s); "
                "fill or drop them first (a missing value is not the same as zero)."
            )
    for i, column in enumerate(mins):
        minimum = row[f"_m{i}"]
        if minimum is not None and float(minimum) < 0:
            raise AnalysisError(
                f"The {what} column {column!r} has a negative value ({minimum}); "
                "counts and values must be zero or positive."
            )
    return {name: row[name] for name in extra or {}}


def check_not_empty(table: Table, *, what: str) -> None:
    """Raise when the table has no rows."""
    check_table(table, what=what)


def check_no_nulls(table: Table, columns: Iterable[str], *, what: str) -> None:
    """Raise when a column holds a missing value (say how many rows are affected)."""
    check_table(table, what=what, not_null=columns, not_empty=False)


def check_non_negative(table: Table, columns: Iterable[str], *, what: str) -> None:
    """Raise when a column holds a negative value (counts and values must be ≥ 0)."""
    names = list(columns)
    if names:
        check_table(table, what=what, non_negative=names, not_empty=False)


def age_midpoint(band: ibis.Value) -> ibis.Value:
    """An Ibis expression mapping an age-band string such as ``"45-49"`` to its midpoint.

    Register ages are completed years at the end of the year, so a band ``"lo-hi"`` holds
    the whole-year ages lo … hi; their mean under an even spread is ``(lo + hi) / 2``
    (47.0 for ``"45-49"``, 17.5 for ``"16-19"``).
    """
    parts = band.split("-")
    lo = parts[0].cast("float64")
    hi = parts[1].cast("float64")
    return (lo + hi) / 2.0


def region_expr(kommun: ibis.Value, level: str) -> ibis.Value:
    """The region code of a kommun code at ``level`` ``"kommun"`` (itself) or ``"lan"``."""
    if level == "kommun":
        return kommun
    if level == "lan":
        return kommun.substr(0, 2)
    raise AnalysisError(f"Unknown region level {level!r}; use 'lan' or 'kommun'.")

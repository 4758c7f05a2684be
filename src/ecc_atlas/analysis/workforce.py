"""Workforce structure: gender, age, education level (SUN), PhDs, origin, occupations.

Input is a table of register cells (the warehouse ``workforce`` contract: one row per
organisation × year × kommun × SSYK × SUN level × age band × gender × origin with a
headcount), usually already restricted to the delimited sector with
:func:`ecc_atlas.analysis.sector.delimit`.

**Mean age convention.** Register ages are completed years at the end of the reference
year (reference year − birth year) and come in bands such as ``"45-49"``. The mean age is
the headcount-weighted mean of band midpoints ``(lo + hi) / 2`` (47.0 for ``"45-49"``,
17.5 for ``"16-19"``), which is exact when ages are spread evenly within each band.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import ibis

from ecc_atlas.analysis._common import (
    AnalysisError,
    age_midpoint,
    check_non_negative,
    region_expr,
    require_columns,
    resolve_cols,
    roles,
)

if TYPE_CHECKING:
    from ibis.expr.types import Table

__all__ = ["BALANCE_BAND", "WORKFORCE_COLS", "distribution", "gender_balance", "structure"]

#: Default column names (the warehouse contract); override with ``cols={...}``.
WORKFORCE_COLS: dict[str, str | None] = {
    "year": "year",
    "kommun": "kommun_code",
    "employees": "employees",
    "gender": "gender",
    "age_band": "age_band",
    "sun_level": "sun_level",
    "origin": "origin",
}

#: SUN 2020 levels counted as "post-secondary education of three years or more".
POST_SECONDARY_3PLUS = ("6", "7")


def _with_region(table: Table, kommun: str, level: str | None, region: str | None) -> Table:
    if level is None:
        return table
    table = table.mutate(region=region_expr(table[kommun], level))
    return table.filter(table.region == region) if region is not None else table


def structure(
    workforce: Table,
    *,
    by: Sequence[str] = ("year",),
    level: str | None = None,
    region: str | None = None,
    cols: Mapping[str, str | None] | None = None,
) -> Table:
    """Headline structure of a workforce per group.

    ``by`` names columns of ``workforce`` (after mapping) to group on, e.g. ``("year",)``
    or ``("year", "segment")``; with ``level`` ``"lan"`` or ``"kommun"`` a ``region``
    column is derived from the kommun code and may be used in ``by``; ``region`` keeps one.

    Output columns: the ``by`` columns, then
    ``employees`` (headcount), ``women`` (headcount with gender F),
    ``women_share`` (women / employees, 0–1), ``mean_age`` (years; see the module's
    convention), ``mean_age_women`` and ``mean_age_men``,
    ``phd_employees`` (SUN level 7, doctoral education),
    ``post_secondary_3plus`` (SUN 6 or 7) and ``post_secondary_3plus_share`` (0–1),
    ``post_secondary_3plus_share_women`` and ``…_men`` (0–1, null when the group has none),
    ``foreign_born_share`` (origin "foreign", 0–1). Shares are null when employees is 0.
    Sorted by the ``by`` columns.
    """
    c = resolve_cols(WORKFORCE_COLS, cols)
    year, kommun, emp, gender, band, sun, origin = roles(
        c, "year", "kommun", "employees", "gender", "age_band", "sun_level", "origin"
    )
    require_columns(workforce, [year, kommun, emp, gender, band, sun, origin], what="workforce")
    check_non_negative(workforce, [emp], what="workforce")
    t = _with_region(workforce, kommun, level, region)
    if year in t.columns:
        t = t.mutate(**{year: t[year].cast("int32")})
    require_columns(t, list(by), what="workforce")
    e = t[emp].cast("float64")
    is_f = t[gender] == "F"
    is_m = t[gender] == "M"
    high = t[sun].isin(POST_SECONDARY_3PLUS)
    mid = age_midpoint(t[band])
    t = t.mutate(
        _e=e,
        _f=ibis.cases((is_f, e), else_=0.0),
        _m=ibis.cases((is_m, e), else_=0.0),
        _age=e * mid,
        _age_f=ibis.cases((is_f, e * mid), else_=0.0),
        _age_m=ibis.cases((is_m, e * mid), else_=0.0),
        _phd=ibis.cases((t[sun] == "7", e), else_=0.0),
        _hi=ibis.cases((high, e), else_=0.0),
        _hi_f=ibis.cases((high & is_f, e), else_=0.0),
        _hi_m=ibis.cases((high & is_m, e), else_=0.0),
        _foreign=ibis.cases((t[origin] == "foreign", e), else_=0.0),
    )
    grouped = t.group_by(list(by)) if by else t
    a = grouped.aggregate(
        employees=t._e.sum(),
        women=t._f.sum(),
        men=t._m.sum(),
        age=t._age.sum(),
        age_f=t._age_f.sum(),
        age_m=t._age_m.sum(),
        phd=t._phd.sum(),
        hi=t._hi.sum(),
        hi_f=t._hi_f.sum(),
        hi_m=t._hi_m.sum(),
        foreign=t._foreign.sum(),
    )

    def ratio(num: ibis.Value, den: ibis.Value) -> ibis.Value:
        return ibis.cases((den > 0, num / den), else_=ibis.null("float64"))

    result = a.select(
        *by,
        employees=a.employees.cast("int64"),
        women=a.women.cast("int64"),
        women_share=ratio(a.women, a.employees),
        mean_age=ratio(a.age, a.employees),
        mean_age_women=ratio(a.age_f, a.women),
        mean_age_men=ratio(a.age_m, a.men),
        phd_employees=a.phd.cast("int64"),
        post_secondary_3plus=a.hi.cast("int64"),
        post_secondary_3plus_share=ratio(a.hi, a.employees),
        post_secondary_3plus_share_women=ratio(a.hi_f, a.women),
        post_secondary_3plus_share_men=ratio(a.hi_m, a.men),
        foreign_born_share=ratio(a.foreign, a.employees),
    )
    return result.order_by(list(by)) if by else result


def distribution(
    workforce: Table,
    *,
    dimension: str,
    by: Sequence[str] = ("year",),
    value: str = "employees",
    level: str | None = None,
    region: str | None = None,
    kommun: str = "kommun_code",
) -> Table:
    """Counts and shares of a workforce over one dimension within groups.

    For example ``dimension="sun_level"`` gives the shares by education level per year,
    ``dimension="age_band"`` the age pyramid, ``dimension="ssyk"`` the occupations.

    Output columns: the ``by`` columns, the ``dimension`` column, ``employees`` (the sum
    of ``value`` in the cell) and ``share`` (of the group total, 0–1; null when the group
    total is 0). Sorted by the ``by`` columns and the dimension.
    """
    require_columns(
        workforce, [dimension, value, *(k for k in by if k != "region")], what="workforce"
    )
    check_non_negative(workforce, [value], what="workforce")
    t = _with_region(workforce, kommun, level, region)
    keys = [*by, dimension]
    cells = t.group_by(keys).aggregate(employees=t[value].sum())
    window = ibis.window(group_by=list(by) or None)
    total = cells.employees.sum().over(window)
    result = cells.mutate(
        share=ibis.cases(
            (total > 0, cells.employees.cast("float64") / total), else_=ibis.null("float64")
        )
    )
    return result.order_by(keys)


#: The gender-balance band: a group is balanced when 40–60 % are women (ECC's convention).
BALANCE_BAND = (0.4, 0.6)


def gender_balance(
    workforce: Table,
    *,
    by: Sequence[str] = ("year", "segment"),
    band: tuple[float, float] = BALANCE_BAND,
    cols: Mapping[str, str | None] | None = None,
) -> Table:
    """Share of women per group against a stated band (default 40–60 %).

    Output columns: the ``by`` columns, ``employees``, ``women``, ``women_share`` (0–1),
    ``band_low``, ``band_high``, ``balanced`` (women_share within the band) and
    ``distance`` (0 inside the band, else women_share minus the nearest edge: negative =
    too few women). Sorted by the ``by`` columns.
    """
    low, high = band
    if not 0.0 <= low <= high <= 1.0:
        raise AnalysisError("The band must satisfy 0 ≤ low ≤ high ≤ 1.")
    s = structure(workforce, by=by, cols=cols)
    share = s.women_share
    distance = ibis.cases(
        (share.isnull(), ibis.null("float64")),
        (share < low, share - low),
        (share > high, share - high),
        else_=0.0,
    )
    return s.select(
        *by,
        "employees",
        "women",
        "women_share",
        band_low=ibis.literal(low),
        band_high=ibis.literal(high),
        balanced=(share >= low) & (share <= high),
        distance=distance,
    ).order_by(list(by))

"""Specialisation and concentration coefficients: Hoover, Krugman and Gini (METHODS.md).

Computed on the full region × item rectangle of :func:`.relatedness.presence_table`
(absent combinations count 0), with ``s_rj = E_rj / E_r`` the item's share of the region
and ``s_j = E_j / E`` its national share:

* **Hoover coefficient of specialisation** of a region: ``½ Σ_j |s_rj − s_j|`` (0 = the
  national structure, → 1 = entirely in items the nation hardly has);
* **Krugman specialisation index** of a region: ``Σ_j |s_rj − s_−r,j|`` against the rest
  of the country (0 … 2);
* **Gini of location quotients** (specialisation Gini) of a region: the Gini coefficient
  of its LQs weighted by the national shares, i.e. one minus twice the area under the
  Lorenz curve of ``s_rj`` against ``s_j`` with items sorted by LQ (0 … 1);
* per item, the **Hoover index of localisation** ``½ Σ_r |E_rj/E_j − E_r/E|`` and the
  **locational Gini** (the same Lorenz construction over regions, weights ``E_r/E``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import ibis

from ecc_atlas.analysis.relatedness import presence_table

if TYPE_CHECKING:
    from ibis.expr.types import Table

__all__ = ["concentration_coefficients", "specialisation_coefficients"]


def _shares(table: Table, cols: Mapping[str, str | None] | None) -> Table:
    rect = presence_table(table, cols=cols)
    by_region = ibis.window(group_by=[rect.time, rect.region])
    by_item = ibis.window(group_by=[rect.time, rect.item])
    by_time = ibis.window(group_by=rect.time)
    rect = rect.mutate(
        region_total=rect.value.sum().over(by_region),
        item_total=rect.value.sum().over(by_item),
        grand_total=rect.value.sum().over(by_time),
    )
    return rect.mutate(
        s_rj=rect.value / rect.region_total,
        s_j=rect.item_total / rect.grand_total,
        s_r=rect.region_total / rect.grand_total,
        c_rj=rect.value / rect.item_total,
    ).view()


def _lorenz_gini(t: Table, group: list[str], order: str, weight: str, part: str) -> Table:
    """``1 − Σ w (2 C − p)`` with C the cumulative ``part`` sorted by lq then ``order``."""
    window = ibis.cumulative_window(group_by=group, order_by=[t.lq, t[order]])
    t = t.mutate(_cum=t[part].sum().over(window))
    return t.group_by(group).aggregate(gini=1.0 - (t[weight] * (2.0 * t._cum - t[part])).sum())


def specialisation_coefficients(
    table: Table, *, cols: Mapping[str, str | None] | None = None
) -> Table:
    """Hoover, Krugman and Gini specialisation of each region (× time).

    Input as :func:`ecc_atlas.analysis.relatedness.specialisation` (``region, item,
    value[, time]``). Output columns: ``region``, ``time`` (only when mapped), ``items``
    (items in the rectangle), ``hoover`` (0–1), ``krugman`` (0–2, against the rest of
    the country; null with a single region), ``gini`` (0–1). Sorted by time, region.
    """
    t = _shares(table, cols)
    rest_total = t.grand_total - t.region_total
    rest_share = ibis.cases(
        (rest_total > 0, (t.item_total - t.value) / rest_total), else_=ibis.null("float64")
    )
    t = t.mutate(_rest=rest_share)
    diffs = t.group_by(["time", "region"]).aggregate(
        items=t.item.count().cast("int64"),
        hoover=0.5 * (t.s_rj - t.s_j).abs().sum(),
        krugman=ibis.cases(
            (t._rest.isnull().any(), ibis.null("float64")),
            else_=(t.s_rj - t._rest).abs().sum(),
        ),
    )
    gini = _lorenz_gini(t, ["time", "region"], "item", "s_j", "s_rj")
    out = diffs.join(gini, ["time", "region"])
    keys = ["region"] + (["time"] if (cols or {}).get("time") else [])
    return out.order_by(["time", "region"]).select(*keys, "items", "hoover", "krugman", "gini")


def concentration_coefficients(
    table: Table, *, cols: Mapping[str, str | None] | None = None
) -> Table:
    """Hoover localisation index and locational Gini of each item (× time).

    Output columns: ``item``, ``time`` (only when mapped), ``regions`` (regions in the
    rectangle), ``hoover`` (0–1: 0 = spread like total employment), ``gini`` (0–1).
    With a single region every item is spread like total employment (both 0).
    Sorted by time, item.
    """
    t = _shares(table, cols)
    diffs = t.group_by(["time", "item"]).aggregate(
        regions=t.region.count().cast("int64"),
        hoover=0.5 * (t.c_rj - t.s_r).abs().sum(),
    )
    gini = _lorenz_gini(t, ["time", "item"], "region", "s_r", "c_rj")
    out = diffs.join(gini, ["time", "item"])
    keys = ["item"] + (["time"] if (cols or {}).get("time") else [])
    return out.order_by(["time", "item"]).select(*keys, "regions", "hoover", "gini")

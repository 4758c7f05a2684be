"""Specialisation tables for the dashboard: counties, shift-share and relatedness.

What each table can and cannot show with the data at hand:

* :func:`county_specialisation` uses ``county_sector`` (sector and total employment of
  all 21 län): location quotients, ranks, per-capita concentration and how concentrated
  the sector is across the country (Hoover, Gini). With one item (the sector) there is no
  diversity or complexity at county level.
* :func:`shift_share` decomposes the region's growth by segment or SSYK against the
  *national sector* growth of ``county_sector`` (the national growth of each segment or
  occupation is not in the data, so every item gets the same benchmark and the industry
  mix only separates the sector from the whole economy); ``by="county"`` compares the
  sector's growth in every county with the nation.
* :func:`relatedness` computes LQ, presence, relatedness density and complexity of SSYK
  groups across regions. When the workforce covers one län only (the demo: Västmanland)
  the regions are that län's kommuner, so the measures say how the kommuner differ
  *within* the region's sector, not how the region compares with other counties.
"""

from __future__ import annotations

import logging
import warnings
from typing import TYPE_CHECKING, Any

import ibis
import pyarrow as pa

from ecc_atlas import reference
from ecc_atlas.analysis._common import AnalysisWarning
from ecc_atlas.analysis.coefficients import concentration_coefficients
from ecc_atlas.analysis.relatedness import specialisation_arrow
from ecc_atlas.analysis.sector import delimit
from ecc_atlas.analysis.shift_share import shift_share as run_shift_share
from ecc_atlas.analysis.specialization import location_quotient, rpop
from ecc_atlas.services.context import AnalysisContext
from ecc_atlas.services.figures import _in_region, _level
from ecc_atlas.services.recruitment import occupation_name

if TYPE_CHECKING:
    from ibis.expr.types import Table

__all__ = [
    "COUNTY_COLUMNS",
    "RELATEDNESS_COLUMNS",
    "SHIFT_SHARE_COLUMNS",
    "county_specialisation",
    "relatedness",
    "shift_share",
]

log = logging.getLogger(__name__)

COUNTY_COLUMNS = (
    "lan_code",
    "lan",
    "year",
    "sector_employees",
    "total_employees",
    "share",
    "lq",
    "lq_rank",
    "presence",
    "concentrated",
    "population",
    "rpop",
    "hoover",
    "gini",
)
SHIFT_SHARE_COLUMNS = (
    "region",
    "item",
    "label_sv",
    "label_en",
    "start_year",
    "end_year",
    "start_value",
    "end_value",
    "change",
    "growth",
    "national_growth",
    "item_growth",
    "national_effect",
    "industry_mix",
    "expected_change",
    "competitive_effect",
    "benchmark",
)
RELATEDNESS_COLUMNS = (
    "region",
    "region_name",
    "level",
    "focus",
    "ssyk",
    "occupation_sv",
    "occupation_en",
    "year",
    "value",
    "lq",
    "mcp",
    "diversity",
    "ubiquity",
    "density",
    "eci",
    "pci",
    "coi",
    "cog",
)


def _years(table: Table) -> list[int]:
    return sorted(int(y) for y in table.select("year").distinct().to_pyarrow()["year"].to_pylist())


def _quiet(compute: Any) -> Any:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", AnalysisWarning)
        result = compute()
    for item in caught:
        log.info("%s", item.message)
    return result


def county_specialisation(ctx: AnalysisContext, *, year: int | None = None) -> pa.Table:
    """Sector concentration of every county in a year (default: the latest).

    Columns: ``lan_code``, ``lan``, ``year``, ``sector_employees``, ``total_employees``,
    ``share`` (sector / total), ``lq`` (location quotient), ``lq_rank`` (1 = highest),
    ``presence`` (lq ≥ 1), ``concentrated`` (lq > 1.2, Lightcast's label), ``population``
    (null without population data), ``rpop`` (sector employees per inhabitant relative to
    the country; null without population), ``hoover`` (Hoover localisation index of the
    sector across counties, 0–1, same on every row) and ``gini`` (locational Gini, same on
    every row). Sorted by lan_code.
    """
    return ctx.cached("county_specialisation", (year,), lambda: _counties(ctx, year))


def _counties(ctx: AnalysisContext, year: int | None) -> pa.Table:
    table = ctx.table("county_sector")
    y = _years(table)[-1] if year is None else int(year)
    t = table.filter(table.year == y)
    lq_cols = {"region": "lan_code", "value": "sector_employees", "total": "total_employees"}
    lq = {r["region"]: r for r in location_quotient(t, cols=lq_cols).to_pyarrow().to_pylist()}
    long = t.select(
        region="lan_code", item=ibis.literal("sector"), value=t.sector_employees.cast("float64")
    ).union(
        t.select(
            region="lan_code",
            item=ibis.literal("other"),
            value=(t.total_employees - t.sector_employees).cast("float64"),
        )
    )
    conc = concentration_coefficients(long).to_pyarrow().to_pylist()
    sector = next(r for r in conc if r["item"] == "sector")
    per_capita: dict[str, float] = {}
    pops: dict[str, int] = {}
    if ctx.has("population"):
        pop = ctx.table("population")
        pop = pop.filter((pop.level == "lan") & (pop.year == y))
        pops = {r["region_code"]: int(r["population"]) for r in pop.to_pyarrow().to_pylist()}
        joined = t.join(pop, t.lan_code == pop.region_code)
        if pops:
            cols = {"region": "lan_code", "value": "sector_employees", "population": "population"}
            per_capita = {
                r["region"]: r["rpop"] for r in rpop(joined, cols=cols).to_pyarrow().to_pylist()
            }
    rows = []
    for county in sorted(reference.lan(), key=lambda r: r.code):
        row = lq.get(county.code)
        if row is None:
            continue
        rows.append(
            {
                "lan_code": county.code,
                "lan": county.name,
                "year": y,
                "sector_employees": int(row["value"]),
                "total_employees": int(row["region_total"]),
                "share": row["share"],
                "lq": row["lq"],
                "lq_rank": row["lq_rank"],
                "presence": bool(row["presence"]),
                "concentrated": bool(row["lq"] > 1.2),
                "population": pops.get(county.code),
                "rpop": per_capita.get(county.code),
                "hoover": sector["hoover"],
                "gini": sector["gini"],
            }
        )
    schema = pa.schema(
        [
            ("lan_code", pa.string()),
            ("lan", pa.string()),
            ("year", pa.int64()),
            ("sector_employees", pa.int64()),
            ("total_employees", pa.int64()),
            ("share", pa.float64()),
            ("lq", pa.float64()),
            ("lq_rank", pa.int64()),
            ("presence", pa.bool_()),
            ("concentrated", pa.bool_()),
            ("population", pa.int64()),
            ("rpop", pa.float64()),
            ("hoover", pa.float64()),
            ("gini", pa.float64()),
        ]
    )
    return pa.Table.from_pylist(rows, schema=schema)


def _label(by: str, code: str) -> tuple[str | None, str | None]:
    if by == "ssyk":
        return occupation_name(code)
    if by == "segment":
        try:
            seg = reference.segments().segment(code)
        except KeyError:
            return None, None
        return seg.name_sv, seg.name_en
    try:
        region = reference.region(code)
    except KeyError:
        return None, None
    return region.name, region.name_en


def shift_share(
    ctx: AnalysisContext,
    *,
    region: str = "19",
    start: int | None = None,
    end: int | None = None,
    by: str = "segment",
) -> pa.Table:
    """Shift-share of sector employment between ``start`` and ``end`` (default: first/last).

    ``by`` is ``"segment"`` or ``"ssyk"`` (the region's delimited workforce against the
    national sector growth of ``county_sector``) or ``"county"`` (the sector in every
    county against the nation; ``region`` is ignored).

    Columns: ``region``, ``item`` (segment, SSYK or "sector"), ``label_sv``, ``label_en``,
    ``start_year``, ``end_year``, ``start_value``, ``end_value``, ``change``, ``growth``,
    ``national_growth`` (all employment), ``item_growth`` (national benchmark of the
    item), ``national_effect``, ``industry_mix``, ``expected_change``,
    ``competitive_effect`` (national_effect + industry_mix + competitive_effect =
    change) and ``benchmark`` (what the national figures are). Sorted by region, item.
    """
    if by not in {"segment", "ssyk", "county"}:
        raise LookupError(f"Unknown grouping {by!r}; use 'segment', 'ssyk' or 'county'.")
    key = (region, start, end, by)
    return ctx.cached("shift_share", key, lambda: _shift_share(ctx, region, start, end, by))


def _shift_share(
    ctx: AnalysisContext, region: str, start: int | None, end: int | None, by: str
) -> pa.Table:
    county = ctx.table("county_sector")
    years = _years(county)
    if by == "county":
        long = county.select(
            region="lan_code",
            item=ibis.literal("sector"),
            time="year",
            value=county.sector_employees.cast("float64"),
        ).union(
            county.select(
                region="lan_code",
                item=ibis.literal("other"),
                time="year",
                value=(county.total_employees - county.sector_employees).cast("float64"),
            )
        )
        s, e = start or years[0], end or years[-1]
        result = run_shift_share(long, start=s, end=e).filter(lambda t: t.item == "sector")
        benchmark = "national sector and total employment (county_sector)"
    else:
        level = _level(region)
        wf = _in_region(delimit(ctx.table("workforce"), ctx.decisions()), region, level)
        wf_years = _years(wf)
        common = [y for y in wf_years if y in years]
        if not common:
            raise LookupError("The workforce and county_sector have no year in common.")
        s, e = start or common[0], end or common[-1]
        long = wf.group_by(
            region=ibis.literal(region), item=wf[by], time=wf.year.cast("int64")
        ).aggregate(value=wf.employees.sum().cast("float64"))
        items = long.select("item").distinct()
        nat = county.group_by(time=county.year.cast("int64")).aggregate(
            value=county.sector_employees.sum().cast("float64"),
            total=county.total_employees.sum().cast("float64"),
        )
        reference_table = items.cross_join(nat)
        result = run_shift_share(
            long, start=s, end=e, reference=reference_table, reference_cols={"total": "total"}
        )
        benchmark = "national energy-sector growth for every item (county_sector)"
    rows = []
    for row in result.to_pyarrow().to_pylist():
        sv, en = _label(
            "county" if by == "county" else by, row["item"] if by != "county" else row["region"]
        )
        rows.append(
            row
            | {
                "label_sv": sv,
                "label_en": en,
                "start_year": s,
                "end_year": e,
                "benchmark": benchmark,
            }
        )
    types = {
        "region": pa.string(),
        "item": pa.string(),
        "label_sv": pa.string(),
        "label_en": pa.string(),
        "start_year": pa.int64(),
        "end_year": pa.int64(),
        "benchmark": pa.string(),
    }
    schema = pa.schema([(c, types.get(c, pa.float64())) for c in SHIFT_SHARE_COLUMNS])
    return pa.Table.from_pylist(rows, schema=schema)


def relatedness(ctx: AnalysisContext, *, region: str = "19", year: int | None = None) -> pa.Table:
    """SSYK specialisation, relatedness density and complexity across regions in a year.

    Regions are the län when the workforce covers several, otherwise the kommuner of
    ``region``'s län (see the module docstring for what that can show). Values are the
    delimited sector's employees (headcount).

    Columns: ``region`` (code), ``region_name``, ``level`` ("lan" or "kommun"),
    ``focus`` (true for the requested region's rows: the län itself, or its kommuner /
    the kommun), ``ssyk``, ``occupation_sv``, ``occupation_en``, ``year``, ``value``,
    ``lq``, ``mcp``, ``diversity``, ``ubiquity``, ``density``, ``eci``, ``pci``, ``coi``,
    ``cog`` (as :func:`ecc_atlas.analysis.relatedness.specialisation`). Sorted by region,
    ssyk.
    """
    return ctx.cached("relatedness", (region, year), lambda: _relatedness(ctx, region, year))


def _relatedness(ctx: AnalysisContext, region: str, year: int | None) -> pa.Table:
    level = _level(region)
    wf = delimit(ctx.table("workforce"), ctx.decisions())
    y = _years(wf)[-1] if year is None else int(year)
    wf = wf.filter(wf.year == y)
    counties = wf.select(lan=wf.kommun_code.substr(0, 2)).distinct().count().execute()
    if int(counties) > 1:
        unit, code = "lan", wf.kommun_code.substr(0, 2)
    else:
        unit, code = "kommun", wf.kommun_code
        wf = _in_region(wf, region[:2], "lan")
    long = wf.group_by(region=code, item=wf.ssyk).aggregate(value=wf.employees.sum())
    result = _quiet(lambda: specialisation_arrow(long))
    rows = []
    for row in result.to_pylist():
        try:
            name = reference.region(row["region"]).name
        except KeyError:
            name = None
        focus = row["region"] == region or (level == "lan" and row["region"][:2] == region)
        sv, en = occupation_name(row["item"])
        rows.append(
            row
            | {
                "region_name": name,
                "level": unit,
                "focus": focus,
                "ssyk": row["item"],
                "occupation_sv": sv,
                "occupation_en": en,
                "year": y,
            }
        )
    types = {
        "region": pa.string(),
        "region_name": pa.string(),
        "level": pa.string(),
        "focus": pa.bool_(),
        "ssyk": pa.string(),
        "occupation_sv": pa.string(),
        "occupation_en": pa.string(),
        "year": pa.int64(),
        "mcp": pa.int64(),
        "diversity": pa.int64(),
        "ubiquity": pa.int64(),
    }
    schema = pa.schema([(c, types.get(c, pa.float64())) for c in RELATEDNESS_COLUMNS])
    return pa.Table.from_pylist(rows, schema=schema)

"""Tables of the sector page: segments, their size and growth, organisations entering and
leaving the regional sector."""

from __future__ import annotations

import itertools
from collections import defaultdict
from typing import TYPE_CHECKING, Any

import pyarrow as pa
from django.utils.translation import gettext_lazy as _

from ecc_atlas.web.dashboard.tables import vocabularies
from ecc_atlas.web.dashboard.tables.base import Column, Disclosure, Filters, TableDef, register
from ecc_atlas.web.dashboard.tables.cells import cells, complete, delimited, scoped, share
from ecc_atlas.web.dashboard.tables.overview import SECTOR_METHOD, TREND

if TYPE_CHECKING:
    from ecc_atlas.services.context import AnalysisContext

__all__ = ["ENTRIES", "SEGMENTS", "SEGMENT_TREND"]


def _segment_year(ctx: AnalysisContext, filters: Filters, region: str) -> pa.Table:
    table = scoped(delimited(ctx), filters, region, by_year=False)
    table = table.mutate(year=table.year.cast("int32"))
    return cells(table, ["year", "segment"])


def _segment_size(ctx: AnalysisContext, filters: Filters, region: str) -> pa.Table:
    """One year of the protected ``segment-trend`` table, with growth computed from its
    published cells only — so no withheld cell can be recomputed from a growth rate, and the
    two tables withhold exactly the same cells."""
    from ecc_atlas.web.dashboard.tables.base import protected

    year = int(filters.year or 0)
    trend = protected(SEGMENT_TREND, Filters(kommun=filters.kommun))
    by_key = {(r["year"], r["segment"]): r for r in trend.to_pylist()}
    years = sorted({key[0] for key in by_key})
    start = years[0] if years else year
    current = [by_key.get((year, code)) for code in vocabularies.segment_codes()]
    totals = protected(TREND, Filters(kommun=filters.kommun)).to_pylist()
    total = next((r["employees"] for r in totals if r["year"] == year), None)
    rows: list[dict[str, Any]] = []
    for code, row in zip(vocabularies.segment_codes(), current, strict=True):
        row = row or {
            "employees": 0,
            "full_year_equivalents": 0.0,
            "organisations": 0,
            "suppressed": False,
            "suppression_reason": None,
        }
        employees = row["employees"]
        previous = by_key.get((year - 1, code), {}).get("employees")
        first = by_key.get((start, code), {}).get("employees")
        rows.append(
            {
                "segment": code,
                "employees": employees,
                "full_year_equivalents": row["full_year_equivalents"],
                "organisations": row["organisations"],
                "share_of_sector": share(employees, total),
                "growth_1y": employees / previous - 1 if employees and previous else None,
                "start_year": start,
                "growth_since_start": employees / first - 1 if employees and first else None,
                "suppressed": row["suppressed"],
                "suppression_reason": row["suppression_reason"],
            }
        )
    return pa.Table.from_pylist(rows, schema=_size_schema())


def _size_schema() -> pa.Schema:
    return pa.schema(
        [
            ("segment", pa.string()), ("employees", pa.int64()),
            ("full_year_equivalents", pa.float64()), ("organisations", pa.int64()),
            ("top2_share", pa.float64()), ("share_of_sector", pa.float64()),
            ("growth_1y", pa.float64()), ("start_year", pa.int32()),
            ("growth_since_start", pa.float64()), ("suppressed", pa.bool_()),
            ("suppression_reason", pa.string()),
        ]
    )  # fmt: skip


SEGMENTS = register(
    TableDef(
        name="segment-size",
        build=_segment_size,
        title=_("Segments of the energy chain"),
        description=_(
            "Employees, full-year equivalents and organisations in each segment of the energy "
            "chain, its share of the sector, growth from the previous year and since the "
            "first year of the statistics."
        ),
        method=SECTOR_METHOD,
        datasets=("workforce",),
        filters=("year", "kommun"),
        columns=(
            Column("segment", _("Segment code"), "code"),
            Column("segment_name", _("Segment"), label_of=("segment", "segment")),
            Column("employees", _("Employees"), "int"),
            Column("full_year_equivalents", _("Full-year equivalents"), "dec0"),
            Column("organisations", _("Organisations"), "int"),
            Column("share_of_sector", _("Share of the sector"), "share"),
            Column("growth_1y", _("Growth from the previous year"), "share"),
            Column("start_year", _("First year"), "year"),
            Column("growth_since_start", _("Growth since the first year"), "share"),
        ),
        disclosure=Disclosure(
            dimensions=("segment",),
            values=("employees", "full_year_equivalents"),
            derived=("share_of_sector", "growth_1y", "growth_since_start"),
            persons="employees",
            organisations="organisations",
        ),
    )
)


def _segment_trend(ctx: AnalysisContext, filters: Filters, region: str) -> pa.Table:
    table = _segment_year(ctx, filters, region)
    years = sorted(set(table.column("year").to_pylist()))
    return complete(table, {"year": years, "segment": vocabularies.segment_codes()})


SEGMENT_TREND = register(
    TableDef(
        name="segment-trend",
        build=_segment_trend,
        title=_("Segments year by year"),
        description=_(
            "Employees and organisations in each segment of the energy chain, every year."
        ),
        method=SECTOR_METHOD,
        datasets=("workforce",),
        filters=("kommun",),
        columns=(
            Column("year", _("Year"), "year"),
            Column("segment", _("Segment code"), "code"),
            Column("segment_name", _("Segment"), label_of=("segment", "segment")),
            Column("employees", _("Employees"), "int"),
            Column("full_year_equivalents", _("Full-year equivalents"), "dec0"),
            Column("organisations", _("Organisations"), "int"),
        ),
        disclosure=Disclosure(
            dimensions=("year", "segment"),
            values=("employees", "full_year_equivalents"),
            persons="employees",
            organisations="organisations",
        ),
    )
)


def _entries(ctx: AnalysisContext, filters: Filters, region: str) -> pa.Table:
    table = scoped(delimited(ctx), filters, region, by_year=False)
    per_org = table.group_by(["org_number", table.year.cast("int32").name("year")]).aggregate(
        employees=table.employees.sum()
    )
    size: dict[int, dict[str, int]] = defaultdict(dict)
    for row in per_org.filter(per_org.employees > 0).to_pyarrow().to_pylist():
        size[int(row["year"])][row["org_number"]] = int(row["employees"])
    rows: list[dict[str, Any]] = []
    years = sorted(size)
    for previous, year in itertools.pairwise(years):
        before, now = size[previous], size[year]
        flows = {
            "entry": [now[o] for o in now.keys() - before.keys()],
            "exit": [before[o] for o in before.keys() - now.keys()],
        }
        for flow, sizes in flows.items():
            ranked = sorted(sizes, reverse=True)
            total = sum(ranked)
            rows.append(
                {
                    "year": year,
                    "flow": flow,
                    "organisations": len(ranked),
                    "employees": total,
                    "top2_share": share(sum(ranked[:2]), total),
                }
            )
    schema = pa.schema(
        [
            ("year", pa.int32()), ("flow", pa.string()), ("organisations", pa.int64()),
            ("employees", pa.int64()), ("top2_share", pa.float64()),
        ]
    )  # fmt: skip
    return pa.Table.from_pylist(rows, schema=schema)


ENTRIES = register(
    TableDef(
        name="entries-exits",
        build=_entries,
        title=_("Organisations entering and leaving the sector"),
        description=_(
            "Per year, the organisations that entered the county's energy sector (included "
            "and employing people in the county this year but not the year before) and those "
            "that left it, with their employees."
        ),
        method=_(
            "An organisation enters in a year when it has employees in the county and an "
            "including delimitation decision that year but not the year before; it leaves "
            "when the opposite holds. Employees of entering organisations are counted in the "
            "year of entry, of leaving organisations in their last year."
        ),
        datasets=("workforce",),
        filters=("segment", "kommun"),
        columns=(
            Column("year", _("Year"), "year"),
            Column("flow", _("Flow code"), "code"),
            Column("flow_name", _("Flow"), label_of=("flow", "flow")),
            Column("organisations", _("Organisations"), "int"),
            Column("employees", _("Employees"), "int"),
        ),
        disclosure=Disclosure(
            dimensions=("year", "flow"),
            values=("employees", "organisations"),
            persons="employees",
            organisations="organisations",
        ),
    )
)

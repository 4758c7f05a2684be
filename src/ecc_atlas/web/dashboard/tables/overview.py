"""Tables of the overview page: the sector by kommun, all counties compared, the trend."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pyarrow as pa
from django.utils.translation import gettext_lazy as _

from ecc_atlas import reference
from ecc_atlas.services import figures as services_figures
from ecc_atlas.web.dashboard.tables.base import Column, Disclosure, Filters, TableDef, register
from ecc_atlas.web.dashboard.tables.cells import cells, complete, delimited, scoped, share

if TYPE_CHECKING:
    from ecc_atlas.services.context import AnalysisContext

__all__ = ["COUNTIES", "KOMMUNER", "TREND"]

#: Method text shared by every table of the delimited workforce.
SECTOR_METHOD = _(
    "Register cells of the workforce statistics (employees in November, by workplace "
    "municipality) joined to the current delimitation decisions of the registry on "
    "organisation number and year; only organisations included in the energy sector that "
    "year count. Full-year equivalents convert part-time and part-year work to full-time, "
    "full-year work. Mean age uses the midpoint of each five-year age band."
)
DISCLOSURE_NOTE = _(
    "Disclosure control: a cell with fewer than the minimum number of persons or "
    "organisations, or where the two largest organisations hold most of the cell, is "
    "suppressed, and so is any further cell that would let it be recomputed."
)


def _with_structure(table: pa.Table) -> pa.Table:
    """Add ``women_share``, ``mean_age``, ``post_secondary_3plus_share`` (float64) and make
    ``phd_employees`` an int64 count, from the sums of :func:`cells`."""
    employees = table.column("employees").to_pylist()

    def ratio(name: str) -> pa.Array:
        values = table.column(name).to_pylist()
        return pa.array([share(v, e) for v, e in zip(values, employees, strict=True)], pa.float64())

    phd = [int(v or 0) for v in table.column("phd_employees").to_pylist()]
    table = table.set_column(
        table.schema.get_field_index("phd_employees"), "phd_employees", pa.array(phd, pa.int64())
    )
    table = table.append_column("women_share", ratio("women"))
    table = table.append_column("mean_age", ratio("age_years"))
    return table.append_column("post_secondary_3plus_share", ratio("post_secondary_3plus"))


STRUCTURE_SUMS = ("women", "phd_employees", "post_secondary_3plus", "age_years")


def _kommuner(ctx: AnalysisContext, filters: Filters, region: str) -> pa.Table:
    table = cells(scoped(delimited(ctx), filters, region), ["kommun_code"], sums=STRUCTURE_SUMS)
    codes = [kommun.code for kommun in reference.kommuner(region)]
    return _with_structure(complete(table, {"kommun_code": codes}))


KOMMUNER = register(
    TableDef(
        name="kommun-employment",
        build=_kommuner,
        print_columns=(
            "kommun",
            "employees",
            "full_year_equivalents",
            "organisations",
            "women_share",
            "mean_age",
            "phd_employees",
        ),
        title=_("Energy-sector employees by municipality"),
        description=_(
            "Employees, full-year equivalents, organisations, women's share, mean age and "
            "PhD-educated employees of the delimited energy sector in each municipality of "
            "the county."
        ),
        method=SECTOR_METHOD,
        datasets=("workforce",),
        filters=("year", "segment"),
        columns=(
            Column("kommun_code", _("Municipality code"), "code"),
            Column("kommun", _("Municipality"), label_of=("kommun_code", "region")),
            Column("employees", _("Employees"), "int"),
            Column("full_year_equivalents", _("Full-year equivalents"), "dec0"),
            Column("organisations", _("Organisations"), "int"),
            Column("women_share", _("Women's share"), "share"),
            Column("mean_age", _("Mean age"), "dec1"),
            Column("phd_employees", _("PhD-educated"), "int"),
        ),
        disclosure=Disclosure(
            dimensions=("kommun_code",),
            values=("employees", "full_year_equivalents"),
            derived=("women_share", "mean_age", "phd_employees"),
            persons="employees",
            organisations="organisations",
        ),
    )
)


def _counties(ctx: AnalysisContext, filters: Filters, region: str) -> pa.Table:
    table = services_figures.county_concentration(ctx, year=filters.year).drop_columns(["lan"])
    try:
        from ecc_atlas.services.specialisation import county_specialisation

        extra = {
            r["lan_code"]: r for r in county_specialisation(ctx, year=filters.year).to_pylist()
        }
    except ImportError:  # pragma: no cover - the analyses are part of the package
        extra = {}
    codes = table.column("lan_code").to_pylist()
    for name, kind in (("concentrated", pa.bool_()), ("hoover", pa.float64()),
                       ("gini", pa.float64())):  # fmt: skip
        values = [extra.get(code, {}).get(name) for code in codes]
        table = table.append_column(name, pa.array(values, type=kind))
    return table


COUNTIES = register(
    TableDef(
        name="county-concentration",
        build=_counties,
        print_columns=(
            "lan",
            "sector_employees",
            "lq",
            "lq_rank",
            "sector_per_1000",
            "exports_per_capita_sek",
            "exports_rank",
            "concentrated",
        ),
        title=_("Energy sector in all 21 counties"),
        description=_(
            "Energy-sector employees, location quotient and its rank, employees per 1,000 "
            "inhabitants, goods exports and exports per inhabitant with its rank, for every "
            "Swedish county."
        ),
        method=_(
            "Location quotient LQ = (sector employees of the county / all employees of the "
            "county) / (sector employees of Sweden / all employees of Sweden); LQ above 1 "
            "means the sector is more concentrated in the county than in the country. "
            "Per-inhabitant figures divide by the county's population in the same year. "
            "Ranks: 1 is the highest. The Hoover index (0–1) and the locational Gini say how "
            "unevenly the sector is spread over the counties compared with all employment."
        ),
        datasets=("county_sector", "population", "county_exports"),
        registry=False,
        filters=("year",),
        columns=(
            Column("lan_code", _("County code"), "code"),
            Column("lan", _("County"), label_of=("lan_code", "region")),
            Column("sector_employees", _("Sector employees"), "int"),
            Column("total_employees", _("All employees"), "int"),
            Column("lq", _("Location quotient"), "dec2"),
            Column("lq_rank", _("Rank (location quotient)"), "int"),
            Column("population", _("Population"), "int"),
            Column("sector_per_1000", _("Sector employees per 1,000 inhabitants"), "dec1"),
            Column("goods_exports_msek", _("Goods exports (million SEK)"), "dec0"),
            Column("exports_per_capita_sek", _("Exports per inhabitant (SEK)"), "sek"),
            Column("exports_rank", _("Rank (exports per inhabitant)"), "int"),
            Column("concentrated", _("Concentrated (LQ above 1.2)"), "bool"),
            Column("hoover", _("Hoover localisation index (Sweden)"), "dec2"),
            Column("gini", _("Locational Gini (Sweden)"), "dec2"),
        ),
        disclosure=Disclosure(
            dimensions=("lan_code",),
            values=("sector_employees",),
            derived=("lq", "lq_rank", "sector_per_1000", "concentrated"),
            persons="sector_employees",
            top2_share=None,
            internal=(),
        ),
    )
)


def _trend(ctx: AnalysisContext, filters: Filters, region: str) -> pa.Table:
    table = scoped(delimited(ctx), filters, region, by_year=False)
    return _with_structure(cells(table.mutate(year=table.year.cast("int32")), ["year"],
                                 sums=STRUCTURE_SUMS))  # fmt: skip


TREND = register(
    TableDef(
        name="sector-trend",
        build=_trend,
        title=_("The energy sector year by year"),
        description=_(
            "Employees, full-year equivalents, organisations, women's share, mean age, "
            "share with three or more years of post-secondary education and PhD-educated "
            "employees of the delimited sector, every year."
        ),
        method=SECTOR_METHOD,
        datasets=("workforce",),
        filters=("segment", "kommun"),
        columns=(
            Column("year", _("Year"), "year"),
            Column("employees", _("Employees"), "int"),
            Column("full_year_equivalents", _("Full-year equivalents"), "dec0"),
            Column("organisations", _("Organisations"), "int"),
            Column("women_share", _("Women's share"), "share"),
            Column("mean_age", _("Mean age"), "dec1"),
            Column(
                "post_secondary_3plus_share",
                _("Post-secondary education ≥ 3 years"),
                "share",
            ),
            Column("phd_employees", _("PhD-educated"), "int"),
        ),
        disclosure=Disclosure(
            dimensions=("year",),
            values=("employees", "full_year_equivalents"),
            derived=("women_share", "mean_age", "post_secondary_3plus_share", "phd_employees"),
            persons="employees",
            organisations="organisations",
        ),
    )
)

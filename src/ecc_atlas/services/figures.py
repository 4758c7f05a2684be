"""Headline figures and tables of the dashboard, computed from the records at call time.

Every figure comes with its labels and definitions in Swedish and English, the datasets it
is computed from (and "synthetic demo data" when they are synthetic) and a short method
note. Results are memoised per :attr:`AnalysisContext.data_version`, so a new import or a
new delimitation decision shows at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from ecc_atlas import reference
from ecc_atlas.analysis.sector import delimit, sector_size
from ecc_atlas.analysis.specialization import location_quotient, rpop
from ecc_atlas.analysis.workforce import structure
from ecc_atlas.services._texts import FIGURE_TEXTS
from ecc_atlas.services.context import AnalysisContext

if TYPE_CHECKING:
    from ibis.expr.types import Table

__all__ = [
    "Figure",
    "FiguresResult",
    "county_concentration",
    "headline_figures",
    "kommun_employment",
    "latest_year",
    "sector_trend",
]

REGISTRY = "registry delimitation decisions"
SYNTHETIC = "synthetic demo data"


@dataclass(frozen=True)
class Figure:
    """One headline figure with its provenance."""

    key: str
    value: float | int | None
    unit: str
    label_sv: str
    label_en: str
    source: str
    method: str
    definition_sv: str
    definition_en: str

    def to_json(self) -> dict[str, Any]:
        """The figure as the JSON object of the contract."""
        return {
            "key": self.key,
            "value": self.value,
            "unit": self.unit,
            "label_sv": self.label_sv,
            "label_en": self.label_en,
            "source": self.source,
            "method": self.method,
            "definition_sv": self.definition_sv,
            "definition_en": self.definition_en,
        }


@dataclass(frozen=True)
class FiguresResult:
    """The headline figures of a region and year."""

    region: str
    year: int
    synthetic: bool
    figures: list[Figure]

    def to_json(self) -> dict[str, Any]:
        """``{"region", "year", "synthetic", "figures": [...]}``."""
        return {
            "region": self.region,
            "year": self.year,
            "synthetic": self.synthetic,
            "figures": [f.to_json() for f in self.figures],
        }

    def figure(self, key: str) -> Figure:
        """The figure with this key."""
        for figure in self.figures:
            if figure.key == key:
                return figure
        raise KeyError(f"No figure {key!r}; the keys are {[f.key for f in self.figures]}.")

    def values(self) -> dict[str, float | int | None]:
        """The values by key."""
        return {f.key: f.value for f in self.figures}


def _source(ctx: AnalysisContext, names: list[str], *, registry: bool) -> str:
    parts = [n for n in names if ctx.has(n)]
    text = ", ".join(parts) + (f" + {REGISTRY}" if registry else "")
    return f"{text} ({SYNTHETIC})" if ctx.is_synthetic(parts) else text


def _level(region: str) -> str:
    try:
        return reference.region(region).level
    except KeyError as exc:
        raise LookupError(
            f"Unknown region {region!r}: use a län code (e.g. '19') or a kommun code ('1980')."
        ) from exc


def _in_region(table: Table, region: str, level: str) -> Table:
    if level == "lan":
        return table.filter(table.kommun_code.substr(0, 2) == region)
    return table.filter(table.kommun_code == region)


def _years(ctx: AnalysisContext, name: str) -> list[int]:
    table = ctx.table(name)
    years = table.select("year").distinct().to_pyarrow()["year"].to_pylist()
    return sorted(int(y) for y in years)


def latest_year(ctx: AnalysisContext) -> int:
    """The latest year of the ``workforce`` dataset."""
    return ctx.cached("latest_year", (), lambda: _years(ctx, "workforce")[-1])


def _resolve_year(ctx: AnalysisContext, year: int | None) -> int:
    years = ctx.cached("workforce_years", (), lambda: _years(ctx, "workforce"))
    if year is None:
        return years[-1]
    if year not in years:
        raise LookupError(f"No workforce data for {year}; the years are {years[0]}–{years[-1]}.")
    return int(year)


def _row(table: Table) -> dict[str, Any]:
    rows = table.to_pyarrow().to_pylist()
    return rows[0] if rows else {}


def _figure(
    ctx: AnalysisContext,
    key: str,
    value: Any,
    names: list[str],
    registry: bool,
    method_note: str = "",
) -> Figure:
    text = FIGURE_TEXTS[key]
    return Figure(
        key=key,
        value=value,
        unit=text.unit,
        label_sv=text.label_sv,
        label_en=text.label_en,
        source=_source(ctx, names, registry=registry),
        method=text.method + method_note,
        definition_sv=text.definition_sv,
        definition_en=text.definition_en,
    )


def _need(ctx: AnalysisContext, region: str, year: int) -> tuple[float, str]:
    """Mean openings per year over five years from the stock-flow forecast."""
    from ecc_atlas.services.recruitment import need_summary

    level = _level(region)
    workforce = _in_region(delimit(ctx.table("workforce"), ctx.decisions()), region, level)
    if int(workforce.filter(workforce.year == year).count().to_pyarrow().as_py()) == 0:
        return 0.0, ""
    summary = need_summary(ctx, region=region, year=year, horizon=5)
    note = (
        f"; stock-flow cohort model (analysis.stockflow), scenario {summary['scenario']}, "
        "replacement = permanent exits and moves; interval "
        f"{summary['low']:.0f}–{summary['high']:.0f} per year"
    )
    if summary["backtest_mape"] is not None:
        note += f"; backtest MAPE {100 * summary['backtest_mape']:.0f} %"
    if summary["scenario"] != "plans":
        note += "; no employer plans in the warehouse, damped trend"
    return float(summary["per_year"]), note


def _rank_of(rows: pa.Table | None, code: str, column: str) -> int | None:
    for row in [] if rows is None else rows.to_pylist():
        if row["lan_code"] == code:
            value = row[column]
            return None if value is None else int(value)
    return None


def headline_figures(
    ctx: AnalysisContext, *, region: str = "19", year: int | None = None
) -> FiguresResult:
    """The ten headline figures of a län or kommun in a year (default: the latest).

    Keys: ``employees, full_year_equivalents, organisations, workplaces, phd_employees,
    women_share`` (0–1), ``mean_age, recruitment_need_per_year, concentration_rank,
    export_per_capita_rank`` (the ranks are those of the region's län).
    """
    return ctx.cached("headline", (region, year), lambda: _headline(ctx, region, year))


def _headline(ctx: AnalysisContext, region: str, year: int | None) -> FiguresResult:
    level = _level(region)
    y = _resolve_year(ctx, year)
    decisions = ctx.decisions()
    workforce = _in_region(delimit(ctx.table("workforce"), decisions), region, level)
    current = workforce.filter(workforce.year == y)
    size = _row(sector_size(current, by=()))
    people = _row(structure(current, by=()))
    need, need_note = _need(ctx, region, y)
    county_year = _county_year(ctx, y) if ctx.has("county_sector") else None
    counties = None if county_year is None else county_concentration(ctx, year=county_year)
    lan = region[:2]
    wf = ["workforce"]
    women = people.get("women_share")
    age = people.get("mean_age")
    figures = [
        _figure(ctx, "employees", int(size.get("employees") or 0), wf, True),
        _figure(ctx, "full_year_equivalents",
                round(float(size.get("full_year_equivalents") or 0.0)), wf, True),
        _figure(ctx, "organisations", int(size.get("organisations") or 0), wf, True),
        _figure(ctx, "workplaces", int(size.get("workplaces") or 0), wf, True),
        _figure(ctx, "phd_employees", int(people.get("phd_employees") or 0), wf, True),
        _figure(ctx, "women_share", None if women is None else round(float(women), 3), wf,
                True),
        _figure(ctx, "mean_age", None if age is None else round(float(age), 1), wf, True),
        _figure(ctx, "recruitment_need_per_year", round(need),
                ["workforce", "workforce_flows", "hiring_plans"], True, need_note),
        _figure(ctx, "shortage_occupations", _shortages(ctx, region, y),
                ["workforce", "workforce_flows", "hiring_plans", "programmes"], True),
        _figure(ctx, "concentration_rank", _rank_of(counties, lan, "lq_rank"),
                ["county_sector"], False),
        _figure(ctx, "export_per_capita_rank", _rank_of(counties, lan, "exports_rank"),
                ["county_exports", "population"], False),
    ]  # fmt: skip
    used = ["workforce", "workforce_flows", "hiring_plans", "county_sector", "county_exports"]
    return FiguresResult(region, y, ctx.is_synthetic(used), figures)


def _shortages(ctx: AnalysisContext, region: str, year: int) -> int | None:
    """Occupations whose reconciled verdict is shortage (None when it cannot be computed)."""
    from ecc_atlas.analysis import AnalysisError
    from ecc_atlas.services.balance import shortage_list

    try:
        table = shortage_list(ctx, region=region, year=year)
    except (AnalysisError, LookupError):
        return None
    return sum(1 for verdict in table.column("verdict").to_pylist() if verdict == "brist")


def _county_year(ctx: AnalysisContext, year: int) -> int | None:
    years = [y for y in _years(ctx, "county_sector") if y <= year]
    return years[-1] if years else None


def county_concentration(ctx: AnalysisContext, *, year: int | None = None) -> pa.Table:
    """Sector concentration and exports of all 21 counties in a year (default: latest).

    Columns: ``lan_code, lan, sector_employees, total_employees, lq, lq_rank, population,
    sector_per_1000`` (sector employees per 1,000 inhabitants), ``goods_exports_msek,
    exports_per_capita_sek, exports_rank`` (1 = most exports per inhabitant). Sorted by
    lan_code; export columns are null when the year has no export data.
    """
    return ctx.cached("counties", (year,), lambda: _counties(ctx, year))


def _counties(ctx: AnalysisContext, year: int | None) -> pa.Table:
    y = year if year is not None else _years(ctx, "county_sector")[-1]
    sector = ctx.table("county_sector")
    sector = sector.filter(sector.year == y)
    lq_cols = {"region": "lan_code", "value": "sector_employees", "total": "total_employees"}
    lq = {r["region"]: r for r in location_quotient(sector, cols=lq_cols).to_pyarrow().to_pylist()}
    pops: dict[str, int] = {}
    exports: dict[str, dict[str, Any]] = {}
    if ctx.has("population"):
        pop_table = ctx.table("population")
        pop_table = pop_table.filter((pop_table.level == "lan") & (pop_table.year == y))
        pops = {r["region_code"]: int(r["population"]) for r in pop_table.to_pyarrow().to_pylist()}
    if ctx.has("county_exports") and pops:
        ex = ctx.table("county_exports")
        ex = ex.filter(ex.year == y)
        pop = pop_table.select(lan_code=pop_table.region_code, population=pop_table.population)
        joined = ex.join(pop, "lan_code")
        if int(joined.count().to_pyarrow().as_py()) > 0:
            cols = {"region": "lan_code", "value": "goods_exports_msek", "population": "population"}
            exports = {r["region"]: r for r in rpop(joined, cols=cols).to_pyarrow().to_pylist()}
    rows: list[dict[str, Any]] = []
    for county in sorted(reference.lan(), key=lambda r: r.code):
        lq_row = lq.get(county.code, {})
        ex_row = exports.get(county.code)
        population = pops.get(county.code)
        sector_n = lq_row.get("value")
        rows.append(
            {
                "lan_code": county.code,
                "lan": county.name,
                "sector_employees": None if sector_n is None else int(sector_n),
                "total_employees": None if not lq_row else int(lq_row["region_total"]),
                "lq": lq_row.get("lq"),
                "lq_rank": lq_row.get("lq_rank"),
                "population": population,
                "sector_per_1000": (
                    None if not population or sector_n is None else 1000 * sector_n / population
                ),
                "goods_exports_msek": None if ex_row is None else ex_row["value"],
                "exports_per_capita_sek": None if ex_row is None else ex_row["per_capita"] * 1e6,
                "exports_rank": None if ex_row is None else ex_row["rank"],
            }
        )
    schema = pa.schema(
        [
            ("lan_code", pa.string()), ("lan", pa.string()), ("sector_employees", pa.int64()),
            ("total_employees", pa.int64()), ("lq", pa.float64()), ("lq_rank", pa.int64()),
            ("population", pa.int64()), ("sector_per_1000", pa.float64()),
            ("goods_exports_msek", pa.float64()), ("exports_per_capita_sek", pa.float64()),
            ("exports_rank", pa.int64()),
        ]
    )  # fmt: skip
    return pa.Table.from_pylist(rows, schema=schema)


def kommun_employment(
    ctx: AnalysisContext, *, lan: str = "19", year: int | None = None
) -> pa.Table:
    """Sector employment per kommun of a län: every kommun, zero where there is none.

    Columns: ``kommun_code, kommun, employees, full_year_equivalents, organisations``;
    sorted by kommun_code.
    """
    return ctx.cached("kommuner", (lan, year), lambda: _kommuner(ctx, lan, year))


def _kommuner(ctx: AnalysisContext, lan: str, year: int | None) -> pa.Table:
    if _level(lan) != "lan":
        raise LookupError(f"{lan!r} is not a län code.")
    y = _resolve_year(ctx, year)
    workforce = ctx.table("workforce")
    workforce = workforce.filter(workforce.year == y)
    size = sector_size(workforce, ctx.decisions(), by=("region",), level="kommun")
    found = {r["region"]: r for r in size.to_pyarrow().to_pylist()}
    rows = []
    for kommun in sorted(reference.kommuner(lan), key=lambda r: r.code):
        row = found.get(kommun.code, {})
        rows.append(
            {
                "kommun_code": kommun.code,
                "kommun": kommun.name,
                "employees": int(row.get("employees") or 0),
                "full_year_equivalents": float(row.get("full_year_equivalents") or 0.0),
                "organisations": int(row.get("organisations") or 0),
            }
        )
    schema = pa.schema(
        [
            ("kommun_code", pa.string()), ("kommun", pa.string()), ("employees", pa.int64()),
            ("full_year_equivalents", pa.float64()), ("organisations", pa.int64()),
        ]
    )  # fmt: skip
    return pa.Table.from_pylist(rows, schema=schema)


def sector_trend(ctx: AnalysisContext, *, region: str = "19") -> pa.Table:
    """The sector of a län or kommun year by year.

    Columns: ``year, employees, full_year_equivalents, organisations, women_share`` (0–1)
    ``, phd_employees``; sorted by year.
    """
    return ctx.cached("trend", (region,), lambda: _trend(ctx, region))


def _trend(ctx: AnalysisContext, region: str) -> pa.Table:
    level = _level(region)
    workforce = _in_region(delimit(ctx.table("workforce"), ctx.decisions()), region, level)
    size = sector_size(workforce, by=("year",)).to_pyarrow().to_pylist()
    people = {r["year"]: r for r in structure(workforce, by=("year",)).to_pyarrow().to_pylist()}
    rows = [
        {
            "year": int(r["year"]),
            "employees": int(r["employees"]),
            "full_year_equivalents": float(r["full_year_equivalents"]),
            "organisations": int(r["organisations"]),
            "women_share": people.get(r["year"], {}).get("women_share"),
            "phd_employees": int(people.get(r["year"], {}).get("phd_employees") or 0),
        }
        for r in size
    ]
    schema = pa.schema(
        [
            ("year", pa.int32()), ("employees", pa.int64()),
            ("full_year_equivalents", pa.float64()), ("organisations", pa.int64()),
            ("women_share", pa.float64()), ("phd_employees", pa.int64()),
        ]
    )  # fmt: skip
    return pa.Table.from_pylist(rows, schema=schema)

"""Tables of the recruitment and shortage pages, from :mod:`ecc_atlas.services.recruitment`
and :mod:`ecc_atlas.services.balance`: forecast scenarios with intervals, openings per
occupation, the backtest error, and the reconciled shortage list."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

import pyarrow as pa
from django.utils.translation import gettext_lazy as _

from ecc_atlas.web.dashboard.tables import vocabularies
from ecc_atlas.web.dashboard.tables.base import (
    Column,
    Disclosure,
    Filters,
    TableDef,
    Unavailable,
    inherit_suppression,
    register,
)
from ecc_atlas.web.dashboard.tables.workforce import OCCUPATIONS

if TYPE_CHECKING:
    from ecc_atlas.services.context import AnalysisContext

__all__ = ["BACKTEST", "HORIZON", "OCCUPATION_NEED", "SCENARIO_TABLE", "SHORTAGES"]

#: Years ahead of the scenario chart; the per-occupation means cover the first five.
HORIZON = 10
NEAR = 5
FORECAST_DATASETS = ("workforce", "workforce_flows", "hiring_plans")
FORECAST_METHOD = _(
    "Stock-flow cohort model of the county's delimited sector per occupation (SSYK): each "
    "year the cohorts age, exits (retirement, death, leaving the labour force) and moves out "
    "follow the rates observed in the region's own flows, and employment follows the "
    "scenario. Openings = expansion + replacement demand. Intervals come from the spread of "
    "the observed rates and trends. Scenarios: damped trend; employers' planned hiring "
    "(survey); trend plus an example event (a new plant with 300 jobs)."
)


def _default_scenario(ctx: AnalysisContext) -> str:
    return "plans" if ctx.has("hiring_plans") else "trend"


def _forecast(ctx: AnalysisContext, region: str, scenario: str, horizon: int) -> pa.Table:
    from ecc_atlas.services import recruitment

    try:
        return recruitment.forecast(ctx, region=region, horizon=horizon, scenario=scenario)
    except ValueError as error:
        raise Unavailable(f"No {scenario} forecast: {error}") from error


def _scenarios(ctx: AnalysisContext, filters: Filters, region: str) -> pa.Table:
    sums = ("openings_low", "openings_central", "openings_high", "replacement_demand",
            "expansion", "employment_central")  # fmt: skip
    rows: list[dict[str, Any]] = []
    for scenario in vocabularies.SCENARIOS:
        try:
            table = _forecast(ctx, region, scenario, HORIZON)
        except Unavailable:
            continue
        totals: dict[int, dict[str, float]] = defaultdict(lambda: dict.fromkeys(sums, 0.0))
        for row in table.to_pylist():
            for name in sums:
                totals[int(row["year"])][name] += float(row[name] or 0.0)
        for year, values in sorted(totals.items()):
            rows.append({"scenario": scenario, "year": year, **values})
    if not rows:
        raise Unavailable("The recruitment forecast needs the workforce and its flows.")
    schema = pa.schema(
        [("scenario", pa.string()), ("year", pa.int64())] + [(n, pa.float64()) for n in sums]
    )
    return pa.Table.from_pylist(rows, schema=schema)


SCENARIO_TABLE = register(
    TableDef(
        name="recruitment-scenarios",
        build=_scenarios,
        title=_("Recruitment need by scenario"),
        description=_(
            "Openings per year in the county's energy sector for the next ten years under "
            "each scenario, with the low and high end of the interval, and how many of them "
            "replace people leaving (replacement demand) or come from growth (expansion)."
        ),
        method=FORECAST_METHOD,
        datasets=FORECAST_DATASETS,
        columns=(
            Column("scenario", _("Scenario code"), "code"),
            Column("scenario_name", _("Scenario"), label_of=("scenario", "scenario")),
            Column("year", _("Year"), "year"),
            Column("openings_central", _("Openings"), "dec0"),
            Column("openings_low", _("Openings, low"), "dec0"),
            Column("openings_high", _("Openings, high"), "dec0"),
            Column("replacement_demand", _("Replacement demand"), "dec0"),
            Column("expansion", _("Expansion"), "dec0"),
            Column("employment_central", _("Employment"), "dec0"),
        ),
        disclosure=Disclosure(
            dimensions=("scenario", "year"),
            values=("employment_central",),
            derived=(
                "openings_central",
                "openings_low",
                "openings_high",
                "replacement_demand",
                "expansion",
            ),
            persons="employment_central",
            top2_share=None,
            internal=(),
        ),
    )
)


def _occupations(ctx: AnalysisContext, filters: Filters, region: str) -> pa.Table:
    scenario = filters.scenario or _default_scenario(ctx)
    table = _forecast(ctx, region, scenario, HORIZON)
    sums = ("openings_low", "openings_central", "openings_high", "replacement_demand",
            "expansion", "retirements")  # fmt: skip
    groups: dict[str, dict[str, Any]] = {}
    for row in table.to_pylist():
        if int(row["step"]) > NEAR:
            continue
        group = groups.setdefault(
            row["ssyk"],
            {
                "ssyk": row["ssyk"],
                "scenario": scenario,
                "employees_base": float(row["employees_base"] or 0.0),
                "backtest_mape": row["backtest_mape"],
                **dict.fromkeys(sums, 0.0),
            },
        )
        for name in sums:
            group[name] += float(row[name] or 0.0) / NEAR
    rows = sorted(groups.values(), key=lambda r: -r["openings_central"])
    for row in rows:
        central = row["openings_central"]
        row["replacement_share"] = row["replacement_demand"] / central if central > 0 else None
    schema = pa.schema(
        [("ssyk", pa.string()), ("scenario", pa.string()), ("employees_base", pa.float64()),
         ("backtest_mape", pa.float64())]
        + [(n, pa.float64()) for n in sums]
        + [("replacement_share", pa.float64())]
    )  # fmt: skip
    table = pa.Table.from_pylist(rows, schema=schema)
    values = ["employees_base", "backtest_mape", *sums, "replacement_share"]
    return inherit_suppression(table, "ssyk", OCCUPATIONS, Filters(), "ssyk", values)


OCCUPATION_NEED = register(
    TableDef(
        name="recruitment-occupations",
        build=_occupations,
        print_columns=(
            "occupation",
            "employees_base",
            "openings_central",
            "openings_low",
            "openings_high",
            "replacement_share",
            "backtest_mape",
        ),
        title=_("Recruitment need by occupation"),
        description=_(
            "Openings per year over the next five years for each occupation (SSYK), with the "
            "interval, the part that replaces people leaving, retirements, and the "
            "forecast's error when it was run from a past year (backtest MAPE)."
        ),
        method=FORECAST_METHOD,
        datasets=FORECAST_DATASETS,
        filters=("scenario",),
        columns=(
            Column("ssyk", _("SSYK code"), "code"),
            Column("occupation", _("Occupation"), label_of=("ssyk", "ssyk")),
            Column("scenario", _("Scenario code"), "code"),
            Column("scenario_name", _("Scenario"), label_of=("scenario", "scenario")),
            Column("employees_base", _("Employees now"), "dec0"),
            Column("openings_central", _("Openings per year"), "dec0"),
            Column("openings_low", _("Openings, low"), "dec0"),
            Column("openings_high", _("Openings, high"), "dec0"),
            Column("replacement_demand", _("Replacement per year"), "dec0"),
            Column("replacement_share", _("Replacement share"), "share"),
            Column("expansion", _("Expansion per year"), "dec1"),
            Column("retirements", _("Retirements per year"), "dec1"),
            Column("backtest_mape", _("Backtest error (MAPE)"), "share"),
        ),
        disclosure=Disclosure(
            dimensions=("ssyk",),
            values=("employees_base",),
            derived=(
                "openings_central",
                "openings_low",
                "openings_high",
                "replacement_demand",
                "replacement_share",
                "expansion",
                "retirements",
                "backtest_mape",
            ),
            persons="employees_base",
            top2_share=None,
            internal=(),
        ),
    )
)


def _backtest(ctx: AnalysisContext, filters: Filters, region: str) -> pa.Table:
    from ecc_atlas.services import recruitment

    try:
        table = recruitment.backtest(ctx, region=region)
    except ValueError as error:
        raise Unavailable(f"No backtest: {error}") from error
    table = table.drop_columns(["occupation_sv", "occupation_en"])
    values = ["mape", "wape", "bias", "coverage"]
    return inherit_suppression(table, "ssyk", OCCUPATIONS, Filters(), "ssyk", values)


BACKTEST = register(
    TableDef(
        name="recruitment-backtest",
        build=_backtest,
        print_columns=(
            "scope",
            "occupation",
            "measure",
            "base_year",
            "mape",
            "bias",
            "coverage",
        ),
        title=_("How well the forecast did (backtest)"),
        description=_(
            "The same model run from a past base year and compared with what happened: "
            "mean absolute percentage error (MAPE), weighted error (WAPE), bias (positive = "
            "too high) and the share of years inside the interval, overall and per "
            "occupation, for employment and for openings."
        ),
        method=_(
            "The forecast is run on the data up to the base year only and compared with the "
            "known later years. MAPE is the mean of |forecast − actual| / actual over the "
            "years; WAPE weights by size; coverage is the share of actual values inside the "
            "forecast interval."
        ),
        datasets=("workforce", "workforce_flows"),
        columns=(
            Column("scope", _("Scope"), "code"),
            Column("ssyk", _("SSYK code"), "code"),
            Column("occupation", _("Occupation"), label_of=("ssyk", "ssyk")),
            Column("measure", _("Measure"), "code"),
            Column("base_year", _("Base year"), "year"),
            Column("years", _("Years compared"), "int"),
            Column("mape", _("MAPE"), "share"),
            Column("wape", _("WAPE"), "share"),
            Column("bias", _("Bias"), "share"),
            Column("coverage", _("Coverage of the interval"), "share"),
        ),
        disclosure=Disclosure(top2_share=None, internal=()),
    )
)


def _shortages(ctx: AnalysisContext, filters: Filters, region: str) -> pa.Table:
    from ecc_atlas.services import balance

    try:
        table = balance.shortage_list(ctx, region=region)
    except ValueError as error:
        raise Unavailable(f"No shortage list: {error}") from error
    table = table.drop_columns(["occupation_sv", "occupation_en", "verdict_en"])
    values = ["employees_base", "openings_per_year", "supply_per_year", "gap",
              "supply_demand_ratio", "difficulty", "ad_pressure"]  # fmt: skip
    return inherit_suppression(table, "ssyk", OCCUPATIONS, Filters(), "ssyk", values)


SIGNALS = ("forecast_signal", "difficulty_signal", "barometer_signal", "ad_signal")

SHORTAGES = register(
    TableDef(
        name="shortages",
        build=_shortages,
        print_columns=(
            "occupation",
            "verdict_name",
            "disagreement",
            "forecast_name",
            "difficulty_name",
            "barometer_name",
            "ad_name",
            "openings_per_year",
            "supply_per_year",
            "gap",
        ),
        title=_("Shortage occupations"),
        description=_(
            "Per occupation, every signal — the forecast gap between openings and supply "
            "from the region's education, employers' reported recruitment difficulty, "
            "Arbetsförmedlingen's occupational barometer and job-ad pressure — the reconciled "
            "verdict, and whether the signals disagree."
        ),
        method=_(
            "Each signal becomes shortage, balance or surplus: the supply/demand ratio by "
            "Lightcast's bands (below 0.9 shortage, above 1.2 surplus); employers' mean "
            "difficulty on a 1–5 scale (3.5 or more shortage, 2 or less surplus); the "
            "barometer's recruitment situation; vacancies per employee relative to all "
            "occupations. The verdict is the mean of the available signals (shortage +1, "
            "balance 0, surplus −1); signals disagree when one says shortage and another "
            "surplus. Openings use the five-year forecast without moves between employers."
        ),
        datasets=(
            "workforce",
            "workforce_flows",
            "programmes",
            "hiring_plans",
            "yrkesbarometer",
            "job_ads",
        ),
        columns=(
            Column("ssyk", _("SSYK code"), "code"),
            Column("occupation", _("Occupation"), label_of=("ssyk", "ssyk")),
            Column("verdict", _("Verdict code"), "code"),
            Column("verdict_name", _("Verdict"), label_of=("verdict", "verdict")),
            Column("disagreement", _("Signals disagree"), "bool"),
            Column("forecast_signal", _("Forecast gap signal code"), "code"),
            Column("forecast_name", _("Forecast gap"), label_of=("forecast_signal", "signal")),
            Column("difficulty_signal", _("Employer signal code"), "code"),
            Column("difficulty_name", _("Employers"), label_of=("difficulty_signal", "signal")),
            Column("barometer_signal", _("Barometer signal code"), "code"),
            Column(
                "barometer_name",
                _("Occupational barometer"),
                label_of=("barometer_signal", "signal"),
            ),
            Column("ad_signal", _("Job-ad signal code"), "code"),
            Column("ad_name", _("Job ads"), label_of=("ad_signal", "signal")),
            Column("signals", _("Signals"), "int"),
            Column("score", _("Score (−1 to 1)"), "dec2"),
            Column("employees_base", _("Employees now"), "dec0"),
            Column("openings_per_year", _("Openings per year"), "dec0"),
            Column("supply_per_year", _("Supply per year"), "dec0"),
            Column("gap", _("Gap per year"), "dec0"),
            Column("supply_demand_ratio", _("Supply / openings"), "dec2"),
            Column("band", _("Band code"), "code"),
            Column("band_name", _("Supply band"), label_of=("band", "band")),
            Column("difficulty", _("Recruitment difficulty (1–5)"), "dec1"),
            Column("yrkesbarometer", _("Barometer category"), "code"),
            Column("ad_pressure", _("Job-ad pressure"), "dec2"),
        ),
        disclosure=Disclosure(
            dimensions=("ssyk",),
            values=("employees_base",),
            derived=(
                "openings_per_year",
                "supply_per_year",
                "gap",
                "supply_demand_ratio",
                "difficulty",
                "ad_pressure",
            ),
            persons="employees_base",
            top2_share=None,
            internal=(),
        ),
    )
)

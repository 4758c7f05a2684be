"""The shortage list of a region: supply against openings, and the reconciled signals.

Per SSYK of the region's delimited sector: the forecast gap (openings of the next five
years under the ``"exits"`` definition — moves between employers are matched by moves in
— against graduates of the region's programmes who stay), the employers' reported
recruitment difficulty, Arbetsförmedlingen's Yrkesbarometer (when the dataset has been
imported) and job-ad pressure (when ``job_ads`` exists), each signal shown, with a
verdict and a disagreement flag (:mod:`ecc_atlas.analysis.balance`).
"""

from __future__ import annotations

import ibis
import pyarrow as pa

from ecc_atlas.analysis.balance import (
    ad_pressure,
    barometer_signal,
    employer_difficulty,
    need_per_year,
    supply_demand,
)
from ecc_atlas.analysis.balance import (
    shortage_list as reconcile,
)
from ecc_atlas.analysis.supply import education_supply
from ecc_atlas.services.context import AnalysisContext
from ecc_atlas.services.figures import _level
from ecc_atlas.services.recruitment import _population, forecast, occupation_name

__all__ = ["SHORTAGE_COLUMNS", "shortage_list"]

SHORTAGE_COLUMNS = (
    "ssyk",
    "occupation_sv",
    "occupation_en",
    "employees_base",
    "openings_low",
    "openings_per_year",
    "openings_high",
    "supply_per_year",
    "gap",
    "supply_demand_ratio",
    "band",
    "supplied",
    "forecast_signal",
    "difficulty",
    "difficulty_signal",
    "yrkesbarometer",
    "barometer_signal",
    "ad_pressure",
    "ad_signal",
    "signals",
    "score",
    "verdict",
    "verdict_en",
    "disagreement",
    "scenario",
    "sources",
)


def shortage_list(
    ctx: AnalysisContext, *, region: str = "19", year: int | None = None, horizon: int = 5
) -> pa.Table:
    """Per SSYK: each signal, the verdict and whether the signals disagree.

    ``year`` is the base year of the forecast (default: the latest). Columns:
    ``ssyk``, ``occupation_sv``, ``occupation_en``, ``employees_base``,
    ``openings_low``, ``openings_per_year``, ``openings_high`` (mean per year over
    ``horizon`` years, ``"exits"`` definition), ``supply_per_year`` (graduates × retention
    of the län's programmes), ``gap`` (openings − supply), ``supply_demand_ratio``,
    ``band`` (Lightcast), ``supplied`` (a programme leads to the SSYK),
    ``forecast_signal``, ``difficulty`` (1–5), ``difficulty_signal``, ``yrkesbarometer``
    (category), ``barometer_signal``, ``ad_pressure``, ``ad_signal`` (signals are
    brist/balans/överskott or null when missing), ``signals`` (count), ``score`` (−1 … 1),
    ``verdict`` (brist/balans/överskott), ``verdict_en``, ``disagreement`` (bool),
    ``scenario`` (of the forecast) and ``sources`` (datasets used). Sorted with the
    clearest shortages first.
    """
    return ctx.cached(
        "shortage_list", (region, year, horizon), lambda: _shortage(ctx, region, year, horizon)
    )


def _shortage(ctx: AnalysisContext, region: str, year: int | None, horizon: int) -> pa.Table:
    level = _level(region)
    scenario = "plans" if ctx.has("hiring_plans") else "trend"
    try:
        table = forecast(
            ctx,
            region=region,
            base_year=year,
            horizon=horizon,
            scenario=scenario,
            replacement="exits",
        )
    except ValueError:
        scenario = "trend"
        table = forecast(
            ctx,
            region=region,
            base_year=year,
            horizon=horizon,
            scenario=scenario,
            replacement="exits",
        )
    base = int(table.column("year").to_pylist()[0]) - int(table.column("step").to_pylist()[0])
    need = need_per_year(ibis.memtable(table.drop_columns(["occupation_sv", "occupation_en"])))
    sources = ["workforce", "workforce_flows"]
    if ctx.has("programmes"):
        supply = education_supply(
            ctx.table("programmes"), base_year=base, region=region, level=level
        )
        sources.append("programmes")
    else:
        supply = ibis.memtable(
            pa.table(
                {"ssyk": pa.array([], pa.string()), "supply_per_year": pa.array([], pa.float64())}
            )
        )
    balance = supply_demand(need, supply)
    workforce, _, plans = _population(ctx, region)
    difficulty = barometer = ads = None
    if plans is not None:
        orgs = workforce.filter(workforce.year == base).select(_o=workforce.org_number).distinct()
        own = plans.join(orgs, plans.org_number == orgs._o).drop("_o")
        own = own.filter(own.survey_year <= base)
        if int(own.count().execute()) > 0:
            difficulty = employer_difficulty(own)
            sources.append("hiring_plans")
    lan = region[:2]
    if ctx.has("yrkesbarometer"):
        barometer = barometer_signal(ctx.table("yrkesbarometer"), lan=lan)
        sources.append("yrkesbarometer")
    if ctx.has("job_ads"):
        current = workforce.filter(workforce.year == base)
        employment = current.group_by("ssyk").aggregate(employees=current.employees.sum())
        ads = ad_pressure(ctx.table("job_ads"), employment, lan=lan)
        sources.append("job_ads")
    result = reconcile(balance, difficulty=difficulty, barometer=barometer, ads=ads)
    rows = []
    for row in result.to_pyarrow().to_pylist():
        sv, en = occupation_name(row["ssyk"])
        rows.append(
            row
            | {
                "occupation_sv": sv,
                "occupation_en": en,
                "scenario": scenario,
                "sources": ", ".join(sources),
            }
        )
    types = {
        "ssyk": pa.string(),
        "occupation_sv": pa.string(),
        "occupation_en": pa.string(),
        "band": pa.string(),
        "supplied": pa.bool_(),
        "forecast_signal": pa.string(),
        "difficulty_signal": pa.string(),
        "yrkesbarometer": pa.string(),
        "barometer_signal": pa.string(),
        "ad_signal": pa.string(),
        "signals": pa.int64(),
        "verdict": pa.string(),
        "verdict_en": pa.string(),
        "disagreement": pa.bool_(),
        "scenario": pa.string(),
        "sources": pa.string(),
    }
    schema = pa.schema([(c, types.get(c, pa.float64())) for c in SHORTAGE_COLUMNS])
    return pa.Table.from_pylist(rows, schema=schema)

"""Supply and demand balance and the reconciled shortage list (METHODS.md).

Four signals per group (SSYK) × region, each mapped to Arbetsförmedlingen's categories
``brist`` (shortage) / ``balans`` (balance) / ``överskott`` (surplus):

1. **forecast gap** — supply ÷ openings in Lightcast's bands (≤ 0.59 undersupplied,
   0.60–0.90 slight undersupply → brist; 0.91–1.20 balanced → balans; 1.21–1.49 slight
   oversupply, ≥ 1.5 oversupplied → överskott); only where programmes supply the group;
2. **employer-reported recruitment difficulty** (1–5, mean weighted by planned hires):
   ≥ 3.5 brist, ≤ 2.0 överskott, otherwise balans;
3. **Yrkesbarometer** (Arbetsförmedlingen's rekryteringssituation for the län, else the
   country): brist and paradox → brist, balans, överskott;
4. **job-ad pressure** — vacancies per employee relative to all groups: ≥ 1.5 brist,
   ≤ 0.67 överskott, otherwise balans.

The verdict is the mean of the available signals' scores (brist +1, balans 0, överskott
−1): ≥ 0.5 brist, ≤ −0.5 överskott, otherwise balans; ``disagreement`` is true when two
or more signals exist and they are not all the same category.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import ibis

from ecc_atlas.analysis._common import AnalysisError, require_columns

if TYPE_CHECKING:
    from ibis.expr.types import Table

__all__ = [
    "ShortageThresholds",
    "ad_pressure",
    "barometer_signal",
    "employer_difficulty",
    "lightcast_band",
    "need_per_year",
    "shortage_list",
    "supply_demand",
]

BRIST, BALANS, OVERSKOTT = "brist", "balans", "överskott"
_ENGLISH = {BRIST: "shortage", BALANS: "balance", OVERSKOTT: "surplus"}


@dataclass(frozen=True)
class ShortageThresholds:
    """Where each signal turns into brist or överskott (see the module docstring)."""

    difficulty_shortage: float = 3.5
    difficulty_surplus: float = 2.0
    ads_shortage: float = 1.5
    ads_surplus: float = 0.67
    verdict: float = 0.5


def lightcast_band(ratio: ibis.Value) -> ibis.Value:
    """Lightcast's supply/demand band of a supply ÷ demand ratio (null stays null)."""
    return ibis.cases(
        (ratio.isnull(), ibis.null("string")),
        (ratio < 0.595, "undersupplied"),
        (ratio < 0.905, "slight undersupply"),
        (ratio < 1.205, "balanced"),
        (ratio < 1.495, "slight oversupply"),
        else_="oversupplied",
    )


def need_per_year(forecast: Table, *, by: Sequence[str] = ("ssyk",)) -> Table:
    """Mean openings per year over the horizon of a :func:`.stockflow.stock_flow` table.

    Output columns: the ``by`` columns, ``employees_base``, ``openings_low``,
    ``openings_per_year`` (central), ``openings_high``, ``replacement_per_year``,
    ``expansion_per_year``. One scenario and definition only (filter first).
    """
    keys = list(by)
    require_columns(forecast, [*keys, "openings_central", "employees_base"], what="forecast")
    return forecast.group_by(keys).aggregate(
        employees_base=forecast.employees_base.max(),
        openings_low=forecast.openings_low.mean(),
        openings_per_year=forecast.openings_central.mean(),
        openings_high=forecast.openings_high.mean(),
        replacement_per_year=forecast.replacement_demand.mean(),
        expansion_per_year=forecast.expansion.mean(),
    )


def supply_demand(need: Table, supply: Table, *, by: Sequence[str] = ("ssyk",)) -> Table:
    """Openings against supply per group.

    ``need`` as :func:`need_per_year`; ``supply`` as
    :func:`ecc_atlas.analysis.supply.education_supply`. Output columns: the ``by``
    columns, ``employees_base``, ``openings_low``, ``openings_per_year``,
    ``openings_high``, ``supply_per_year`` (0 where no programme supplies the group),
    ``gap`` (openings − supply; positive = too few), ``supply_demand_ratio`` (null when
    openings are 0), ``band`` (Lightcast's band; null when the ratio is null) and
    ``supplied`` (true when programmes supply the group). Sorted by gap, largest first.
    """
    keys = list(by)
    require_columns(supply, [*keys, "supply_per_year"], what="supply")
    s = supply.select(*keys, _supply=supply.supply_per_year)
    j = need.left_join(s, keys).select(need, s._supply)
    j = j.mutate(
        supplied=j._supply.notnull() & (j._supply > 0),
        supply_per_year=j._supply.fill_null(0.0),
    )
    ratio = ibis.cases(
        (j.openings_per_year > 0, j.supply_per_year / j.openings_per_year),
        else_=ibis.null("float64"),
    )
    j = j.mutate(gap=j.openings_per_year - j.supply_per_year, supply_demand_ratio=ratio)
    j = j.mutate(band=lightcast_band(j.supply_demand_ratio))
    columns = [
        *keys,
        "employees_base",
        "openings_low",
        "openings_per_year",
        "openings_high",
        "supply_per_year",
        "gap",
        "supply_demand_ratio",
        "band",
        "supplied",
    ]
    return j.select(*columns).order_by([ibis.desc("gap"), *keys])


def employer_difficulty(
    plans: Table, *, by: Sequence[str] = ("ssyk",), survey_year: int | None = None
) -> Table:
    """Employer-reported recruitment difficulty per group from a survey.

    Output columns: the ``by`` columns, ``survey_year``, ``respondents`` (rows),
    ``difficulty`` (mean of ``recruitment_difficulty`` 1–5 weighted by
    max(planned_hires, 1)).
    """
    keys = list(by)
    require_columns(
        plans,
        [*keys, "survey_year", "recruitment_difficulty", "planned_hires"],
        what="hiring plans",
    )
    year = int(plans.survey_year.max().execute()) if survey_year is None else survey_year
    p = plans.filter((plans.survey_year == year) & plans.recruitment_difficulty.notnull())
    w = ibis.greatest(p.planned_hires.cast("float64"), 1.0)
    p = p.mutate(_w=w, _wd=w * p.recruitment_difficulty.cast("float64"))
    out = p.group_by(keys).aggregate(
        respondents=p.count().cast("int64"), _w=p._w.sum(), _wd=p._wd.sum()
    )
    return out.select(
        *keys,
        survey_year=ibis.literal(year).cast("int64"),
        respondents=out.respondents,
        difficulty=out._wd / out._w,
    )


def _score(category: ibis.Value) -> ibis.Value:
    return ibis.cases(
        (category.isin([BRIST, "paradox"]), 1.0),
        (category == BALANS, 0.0),
        (category == OVERSKOTT, -1.0),
        else_=ibis.null("float64"),
    )


def barometer_signal(yrkesbarometer: Table, *, lan: str) -> Table:
    """Arbetsförmedlingen's latest rekryteringssituation per SSYK for a län.

    Uses the latest round (``omgang``); the län's assessment where it exists, otherwise
    the national one (``lan_code`` "00"). When several barometer occupations cover one
    SSYK group their categories are averaged (brist/paradox +1, balans 0, överskott −1).

    Output columns: ``ssyk``, ``omgang``, ``barometer_level`` ("län" or "riket"),
    ``yrkesbarometer`` (the category, or "blandad" when the occupations differ),
    ``barometer_score`` (−1 … 1).
    """
    require_columns(
        yrkesbarometer,
        ["omgang", "lan_code", "ssyk", "rekryteringssituation"],
        what="yrkesbarometer",
    )
    latest = yrkesbarometer.omgang.max().execute()
    if latest is None:
        raise AnalysisError("The Yrkesbarometer dataset is empty.")
    y = yrkesbarometer.filter(
        (yrkesbarometer.omgang == latest) & yrkesbarometer.lan_code.isin([lan, "00"])
    )
    y = y.mutate(_own=(y.lan_code == lan).cast("int64"), _s=_score(y.rekryteringssituation))
    best = y.group_by("ssyk").aggregate(_best=y._own.max())
    y = y.join(best, "ssyk").filter(lambda t: t._own == t._best)
    out = y.group_by("ssyk").aggregate(
        _n=y.rekryteringssituation.nunique(),
        _cat=y.rekryteringssituation.max(),
        barometer_score=y._s.mean(),
        _own=y._own.max(),
    )
    return out.select(
        "ssyk",
        omgang=ibis.literal(str(latest)),
        barometer_level=ibis.cases((out._own == 1, "län"), else_="riket"),
        yrkesbarometer=ibis.cases((out._n > 1, "blandad"), else_=out._cat),
        barometer_score=out.barometer_score,
    )


def ad_pressure(
    job_ads: Table, employment: Table, *, lan: str, months: int = 12, by: str = "ssyk"
) -> Table:
    """Job-ad pressure per SSYK: vacancies per employee relative to all groups.

    ``employment`` has ``ssyk`` and ``employees`` (e.g. the sector's base-year headcount).
    Vacancies (``number_of_vacancies``, at least 1 per ad) of ads in the län published
    in the ``months`` months up to the latest publication date.

    Output columns: ``ssyk``, ``vacancies``, ``employees``, ``ad_pressure``
    ((vacancies / employees) / (Σ vacancies / Σ employees) over groups with both).
    """
    require_columns(
        job_ads, ["ssyk", "lan_code", "publication_date", "number_of_vacancies"], what="job ads"
    )
    require_columns(employment, [by, "employees"], what="employment")
    ads = job_ads.filter(job_ads.lan_code == lan)
    last = ads.publication_date.max().execute()
    if last is None:
        raise AnalysisError(f"There are no job ads for län {lan}.")
    since = ibis.literal(last) - ibis.interval(days=int(months * 30.44))
    ads = ads.filter(ads.publication_date > since)
    vac = ads.group_by(ssyk=ads.ssyk).aggregate(
        vacancies=ibis.greatest(ads.number_of_vacancies.fill_null(1), 1).sum().cast("float64")
    )
    emp = employment.group_by(ssyk=employment[by]).aggregate(
        employees=employment.employees.sum().cast("float64")
    )
    j = vac.join(emp, "ssyk").filter(lambda t: t.employees > 0)
    window = ibis.window()
    rel = (j.vacancies / j.employees) / (
        j.vacancies.sum().over(window) / j.employees.sum().over(window)
    )
    return j.select("ssyk", "vacancies", "employees", ad_pressure=rel)


def _category(score: ibis.Value, high: float, low: float, *, inverse: bool = False) -> ibis.Value:
    if inverse:  # a high value means surplus (supply ÷ demand)
        return ibis.cases(
            (score.isnull(), ibis.null("string")),
            (score >= high, OVERSKOTT),
            (score <= low, BRIST),
            else_=BALANS,
        )
    return ibis.cases(
        (score.isnull(), ibis.null("string")),
        (score >= high, BRIST),
        (score <= low, OVERSKOTT),
        else_=BALANS,
    )


def shortage_list(
    balance: Table,
    *,
    difficulty: Table | None = None,
    barometer: Table | None = None,
    ads: Table | None = None,
    thresholds: ShortageThresholds | None = None,
) -> Table:
    """Reconcile the four signals per SSYK into a verdict (see the module docstring).

    ``balance`` as :func:`supply_demand` (by ``ssyk``); the others as
    :func:`employer_difficulty`, :func:`barometer_signal` and :func:`ad_pressure`.

    Output columns: the columns of ``balance``, then ``forecast_signal``, ``difficulty``,
    ``difficulty_signal``, ``yrkesbarometer``, ``barometer_signal``, ``ad_pressure``,
    ``ad_signal`` (each signal brist/balans/överskott or null when not available),
    ``signals`` (how many), ``score`` (mean, −1 … 1), ``verdict`` (brist/balans/överskott,
    null without signals), ``verdict_en`` (shortage/balance/surplus) and
    ``disagreement`` (bool). Sorted by score (most shortage first), then gap.
    """
    th = thresholds or ShortageThresholds()
    t = balance
    for extra, columns in (
        (difficulty, ["difficulty"]),
        (barometer, ["yrkesbarometer", "barometer_score"]),
        (ads, ["ad_pressure"]),
    ):
        if extra is None:
            t = t.mutate(
                **{c: ibis.null("float64" if c != "yrkesbarometer" else "string") for c in columns}
            )
        else:
            e = extra.select("ssyk", *columns)
            t = t.left_join(e, "ssyk").select(t, *[e[c] for c in columns])
    forecast = ibis.cases(
        (t.supplied, _category(t.supply_demand_ratio, 1.205, 0.905, inverse=True)),
        else_=ibis.null("string"),
    )
    t = t.mutate(
        forecast_signal=forecast,
        difficulty_signal=_category(t.difficulty, th.difficulty_shortage, th.difficulty_surplus),
        barometer_signal=ibis.cases(
            (t.barometer_score.isnull(), ibis.null("string")),
            (t.barometer_score >= 0.5, BRIST),
            (t.barometer_score <= -0.5, OVERSKOTT),
            else_=BALANS,
        ),
        ad_signal=_category(t.ad_pressure, th.ads_shortage, th.ads_surplus),
    )
    names = ["forecast_signal", "difficulty_signal", "barometer_signal", "ad_signal"]
    scores = [_score(t[n]) for n in names]
    count = sum((s.notnull().cast("int64") for s in scores), ibis.literal(0).cast("int64"))
    total = sum((s.fill_null(0.0) for s in scores), ibis.literal(0.0))
    lo = ibis.least(*[s.fill_null(9.0) for s in scores])
    hi = ibis.greatest(*[s.fill_null(-9.0) for s in scores])
    t = t.mutate(
        signals=count,
        score=ibis.cases((count > 0, total / count), else_=ibis.null("float64")),
        disagreement=(count >= 2) & (hi > lo),
    )
    verdict = ibis.cases(
        (t.score.isnull(), ibis.null("string")),
        (t.score >= th.verdict, BRIST),
        (t.score <= -th.verdict, OVERSKOTT),
        else_=BALANS,
    )
    t = t.mutate(verdict=verdict)
    t = t.mutate(verdict_en=t.verdict.substitute(_ENGLISH, else_=ibis.null("string")))
    t = t.drop("barometer_score")
    return t.order_by([ibis.desc(t.score.fill_null(-9.0)), ibis.desc("gap"), "ssyk"])

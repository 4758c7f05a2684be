"""Skill demand from job ads: shares by occupation, region and period; growth; emerging skills;
co-occurrence.

Inputs are Ibis tables, so the same code runs on DuckDB and on PySpark:

* ``ads``: one row per ad — ``ad_id, publication_date`` and the grouping columns
  (``ssyk, kommun_code, lan_code``; map other names with ``cols={...}``);
* ``ad_skills``: one row per ad and skill — ``ad_id, skill_id, section`` (see
  :func:`ecc_atlas.analysis.skills_extract.ad_skills`).

The share of a skill in a cell (period × occupation × region) is the number of ads that name
the skill divided by all ads of the cell — ads without any skill count in the denominator.
Requirement and merit counts say how many of those ads ask for the skill or call it a merit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Final

import ibis

from ecc_atlas.analysis._common import AnalysisError, require_columns, resolve_cols

if TYPE_CHECKING:
    from ibis.expr.types import Table

__all__ = [
    "AD_COLS",
    "PERIODS",
    "co_occurrence",
    "emerging_skills",
    "skill_growth",
    "skill_shares",
]

#: Column roles of the ads table.
AD_COLS: dict[str, str | None] = {
    "ad_id": "ad_id",
    "date": "publication_date",
    "ssyk": "ssyk",
    "kommun": "kommun_code",
    "lan": "lan_code",
}
#: Periods of :func:`skill_shares`.
PERIODS: Final = ("month", "quarter", "year", "all")
_BY: Final = ("ssyk", "kommun", "lan")
_UNITS: Final = {"month": "M", "quarter": "Q", "year": "Y"}


def _period(date: ibis.Value, period: str) -> tuple[ibis.Value, ibis.Value]:
    """(start date, label) of the period a date falls in."""
    if period == "all":
        return ibis.literal(None, type="date"), ibis.literal("all")
    start = date.cast("date").truncate(_UNITS[period])
    year = start.year().cast("string")
    if period == "year":
        return start, year
    if period == "quarter":
        return start, year + ibis.literal("-Q") + start.quarter().cast("string")
    return start, year + ibis.literal("-") + start.month().cast("string").lpad(2, "0")


def _month(value: object, back: int) -> dt.date:
    """The first day of the month ``back`` months before the month of ``value``."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date):
        value = dt.date.fromisoformat(str(value)[:10])
    index = value.year * 12 + value.month - 1 - back
    return dt.date(index // 12, index % 12 + 1, 1)


def _prepare(
    ads: Table, ad_skills: Table, cols: Mapping[str, str | None] | None, by: Sequence[str],
    period: str, sections: Sequence[str] | None,
) -> tuple[Table, Table, list[str]]:  # fmt: skip
    if period not in PERIODS:
        raise AnalysisError(f"Unknown period {period!r}; use one of {', '.join(PERIODS)}.")
    unknown = [b for b in by if b not in _BY]
    if unknown:
        raise AnalysisError(f"Cannot group by {unknown}; use any of {', '.join(_BY)}.")
    c = resolve_cols(AD_COLS, cols)
    needed = [c["ad_id"], c["date"] if period != "all" else None, *(c[b] for b in by)]
    require_columns(ads, needed, what="ads")
    require_columns(ad_skills, ["ad_id", "skill_id", "section"], what="ad_skills")
    date = ads[str(c["date"])] if period != "all" else ibis.literal(None, type="date")
    start, label = _period(date, period)
    keys = list(by)
    a = ads.select(
        ad_id=ads[str(c["ad_id"])].cast("string"),
        period=label,
        period_start=start,
        # a missing code joins as "" (null never equals null) and is null again in the output
        **{b: ads[str(c[b])].cast("string").fill_null("") for b in by},
    ).distinct()
    s = ad_skills
    if sections is not None:
        s = s.filter(s.section.isin(list(sections)))
    s = s.select(ad_id=s.ad_id.cast("string"), skill_id=s.skill_id, section=s.section)
    return a, s, keys


def skill_shares(
    ads: Table,
    ad_skills: Table,
    *,
    period: str = "month",
    by: Sequence[str] = (),
    cols: Mapping[str, str | None] | None = None,
    sections: Sequence[str] | None = None,
    complete: bool = True,
) -> Table:
    """The share of ads that name each skill, per period (and occupation / kommun / län).

    ``period``: ``month``, ``quarter``, ``year`` or ``all``. ``by``: any of ``ssyk``,
    ``kommun``, ``lan``. ``sections``: count only mentions in these sections (e.g.
    ``("requirement",)``). ``complete``: also give the cells where a skill that occurs
    somewhere has no ad (``ads = 0``), so that trends see the zeros.

    Output columns: ``period`` (label: ``2024-03``, ``2024-Q1``, ``2024`` or ``all``),
    ``period_start`` (date; null for ``all``), the ``by`` columns (``ssyk``, ``kommun``,
    ``lan``), ``skill_id``, ``ads`` (ads naming the skill), ``requirement_ads``,
    ``merit_ads``, ``ads_total`` (all ads of the cell) and ``share`` (``ads / ads_total``).
    Sorted by period_start, the by columns, share (descending) and skill_id.
    """
    a, s, keys = _prepare(ads, ad_skills, cols, by, period, sections)
    cell = ["period", *keys]  # the period label fixes period_start (null for "all")
    totals = a.group_by([*cell, "period_start"]).aggregate(ads_total=a.ad_id.nunique())
    joined = s.join(a, "ad_id")
    counts = joined.group_by([*cell, "skill_id"]).aggregate(
        ads=joined.ad_id.nunique(),
        requirement_ads=(joined.section == "requirement").cast("int64").sum(),
        merit_ads=(joined.section == "merit").cast("int64").sum(),
    )
    if complete:
        skills = counts.select("skill_id").distinct()
        grid = totals.cross_join(skills)
        out = grid.left_join(counts, [*cell, "skill_id"]).select(
            *[grid[k] for k in cell],
            grid.period_start,
            grid.skill_id,
            ads=ibis.coalesce(counts.ads, 0).cast("int64"),
            requirement_ads=ibis.coalesce(counts.requirement_ads, 0).cast("int64"),
            merit_ads=ibis.coalesce(counts.merit_ads, 0).cast("int64"),
            ads_total=grid.ads_total.cast("int64"),
        )
    else:
        out = counts.join(totals, cell).select(
            *[counts[k] for k in cell],
            totals.period_start,
            counts.skill_id,
            ads=counts.ads.cast("int64"),
            requirement_ads=counts.requirement_ads.cast("int64"),
            merit_ads=counts.merit_ads.cast("int64"),
            ads_total=totals.ads_total.cast("int64"),
        )
    out = out.mutate(**{k: out[k].nullif("") for k in keys})
    out = out.mutate(share=out.ads.cast("float64") / out.ads_total.cast("float64"))
    out = out.select(
        "period", "period_start", *keys, "skill_id", "ads", "requirement_ads", "merit_ads",
        "ads_total", "share",
    )  # fmt: skip
    return out.order_by(["period_start", *keys, ibis.desc("share"), "skill_id"])


def skill_growth(shares: Table, *, by: Sequence[str] = ()) -> Table:
    """Period-on-period change of each skill's share, from :func:`skill_shares` output.

    Output columns: those of the input plus ``share_previous`` (share in the previous
    period of the same cell; null for the first), ``share_change`` (percentage points,
    ``share - share_previous``) and ``share_ratio`` (``share / share_previous``; null when
    the previous share is 0). Sorted like the input.
    """
    require_columns(shares, ["period_start", "skill_id", "share", *by], what="shares")
    window = ibis.window(group_by=[*by, "skill_id"], order_by="period_start")
    t = shares.mutate(share_previous=shares.share.lag().over(window))
    t = t.mutate(
        share_change=t.share - t.share_previous,
        share_ratio=ibis.ifelse(t.share_previous > 0, t.share / t.share_previous, ibis.null()),
    )
    return t.order_by(["period_start", *by, ibis.desc("share"), "skill_id"])


def emerging_skills(
    ads: Table,
    ad_skills: Table,
    *,
    recent_months: int = 12,
    baseline_months: int = 12,
    end: object | None = None,
    min_count: int = 10,
    min_ratio: float = 1.5,
    min_z: float = 1.96,
    cols: Mapping[str, str | None] | None = None,
) -> Table:
    """Skills whose share rose between a baseline window and the recent window.

    The recent window is the ``recent_months`` months up to ``end`` (default: the latest
    publication date), the baseline the ``baseline_months`` before it. A skill is
    **emerging** when it has at least ``min_count`` ads in the recent window, its share grew
    by at least ``min_ratio`` (or it had no ad in the baseline), and the rise is unlikely to
    be chance (two-proportion z ≥ ``min_z``).

    Output columns: ``skill_id, baseline_ads, baseline_total, baseline_share, recent_ads,
    recent_total, recent_share, share_change`` (percentage points as a fraction),
    ``share_ratio`` (null when the baseline share is 0), ``z`` (two-proportion z statistic)
    and ``emerging`` (bool). Shares are null and ``z`` is null (nothing emerges) when a
    window has no ads. Sorted by emerging (first), share_ratio and recent_ads.
    """
    if min_count < 1 or recent_months < 1 or baseline_months < 1:
        raise AnalysisError("min_count, recent_months and baseline_months must be at least 1.")
    a, s, _ = _prepare(ads, ad_skills, cols, (), "month", None)
    last = a.period_start.max().to_pyarrow().as_py() if end is None else end
    if last is None:
        raise AnalysisError("The ads table is empty; there is nothing to compare.")
    end_start = _month(last, 0)
    recent_from = _month(end_start, recent_months - 1)
    baseline_from = _month(recent_from, baseline_months)
    a = a.mutate(
        window=ibis.cases(
            ((a.period_start >= recent_from) & (a.period_start <= end_start), "recent"),
            ((a.period_start >= baseline_from) & (a.period_start < recent_from), "baseline"),
            else_=None,
        )
    ).filter(lambda t: t.window.notnull())
    totals = {
        r["window"]: int(r["total"])
        for r in a.group_by("window").aggregate(total=a.ad_id.nunique()).to_pyarrow().to_pylist()
    }
    joined = s.join(a, "ad_id")
    counts = joined.group_by(["skill_id", "window"]).aggregate(n=joined.ad_id.nunique())
    skills = counts.select("skill_id").distinct()

    def side(name: str) -> Table:
        c = counts.filter(counts.window == name)
        return skills.left_join(c, "skill_id").select(
            "skill_id", n=ibis.coalesce(c.n, 0).cast("int64")
        )

    base, rec = side("baseline"), side("recent")
    n_base, n_rec = totals.get("baseline", 0), totals.get("recent", 0)
    t = base.join(rec, "skill_id").select(
        skill_id=base.skill_id,
        baseline_ads=base.n,
        baseline_total=ibis.literal(n_base, type="int64"),
        recent_ads=rec.n,
        recent_total=ibis.literal(n_rec, type="int64"),
    )
    f = "float64"
    t = t.mutate(
        baseline_share=t.baseline_ads.cast(f) / n_base if n_base else ibis.null(f),
        recent_share=t.recent_ads.cast(f) / n_rec if n_rec else ibis.null(f),
    )
    if n_base and n_rec:
        pooled = (t.baseline_ads + t.recent_ads).cast(f) / float(n_base + n_rec)
        se = (pooled * (1 - pooled) * (1.0 / n_base + 1.0 / n_rec)).sqrt()
        z = ibis.ifelse(se > 0, (t.recent_share - t.baseline_share) / se, 0.0)
    else:
        z = ibis.null(f)  # no comparison without ads in both windows
    t = t.mutate(
        share_change=t.recent_share - t.baseline_share,
        share_ratio=ibis.ifelse(t.baseline_share > 0, t.recent_share / t.baseline_share, None),
        z=z,
    )
    grew = (t.share_ratio >= min_ratio) | ((t.baseline_ads == 0) & (t.recent_ads > 0))
    emerging = (t.recent_ads >= min_count) & grew.fill_null(False) & (t.z >= min_z)
    t = t.mutate(emerging=emerging.fill_null(False))
    columns = [
        "skill_id", "baseline_ads", "baseline_total", "baseline_share", "recent_ads",
        "recent_total", "recent_share", "share_change", "share_ratio", "z", "emerging",
    ]  # fmt: skip
    return t.select(*columns).order_by(
        [ibis.desc("emerging"), ibis.desc("share_ratio"), ibis.desc("recent_ads"), "skill_id"]
    )


def co_occurrence(
    ad_skills: Table,
    *,
    ads: Table | None = None,
    min_count: int = 5,
    sections: Sequence[str] | None = None,
) -> Table:
    """Pairs of skills named in the same ads.

    ``N`` is the number of ads in ``ads`` when given (ads without skills count), otherwise
    the ads in ``ad_skills``. Pairs named together in fewer than ``min_count`` ads are left
    out.

    Output columns: ``skill_a, skill_b`` (``skill_a < skill_b``), ``ads_both``, ``ads_a``,
    ``ads_b``, ``ads_total`` (N), ``jaccard`` (both / (a + b − both)), ``p_b_given_a``
    (both / a), ``p_a_given_b`` (both / b) and ``lift`` (both · N / (a · b)). Sorted by
    ads_both (descending), skill_a, skill_b.
    """
    if min_count < 1:
        raise AnalysisError("min_count must be at least 1.")
    require_columns(ad_skills, ["ad_id", "skill_id", "section"], what="ad_skills")
    s = ad_skills
    if sections is not None:
        s = s.filter(s.section.isin(list(sections)))
    s = s.select(ad_id=s.ad_id.cast("string"), skill_id=s.skill_id).distinct()
    if ads is not None:
        require_columns(ads, ["ad_id"], what="ads")
        n_total = ads.select(ad_id=ads.ad_id.cast("string")).ad_id.nunique()
    else:
        n_total = s.ad_id.nunique()
    total = int(n_total.to_pyarrow().as_py() or 0)
    per_skill = s.group_by("skill_id").aggregate(n=s.ad_id.nunique())
    left = s.select(ad_id=s.ad_id, skill_a=s.skill_id)
    right = s.select(ad_id=s.ad_id, skill_b=s.skill_id)
    pairs = left.join(right, "ad_id").filter(lambda t: t.skill_a < t.skill_b)
    both = pairs.group_by(["skill_a", "skill_b"]).aggregate(ads_both=pairs.ad_id.nunique())
    both = both.filter(both.ads_both >= min_count)
    pa_ = per_skill.select(skill_a=per_skill.skill_id, ads_a=per_skill.n)
    pb_ = per_skill.select(skill_b=per_skill.skill_id, ads_b=per_skill.n)
    t = both.join(pa_, "skill_a").join(pb_, "skill_b")
    t = t.mutate(ads_total=ibis.literal(total, type="int64"))
    f = "float64"
    t = t.mutate(
        ads_both=t.ads_both.cast("int64"),
        ads_a=t.ads_a.cast("int64"),
        ads_b=t.ads_b.cast("int64"),
        ads_total=t.ads_total.cast("int64"),
        jaccard=t.ads_both.cast(f) / (t.ads_a + t.ads_b - t.ads_both).cast(f),
        p_b_given_a=t.ads_both.cast(f) / t.ads_a.cast(f),
        p_a_given_b=t.ads_both.cast(f) / t.ads_b.cast(f),
        lift=(t.ads_both.cast(f) * t.ads_total.cast(f)) / (t.ads_a.cast(f) * t.ads_b.cast(f)),
    )
    columns = [
        "skill_a", "skill_b", "ads_both", "ads_a", "ads_b", "ads_total", "jaccard",
        "p_b_given_a", "p_a_given_b", "lift",
    ]  # fmt: skip
    return t.select(*columns).order_by([ibis.desc("ads_both"), "skill_a", "skill_b"])

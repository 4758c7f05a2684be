"""Skill demand from the warehouse's job ads: tables for the dashboard page and the report.

Every function reads the dataset ``job_ads`` through the :class:`AnalysisContext`, keeps the
ads of a region (a län code such as ``"19"`` or a kommun code such as ``"1980"``) and
optionally of an occupation (an SSYK 2012 code or prefix), finds the skills of the
energy-competence vocabulary in them (:mod:`ecc_atlas.analysis.skills_match`; cached per
data version and vocabulary version) and aggregates with :mod:`ecc_atlas.analysis.skills_demand`.
They return Arrow tables with the columns listed in each docstring and Swedish and English
labels. The schema metadata says where the figures come from: ``source`` (with "synthetic
demo data" when the ads are synthetic), ``synthetic`` (``"true"``/``"false"``),
``vocabulary_version`` and ``method``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import ibis
import pyarrow as pa

from ecc_atlas import reference
from ecc_atlas.analysis import skills_demand
from ecc_atlas.analysis.skills_extract import ad_skills, extract_mentions
from ecc_atlas.reference.skills import SkillVocabulary, skill_vocabulary
from ecc_atlas.services.context import AnalysisContext

if TYPE_CHECKING:
    from ibis.expr.types import Table

__all__ = [
    "DATASET",
    "co_occurrence",
    "emerging_skills",
    "skill_catalogue",
    "skill_demand",
    "top_skills",
    "vocabulary",
]

DATASET = "job_ads"
TAXONOMY = "jobtech_taxonomy"
SYNTHETIC = "synthetic demo data"
METHOD = (
    "Share of job ads that name a skill of the ECC energy-competence vocabulary "
    "(Aho-Corasick matching with word and compound rules; ads without skills count in the "
    "denominator). See docs/methods/skills.md."
)
_LABELS = ("group_id", "label_sv", "label_en", "group_sv", "group_en")


def _ads(ctx: AnalysisContext, region: str, ssyk: str | None) -> Table:
    if not ctx.has(DATASET):
        raise LookupError(
            "The warehouse has no job ads (dataset job_ads): import them with "
            "`ecc-atlas import job-ads`, or load the demo."
        )
    try:
        level = reference.region(region).level
    except KeyError as exc:
        raise LookupError(
            f"Unknown region {region!r}: use a län code (e.g. '19') or a kommun code ('1980')."
        ) from exc
    ads = ctx.table(DATASET)
    if level == "lan":
        ads = ads.filter((ads.lan_code == region) | (ads.kommun_code.substr(0, 2) == region))
    else:
        ads = ads.filter(ads.kommun_code == region)
    if ssyk:
        ads = ads.filter(ads.ssyk.startswith(ssyk))
    return ads


def vocabulary(ctx: AnalysisContext) -> SkillVocabulary:
    """The vocabulary the figures use: the bundled one, with the labels of its linked JobTech
    skill concepts merged in when the JobTech taxonomy has been imported
    (``ecc-atlas import jobtech-taxonomy``; version ``<version>+jobtech``)."""
    bundled = skill_vocabulary()
    if not ctx.has(TAXONOMY):
        return bundled

    def merge() -> SkillVocabulary:
        concepts = ctx.table(TAXONOMY)
        skills = concepts.filter(concepts.type == "skill").select("concept_id", "preferred_label")
        rows = skills.to_pyarrow().to_pylist()
        return bundled.with_jobtech((r["concept_id"], r["preferred_label"]) for r in rows)

    merged: SkillVocabulary = ctx.cached("skills_vocabulary", (bundled.version,), merge)
    return merged


def _ad_skills(ctx: AnalysisContext, region: str) -> pa.Table:
    """One row per ad and skill for the ads of a region (cached per data version)."""
    used = vocabulary(ctx)

    def compute() -> pa.Table:
        ads = _ads(ctx, region, None)
        texts = ads.select("ad_id", "headline", "description_text").to_pyarrow()
        return ad_skills(extract_mentions(texts, vocabulary=used))

    return ctx.cached("skills_ad_skills", (region, used.version), compute)


def _with_labels(table: pa.Table, *, key: str = "skill_id", prefix: str = "") -> pa.Table:
    vocabulary = skill_vocabulary()
    ids = table[key].to_pylist()
    for column in _LABELS:
        values: list[str | None] = []
        for skill_id in ids:
            try:
                skill = vocabulary.skill(skill_id)
            except KeyError:
                values.append(None)
                continue
            group = vocabulary.group(skill.group)
            values.append(
                {
                    "group_id": skill.group,
                    "label_sv": skill.label_sv,
                    "label_en": skill.label_en,
                    "group_sv": group.label_sv,
                    "group_en": group.label_en,
                }[column]
            )
        name = f"{prefix}{column}"
        table = table.append_column(name, pa.array(values, pa.string()))
    return table


def _provenance(ctx: AnalysisContext, table: pa.Table, method: str = METHOD) -> pa.Table:
    synthetic = ctx.is_synthetic([DATASET])
    source = f"{DATASET} ({SYNTHETIC})" if synthetic else DATASET
    return table.replace_schema_metadata(
        {
            "source": source,
            "synthetic": "true" if synthetic else "false",
            "vocabulary_version": vocabulary(ctx).version,
            "method": method,
        }
    )


def _order(table: pa.Table, first: list[str]) -> pa.Table:
    rest = [c for c in table.column_names if c not in first]
    return table.select([*first, *rest])


def skill_demand(
    ctx: AnalysisContext,
    *,
    region: str = "19",
    period: str = "month",
    ssyk: str | None = None,
    by: tuple[str, ...] = (),
    sections: tuple[str, ...] | None = None,
) -> pa.Table:
    """Share of the region's ads that name each skill, per period.

    ``period``: ``month``, ``quarter``, ``year`` or ``all``; ``ssyk``: an SSYK code or prefix
    (``"2143"``, ``"74"``); ``by``: any of ``ssyk``, ``kommun``, ``lan``; ``sections``:
    count only mentions in these sections (``("requirement",)``).

    Columns: ``period`` (``2024-03`` / ``2024-Q1`` / ``2024`` / ``all``), ``period_start``
    (date), the ``by`` columns, ``skill_id, group_id, label_sv, label_en, group_sv,
    group_en, ads`` (ads naming the skill), ``requirement_ads, merit_ads, ads_total`` (all
    ads of the cell) and ``share`` (0–1). Every skill that occurs in the region appears in
    every cell (zeros included). Sorted by period, the by columns and share (descending).
    """

    def compute() -> pa.Table:
        ads = _ads(ctx, region, ssyk)
        found = ibis.memtable(_ad_skills(ctx, region))
        table = skills_demand.skill_shares(
            ads, found, period=period, by=by, sections=sections
        ).to_pyarrow()
        table = _with_labels(table)
        first = ["period", "period_start", *by, "skill_id", *_LABELS]
        return _provenance(ctx, _order(table, first))

    return ctx.cached("skill_demand", (region, period, ssyk, by, sections), compute)


def top_skills(
    ctx: AnalysisContext,
    *,
    region: str = "19",
    ssyk: str | None = None,
    year: int | None = None,
    limit: int = 15,
) -> pa.Table:
    """The most asked-for skills of a year (default: the latest) with the change from the
    year before — the table of the report chapter.

    Columns: ``rank`` (1 = highest share), ``skill_id, group_id, label_sv, label_en,
    group_sv, group_en, year, ads, ads_total, share, requirement_share`` (share of the ads
    naming the skill that require it), ``share_previous`` (null without a previous year)
    and ``share_change`` (percentage points as a fraction).
    """
    yearly = skill_demand(ctx, region=region, period="year", ssyk=ssyk).to_pylist()
    years = sorted({int(r["period"]) for r in yearly})
    if not years:
        return _provenance(ctx, pa.table({"rank": pa.array([], pa.int64())}))
    chosen = years[-1] if year is None else year
    if chosen not in years:
        raise LookupError(f"No job ads in {chosen}; the years are {years[0]}–{years[-1]}.")
    previous = {r["skill_id"]: r["share"] for r in yearly if int(r["period"]) == chosen - 1}
    rows = [r for r in yearly if int(r["period"]) == chosen and r["ads"] > 0]
    rows.sort(key=lambda r: (-r["share"], r["skill_id"]))
    out: list[dict[str, Any]] = []
    for rank, r in enumerate(rows[:limit], start=1):
        before = previous.get(r["skill_id"])
        out.append(
            {
                "rank": rank, "skill_id": r["skill_id"],
                **{c: r[c] for c in _LABELS}, "year": chosen, "ads": r["ads"],
                "ads_total": r["ads_total"], "share": r["share"],
                "requirement_share": r["requirement_ads"] / r["ads"],
                "share_previous": before,
                "share_change": None if before is None else r["share"] - before,
            }
        )  # fmt: skip
    schema = pa.schema(
        [("rank", pa.int64()), ("skill_id", pa.string())]
        + [(c, pa.string()) for c in _LABELS]
        + [
            ("year", pa.int64()), ("ads", pa.int64()), ("ads_total", pa.int64()),
            ("share", pa.float64()), ("requirement_share", pa.float64()),
            ("share_previous", pa.float64()), ("share_change", pa.float64()),
        ]
    )  # fmt: skip
    return _provenance(ctx, pa.Table.from_pylist(out, schema=schema))


def emerging_skills(
    ctx: AnalysisContext,
    *,
    region: str = "19",
    ssyk: str | None = None,
    recent_months: int = 12,
    baseline_months: int = 12,
    min_count: int = 10,
    min_ratio: float = 1.5,
) -> pa.Table:
    """Skills whose share of the region's ads rose (see
    :func:`ecc_atlas.analysis.skills_demand.emerging_skills` for the rule).

    Columns: ``skill_id, group_id, label_sv, label_en, group_sv, group_en, baseline_ads,
    baseline_total, baseline_share, recent_ads, recent_total, recent_share, share_change,
    share_ratio, z, emerging``; emerging skills first.
    """

    def compute() -> pa.Table:
        table = skills_demand.emerging_skills(
            _ads(ctx, region, ssyk),
            ibis.memtable(_ad_skills(ctx, region)),
            recent_months=recent_months,
            baseline_months=baseline_months,
            min_count=min_count,
            min_ratio=min_ratio,
        ).to_pyarrow()
        note = (
            f"{METHOD} Emerging: the last {recent_months} months against the "
            f"{baseline_months} before; at least {min_count} ads, share × {min_ratio} or "
            "new, two-proportion z ≥ 1.96."
        )
        return _provenance(ctx, _order(_with_labels(table), ["skill_id", *_LABELS]), note)

    args = (region, ssyk, recent_months, baseline_months, min_count, min_ratio)
    return ctx.cached("emerging_skills", args, compute)


def co_occurrence(
    ctx: AnalysisContext,
    *,
    region: str = "19",
    ssyk: str | None = None,
    min_count: int = 5,
) -> pa.Table:
    """Pairs of skills named in the same ads of the region.

    Columns: ``skill_a, skill_b, label_a_sv, label_a_en, label_b_sv, label_b_en, ads_both,
    ads_a, ads_b, ads_total, jaccard, p_b_given_a, p_a_given_b, lift``; most frequent first.
    """

    def compute() -> pa.Table:
        ads = _ads(ctx, region, ssyk)
        found = ibis.memtable(_ad_skills(ctx, region))
        found = found.filter(found.ad_id.isin(ads.select(ad_id=ads.ad_id.cast("string")).ad_id))
        table = skills_demand.co_occurrence(found, ads=ads, min_count=min_count).to_pyarrow()
        vocabulary = skill_vocabulary()
        for side in ("a", "b"):
            ids = table[f"skill_{side}"].to_pylist()
            for lang in ("sv", "en"):
                labels = [vocabulary.skill(i).label(lang) for i in ids]
                table = table.append_column(f"label_{side}_{lang}", pa.array(labels, pa.string()))
        first = ["skill_a", "skill_b", "label_a_sv", "label_a_en", "label_b_sv", "label_b_en"]
        return _provenance(ctx, _order(table, first))

    return ctx.cached("skill_co_occurrence", (region, ssyk, min_count), compute)


def skill_catalogue() -> pa.Table:
    """The vocabulary's skills (for a legend or a filter): ``skill_id, group_id, label_sv,
    label_en, group_sv, group_en, ssyk`` (list), ``terms``, ``vocabulary_version``."""
    return skill_vocabulary().table()

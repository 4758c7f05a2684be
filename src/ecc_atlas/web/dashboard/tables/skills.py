"""Tables of the skills page, from :mod:`ecc_atlas.services.skills`: the most asked-for skills
of a year, their trend, emerging skills, skills by occupation and skills asked for together.

A skill figure is the share of the region's job ads that name the skill. Ads are public
documents, but a share of very few ads says little and can point at one employer, so every
table is protected by the frequency rule on the number of ads behind the share
(``ads_total``: the denominator). Skill shares do not add up to a total (an ad names several
skills), so no secondary suppression applies.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pyarrow as pa
from django.utils.translation import gettext_lazy as _

from ecc_atlas.web.dashboard.tables.base import (
    Column,
    Disclosure,
    Filters,
    TableDef,
    Unavailable,
    register,
)

if TYPE_CHECKING:
    from ecc_atlas.services.context import AnalysisContext

__all__ = ["CO_OCCURRENCE", "EMERGING", "OCCUPATION_SKILLS", "TOP_SKILLS", "TREND"]

DATASETS = ("job_ads",)
#: Skills in the top table; skills drawn in the trend chart; the occupation × skill grid.
TOP = 20
TREND_SKILLS = 8
GRID_OCCUPATIONS = 10
GRID_SKILLS = 12
METHOD = _(
    "The share of the county's job ads that name a skill of the product's energy-competence "
    "vocabulary (Swedish and English terms, synonyms and inflected forms), found with "
    "Aho-Corasick matching and word and compound rules; an ad counts once per skill. Ads "
    "without any skill count in the denominator. Requirement and merit sections are told "
    "apart where the ad shows them. Measured accuracy on a hand-labelled set of 206 ads: "
    "see the method page on skills."
)
_LABELS = (
    Column("skill_id", _("Skill code"), "code"),
    Column("skill", _("Skill"), label_of=("skill_id", "skill")),
    Column("group_id", _("Skill group code"), "code"),
    Column("skill_group", _("Skill group"), label_of=("group_id", "skill_group")),
)


def _by_ads(values: tuple[str, ...], persons: str, derived: tuple[str, ...]) -> Disclosure:
    """The frequency rule on the number of ads behind a share; no secondary suppression."""
    return Disclosure(
        dimensions=(), values=values, persons=persons, derived=derived, top2_share=None, internal=()
    )


def _service() -> Any:
    from ecc_atlas.services import skills

    return skills


def _guard(ctx: AnalysisContext) -> None:
    if not ctx.has("job_ads"):
        raise Unavailable("No job ads in the warehouse (import them or load the demo).")


def _drop_labels(table: pa.Table) -> pa.Table:
    drop = [c for c in ("label_sv", "label_en", "group_sv", "group_en") if c in table.column_names]
    return table.drop_columns(drop)


def _cell(row: dict[str, Any]) -> dict[str, Any]:
    """The published figures of one skill_demand cell."""
    return {
        "skill_id": row["skill_id"],
        "group_id": row["group_id"],
        "ads": int(row["ads"]),
        "ads_total": int(row["ads_total"]),
        "share": float(row["share"]),
    }


def _cells_table(rows: list[dict[str, Any]], key: tuple[str, pa.DataType]) -> pa.Table:
    schema = pa.schema(
        [key, ("skill_id", pa.string()), ("group_id", pa.string()), ("ads", pa.int64()),
         ("ads_total", pa.int64()), ("share", pa.float64())]
    )  # fmt: skip
    return pa.Table.from_pylist(rows, schema=schema)


def _with_points(table: pa.Table) -> pa.Table:
    """``share_change`` (a fraction) as ``change_points``: percentage points."""
    points = [None if v is None else v * 100 for v in table["share_change"].to_pylist()]
    index = table.schema.get_field_index("share_change")
    return table.set_column(index, "change_points", pa.array(points, pa.float64()))


def _top(ctx: AnalysisContext, filters: Filters, region: str) -> pa.Table:
    _guard(ctx)
    try:
        table = _service().top_skills(ctx, region=region, year=filters.year, limit=TOP)
    except LookupError as error:
        raise Unavailable(str(error)) from error
    if table.num_rows == 0:
        raise Unavailable("No skills found in the job ads of the region.")
    table = _drop_labels(table).replace_schema_metadata(None)
    return _with_points(table)


TOP_SKILLS = register(
    TableDef(
        name="skills-top",
        build=_top,
        title=_("The most asked-for skills"),
        description=_(
            "The skills named in the largest share of the county's job ads in the year, how "
            "often they are a requirement rather than a merit, and the change from the year "
            "before (percentage points)."
        ),
        method=METHOD,
        datasets=DATASETS,
        registry=False,
        filters=("year",),
        print_columns=("rank", "skill", "skill_group", "ads", "share", "change_points"),
        columns=(
            Column("rank", _("Rank"), "int"),
            *_LABELS,
            Column("year", _("Year"), "year"),
            Column("ads", _("Ads naming the skill"), "int"),
            Column("ads_total", _("Ads in all"), "int"),
            Column("share", _("Share of ads"), "share"),
            Column("requirement_share", _("Of which as a requirement"), "share"),
            Column("share_previous", _("Share the year before"), "share"),
            Column("change_points", _("Change (percentage points)"), "dec1"),
        ),
        disclosure=_by_ads(
            ("ads",), "ads_total", ("share", "requirement_share", "share_previous", "change_points")
        ),
    )
)


def _trend(ctx: AnalysisContext, filters: Filters, region: str) -> pa.Table:
    _guard(ctx)
    skills = _service()
    yearly = skills.skill_demand(ctx, region=region, period="year").to_pylist()
    if not yearly:
        raise Unavailable("No job ads in the region.")
    last = max(int(r["period"]) for r in yearly)
    latest = sorted(
        (r for r in yearly if int(r["period"]) == last and r["ads"] > 0),
        key=lambda r: (-r["share"], r["skill_id"]),
    )
    chosen = {r["skill_id"] for r in latest[:TREND_SKILLS]}
    rows = [{**_cell(r), "year": int(r["period"])} for r in yearly if r["skill_id"] in chosen]
    rows.sort(key=lambda r: (r["year"], r["skill_id"]))
    return _cells_table(rows, ("year", pa.int64()))


TREND = register(
    TableDef(
        name="skills-trend",
        build=_trend,
        title=_("Skills over time"),
        description=_(
            "The share of the county's job ads per year that name each of the skills most "
            "asked for in the latest year."
        ),
        method=METHOD,
        datasets=DATASETS,
        registry=False,
        columns=(
            Column("year", _("Year"), "year"),
            *_LABELS,
            Column("ads", _("Ads naming the skill"), "int"),
            Column("ads_total", _("Ads in all"), "int"),
            Column("share", _("Share of ads"), "share"),
        ),
        disclosure=_by_ads(("ads",), "ads_total", ("share",)),
    )
)


def _emerging(ctx: AnalysisContext, filters: Filters, region: str) -> pa.Table:
    _guard(ctx)
    table = _drop_labels(_service().emerging_skills(ctx, region=region))
    keep = ["skill_id", "group_id", "baseline_ads", "baseline_total", "baseline_share",
            "recent_ads", "recent_total", "recent_share", "share_change", "share_ratio",
            "emerging"]  # fmt: skip
    table = table.select(keep).replace_schema_metadata(None)
    rows = [r for r in table.to_pylist() if (r["recent_ads"] or 0) > 0]
    rows.sort(key=lambda r: (not r["emerging"], -(r["share_change"] or 0.0), r["skill_id"]))
    return _with_points(pa.Table.from_pylist(rows, schema=table.schema))


EMERGING = register(
    TableDef(
        name="skills-emerging",
        build=_emerging,
        title=_("Emerging skills"),
        description=_(
            "Skills whose share of the county's job ads rose: the last twelve months against "
            "the twelve before. A skill is emerging when it is named in at least ten recent "
            "ads, its share grew by half or more (or it is new), and the rise is larger than "
            "chance (two-proportion z-test)."
        ),
        method=METHOD,
        datasets=DATASETS,
        registry=False,
        print_columns=(
            "skill",
            "skill_group",
            "baseline_share",
            "recent_share",
            "change_points",
            "emerging",
        ),
        columns=(
            *_LABELS,
            Column("baseline_ads", _("Ads before"), "int"),
            Column("baseline_total", _("All ads before"), "int"),
            Column("baseline_share", _("Share before"), "share"),
            Column("recent_ads", _("Ads, last 12 months"), "int"),
            Column("recent_total", _("All ads, last 12 months"), "int"),
            Column("recent_share", _("Share, last 12 months"), "share"),
            Column("change_points", _("Change (percentage points)"), "dec1"),
            Column("share_ratio", _("Ratio of shares"), "dec2"),
            Column("emerging", _("Emerging"), "bool"),
        ),
        disclosure=_by_ads(
            ("recent_ads", "baseline_ads"),
            "recent_total",
            ("baseline_share", "recent_share", "change_points", "share_ratio"),
        ),
    )
)


def _occupations(ctx: AnalysisContext, filters: Filters, region: str) -> pa.Table:
    _guard(ctx)
    cells = _service().skill_demand(ctx, region=region, period="all", by=("ssyk",)).to_pylist()
    if not cells:
        raise Unavailable("No job ads in the region.")
    totals: dict[str, int] = {}
    mentions: dict[str, int] = {}
    for r in cells:
        totals[r["ssyk"]] = int(r["ads_total"])
        mentions[r["skill_id"]] = mentions.get(r["skill_id"], 0) + int(r["ads"])
    occupations = sorted(totals, key=lambda s: (-totals[s], s))[:GRID_OCCUPATIONS]
    skills = sorted((s for s in mentions if mentions[s] > 0), key=lambda s: (-mentions[s], s))
    chosen = set(skills[:GRID_SKILLS])
    rank = {s: i for i, s in enumerate(occupations)}
    rows = [
        {**_cell(r), "ssyk": r["ssyk"]}
        for r in cells
        if r["ssyk"] in rank and r["skill_id"] in chosen
    ]
    rows.sort(key=lambda r: (rank[r["ssyk"]], -mentions[r["skill_id"]], r["skill_id"]))
    return _cells_table(rows, ("ssyk", pa.string()))


OCCUPATION_SKILLS = register(
    TableDef(
        name="skills-occupations",
        build=_occupations,
        title=_("Skills by occupation"),
        description=_(
            "For the occupations with most job ads, the share of their ads that name each of "
            "the most asked-for skills (all years)."
        ),
        method=METHOD,
        datasets=DATASETS,
        registry=False,
        print_columns=("occupation", "skill", "ads", "ads_total", "share"),
        columns=(
            Column("ssyk", _("SSYK code"), "code"),
            Column("occupation", _("Occupation"), label_of=("ssyk", "ssyk")),
            *_LABELS,
            Column("ads", _("Ads naming the skill"), "int"),
            Column("ads_total", _("Ads of the occupation"), "int"),
            Column("share", _("Share of ads"), "share"),
        ),
        disclosure=_by_ads(("ads",), "ads_total", ("share",)),
    )
)


def _pairs(ctx: AnalysisContext, filters: Filters, region: str) -> pa.Table:
    _guard(ctx)
    table = _service().co_occurrence(ctx, region=region, min_count=10)
    keep = ["skill_a", "skill_b", "ads_both", "ads_a", "ads_b", "ads_total", "jaccard", "lift"]
    rows = table.select(keep).replace_schema_metadata(None).to_pylist()
    rows.sort(key=lambda r: (-r["lift"], -r["ads_both"], r["skill_a"], r["skill_b"]))
    return pa.Table.from_pylist(rows[:TOP], schema=table.select(keep).schema.remove_metadata())


CO_OCCURRENCE = register(
    TableDef(
        name="skills-pairs",
        build=_pairs,
        title=_("Skills asked for together"),
        description=_(
            "Pairs of skills named in the same job ads at least ten times, with the strongest "
            "association first: lift is how much more often the two appear together than if "
            "they were independent; Jaccard is the share of ads naming either that name both."
        ),
        method=METHOD,
        datasets=DATASETS,
        registry=False,
        print_columns=("skill_a_name", "skill_b_name", "ads_both", "lift"),
        columns=(
            Column("skill_a", _("Skill A code"), "code"),
            Column("skill_a_name", _("Skill A"), label_of=("skill_a", "skill")),
            Column("skill_b", _("Skill B code"), "code"),
            Column("skill_b_name", _("Skill B"), label_of=("skill_b", "skill")),
            Column("ads_both", _("Ads naming both"), "int"),
            Column("ads_a", _("Ads naming A"), "int"),
            Column("ads_b", _("Ads naming B"), "int"),
            Column("ads_total", _("Ads in all"), "int"),
            Column("jaccard", _("Jaccard"), "dec2"),
            Column("lift", _("Lift"), "dec2"),
        ),
        disclosure=_by_ads(("ads_both", "ads_a", "ads_b"), "ads_total", ("jaccard", "lift")),
    )
)

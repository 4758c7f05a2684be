"""Charts of the skills page: the most asked-for skills, their trend, emerging skills and the
occupation × skill grid, drawn from the tables in
:mod:`~ecc_atlas.web.dashboard.tables.skills`."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ecc_atlas.charts import Lang, bar_chart, heat_matrix, line_chart
from ecc_atlas.web.dashboard import data
from ecc_atlas.web.dashboard.formatting import format_number, format_percent
from ecc_atlas.web.dashboard.tables import Published
from ecc_atlas.web.dashboard.visuals.base import ChartDef, Measure, region_name, register

__all__: list[str] = []


def _county(lang: Lang) -> str:
    return region_name(data.home_region(), lang)


def _shown(table: Published, value: str) -> list[dict[str, Any]]:
    return [row for row in table.rows() if row.get(value) is not None]


# --- the most asked-for skills ----------------------------------------------------------------


def _top_summary(table: Published, lang: Lang, _m: Measure | None) -> str:
    rows = _shown(table, "share")
    if not rows:
        return _("No skills found in the job ads.")
    first = rows[0]
    rising = [r for r in rows if (r.get("change_points") or 0) > 0]
    text = _(
        "In %(year)s, %(skill)s was named in %(share)s of the energy-sector job ads in "
        "%(county)s, more than any other skill."
    ) % {
        "year": first["year"],
        "skill": first["skill"],
        "share": format_percent(first["share"], lang=lang),
        "county": _county(lang),
    }
    if rising:
        top = max(rising, key=lambda r: r["change_points"])
        text += " " + _("%(skill)s rose most among the top skills (%(change)s points).") % {
            "skill": top["skill"],
            "change": format_number(top["change_points"], lang=lang, decimals=1),
        }
    return text


def _top(table: Published, lang: Lang, _m: Measure | None) -> dict[str, Any]:
    rows = _shown(table, "share")
    year = rows[0]["year"] if rows else ""
    return bar_chart(
        rows,
        category="skill",
        value="share",
        value_format=".0%",
        title=_("The most asked-for skills, %(year)s") % {"year": year},
        subtitle=_("Share of the job ads in %(county)s that name the skill")
        % {"county": _county(lang)},
        value_title=_("Share of ads"),
        category_title=_("Skill"),
        extra_tooltip=[
            ("skill_group", _("Skill group"), ""),
            ("ads", _("Ads naming the skill"), ",.0f"),
            ("requirement_share", _("Of which as a requirement"), ".0%"),
            ("change_points", _("Change (percentage points)"), "+.1f"),
        ],
        lang=lang,
    )


register(
    ChartDef(
        name="skills-top",
        table="skills-top",
        heading=gettext_lazy("The most asked-for skills"),
        build=_top,
        describe=_top_summary,
    )
)

# --- trend ------------------------------------------------------------------------------------


def _trend_summary(table: Published, lang: Lang, _m: Measure | None) -> str:
    rows = _shown(table, "share")
    if not rows:
        return _("No trend of skills.")
    years = sorted({r["year"] for r in rows})
    first, last = years[0], years[-1]
    names = {r["skill_id"]: r["skill"] for r in rows}
    start = {r["skill_id"]: r["share"] for r in rows if r["year"] == first}
    end = {r["skill_id"]: r["share"] for r in rows if r["year"] == last}
    # only skills shown in both years: a withheld share is unknown, not 0
    change = {k: end[k] - start[k] for k in start.keys() & end.keys()}
    if first == last or not change:  # one year shown, or no skill shown in both
        return _("No trend of skills.")
    # the largest change either way (a fall of 15 points is more change than a rise of 5)
    best = max(change, key=lambda k: (abs(change[k]), k))
    return _(
        "The share of job ads naming each of the %(n)s skills most asked for in %(last)s, "
        "%(first)s–%(last)s; %(skill)s changed most (%(change)s points)."
    ) % {
        "n": len(names),
        "first": first,
        "last": last,
        "skill": names[best],
        "change": format_number(change[best] * 100, lang=lang, decimals=1),
    }


def _trend(table: Published, lang: Lang, _m: Measure | None) -> dict[str, Any]:
    rows = table.rows()
    latest = max((r["year"] for r in rows), default=None)
    order = [
        r["skill"]
        for r in sorted(
            (r for r in rows if r["year"] == latest and r.get("share") is not None),
            key=lambda r: -r["share"],
        )
    ]
    return line_chart(
        rows,
        x="year",
        series="skill",
        value="share",
        value_format=".0%",
        title=_("Skills over time"),
        subtitle=_("Share of the job ads in %(county)s per year") % {"county": _county(lang)},
        y_title=_("Share of ads"),
        x_title=_("Year"),
        series_title=_("Skill"),
        series_order=order,
        lang=lang,
    )


register(
    ChartDef(
        name="skills-trend",
        table="skills-trend",
        heading=gettext_lazy("Skills over time"),
        build=_trend,
        describe=_trend_summary,
    )
)

# --- emerging ---------------------------------------------------------------------------------


def _emerging_summary(table: Published, lang: Lang, _m: Measure | None) -> str:
    rows = _shown(table, "change_points")
    emerging = [r for r in rows if r.get("emerging")]
    if not emerging:
        return _(
            "No skill's share of the job ads rose clearly in the last twelve months against "
            "the twelve before."
        )
    names = ", ".join(r["skill"] for r in emerging[:5])
    return _(
        "%(n)s skills are emerging in the job ads of %(county)s (the last twelve months "
        "against the twelve before): %(names)s."
    ) % {"n": len(emerging), "county": _county(lang), "names": names}


def _emerging(table: Published, lang: Lang, _m: Measure | None) -> dict[str, Any]:
    rows = [r for r in _shown(table, "change_points") if r["change_points"] > 0]
    emerging = [r for r in rows if r.get("emerging")]
    subtitle = (
        _("Skills that meet the emerging rule; last 12 months against the 12 before")
        if emerging
        else _("No skill meets the emerging rule; the largest rises are shown")
    )
    return bar_chart(
        (emerging or rows)[:15],
        category="skill",
        value="change_points",
        value_format="+.1f",
        title=_("Rising skills in the job ads"),
        subtitle=subtitle,
        value_title=_("Change (percentage points)"),
        category_title=_("Skill"),
        extra_tooltip=[
            ("baseline_share", _("Share before"), ".1%"),
            ("recent_share", _("Share, last 12 months"), ".1%"),
            ("recent_ads", _("Ads, last 12 months"), ",.0f"),
        ],
        lang=lang,
    )


register(
    ChartDef(
        name="skills-emerging",
        table="skills-emerging",
        heading=gettext_lazy("Emerging skills"),
        build=_emerging,
        describe=_emerging_summary,
    )
)

# --- occupation × skill -----------------------------------------------------------------------


def _grid_summary(table: Published, lang: Lang, _m: Measure | None) -> str:
    rows = _shown(table, "share")
    if not rows:
        return _("No skills by occupation.")
    top = max(rows, key=lambda r: r["share"])
    return _("The strongest link: %(share)s of the ads for %(occupation)s name %(skill)s.") % {
        "share": format_percent(top["share"], lang=lang),
        "occupation": top["occupation"],
        "skill": top["skill"],
    }


def _grid(table: Published, lang: Lang, _m: Measure | None) -> dict[str, Any]:
    rows = table.rows()
    occupations: list[str] = []
    skills: list[str] = []
    for r in rows:
        if r["occupation"] not in occupations:
            occupations.append(r["occupation"])
        if r["skill"] not in skills:
            skills.append(r["skill"])
    return heat_matrix(
        rows,
        row="occupation",
        column="skill",
        value="share",
        title=_("Skills by occupation"),
        subtitle=_("Share of each occupation's job ads that name the skill, all years"),
        value_title=_("Share of ads"),
        row_title=_("Occupation"),
        column_title=_("Skill"),
        row_order=occupations,
        column_order=skills,
        lang=lang,
    )


register(
    ChartDef(
        name="skills-occupations",
        table="skills-occupations",
        heading=gettext_lazy("Skills by occupation"),
        build=_grid,
        describe=_grid_summary,
    )
)

"""Charts of the workforce page: age pyramid, gender by segment, education and PhDs,
occupations, and the workforce by kommun."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ecc_atlas.charts import Lang, bar_chart, choropleth, pyramid
from ecc_atlas.web.dashboard import data
from ecc_atlas.web.dashboard.formatting import format_number, format_percent
from ecc_atlas.web.dashboard.tables import Published
from ecc_atlas.web.dashboard.tables.vocabularies import AGE_BANDS, label, sun_codes
from ecc_atlas.web.dashboard.visuals.base import ChartDef, Measure, register
from ecc_atlas.web.dashboard.visuals.overview import boundaries, localised, scope

__all__ = ["KOMMUN_MEASURES", "TOP_OCCUPATIONS"]

TOP_OCCUPATIONS = 15


def _withheld(table: Published) -> str:
    count = table.suppressed_rows
    return " " + _("%(count)s cells are suppressed.") % {"count": count} if count else ""


# --- age pyramid ------------------------------------------------------------------------------


def _age_summary(table: Published, lang: Lang, _m: Measure | None) -> str:
    rows = [row for row in table.rows() if row.get("employees") is not None]
    if not rows:
        return _("No age data.")
    totals: dict[str, int] = {}
    for row in rows:
        totals[row["age_band"]] = totals.get(row["age_band"], 0) + row["employees"]
    largest = max(totals, key=lambda band: totals[band])
    older = sum(v for band, v in totals.items() if band >= "55")
    return _(
        "Employees in %(scope)s by age and gender: the largest age band is %(band)s; "
        "%(older)s people are 55 or older and will reach retirement age within ten years."
    ) % {
        "scope": scope(table, lang),
        "band": largest,
        "older": format_number(older, lang=lang),
    } + _withheld(table)


def _age(table: Published, lang: Lang, _m: Measure | None) -> dict[str, Any]:
    return pyramid(
        table.rows(),
        band="age_band",
        group="gender_name",
        value="employees",
        left=label("gender", "M", lang) or "M",
        right=label("gender", "F", lang) or "F",
        title=_("Age pyramid"),
        subtitle=scope(table, lang),
        value_title=_("Employees"),
        band_title=_("Age"),
        group_title=_("Gender"),
        bands=AGE_BANDS,
        lang=lang,
    )


register(
    ChartDef(
        name="age-pyramid",
        table="age-gender",
        heading=gettext_lazy("Age and gender"),
        build=_age,
        describe=_age_summary,
    )
)

# --- gender by segment ------------------------------------------------------------------------


def _gender_summary(table: Published, lang: Lang, _m: Measure | None) -> str:
    rows = [row for row in table.rows() if row.get("women_share") is not None]
    if not rows:
        return _("No gender data.")
    balanced = [row["segment_name"] for row in rows if row.get("gender_balanced")]
    highest = max(rows, key=lambda row: row["women_share"])
    text = _(
        "The women's share is highest in %(segment)s (%(share)s). %(count)s of %(total)s "
        "segments with published figures are gender-balanced (40–60 %% women)."
    ) % {
        "segment": highest["segment_name"],
        "share": format_percent(highest["women_share"], lang=lang),
        "count": len(balanced),
        "total": len(rows),
    }
    return text + _withheld(table)


def _gender(table: Published, lang: Lang, _m: Measure | None) -> dict[str, Any]:
    return bar_chart(
        table.rows(),
        category="segment_name",
        value="women_share",
        title=_("Women's share by segment"),
        subtitle=scope(table, lang) + " · " + _("shaded: gender-balanced (40–60 %)"),
        value_title=_("Women's share"),
        category_title=_("Segment"),
        value_format=".0%",
        reference_band=(0.4, 0.6),
        extra_tooltip=[("employees", _("Employees"), ",.0f")],
        lang=lang,
    )


register(
    ChartDef(
        name="gender-by-segment",
        table="gender-by-segment",
        heading=gettext_lazy("Women and men by segment"),
        build=_gender,
        describe=_gender_summary,
    )
)

# --- education --------------------------------------------------------------------------------


def _education_summary(table: Published, lang: Lang, _m: Measure | None) -> str:
    rows = {row["sun_level"]: row for row in table.rows()}
    high = sum((rows.get(level, {}).get("share") or 0.0) for level in ("6", "7"))
    phd = rows.get("7", {})
    return _(
        "%(high)s of the employees in %(scope)s have at least three years of "
        "post-secondary education; %(phd)s are PhD-educated."
    ) % {
        "high": format_percent(high, lang=lang),
        "scope": scope(table, lang),
        "phd": format_number(phd.get("employees"), lang=lang),
    } + _withheld(table)


def _education(table: Published, lang: Lang, _m: Measure | None) -> dict[str, Any]:
    order = [label("sun", code, lang) or code for code in sun_codes()]
    return bar_chart(
        table.rows(),
        category="sun_name",
        value="share",
        title=_("Level of education (SUN 2020)"),
        subtitle=scope(table, lang),
        value_title=_("Share of employees"),
        category_title=_("Level of education"),
        value_format=".0%",
        sort=order,
        extra_tooltip=[("employees", _("Employees"), ",.0f")],
        lang=lang,
    )


register(
    ChartDef(
        name="education",
        table="education",
        heading=gettext_lazy("Level of education"),
        build=_education,
        describe=_education_summary,
    )
)


def _phd_summary(table: Published, lang: Lang, _m: Measure | None) -> str:
    rows = [row for row in table.rows() if row.get("phd_employees") is not None]
    if not rows:
        return _("No data on PhD-educated employees.")
    top = max(rows, key=lambda row: row["phd_employees"])
    total = sum(row["phd_employees"] for row in rows)
    return _(
        "%(total)s PhD-educated employees in the segments with published figures; most "
        "in %(segment)s (%(count)s)."
    ) % {
        "total": format_number(total, lang=lang),
        "segment": top["segment_name"],
        "count": format_number(top["phd_employees"], lang=lang),
    } + _withheld(table)


def _phd(table: Published, lang: Lang, _m: Measure | None) -> dict[str, Any]:
    return bar_chart(
        table.rows(),
        category="segment_name",
        value="phd_employees",
        title=_("PhD-educated employees by segment"),
        subtitle=scope(table, lang),
        value_title=_("PhD-educated"),
        category_title=_("Segment"),
        extra_tooltip=[("phd_share", _("PhD share"), ".1%")],
        lang=lang,
    )


register(
    ChartDef(
        name="phd-by-segment",
        table="phd-by-segment",
        heading=gettext_lazy("PhD-educated employees"),
        build=_phd,
        describe=_phd_summary,
    )
)

# --- occupations ------------------------------------------------------------------------------


def _occupation_summary(table: Published, lang: Lang, _m: Measure | None) -> str:
    rows = [row for row in table.rows() if row.get("employees") is not None]
    if not rows:
        return _("No occupation data.")
    top = rows[0]
    return _(
        "%(count)s occupations in %(scope)s; the largest is %(occupation)s (SSYK %(code)s) "
        "with %(employees)s employees. The chart shows the %(top)s largest, the table all."
    ) % {
        "count": len(table.rows()),
        "scope": scope(table, lang),
        "occupation": top["occupation"],
        "code": top["ssyk"],
        "employees": format_number(top["employees"], lang=lang),
        "top": TOP_OCCUPATIONS,
    }


def _occupations(table: Published, lang: Lang, _m: Measure | None) -> dict[str, Any]:
    rows = [row for row in table.rows() if row.get("employees") is not None][:TOP_OCCUPATIONS]
    return bar_chart(
        [{**row, "name": f"{row['occupation']} ({row['ssyk']})"} for row in rows],
        category="name",
        value="employees",
        title=_("The largest occupations (SSYK 2012)"),
        subtitle=scope(table, lang),
        value_title=_("Employees"),
        category_title=_("Occupation"),
        extra_tooltip=[
            ("women_share", _("Women's share"), ".0%"),
            ("mean_age", _("Mean age"), ".1f"),
        ],
        lang=lang,
    )


register(
    ChartDef(
        name="occupations",
        table="occupations",
        heading=gettext_lazy("Occupations"),
        build=_occupations,
        describe=_occupation_summary,
    )
)

# --- by kommun --------------------------------------------------------------------------------

KOMMUN_MEASURES = {
    "employees": Measure("employees", gettext_lazy("Employees"), ",.0f"),
    "women": Measure("women_share", gettext_lazy("Women's share"), ".0%"),
    "age": Measure("mean_age", gettext_lazy("Mean age"), ".1f"),
}


def _kommun_summary(table: Published, lang: Lang, measure: Measure | None) -> str:
    chosen = measure or KOMMUN_MEASURES["employees"]
    rows = [row for row in table.rows() if row.get(chosen.field) is not None]
    if not rows:
        return _("No municipality data.")
    top = max(rows, key=lambda row: row[chosen.field])
    decimals = 1 if chosen.field == "mean_age" else 0
    value = (
        format_percent(top[chosen.field], lang=lang)
        if chosen.field == "women_share"
        else format_number(top[chosen.field], lang=lang, decimals=decimals)
    )
    return _("%(measure)s by municipality in %(scope)s; highest in %(kommun)s (%(value)s).") % {
        "measure": str(chosen.label),
        "scope": scope(table, lang),
        "kommun": top["kommun"],
        "value": value,
    } + _withheld(table)


def _kommun_map(table: Published, lang: Lang, measure: Measure | None) -> dict[str, Any]:
    chosen = measure or KOMMUN_MEASURES["employees"]
    lan = data.home_region()
    return choropleth(
        localised(boundaries("kommun", lan), lang),
        table.rows(),
        key="kommun_code",
        value_field=chosen.field,
        title=str(chosen.label) + " " + _("by municipality"),
        subtitle=scope(table, lang),
        legend_title=str(chosen.label),
        name_title=_("Municipality"),
        value_format=chosen.format,
        extra_fields=[("employees", _("Employees"), ",.0f")] if chosen.field != "employees" else [],
        scale={"type": "sqrt", "zero": True} if chosen.field == "employees" else {"zero": False},
        lang=lang,
    )


register(
    ChartDef(
        name="workforce-map",
        table="kommun-employment",
        heading=gettext_lazy("The workforce by municipality"),
        build=_kommun_map,
        describe=_kommun_summary,
        kind="map",
        measures=KOMMUN_MEASURES,
        default_measure="employees",
    )
)

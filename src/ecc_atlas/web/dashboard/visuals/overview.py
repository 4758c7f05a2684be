"""Charts of the overview page: the sector by kommun and by county (maps), and its trend."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ecc_atlas import reference
from ecc_atlas.charts import Lang, bar_chart, choropleth, trend_line
from ecc_atlas.web.dashboard import data
from ecc_atlas.web.dashboard.formatting import format_number
from ecc_atlas.web.dashboard.tables import Published
from ecc_atlas.web.dashboard.visuals.base import ChartDef, Measure, region_name, register

__all__ = ["COUNTY_MEASURES", "boundaries", "localised", "scope"]


@lru_cache(maxsize=8)
def boundaries(level: str, lan_code: str | None) -> dict[str, Any]:
    """Boundaries as GeoJSON (cached; shared geometry)."""
    return reference.boundaries(level, lan_code=lan_code)  # type: ignore[arg-type]


def localised(geojson: dict[str, Any], lang: str) -> dict[str, Any]:
    """The features with ``properties.name`` in the page language (geometry shared)."""
    features = []
    for feature in geojson["features"]:
        properties = dict(feature["properties"])
        properties["name"] = region_name(str(properties["code"]), lang)
        features.append({**feature, "properties": properties})
    return {**geojson, "features": features}


def _year(table: Published) -> int:
    return int(table.filters.year or data.resolve_year(None))


def scope(table: Published, lang: Lang) -> str:
    """``Västmanlands län 2024`` plus the segment when one is chosen."""
    parts = [region_name(data.home_region(), lang)]
    if table.filters.kommun:
        parts = [region_name(table.filters.kommun, lang)]
    if table.filters.year:
        parts.append(str(table.filters.year))
    text = " ".join(parts)
    if table.filters.segment:
        from ecc_atlas.web.dashboard.tables.vocabularies import label

        text += f" · {label('segment', table.filters.segment, lang)}"
    return text


# --- kommun map -------------------------------------------------------------------------------


def _kommun_summary(table: Published, lang: Lang, _m: Measure | None) -> str:
    rows = [row for row in table.rows() if row.get("employees") is not None]
    if not rows:
        return _("No municipality data for %(year)s.") % {"year": _year(table)}
    ranked = sorted(rows, key=lambda row: row["employees"], reverse=True)
    text = _(
        "In %(year)s the energy sector in %(county)s employed %(total)s people in the "
        "municipalities with published figures; most in %(top)s (%(top_n)s), fewest in "
        "%(bottom)s (%(bottom_n)s)."
    ) % {
        "year": _year(table),
        "county": region_name(data.home_region(), lang),
        "total": format_number(sum(row["employees"] for row in rows), lang=lang),
        "top": ranked[0]["kommun"],
        "top_n": format_number(ranked[0]["employees"], lang=lang),
        "bottom": ranked[-1]["kommun"],
        "bottom_n": format_number(ranked[-1]["employees"], lang=lang),
    }
    withheld = table.suppressed_rows
    if withheld:
        text += " " + _("%(count)s municipalities are suppressed.") % {"count": withheld}
    return text


def _kommun_map(table: Published, lang: Lang, _m: Measure | None) -> dict[str, Any]:
    lan = data.home_region()
    return choropleth(
        localised(boundaries("kommun", lan), lang),
        table.rows(),
        key="kommun_code",
        value_field="employees",
        title=_("Energy-sector employees by municipality"),
        subtitle=scope(table, lang),
        legend_title=_("Employees"),
        name_title=_("Municipality"),
        extra_fields=[
            ("full_year_equivalents", _("Full-year equivalents"), ",.0f"),
            ("organisations", _("Organisations"), ",.0f"),
        ],
        scale={"type": "sqrt", "zero": True},  # one large kommun must not flatten the rest
        lang=lang,
    )


register(
    ChartDef(
        name="kommun-map",
        table="kommun-employment",
        heading=gettext_lazy("Employees by municipality"),
        build=_kommun_map,
        describe=_kommun_summary,
        kind="map",
    )
)

# --- county map -------------------------------------------------------------------------------

COUNTY_MEASURES = {
    "lq": Measure("lq", gettext_lazy("Location quotient"), ".2f"),
    "per1000": Measure(
        "sector_per_1000", gettext_lazy("Sector employees per 1,000 inhabitants"), ",.1f"
    ),
    "exports": Measure(
        "exports_per_capita_sek", gettext_lazy("Exports per inhabitant (SEK)"), ",.0f"
    ),
}
_RANKS = {"lq": "lq_rank", "exports_per_capita_sek": "exports_rank"}


def _rank(rows: list[dict[str, Any]], code: str, field: str) -> tuple[int | None, int]:
    valued = [row for row in rows if row.get(field) is not None]
    ranked = sorted(valued, key=lambda row: row[field], reverse=True)
    for position, row in enumerate(ranked, start=1):
        if row["lan_code"] == code:
            return position, len(ranked)
    return None, len(ranked)


def _county_summary(table: Published, lang: Lang, measure: Measure | None) -> str:
    chosen = measure or COUNTY_MEASURES["lq"]
    rows = table.rows()
    home = data.home_region()
    own = next((row for row in rows if row["lan_code"] == home), None)
    rank, count = _rank(rows, home, chosen.field)
    valued = [row for row in rows if row.get(chosen.field) is not None]
    if own is None or rank is None or not valued:
        return _("No county data for %(year)s.") % {"year": _year(table)}
    first = max(valued, key=lambda row: row[chosen.field])
    decimals = 2 if chosen.field == "lq" else (1 if chosen.field == "sector_per_1000" else 0)
    return _(
        "In %(year)s %(county)s ranked %(rank)s of %(count)s counties by %(measure)s "
        "(%(value)s); the highest was %(first)s (%(first_value)s)."
    ) % {
        "year": _year(table),
        "county": region_name(home, lang),
        "rank": rank,
        "count": count,
        "measure": str(chosen.label).lower(),
        "value": format_number(own[chosen.field], lang=lang, decimals=decimals),
        "first": region_name(first["lan_code"], lang),
        "first_value": format_number(first[chosen.field], lang=lang, decimals=decimals),
    }


def _county_map(table: Published, lang: Lang, measure: Measure | None) -> dict[str, Any]:
    chosen = measure or COUNTY_MEASURES["lq"]
    home = data.home_region()
    is_lq = chosen.field == "lq"
    return choropleth(
        localised(boundaries("lan", None), lang),
        table.rows(),
        key="lan_code",
        value_field=chosen.field,
        title=str(chosen.label) + " " + _("by county"),
        subtitle=_("%(year)s; %(county)s outlined in black")
        % {"year": _year(table), "county": region_name(home, lang)},
        legend_title=str(chosen.label),
        name_title=_("County"),
        value_format=chosen.format,
        extra_fields=[("sector_employees", _("Sector employees"), ",.0f")],
        highlight=home,
        # LQ: diverging around the national average (1); others sequential. Both CVD-safe.
        scheme="blueorange" if is_lq else "viridis",
        scale={"domainMid": 1} if is_lq else {"zero": True},
        stroke="#8c8c8c",  # the light middle of the scheme needs visible borders
        height=560,
        lang=lang,
    )


register(
    ChartDef(
        name="county-map",
        table="county-concentration",
        heading=gettext_lazy("Concentration by county"),
        build=_county_map,
        describe=_county_summary,
        kind="map",
        measures=COUNTY_MEASURES,
        default_measure="lq",
    )
)


def _county_ranking(table: Published, lang: Lang, measure: Measure | None) -> dict[str, Any]:
    chosen = measure or COUNTY_MEASURES["lq"]
    rows = [{**row, "name": region_name(row["lan_code"], lang)} for row in table.rows()]
    home = region_name(data.home_region(), lang)
    return bar_chart(
        rows,
        category="name",
        value=chosen.field,
        title=str(chosen.label) + " " + _("by county"),
        subtitle=_("%(year)s; %(county)s highlighted") % {"year": _year(table), "county": home},
        value_title=str(chosen.label),
        category_title=_("County"),
        value_format=chosen.format,
        highlight=home,
        lang=lang,
    )


register(
    ChartDef(
        name="county-ranking",
        table="county-concentration",
        heading=gettext_lazy("All counties ranked"),
        build=_county_ranking,
        describe=_county_summary,
        measures=COUNTY_MEASURES,
        default_measure="lq",
    )
)

# --- trend ------------------------------------------------------------------------------------


def _trend_summary(table: Published, lang: Lang, _m: Measure | None) -> str:
    rows = [row for row in table.rows() if row.get("employees") is not None]
    if not rows:
        return _("No trend data.")
    first, last = rows[0], rows[-1]
    return _(
        "In %(scope)s the energy sector employed %(first_n)s people (%(first_fye)s full-year "
        "equivalents) in %(first_year)s and %(last_n)s (%(last_fye)s) in %(last_year)s."
    ) % {
        "scope": scope(table, lang),
        "first_year": first["year"],
        "last_year": last["year"],
        "first_n": format_number(first["employees"], lang=lang),
        "last_n": format_number(last["employees"], lang=lang),
        "first_fye": format_number(first.get("full_year_equivalents"), lang=lang),
        "last_fye": format_number(last.get("full_year_equivalents"), lang=lang),
    }


def _trend(table: Published, lang: Lang, _m: Measure | None) -> dict[str, Any]:
    rows = table.rows()
    years = [row["year"] for row in rows]
    span = f"{years[0]}–{years[-1]}" if years else ""
    return trend_line(
        rows,
        series=[
            ("employees", _("Employees")),
            ("full_year_equivalents", _("Full-year equivalents")),
        ],
        title=_("Energy-sector employment"),
        subtitle=f"{scope(table, lang)} {span}".strip(),
        y_title=_("People"),
        x_title=_("Year"),
        series_title=_("Measure"),
        lang=lang,
    )


register(
    ChartDef(
        name="trend",
        table="sector-trend",
        heading=gettext_lazy("Trend"),
        build=_trend,
        describe=_trend_summary,
    )
)

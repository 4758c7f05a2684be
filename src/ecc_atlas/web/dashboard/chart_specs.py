"""The dashboard's charts: Vega-Lite specs and their text alternatives, in Swedish or English.

Each chart has a name used in the API (``/api/charts/<name>``), a spec built by
:mod:`ecc_atlas.charts` from the rows of :mod:`ecc_atlas.web.dashboard.data`, and a one-sentence
summary that serves both as the spec's ``description`` (read by screen readers) and as the
text under the chart on the page.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from ecc_atlas import reference
from ecc_atlas.charts import Lang, choropleth, trend_line
from ecc_atlas.web.dashboard import data
from ecc_atlas.web.dashboard.formatting import format_number

__all__ = [
    "CHART_NAMES",
    "UnknownChart",
    "chart_spec",
    "county_summary",
    "kommun_summary",
    "region_name",
    "trend_summary",
]

CHART_NAMES: tuple[str, ...] = ("kommun-map", "county-map", "trend")


class UnknownChart(data.NotFound):
    """A chart name that the dashboard does not have."""


def region_name(code: str, lang: str) -> str:
    """The region's name in the language (English county names end in "County")."""
    region = reference.region(code)
    return region.name_en if lang == "en" and region.name_en else region.name


@lru_cache(maxsize=8)
def _boundaries(level: str, lan_code: str | None) -> dict[str, Any]:
    return reference.boundaries(level, lan_code=lan_code)  # type: ignore[arg-type]


def _localised(geojson: dict[str, Any], lang: str) -> dict[str, Any]:
    """The features with ``properties.name`` in the page language (geometry shared)."""
    features = []
    for feature in geojson["features"]:
        properties = dict(feature["properties"])
        properties["name"] = region_name(str(properties["code"]), lang)
        features.append({**feature, "properties": properties})
    return {**geojson, "features": features}


# --- text alternatives ----------------------------------------------------------------------


def kommun_summary(rows: list[dict[str, Any]], *, lan: str, year: int, lang: str) -> str:
    """One sentence on sector employment by kommun (largest and smallest, total)."""
    with translation.override(lang):
        ranked = sorted(rows, key=lambda row: row.get("employees") or 0, reverse=True)
        if not ranked:
            return _("No municipality data for %(year)s.") % {"year": year}
        total = sum(row.get("employees") or 0 for row in rows)
        top, bottom = ranked[0], ranked[-1]
        return _(
            "In %(year)s the energy sector in %(county)s employed %(total)s people in "
            "%(count)s municipalities; most in %(top)s (%(top_n)s), fewest in %(bottom)s "
            "(%(bottom_n)s)."
        ) % {
            "year": year,
            "county": region_name(lan, lang),
            "total": format_number(total, lang=lang),
            "count": len(rows),
            "top": top["kommun"],
            "top_n": format_number(top.get("employees"), lang=lang),
            "bottom": bottom["kommun"],
            "bottom_n": format_number(bottom.get("employees"), lang=lang),
        }


def county_summary(rows: list[dict[str, Any]], *, home: str, year: int, lang: str) -> str:
    """One sentence on the home county's location quotient and rank among all counties."""
    with translation.override(lang):
        ranked = sorted(rows, key=lambda row: row.get("lq") or 0, reverse=True)
        own = next((row for row in rows if row["lan_code"] == home), None)
        if own is None or not ranked:
            return _("No county data for %(year)s.") % {"year": year}
        first = ranked[0]
        if first["lan_code"] == home:
            return _(
                "In %(year)s %(county)s had a location quotient of %(lq)s for the energy "
                "sector, the highest of all %(count)s counties."
            ) % {
                "year": year,
                "county": region_name(home, lang),
                "lq": format_number(own.get("lq"), lang=lang, decimals=2),
                "count": len(rows),
            }
        return _(
            "In %(year)s %(county)s had a location quotient of %(lq)s for the energy sector, "
            "rank %(rank)s of %(count)s counties; the highest was %(first)s (%(first_lq)s)."
        ) % {
            "year": year,
            "county": region_name(home, lang),
            "lq": format_number(own.get("lq"), lang=lang, decimals=2),
            "rank": own.get("lq_rank"),
            "count": len(rows),
            "first": region_name(first["lan_code"], lang),
            "first_lq": format_number(first.get("lq"), lang=lang, decimals=2),
        }


def trend_summary(rows: list[dict[str, Any]], *, region: str, lang: str) -> str:
    """One sentence on how sector employment changed from the first to the last year."""
    with translation.override(lang):
        if not rows:
            return _("No trend data.")
        ordered = sorted(rows, key=lambda row: row["year"])
        first, last = ordered[0], ordered[-1]
        return _(
            "In %(county)s the energy sector employed %(first_n)s people "
            "(%(first_fye)s full-year equivalents) in %(first_year)s and %(last_n)s "
            "(%(last_fye)s) in %(last_year)s."
        ) % {
            "county": region_name(region, lang),
            "first_year": first["year"],
            "last_year": last["year"],
            "first_n": format_number(first.get("employees"), lang=lang),
            "last_n": format_number(last.get("employees"), lang=lang),
            "first_fye": format_number(first.get("full_year_equivalents"), lang=lang),
            "last_fye": format_number(last.get("full_year_equivalents"), lang=lang),
        }


# --- specs ----------------------------------------------------------------------------------


def _kommun_map(lang: Lang, year: int) -> tuple[dict[str, Any], tuple[str, ...]]:
    lan = data.home_region()
    rows = data.kommun_rows(lan, year)
    spec = choropleth(
        _localised(_boundaries("kommun", lan), lang),
        rows,
        key="kommun_code",
        value_field="employees",
        title=_("Energy-sector employees by municipality"),
        subtitle=f"{region_name(lan, lang)} {year}",
        legend_title=_("Employees"),
        name_title=_("Municipality"),
        extra_fields=[
            ("full_year_equivalents", _("Full-year equivalents"), ",.0f"),
            ("organisations", _("Organisations"), ",.0f"),
        ],
        description=kommun_summary(rows, lan=lan, year=year, lang=lang),
        scale={"type": "sqrt", "zero": True},  # one large kommun must not flatten the rest
        lang=lang,
    )
    return spec, data.KOMMUN_DATASETS


def _county_map(lang: Lang, year: int) -> tuple[dict[str, Any], tuple[str, ...]]:
    home = data.home_region()
    rows = data.county_rows(year)
    spec = choropleth(
        _localised(_boundaries("lan", None), lang),
        rows,
        key="lan_code",
        value_field="lq",
        title=_("Location quotient of the energy sector by county"),
        subtitle=_("%(year)s; %(county)s outlined in black")
        % {"year": year, "county": region_name(home, lang)},
        legend_title=_("Location quotient"),
        name_title=_("County"),
        value_format=".2f",
        extra_fields=[
            ("sector_employees", _("Sector employees"), ",.0f"),
            ("lq_rank", _("Rank"), "d"),
        ],
        description=county_summary(rows, home=home, year=year, lang=lang),
        highlight=home,
        scheme="blueorange",  # diverging around the national average (LQ = 1), CVD-safe
        scale={"domainMid": 1},
        stroke="#8c8c8c",  # the light middle of the scheme needs visible borders
        height=560,
        lang=lang,
    )
    return spec, data.COUNTY_DATASETS


def _trend(lang: Lang, year: int) -> tuple[dict[str, Any], tuple[str, ...]]:
    region = data.home_region()
    rows = [row for row in data.trend_rows(region) if row["year"] <= year]
    first = rows[0]["year"] if rows else year
    spec = trend_line(
        rows,
        series=[
            ("employees", _("Employees")),
            ("full_year_equivalents", _("Full-year equivalents")),
        ],
        title=_("Energy-sector employment"),
        subtitle=f"{region_name(region, lang)} {first}–{year}",
        y_title=_("People"),
        x_title=_("Year"),
        series_title=_("Measure"),
        description=trend_summary(rows, region=region, lang=lang),
        lang=lang,
    )
    return spec, data.TREND_DATASETS


_BUILDERS = {"kommun-map": _kommun_map, "county-map": _county_map, "trend": _trend}


def chart_spec(name: str, *, lang: Lang, year: int | None = None) -> dict[str, Any]:
    """The Vega-Lite spec of chart ``name`` with provenance in ``usermeta``."""
    builder = _BUILDERS.get(name)
    if builder is None:
        raise UnknownChart(f"Unknown chart {name!r}; charts are: {', '.join(CHART_NAMES)}.")
    resolved = data.resolve_year(year)
    with translation.override(lang):
        spec, datasets = builder(lang, resolved)
    spec["usermeta"].update(
        {
            "chart": name,
            "year": resolved,
            "synthetic": data.is_synthetic(datasets),
            "sources": data.sources(datasets),
        }
    )
    return spec

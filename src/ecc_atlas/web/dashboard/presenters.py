"""Turn the dashboard's data into what the templates show: cards, chart sections, provenance.

Everything here is language-aware (call it inside the request's active language) and holds
no queries of its own: numbers come from :mod:`ecc_atlas.web.dashboard.data`.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ecc_atlas.web.dashboard import chart_specs, data
from ecc_atlas.web.dashboard.formatting import format_number, format_percent

__all__ = ["dashboard_context", "present_figure"]

#: How each unit is written after the value, and with how many decimals the value is shown.
UNITS: dict[str, tuple[Any, int]] = {
    "persons": (gettext_lazy("people"), 0),
    "people": (gettext_lazy("people"), 0),
    "employees": (gettext_lazy("employees"), 0),
    "fye": (gettext_lazy("full-year equivalents"), 0),
    "full_year_equivalents": (gettext_lazy("full-year equivalents"), 0),
    "organisations": (gettext_lazy("organisations"), 0),
    "workplaces": (gettext_lazy("workplaces"), 0),
    "years": (gettext_lazy("years"), 1),
    "persons_per_year": (gettext_lazy("people per year"), 0),
    "people_per_year": (gettext_lazy("people per year"), 0),
    "hires_per_year": (gettext_lazy("hires per year"), 0),
    "sek": (gettext_lazy("SEK"), 0),
    "sek_per_capita": (gettext_lazy("SEK per inhabitant"), 0),
    "msek": (gettext_lazy("million SEK"), 0),
    "lq": ("", 2),
    "ratio": ("", 2),
}
SHARE_UNITS = {"share", "fraction", "proportion"}
PERCENT_UNITS = {"percent", "%"}
RANK_UNITS = {"rank"}


def _api_url(route: str, params: dict[str, Any], /, **kwargs: Any) -> str:
    query = urlencode({key: value for key, value in params.items() if value is not None})
    url = reverse(f"api:{route}", kwargs=kwargs or None)
    return f"{url}?{query}" if query else url


def _value_and_unit(value: Any, unit: str, lang: str) -> tuple[str, str]:
    """The formatted value and the unit text of a figure."""
    if unit in SHARE_UNITS:
        return format_percent(value, lang=lang), ""
    if unit in PERCENT_UNITS:
        return format_percent(None if value is None else value / 100, lang=lang), ""
    if unit in RANK_UNITS:
        counties = len(data.county_rows()) or 21
        return format_number(value, lang=lang), _("of %(count)s counties") % {"count": counties}
    unit_text, decimals = UNITS.get(unit, (unit.replace("_", " "), None))
    if decimals is None:
        is_whole = isinstance(value, int) or (isinstance(value, float) and value.is_integer())
        decimals = 0 if is_whole or abs(value or 0) >= 100 else 1
    return format_number(value, lang=lang, decimals=decimals), str(unit_text)


def present_figure(figure: dict[str, Any], *, lang: str, region: str, year: int) -> dict[str, Any]:
    """A headline figure as a card: label, value and unit, definition, source, method, URL."""
    value, unit = _value_and_unit(figure.get("value"), str(figure.get("unit", "")), lang)
    return {
        "key": figure["key"],
        "label": figure["label_en"] if lang == "en" else figure["label_sv"],
        "value": value,
        "unit": unit,
        "definition": figure["definition_en"] if lang == "en" else figure["definition_sv"],
        "source": figure.get("source", ""),
        "method": figure.get("method", ""),
        "url": _api_url("figure", {"region": region, "year": year}, key=figure["key"]),
    }


def _kommun_section(lang: str, lan: str, year: int) -> dict[str, Any]:
    rows = data.kommun_rows(lan, year)
    ordered = sorted(rows, key=lambda row: row.get("employees") or 0, reverse=True)
    return {
        "id": "kommun-map",
        "css_class": "map map-kommun",
        "heading": _("Employees by municipality"),
        "summary": chart_specs.kommun_summary(rows, lan=lan, year=year, lang=lang),
        "spec_url": _api_url("chart", {"lang": lang, "year": year}, name="kommun-map"),
        "data_url": _api_url("kommuner", {"lan": lan, "year": year}),
        "columns": [
            _("Municipality"),
            _("Employees"),
            _("Full-year equivalents"),
            _("Organisations"),
        ],
        "rows": [
            [
                row["kommun"],
                format_number(row.get("employees"), lang=lang),
                format_number(row.get("full_year_equivalents"), lang=lang),
                format_number(row.get("organisations"), lang=lang),
            ]
            for row in ordered
        ],
    }


def _county_section(lang: str, home: str, year: int) -> dict[str, Any]:
    rows = data.county_rows(year)
    ordered = sorted(rows, key=lambda row: row.get("lq_rank") or 99)
    return {
        "id": "county-map",
        "css_class": "map map-county",
        "heading": _("Concentration by county (location quotient)"),
        "summary": chart_specs.county_summary(rows, home=home, year=year, lang=lang),
        "spec_url": _api_url("chart", {"lang": lang, "year": year}, name="county-map"),
        "data_url": _api_url("counties", {"year": year}),
        "columns": [
            _("County"),
            _("Location quotient"),
            _("Rank"),
            _("Sector employees"),
            _("Per 1,000 inhabitants"),
        ],
        "rows": [
            [
                chart_specs.region_name(row["lan_code"], lang),
                format_number(row.get("lq"), lang=lang, decimals=2),
                format_number(row.get("lq_rank"), lang=lang),
                format_number(row.get("sector_employees"), lang=lang),
                format_number(row.get("sector_per_1000"), lang=lang, decimals=1),
            ]
            for row in ordered
        ],
    }


def _trend_section(lang: str, region: str, year: int) -> dict[str, Any]:
    rows = [row for row in data.trend_rows(region) if row["year"] <= year]
    first = rows[0]["year"] if rows else year
    return {
        "id": "trend",
        "css_class": "trend",
        "heading": _("Trend %(first)s–%(last)s") % {"first": first, "last": year},
        "summary": chart_specs.trend_summary(rows, region=region, lang=lang),
        "spec_url": _api_url("chart", {"lang": lang, "year": year}, name="trend"),
        "data_url": _api_url("trend", {"region": region}),
        "columns": [_("Year"), _("Employees"), _("Full-year equivalents"), _("Organisations")],
        "rows": [
            [
                str(row["year"]),
                format_number(row.get("employees"), lang=lang),
                format_number(row.get("full_year_equivalents"), lang=lang),
                format_number(row.get("organisations"), lang=lang),
            ]
            for row in rows
        ],
    }


def _entries(lang: str) -> list[dict[str, Any]]:
    return [
        {**entry, "rows_text": format_number(entry.get("rows"), lang=lang)}
        for entry in data.dataset_entries()
    ]


def dashboard_context(lang: str) -> dict[str, Any]:
    """Everything the dashboard page shows, in ``lang``.

    Raises :class:`~ecc_atlas.web.dashboard.data.NoData` when the data home has no data.
    """
    region = data.home_region()
    result = data.figures(region)
    year = int(result.year)
    county = chart_specs.region_name(region, lang)
    return {
        "heading": _("The energy sector in %(county)s") % {"county": county},
        "county_name": county,
        "year": year,
        "synthetic": bool(result.synthetic) or data.is_synthetic(),
        "cards": [
            present_figure(figure, lang=lang, region=region, year=year)
            for figure in result.to_json()["figures"]
        ],
        "figures_url": _api_url("figures", {"region": region, "year": year}),
        "maps": [_kommun_section(lang, region, year), _county_section(lang, region, year)],
        "charts": [_trend_section(lang, region, year)],
        "entries": _entries(lang),
    }

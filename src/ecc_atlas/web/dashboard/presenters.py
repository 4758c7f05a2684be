"""Turn the dashboard's data into what the templates show: cards, sections, tables, filters.

Everything here is language-aware (call it inside the request's active language) and holds
no queries of its own: numbers come from :mod:`~ecc_atlas.web.dashboard.tables` and
:mod:`~ecc_atlas.web.dashboard.data`.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ecc_atlas.disclosure import suppressed_label
from ecc_atlas.web.dashboard import data, visuals
from ecc_atlas.web.dashboard.formatting import format_number, format_percent
from ecc_atlas.web.dashboard.pages import PageDef, Section
from ecc_atlas.web.dashboard.tables import Filters, Published, get_table, published

__all__ = [
    "api_url",
    "format_cell",
    "present_figure",
    "present_section",
    "present_table",
    "source_text",
]

#: How each unit is written after the value, and with how many decimals the value is shown.
UNITS: dict[str, tuple[Any, int]] = {
    "persons": (gettext_lazy("people"), 0),
    "people": (gettext_lazy("people"), 0),
    "employees": (gettext_lazy("employees"), 0),
    "fye": (gettext_lazy("full-year equivalents"), 0),
    "full_year_equivalents": (gettext_lazy("full-year equivalents"), 0),
    "organisations": (gettext_lazy("organisations"), 0),
    "occupations": (gettext_lazy("occupations"), 0),
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
REASONS = {
    "frequency": gettext_lazy("too few persons or organisations"),
    "dominance": gettext_lazy("dominated by one or two organisations"),
    "secondary": gettext_lazy("would reveal another suppressed cell"),
}


def api_url(route: str, params: dict[str, Any], /, **kwargs: Any) -> str:
    """The URL of API route ``route`` with the non-null ``params`` as its query."""
    query = urlencode({key: value for key, value in params.items() if value is not None})
    url = reverse(f"api:{route}", kwargs=kwargs or None)
    return f"{url}?{query}" if query else url


# --- headline figures -------------------------------------------------------------------------


def _value_and_unit(value: Any, unit: str, lang: str) -> tuple[str, str]:
    """The formatted value and the unit text of a figure."""
    if unit in SHARE_UNITS:
        return format_percent(value, lang=lang), ""
    if unit in PERCENT_UNITS:
        return format_percent(None if value is None else value / 100, lang=lang), ""
    if unit in RANK_UNITS:
        return format_number(value, lang=lang), _("of %(count)s counties") % {"count": 21}
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
        "url": api_url("figure", {"region": region, "year": year}, key=figure["key"]),
    }


# --- tables -----------------------------------------------------------------------------------


def format_cell(value: Any, kind: str, lang: str) -> str:
    """A value as text for a page or a report, by column kind."""
    if value is None:
        return "–"
    decimals = {"dec1": 1, "dec2": 2}.get(kind, 0)
    if kind in {"int", "dec0", "dec1", "dec2", "sek"}:
        return format_number(value, lang=lang, decimals=decimals)
    if kind == "share":
        return format_percent(value, lang=lang, decimals=1)
    if kind == "bool":
        return _("yes") if value else _("no")
    return str(value)


def _visible(table: Published, *, printed: bool = False) -> list[Any]:
    """Columns to show: all but codes that have a label column (and, in print, only the
    table's ``print_columns``); the disclosure columns become the "sekretess" cells."""
    definition = table.definition
    labelled = {c.label_of[0] for c in definition.columns if c.label_of is not None}
    columns = [c for c in definition.columns if c.name not in labelled]
    if printed and definition.print_columns is not None:
        columns = [c for c in columns if c.name in definition.print_columns]
    return columns


def present_table(
    table: Published, *, lang: str, limit: int | None = None, printed: bool = False
) -> dict[str, Any]:
    """The table's visible columns and formatted cells; withheld values read "sekretess"."""
    columns = _visible(table, printed=printed)
    withheld_text = suppressed_label(lang)
    rows = table.rows()
    shown = rows if limit is None else rows[:limit]
    body = []
    for row in shown:
        reason = row.get("suppression_reason")
        cells = []
        for column in columns:
            value = row.get(column.name)
            numeric = column.kind not in {"text", "code", "url", "bool"}
            withheld = value is None and bool(row.get("suppressed")) and numeric
            cells.append(
                {
                    "text": withheld_text if withheld else format_cell(value, column.kind, lang),
                    "sort": "" if value is None else value,
                    "numeric": numeric,
                    "suppressed": withheld,
                    "reason": str(REASONS.get(reason or "", "")) if withheld else "",
                    "url": value if column.kind == "url" and value else "",
                }
            )
        body.append(cells)
    return {
        "columns": [
            {
                "name": c.name,
                "label": str(c.label),
                "numeric": c.kind not in {"text", "code", "url", "bool"},
            }
            for c in columns
        ],
        "rows": body,
        "total": len(rows),
        "truncated": len(shown) < len(rows),
        "suppressed": table.suppressed_rows,
    }


def source_text(table: Published) -> list[str]:
    """One line per source: dataset, its source and import time."""
    lines = []
    for source in table.sources:
        line = f"{source['dataset']} — {source['source']}"
        if source.get("imported_at"):
            line += f" ({_('imported')} {str(source['imported_at'])[:10]})"
        lines.append(line)
    return lines


def _downloads(table: Published, query: dict[str, Any]) -> list[dict[str, str]]:
    labels = {"csv": "CSV", "xlsx": _("Excel (XLSX)"), "parquet": "Parquet"}
    return [
        {
            "format": fmt,
            "label": label,
            "url": api_url("table-export", {**query, "format": fmt}, name=table.name),
        }
        for fmt, label in labels.items()
    ]


def present_section(
    section: Section, filters: Filters, *, lang: str, measure: str | None = None
) -> dict[str, Any]:
    """Everything one section shows: heading, chart URL, summary, table, data view links."""
    table = published(section.table, filters, lang=lang)
    definition = get_table(section.table)
    query = {**table.filters.query(), "lang": lang}
    chart: dict[str, Any] = {}
    heading = str(definition.title)
    if section.chart is not None:
        chart_def = visuals.get_chart(section.chart)
        chosen = measure if measure in chart_def.measures else None
        heading = str(chart_def.heading)
        chart = {
            "name": section.chart,
            "kind": chart_def.kind,
            "spec_url": api_url(
                "chart",
                {**table.filters.query(), "lang": lang, "measure": chosen},
                name=section.chart,
            ),
            "summary": visuals.summary(section.chart, filters, lang=lang, measure=chosen),
        }
    return {
        "id": section.anchor,
        "heading": heading,
        "chart": chart,
        "table": present_table(table, lang=lang),
        "table_title": str(definition.title),
        "description": str(definition.description),
        "method": str(definition.method),
        "sources": source_text(table),
        "synthetic": table.synthetic,
        "filters": [f"{k} = {v}" for k, v in table.filters.query().items()],
        "data_url": api_url("table", query, name=section.table),
        "downloads": _downloads(table, query),
        "sortable": section.sortable,
        "open_table": section.open_table,
    }


def page_sections(
    page: PageDef, filters: Filters, *, lang: str, measure: str | None = None
) -> list[dict[str, Any]]:
    """The presented sections of ``page``; a section whose data is missing is skipped with
    a note instead of failing the page."""
    out = []
    for section in page.sections:
        try:
            out.append(present_section(section, filters, lang=lang, measure=measure))
        except data.NoData as error:
            out.append({"id": section.anchor, "unavailable": str(error)})
    return out

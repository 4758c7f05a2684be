"""Charts of the sector page: segment sizes, segments over time, entries and exits."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ecc_atlas.charts import Lang, bar_chart, grouped_columns, line_chart
from ecc_atlas.web.dashboard.formatting import format_number, format_percent
from ecc_atlas.web.dashboard.tables import Published
from ecc_atlas.web.dashboard.tables.vocabularies import label, segment_codes
from ecc_atlas.web.dashboard.visuals.base import ChartDef, Measure, register
from ecc_atlas.web.dashboard.visuals.overview import scope

__all__: list[str] = []


def _segment_size_summary(table: Published, lang: Lang, _m: Measure | None) -> str:
    rows = [row for row in table.rows() if row.get("employees") is not None]
    if not rows:
        return _("No segment data.")
    largest = max(rows, key=lambda row: row["employees"])
    growing = [row for row in rows if row.get("growth_since_start") is not None]
    text = _(
        "In %(scope)s the largest segment is %(segment)s with %(employees)s employees "
        "(%(share)s of the sector)."
    ) % {
        "scope": scope(table, lang),
        "segment": largest["segment_name"],
        "employees": format_number(largest["employees"], lang=lang),
        "share": format_percent(largest.get("share_of_sector"), lang=lang),
    }
    if growing:
        fastest = max(growing, key=lambda row: row["growth_since_start"])
        text += " " + _("%(segment)s grew most since %(start)s (%(growth)s).") % {
            "segment": fastest["segment_name"],
            "start": fastest["start_year"],
            "growth": format_percent(fastest["growth_since_start"], lang=lang),
        }
    if table.suppressed_rows:
        text += " " + _("%(count)s segments are suppressed.") % {"count": table.suppressed_rows}
    return text


def _segment_size(table: Published, lang: Lang, _m: Measure | None) -> dict[str, Any]:
    return bar_chart(
        table.rows(),
        category="segment_name",
        value="employees",
        title=_("Employees by segment of the energy chain"),
        subtitle=scope(table, lang),
        value_title=_("Employees"),
        category_title=_("Segment"),
        extra_tooltip=[
            ("share_of_sector", _("Share of the sector"), ".0%"),
            ("growth_1y", _("Growth from the previous year"), "+.1%"),
        ],
        lang=lang,
    )


register(
    ChartDef(
        name="segment-size",
        table="segment-size",
        heading=gettext_lazy("Segments of the energy chain"),
        build=_segment_size,
        describe=_segment_size_summary,
    )
)


def _segment_trend_summary(table: Published, lang: Lang, _m: Measure | None) -> str:
    rows = [row for row in table.rows() if row.get("employees") is not None]
    if not rows:
        return _("No segment data.")
    years = sorted({row["year"] for row in rows})
    return _(
        "Employees in each segment of the energy chain from %(first)s to %(last)s in "
        "%(scope)s; the table holds every value (%(count)s suppressed cells)."
    ) % {
        "first": years[0],
        "last": years[-1],
        "scope": scope(table, lang),
        "count": table.suppressed_rows,
    }


def _indexed(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each segment's employees as an index, its first published year = 100."""
    base: dict[str, float] = {}
    out = []
    for row in sorted(rows, key=lambda r: r["year"]):
        value = row.get("employees")
        key = row["segment"]
        if value and key not in base:
            base[key] = float(value)
        index = None if value is None or key not in base else 100 * value / base[key]
        out.append({**row, "index": index})
    return out


def _segment_trend(table: Published, lang: Lang, _m: Measure | None) -> dict[str, Any]:
    order = [label("segment", code, lang) or code for code in segment_codes()]
    return line_chart(
        _indexed(table.rows()),
        x="year",
        series="segment_name",
        value="index",
        title=_("Growth of the segments (index, first year = 100)"),
        subtitle=scope(table, lang),
        y_title=_("Index"),
        x_title=_("Year"),
        series_title=_("Segment"),
        series_order=order,
        value_format=",.0f",
        zero=False,
        lang=lang,
    )


register(
    ChartDef(
        name="segment-trend",
        table="segment-trend",
        heading=gettext_lazy("Growth of the segments"),
        build=_segment_trend,
        describe=_segment_trend_summary,
    )
)


def _entries_summary(table: Published, lang: Lang, _m: Measure | None) -> str:
    rows = table.rows()
    entered = sum(row["organisations"] or 0 for row in rows if row["flow"] == "entry")
    left = sum(row["organisations"] or 0 for row in rows if row["flow"] == "exit")
    years = sorted({row["year"] for row in rows})
    if not years:
        return _("No entries or exits.")
    if table.suppressed_rows == len(rows):
        return _(
            "From %(first)s to %(last)s too few organisations entered or left the sector in "
            "%(scope)s each year for the numbers to be published (disclosure control)."
        ) % {"first": years[0], "last": years[-1], "scope": scope(table, lang)}
    if table.suppressed_rows:
        return _(
            "From %(first)s to %(last)s, at least %(entered)s organisations entered the sector "
            "in %(scope)s and at least %(left)s left it; %(count)s year-cells are suppressed."
        ) % {
            "first": years[0],
            "last": years[-1],
            "entered": entered,
            "left": left,
            "scope": scope(table, lang),
            "count": table.suppressed_rows,
        }
    return _(
        "From %(first)s to %(last)s, %(entered)s organisations entered the sector in "
        "%(scope)s and %(left)s left it."
    ) % {
        "first": years[0],
        "last": years[-1],
        "entered": entered,
        "left": left,
        "scope": scope(table, lang),
    }


def _entries(table: Published, lang: Lang, _m: Measure | None) -> dict[str, Any]:
    return grouped_columns(
        table.rows(),
        x="year",
        series="flow_name",
        value="organisations",
        title=_("Organisations entering and leaving the sector"),
        subtitle=scope(table, lang),
        value_title=_("Organisations"),
        x_title=_("Year"),
        series_title=_("Flow"),
        series_order=[label("flow", "entry", lang) or "", label("flow", "exit", lang) or ""],
        value_format=",.0f",
        tick_min_step=1,
        lang=lang,
    )


register(
    ChartDef(
        name="entries-exits",
        table="entries-exits",
        heading=gettext_lazy("Entries and exits"),
        build=_entries,
        describe=_entries_summary,
    )
)

"""The dashboard's charts: each draws one public table as a Vega-Lite spec with a text
alternative, in Swedish or English.

A :class:`ChartDef` names a chart (``/api/charts/<name>``), the table it draws, a function that
builds the spec from the published table, and one that writes the one- or two-sentence summary
which serves as the spec's ``description`` (the SVG's ARIA label), as the caption on the page,
and as the text under the chart in the report. A chart may offer ``measures``: alternative
value columns of the same table (the regions map shows the location quotient, employees per
1,000 inhabitants or exports per inhabitant).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils import translation
from django.utils.functional import Promise

from ecc_atlas import reference
from ecc_atlas.charts import Lang
from ecc_atlas.web.dashboard import data
from ecc_atlas.web.dashboard.tables import Filters, Published, published

__all__ = [
    "CHARTS",
    "ChartDef",
    "Measure",
    "UnknownChart",
    "chart_spec",
    "get_chart",
    "region_name",
    "register",
    "summary",
]


class UnknownChart(data.NotFound):
    """A chart name (or measure) that the dashboard does not have."""


@dataclass(frozen=True)
class Measure:
    """An alternative value column a chart can show."""

    field: str
    label: str | Promise
    format: str = ",.0f"


@dataclass(frozen=True)
class ChartDef:
    """A chart of one public table."""

    name: str
    table: str
    heading: str | Promise
    build: Callable[[Published, Lang, Measure | None], dict[str, Any]]
    describe: Callable[[Published, Lang, Measure | None], str]
    kind: str = "chart"  # "chart" or "map" (maps get a taller box on the page)
    measures: dict[str, Measure] = field(default_factory=dict)
    default_measure: str | None = None

    def measure(self, key: str | None) -> Measure | None:
        """The measure ``key`` (default: :attr:`default_measure`); None without measures."""
        if not self.measures:
            return None
        key = key or self.default_measure or next(iter(self.measures))
        if key not in self.measures:
            known = ", ".join(self.measures)
            raise UnknownChart(f"Chart {self.name!r} has no measure {key!r}; measures: {known}.")
        return self.measures[key]


CHARTS: dict[str, ChartDef] = {}


def register(definition: ChartDef) -> ChartDef:
    """Add a chart to :data:`CHARTS`."""
    if definition.name in CHARTS:
        raise ValueError(f"Chart {definition.name!r} is registered twice.")
    CHARTS[definition.name] = definition
    return definition


def get_chart(name: str) -> ChartDef:
    """The chart called ``name``; :class:`UnknownChart` listing the known charts otherwise."""
    try:
        return CHARTS[name]
    except KeyError:
        known = ", ".join(sorted(CHARTS))
        raise UnknownChart(f"Unknown chart {name!r}; charts are: {known}.") from None


def region_name(code: str, lang: str) -> str:
    """The region's name in the language (English county names end in "County")."""
    region = reference.region(code)
    return region.name_en if lang == "en" and region.name_en else region.name


def _lang(lang: str) -> Lang:
    return "en" if lang == "en" else "sv"


def summary(
    name: str, filters: Filters | None = None, *, lang: str, measure: str | None = None
) -> str:
    """The text alternative of chart ``name`` for these filters."""
    definition = get_chart(name)
    language = _lang(lang)
    table = published(definition.table, filters, lang=language)
    with translation.override(language):
        return definition.describe(table, language, definition.measure(measure))


def chart_spec(
    name: str,
    filters: Filters | None = None,
    *,
    lang: str,
    measure: str | None = None,
) -> dict[str, Any]:
    """The Vega-Lite spec of chart ``name``, with provenance in ``usermeta``."""
    definition = get_chart(name)
    language = _lang(lang)
    chosen = definition.measure(measure)
    table = published(definition.table, filters, lang=language)

    def compute(_ctx: Any) -> dict[str, Any]:
        with translation.override(language):
            spec = definition.build(table, language, chosen)
            spec["description"] = definition.describe(table, language, chosen)
        spec["usermeta"].update(
            {
                "chart": name,
                "table": definition.table,
                "filters": table.filters.query(),
                "measure": None if chosen is None else chosen.field,
                "synthetic": table.synthetic,
                "sources": table.sources,
                "suppressed_rows": table.suppressed_rows,
            }
        )
        return spec

    key = (table.filters, language, None if chosen is None else chosen.field)
    return data.memo(f"chart:{name}", key, compute)

"""The content of the annual report, gathered from the dashboard's own pages and tables.

Chapters mirror the dashboard's pages (:data:`ecc_atlas.web.dashboard.pages.PAGES`); every
chart is the same Vega-Lite spec as on the page, rendered to vector SVG with vl-convert;
every table is the same published table (disclosure control applied). The summary holds the
headline figures exactly as ``ecc-atlas figures --json`` computes them. The method appendix
describes each table once, and the sources list every dataset with its provenance.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from ecc_atlas.charts import to_svg
from ecc_atlas.disclosure import DisclosurePolicy, suppressed_label
from ecc_atlas.web.dashboard import data, presenters, story, visuals
from ecc_atlas.web.dashboard.pages import PAGES, PageDef, Section
from ecc_atlas.web.dashboard.tables import Filters, get_table, published
from ecc_atlas.web.dashboard.tables import vocabularies as vocab

__all__ = ["Document", "build_document"]

#: Rows of a table printed in the report; the full tables are in the downloads and the API.
ROW_LIMIT = 25
#: Tables printed in full (directories and the county comparison).
FULL_TABLES = {"actors", "county-concentration", "county-shift-share", "datasets"}
CHART_WIDTH = 640


@dataclass
class Document:
    """Everything the report template shows."""

    lang: str
    year: int
    county: str
    title: str
    subtitle: str
    created: str
    synthetic: bool
    figures: list[dict[str, Any]]
    figures_json: dict[str, Any]
    chapters: list[dict[str, Any]] = field(default_factory=list)
    appendix: list[dict[str, Any]] = field(default_factory=list)
    sources: list[dict[str, Any]] = field(default_factory=list)
    extras: dict[str, Any] = field(default_factory=dict)


def _svg_data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def _filters_for(page: PageDef, year: int) -> Filters:
    return Filters(year=year) if "year" in page.filters else Filters()


def _section(section: Section, filters: Filters, lang: str) -> dict[str, Any]:
    try:
        shown = presenters.present_section(section, filters, lang=lang)
    except data.NoData as error:
        return {"id": section.anchor, "unavailable": str(error)}
    limit = None if section.table in FULL_TABLES else ROW_LIMIT
    table = published(section.table, filters, lang=lang)
    shown["table"] = presenters.present_table(table, lang=lang, limit=limit, printed=True)
    if section.chart is not None:
        shown["chart"]["image"] = _chart_image(section.chart, table.filters, lang)
    return shown


def _chart_image(name: str, filters: Filters, lang: str) -> str:
    """The chart as an SVG data URI (memoised per data version: vl-convert takes a while)."""

    def compute(_ctx: Any) -> str:
        spec = visuals.chart_spec(name, filters, lang=lang)
        return _svg_data_uri(to_svg(spec, width=CHART_WIDTH))

    return data.memo("report-svg", (name, filters, lang, CHART_WIDTH), compute)


def _chapter(page: PageDef, year: int, lang: str, number: int) -> dict[str, Any]:
    county = visuals.region_name(data.home_region(), lang)
    filters = _filters_for(page, year)
    sections = [_section(s, filters, lang) for s in page.sections]
    chapter = {
        "key": page.key,
        "number": number,
        "title": str(page.nav) if page.key != "overview" else _("Overview"),
        "lede": str(page.lede) % {"county": county},
        "sections": sections,
        "story": story.regions_story(lang, year) if page.key == "regions" else [],
    }
    return chapter


def _appendix(lang: str) -> list[dict[str, Any]]:
    """One entry per public table shown in the report: what it holds and how it is made."""
    seen: list[str] = []
    for page in PAGES:
        for section in page.sections:
            if section.table not in seen:
                seen.append(section.table)
    out = []
    for name in seen:
        definition = get_table(name)
        out.append(
            {
                "name": name,
                "title": str(definition.title),
                "description": str(definition.description),
                "method": str(definition.method),
                "datasets": ", ".join(definition.datasets) or "–",
            }
        )
    return out


def build_document(
    *, lang: str, year: int | None = None, progress: Callable[[str], None] | None = None
) -> Document:
    """Gather the report for ``year`` (default: the latest) in ``lang`` (``sv``/``en``).

    Needs Django set up with ``settings.ECC_ATLAS`` pointing at the data home (as the CLI
    and the dashboard have). ``progress`` is called with a short message per chapter.
    """
    lang = "en" if lang == "en" else "sv"
    say = progress or (lambda _message: None)
    with translation.override(lang):
        resolved = data.resolve_year(year)
        region = data.home_region()
        county = visuals.region_name(region, lang)
        result = data.figures(region, resolved)
        figures_json = result.to_json()
        cards = [
            presenters.present_figure(figure, lang=lang, region=region, year=resolved)
            for figure in figures_json["figures"]
        ]
        document = Document(
            lang=lang,
            year=resolved,
            county=county,
            title=_("Energy competence in %(county)s") % {"county": county},
            subtitle=_("Annual report %(year)s") % {"year": resolved},
            created=date.today().isoformat(),
            synthetic=bool(result.synthetic) or data.is_synthetic(),
            figures=cards,
            figures_json=figures_json,
        )
        number = 0
        for page in PAGES:
            if page.key == "method":
                continue
            number += 1
            say(_("Chapter %(number)s: %(title)s") % {"number": number, "title": page.nav})
            document.chapters.append(_chapter(page, resolved, lang, number))
        say(_("Method appendix and sources"))
        document.appendix = _appendix(lang)
        document.sources = published("datasets", lang=lang).rows()
        policy = DisclosurePolicy.from_env()
        key = "en" if lang == "en" else "sv"
        document.extras = {
            "segments": [
                {"name": row[f"name_{key}"], "description": row[f"description_{key}"]}
                for row in vocab.segments()
            ],
            "policy": policy,
            "dominance_percent": round(policy.dominance_k * 100),
            "suppressed_label": suppressed_label(lang),
        }
    return document

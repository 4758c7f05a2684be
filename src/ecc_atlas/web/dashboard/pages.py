"""The nine pages of the dashboard: their URLs, texts, filters and sections.

A page is a list of :class:`Section` objects, each a chart with the table behind it (or a
table alone). The same definitions drive the HTML pages, the ``/api/pages/<key>`` endpoint
and the chapters of the annual report, so the three always show the same things.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from ecc_atlas.web.dashboard import visuals

if TYPE_CHECKING:
    from django.utils.functional import Promise

__all__ = ["PAGES", "PageDef", "Section", "get_page"]


@dataclass(frozen=True)
class Section:
    """A chart and its table, or (``chart=None``) a table shown in full."""

    table: str
    chart: str | None = None
    sortable: bool = False
    open_table: bool = False  # show the table itself, not folded into the data view

    @property
    def anchor(self) -> str:
        """The HTML id of the section."""
        return self.chart or f"table-{self.table}"


@dataclass(frozen=True)
class PageDef:
    """One page of the dashboard."""

    key: str
    path: str  # below the language prefix, "" for the overview
    title: str | Promise
    nav: str | Promise
    lede: str | Promise
    filters: tuple[str, ...] = ()
    sections: tuple[Section, ...] = ()
    figures: bool = False  # the headline figure cards (overview)
    chapter: bool = True  # a chapter of the annual report

    @property
    def url_name(self) -> str:
        """The Django URL name (``dashboard-<key>``; the overview is ``dashboard-index``)."""
        return "dashboard-index" if self.key == "overview" else f"dashboard-{self.key}"

    @property
    def measures(self) -> dict[str, str | Promise]:
        """The measures the page's charts offer, by key, with their labels."""
        found: dict[str, str | Promise] = {}
        for section in self.sections:
            if section.chart is not None:
                for key, measure in visuals.get_chart(section.chart).measures.items():
                    found.setdefault(key, measure.label)
        return found


def _chart(name: str) -> Section:
    return Section(table=visuals.get_chart(name).table, chart=name)


PAGES: tuple[PageDef, ...] = (
    PageDef(
        key="overview",
        path="",
        title=_("The energy sector in %(county)s"),
        nav=_("Overview"),
        lede=_(
            "The energy sector of %(county)s: the company-by-company delimitation linked to "
            "workforce statistics, compared with all Swedish counties. Every number links to "
            "its data, source and method."
        ),
        filters=("year",),
        sections=(_chart("kommun-map"), _chart("county-map"), _chart("trend")),
        figures=True,
    ),
    PageDef(
        key="sector",
        path="sector/",
        title=_("The sector"),
        nav=_("The sector"),
        lede=_(
            "The segments of the energy chain — from supply and grids to technology "
            "manufacturing and services — their size and growth, and the organisations "
            "entering and leaving the sector."
        ),
        filters=("year", "kommun"),
        sections=(
            _chart("segment-size"),
            _chart("segment-trend"),
            _chart("shift-share"),
            _chart("entries-exits"),
        ),
    ),
    PageDef(
        key="workforce",
        path="workforce/",
        title=_("The workforce"),
        nav=_("The workforce"),
        lede=_(
            "Who works in the energy sector: age and gender, level of education and "
            "PhD-educated employees, occupations, and where they work."
        ),
        filters=("year", "segment", "kommun"),
        sections=(
            _chart("age-pyramid"),
            _chart("gender-by-segment"),
            _chart("education"),
            _chart("phd-by-segment"),
            _chart("occupations"),
            _chart("workforce-map"),
        ),
    ),
    PageDef(
        key="regions",
        path="regions/",
        title=_("Regions compared"),
        nav=_("Regions"),
        lede=_(
            "All 21 Swedish counties compared: how concentrated the energy sector is "
            "(location quotient), how many work in it per 1,000 inhabitants, and goods exports "
            "per inhabitant."
        ),
        filters=("year",),
        sections=(
            _chart("county-map"),
            _chart("county-ranking"),
            Section(table="county-concentration", sortable=True, open_table=True),
            _chart("county-shift-share"),
        ),
    ),
    PageDef(
        key="recruitment",
        path="recruitment/",
        title=_("Recruitment needs and forecast"),
        nav=_("Recruitment"),
        lede=_(
            "How many people the energy sector will need to hire in the coming years: "
            "scenarios side by side with their intervals, per occupation, and how well the "
            "model did when it was run from a past year."
        ),
        filters=("scenario",),
        sections=(
            _chart("recruitment-scenarios"),
            _chart("recruitment-occupations"),
            _chart("recruitment-backtest"),
        ),
    ),
    PageDef(
        key="shortages",
        path="shortages/",
        title=_("Shortage occupations"),
        nav=_("Shortages"),
        lede=_(
            "Which occupations are short: the forecast gap, employers, Arbetsförmedlingen's "
            "occupational barometer and job ads, each shown, reconciled into one verdict, "
            "with disagreements flagged."
        ),
        sections=(
            Section(table="shortages", chart="shortage-signals", sortable=True, open_table=True),
        ),
    ),
    PageDef(
        key="skills",
        path="skills/",
        title=_("Skills in demand"),
        nav=_("Skills"),
        lede=_(
            "Which competences the region's employers ask for in their job ads, and which are "
            "rising: the key technologies of the energy transition, found in Swedish and "
            "English ad text with the product's own energy-competence vocabulary."
        ),
        filters=("year",),
        sections=(
            _chart("skills-top"),
            _chart("skills-trend"),
            _chart("skills-emerging"),
            _chart("skills-occupations"),
            Section(table="skills-pairs", sortable=True, open_table=True),
        ),
    ),
    PageDef(
        key="actors",
        path="actors/",
        title=_("Actors"),
        nav=_("Actors"),
        lede=_(
            "The organisations included in the energy sector and the region's academic and "
            "public actors, with segment and municipality. Only public information is shown: "
            "no figures about a single organisation."
        ),
        filters=("segment", "kommun", "kind"),
        sections=(Section(table="actors", sortable=True, open_table=True),),
    ),
    PageDef(
        key="method",
        path="method/",
        title=_("Method and sources"),
        nav=_("Method"),
        lede=_(
            "How the sector is delimited, how every figure is computed, where the data come "
            "from and how they are protected."
        ),
        sections=(Section(table="datasets", open_table=True),),
    ),
)


def get_page(key: str) -> PageDef:
    """The page with this key."""
    for page in PAGES:
        if page.key == key:
            return page
    raise KeyError(key)

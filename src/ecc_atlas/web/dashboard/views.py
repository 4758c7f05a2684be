"""Dashboard pages: parse the request, call the presenters, render.

Every page is a :class:`~ecc_atlas.web.dashboard.pages.PageDef`; one view renders them all.
Filters come from the query string (``year``, ``segment``, ``kommun``, ``kind``,
``measure``); an unknown value is ignored with a notice, never an error page.
"""

from __future__ import annotations

import logging
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import select_template
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from ecc_atlas.disclosure import DisclosurePolicy, suppressed_label
from ecc_atlas.web.dashboard import assets, data, presenters, story, visuals
from ecc_atlas.web.dashboard.pages import PAGES, PageDef, get_page
from ecc_atlas.web.dashboard.tables import Filters, get_table
from ecc_atlas.web.dashboard.tables import vocabularies as vocab

__all__ = ["current_lang", "page", "page_context", "parse_filters"]

logger = logging.getLogger(__name__)

LANGUAGE_LABELS = {"sv": "Svenska", "en": "English"}


def current_lang() -> str:
    """The request's language, reduced to ``sv`` or ``en``."""
    return "en" if (translation.get_language() or "sv").startswith("en") else "sv"


def page_context(request: HttpRequest, current: str | None = None) -> dict[str, Any]:
    """What every page's frame needs: navigation, language switch, API docs and script URLs."""
    lang = current_lang()
    other = "en" if lang == "sv" else "sv"
    return {
        "lang": lang,
        "switch_lang": other,
        "switch_label": LANGUAGE_LABELS[other],
        "switch_url": translate_url(request.get_full_path(), other),
        "home_url": reverse("dashboard-index"),
        "nav": [
            {
                "key": p.key,
                "label": str(p.nav),
                "url": reverse(p.url_name),
                "current": p.key == current,
            }
            for p in PAGES
        ],
        "api_docs_url": reverse("api:openapi-view"),
        "vega_bundle_url": f"{reverse('dashboard-vega-bundle')}?v={assets.bundle_version()}",
        "report_url": reverse("dashboard-report"),
        "suppressed_label": suppressed_label(lang),
    }


def parse_filters(request: HttpRequest, page: PageDef) -> tuple[Filters, str | None, list[str]]:
    """The page's filters and measure from the query string, and notices about ignored values."""
    notices: list[str] = []
    values: dict[str, Any] = {}
    query = request.GET
    if "year" in page.filters and query.get("year"):
        raw = query["year"]
        if raw.isdigit() and int(raw) in data.available_years():
            values["year"] = int(raw)
        else:
            notices.append(_("There are no data for the year %(value)s; showing the latest.")
                           % {"value": raw})  # fmt: skip
    choices = {
        "segment": vocab.segment_codes,
        "kommun": vocab.kommun_codes,
        "kind": lambda: list(vocab.KINDS),
        "scenario": lambda: list(vocab.SCENARIOS),
    }
    for name, known in choices.items():
        raw = query.get(name) or ""
        if name in page.filters and raw:
            if raw in known():
                values[name] = raw
            else:
                notices.append(_("Unknown %(filter)s %(value)s; showing all.")
                               % {"filter": name, "value": raw})  # fmt: skip
    measure = query.get("measure") or None
    if measure is not None and measure not in page.measures:
        notices.append(_("Unknown measure %(value)s.") % {"value": measure})
        measure = None
    return Filters(**values), measure, notices


def _filter_form(page: PageDef, filters: Filters, measure: str | None, lang: str) -> list[Any]:
    fields: list[dict[str, Any]] = []
    if "year" in page.filters:
        years = sorted(data.available_years(), reverse=True)
        selected = filters.year or (years[0] if years else None)
        fields.append(
            {
                "name": "year",
                "label": _("Year"),
                "options": [(str(y), str(y), y == selected) for y in years],
            }
        )
    if "segment" in page.filters:
        options = [("", _("All segments"), filters.segment is None)]
        for row in vocab.segments():
            name = row["name_en"] if lang == "en" else row["name_sv"]
            options.append((row["code"], name, row["code"] == filters.segment))
        fields.append({"name": "segment", "label": _("Segment"), "options": options})
    if "kommun" in page.filters:
        options = [("", _("All municipalities"), filters.kommun is None)]
        for code in vocab.kommun_codes():
            options.append(
                (code, vocab.label("region", code, lang) or code, code == filters.kommun)
            )
        fields.append({"name": "kommun", "label": _("Municipality"), "options": options})
    if "scenario" in page.filters:
        options = [("", _("Default (employer plans when surveyed)"), filters.scenario is None)]
        for scenario in vocab.SCENARIOS:
            options.append(
                (
                    scenario,
                    vocab.label("scenario", scenario, lang) or scenario,
                    scenario == filters.scenario,
                )
            )
        fields.append({"name": "scenario", "label": _("Scenario"), "options": options})
    if "kind" in page.filters:
        options = [("", _("All kinds"), filters.kind is None)]
        for kind in vocab.KINDS:
            options.append((kind, vocab.label("kind", kind, lang) or kind, kind == filters.kind))
        fields.append({"name": "kind", "label": _("Kind"), "options": options})
    if page.measures:
        chosen = measure or next(iter(page.measures))
        fields.append(
            {
                "name": "measure",
                "label": _("Measure"),
                "options": [(k, str(v), k == chosen) for k, v in page.measures.items()],
            }
        )
    return fields


def _page_texts(page: PageDef, lang: str) -> tuple[str, str]:
    county = visuals.region_name(data.home_region(), lang)
    return str(page.title) % {"county": county}, str(page.lede) % {"county": county}


def _figures(lang: str, year: int | None) -> dict[str, Any]:
    region = data.home_region()
    result = data.figures(region, year)
    year = int(result.year)
    return {
        "cards": [
            presenters.present_figure(figure, lang=lang, region=region, year=year)
            for figure in result.to_json()["figures"]
        ],
        "figures_url": presenters.api_url("figures", {"region": region, "year": year}),
        "figures_synthetic": bool(result.synthetic),
    }


def _method_context(lang: str) -> dict[str, Any]:
    policy = DisclosurePolicy.from_env()
    key = "en" if lang == "en" else "sv"
    return {
        "segments": [
            {
                "code": row["code"],
                "name": row[f"name_{key}"],
                "description": row[f"description_{key}"],
            }
            for row in vocab.segments()
        ],
        "policy": policy,
        "dominance_percent": round(policy.dominance_k * 100),
    }


def _no_data(context: dict[str, Any], error: data.NoData) -> None:
    logger.warning("Dashboard without data: %s", error)
    context.update(
        {
            "heading": _("ECC Atlas"),
            "no_data": _(
                "The data home holds no data yet. Run `ecc-atlas demo` to load the demo "
                "data, or import statistics."
            ),
            "synthetic": False,
            "entries": [],
        }
    )


@require_safe
def page(request: HttpRequest, key: str = "overview") -> HttpResponse:
    """One dashboard page (``key`` from :data:`~ecc_atlas.web.dashboard.pages.PAGES`).

    The page is the same for every visitor (public numbers, no forms with tokens), so its
    HTML is kept per data version, language and full path: a repeated view only sends the
    stored bytes (for tables with a ``max_age``, such as the actors, at most that long).
    """
    try:
        definition = get_page(key)
    except KeyError:
        raise Http404(f"No page {key!r}.") from None
    lang = current_lang()
    stamps = tuple(get_table(section.table).stamp() for section in definition.sections)
    try:
        body = data.memo(
            "page-html",
            (definition.key, lang, request.get_full_path(), stamps),
            lambda _ctx: _render_page(request, definition),
        )
    except data.NoData as error:
        context = page_context(request, definition.key)
        _no_data(context, error)
        return render(request, ["dashboard/page.html"], context)
    return HttpResponse(body, content_type="text/html; charset=utf-8")


def _render_page(request: HttpRequest, definition: PageDef) -> bytes:
    """The page's HTML; raises :class:`data.NoData` when the data home is empty."""
    context = page_context(request, definition.key)
    lang = context["lang"]
    filters, measure, notices = parse_filters(request, definition)
    heading, lede = _page_texts(definition, lang)
    context.update(
        {
            "page": definition,
            "heading": heading,
            "lede": lede,
            "notices": notices,
            "filter_fields": _filter_form(definition, filters, measure, lang),
            "sections": presenters.page_sections(definition, filters, lang=lang, measure=measure),
            "synthetic": data.is_synthetic(),
            "entries": data.dataset_entries(),
        }
    )
    if definition.figures:
        context.update(_figures(lang, filters.year))
    if definition.key == "method":
        context.update(_method_context(lang))
    if definition.key == "regions":
        context["story"] = story.regions_story(lang, filters.year)
        context["county_name"] = visuals.region_name(data.home_region(), lang)
    template = select_template([f"dashboard/{definition.key}.html", "dashboard/page.html"])
    return template.render(context, request).encode("utf-8")


def index(request: HttpRequest) -> HttpResponse:
    """The overview page (kept for the URL name ``dashboard-index``)."""
    return page(request, "overview")

"""Dashboard pages: parse the request, call the presenters, render."""

from __future__ import annotations

import logging
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from ecc_atlas.web.dashboard import assets, data, presenters

__all__ = ["index", "page_context"]

logger = logging.getLogger(__name__)

LANGUAGE_LABELS = {"sv": "Svenska", "en": "English"}


def current_lang() -> str:
    """The request's language, reduced to ``sv`` or ``en``."""
    return "en" if (translation.get_language() or "sv").startswith("en") else "sv"


def page_context(request: HttpRequest) -> dict[str, Any]:
    """What every page's frame needs: the language switch, home and API docs links."""
    lang = current_lang()
    other = "en" if lang == "sv" else "sv"
    return {
        "lang": lang,
        "switch_lang": other,
        "switch_label": LANGUAGE_LABELS[other],
        "switch_url": translate_url(request.get_full_path(), other),
        "home_url": reverse("dashboard-index"),
        "api_docs_url": reverse("api:openapi-view"),
        "vega_bundle_url": f"{reverse('dashboard-vega-bundle')}?v={assets.bundle_version()}",
    }


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    """The public dashboard: headline figures, two maps and the trend."""
    context = page_context(request)
    try:
        context.update(presenters.dashboard_context(context["lang"]))
    except data.NoData as error:
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
    return render(request, "dashboard/index.html", context)

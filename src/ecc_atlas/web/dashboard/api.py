"""The public JSON API behind every figure and chart of the dashboard (django-ninja).

Mounted at ``/api/``: the headline figures here, the tables, charts and pages in
:mod:`~ecc_atlas.web.dashboard.api_tables`. The OpenAPI schema is ``/api/openapi.json`` and
the docs page ``/api/docs`` uses the Swagger UI files shipped with django-ninja, served by
this app (no CDN).
Every response says whether its numbers are synthetic and which datasets they come from.
Unknown regions, years, figures and charts answer 404 with ``{"detail": "..."}``; malformed
parameters answer 422 with django-ninja's validation details.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja import NinjaAPI, Query, Schema
from ninja.openapi.docs import DocsBase

from ecc_atlas.web.dashboard import data
from ecc_atlas.web.dashboard.api_tables import router
from ecc_atlas.web.dashboard.responses import cached_json
from ecc_atlas.web.dashboard.tables import Filters, published

__all__ = ["api"]

LAN_PATTERN = r"^\d{2}$"


class BundledSwagger(DocsBase):
    """Swagger UI from django-ninja's own files, served by the dashboard (never a CDN)."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        """The docs page; the validator badge (an external request) is switched off."""
        settings = {
            "url": self.get_openapi_url(api, kwargs),
            "layout": "BaseLayout",
            "deepLinking": True,
            "validatorUrl": None,
        }
        return render(
            request, "dashboard/api_docs.html", {"api": api, "swagger_settings": settings}
        )


api = NinjaAPI(
    title="ECC Atlas API",
    version="1",
    description=(
        "Headline figures, tables and Vega-Lite chart specifications of the ECC Atlas dashboard. "
        "Every response states whether the numbers are synthetic and which datasets they come from."
    ),
    urls_namespace="api",
    docs=BundledSwagger(),
    docs_url="/docs",
)


@api.exception_handler(data.NotFound)
def _not_found(request: HttpRequest, error: data.NotFound) -> HttpResponse:
    return api.create_response(request, {"detail": str(error)}, status=404)


@api.exception_handler(data.NoData)
def _no_data(request: HttpRequest, error: data.NoData) -> HttpResponse:
    return api.create_response(request, {"detail": str(error)}, status=503)


# --- schemas ----------------------------------------------------------------------------------


class FigureOut(Schema):
    key: str
    value: float | int | None
    unit: str
    label_sv: str
    label_en: str
    source: str
    method: str
    definition_sv: str
    definition_en: str


class FiguresOut(Schema):
    region: str
    year: int
    synthetic: bool
    figures: list[FigureOut]


class SourceOut(Schema):
    dataset: str
    source: str
    imported_at: str | None
    rows: int | None
    checksum: str | None
    synthetic: bool


class FigureDetailOut(Schema):
    region: str
    year: int
    synthetic: bool
    sources: list[SourceOut]
    figure: FigureOut


class RowsOut(Schema):
    region: str
    year: int | None
    synthetic: bool
    sources: list[SourceOut]
    columns: list[str]
    rows: list[dict[str, Any]]


class Error(Schema):
    detail: str


class FiguresQuery(Schema):
    region: str = Query("19", pattern=LAN_PATTERN, description="County (län) code, e.g. 19.")
    year: int | None = Query(None, ge=1990, le=2100, description="Year; default: the latest.")


# --- endpoints --------------------------------------------------------------------------------


@api.get(
    "/figures",
    url_name="figures",
    response={200: FiguresOut, 404: Error},
    summary="Headline figures",
)
def figures(request: HttpRequest, query: Query[FiguresQuery]) -> HttpResponse:
    """The headline figures of a county in a year (``FiguresResult.to_json()``)."""
    return cached_json(
        "figures",
        (query.region, query.year),
        lambda: data.figures(query.region, query.year).to_json(),
    )


@api.get(
    "/figures/{key}",
    url_name="figure",
    response={200: FigureDetailOut, 404: Error},
    summary="One figure",
)
def figure(request: HttpRequest, key: str, query: Query[FiguresQuery]) -> dict[str, Any]:
    """One headline figure with the provenance of the datasets behind the figures."""
    result = data.figures(query.region, query.year).to_json()
    found = next((item for item in result["figures"] if item["key"] == key), None)
    if found is None:
        keys = ", ".join(item["key"] for item in result["figures"])
        raise data.NotFound(f"Unknown figure {key!r}; figures are: {keys}.")
    return {
        "region": result["region"],
        "year": result["year"],
        "synthetic": result["synthetic"],
        "sources": data.sources(data.FIGURE_DATASETS),
        "figure": found,
    }


def _home(code: str) -> str:
    """``code`` if it is the dashboard's home county (the tables cover that county)."""
    home = data.home_region()
    if code != home:
        data.check_lan(code)
        raise data.NotFound(
            f"The dashboard's tables cover county {home}; county {code} is not available here."
        )
    return code


def _legacy(name: str, region: str, filters: Filters) -> dict[str, Any]:
    result = published(name, filters)
    return {
        "region": region,
        "year": result.filters.year,
        "synthetic": result.synthetic,
        "sources": result.sources,
        "columns": result.column_names,
        "rows": result.rows(),
    }


@api.get(
    "/kommuner",
    url_name="kommuner",
    response={200: RowsOut, 404: Error},
    summary="Sector employment by kommun",
)
def kommuner(
    request: HttpRequest,
    lan: str = Query("19", pattern=LAN_PATTERN, description="County (län) code."),
    year: int | None = Query(None, ge=1990, le=2100, description="Year; default: the latest."),
) -> dict[str, Any]:
    """Sector employees, full-year equivalents and organisations in every kommun of the home
    county (the table ``kommun-employment``; disclosure control applied)."""
    return _legacy("kommun-employment", _home(lan), Filters(year=year))


@api.get(
    "/counties",
    url_name="counties",
    response={200: RowsOut, 404: Error},
    summary="Sector concentration by county",
)
def counties(
    request: HttpRequest,
    year: int | None = Query(None, ge=1990, le=2100, description="Year; default: the latest."),
) -> dict[str, Any]:
    """Location quotient, per-capita measures and exports of all 21 counties (the table
    ``county-concentration``)."""
    return _legacy("county-concentration", "SE", Filters(year=year))


@api.get(
    "/trend", url_name="trend", response={200: RowsOut, 404: Error}, summary="Sector size by year"
)
def trend(
    request: HttpRequest,
    region: str = Query("19", pattern=LAN_PATTERN, description="County (län) code."),
) -> dict[str, Any]:
    """Employees, full-year equivalents, organisations, women's share and PhDs per year (the
    table ``sector-trend``)."""
    return _legacy("sector-trend", _home(region), Filters())


api.add_router("/", router)

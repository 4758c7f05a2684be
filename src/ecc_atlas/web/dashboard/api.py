"""The public JSON API behind every figure and chart of the dashboard (django-ninja).

Mounted at ``/api/``; the OpenAPI schema is ``/api/openapi.json`` and the docs page
``/api/docs`` uses the Swagger UI files shipped with django-ninja, served by this app (no CDN).
Every response says whether its numbers are synthetic and which datasets they come from.
Unknown regions, years, figures and charts answer 404 with ``{"detail": "..."}``; malformed
parameters answer 422 with django-ninja's validation details.
"""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja import NinjaAPI, Query, Schema
from ninja.openapi.docs import DocsBase

from ecc_atlas.web.dashboard import data
from ecc_atlas.web.dashboard.chart_specs import chart_spec

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


def _rows(
    region: str, year: int | None, names: tuple[str, ...], rows: list[dict[str, Any]]
) -> dict[str, Any]:
    return {
        "region": region,
        "year": year,
        "synthetic": data.is_synthetic(names),
        "sources": data.sources(names),
        "columns": list(rows[0]) if rows else [],
        "rows": rows,
    }


# --- endpoints --------------------------------------------------------------------------------


@api.get(
    "/figures",
    url_name="figures",
    response={200: FiguresOut, 404: Error},
    summary="Headline figures",
)
def figures(request: HttpRequest, query: Query[FiguresQuery]) -> dict[str, Any]:
    """The headline figures of a county in a year (``FiguresResult.to_json()``)."""
    result: dict[str, Any] = data.figures(query.region, query.year).to_json()
    return result


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
    """Sector employees, full-year equivalents and organisations in every kommun of a county."""
    resolved = data.resolve_year(year)
    return _rows(lan, resolved, data.KOMMUN_DATASETS, data.kommun_rows(lan, resolved))


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
    """Location quotient, per-capita measures and exports of all 21 counties."""
    resolved = data.resolve_year(year)
    return _rows("SE", resolved, data.COUNTY_DATASETS, data.county_rows(resolved))


@api.get(
    "/trend", url_name="trend", response={200: RowsOut, 404: Error}, summary="Sector size by year"
)
def trend(
    request: HttpRequest,
    region: str = Query("19", pattern=LAN_PATTERN, description="County (län) code."),
) -> dict[str, Any]:
    """Employees, full-year equivalents, organisations, women's share and PhDs per year."""
    return _rows(region, None, data.TREND_DATASETS, data.trend_rows(region))


@api.get(
    "/charts/{name}",
    url_name="chart",
    response={200: dict[str, Any], 404: Error},
    summary="Chart spec",
)
def chart(
    request: HttpRequest,
    name: str,
    lang: Literal["sv", "en"] = Query("sv", description="Language of titles and labels."),
    year: int | None = Query(None, ge=1990, le=2100, description="Year; default: the latest."),
) -> dict[str, Any]:
    """The Vega-Lite v5 spec of a dashboard chart; provenance is in ``usermeta``.

    Charts: ``kommun-map``, ``county-map``, ``trend``.
    """
    return chart_spec(name, lang=lang, year=year)

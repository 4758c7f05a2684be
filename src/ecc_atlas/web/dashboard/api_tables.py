"""API routes behind every page: the public tables (JSON with paging and filters, and
CSV/XLSX/Parquet exports), the chart specs, and the pages themselves.

Field names are stable: a table's columns are listed by ``GET /api/tables`` with their kinds
and labels in Swedish and English; every table ends with ``suppressed`` and
``suppression_reason``. Unknown tables, charts, pages and filter values answer 404 with
``{"detail": "..."}``; malformed parameters 422.
"""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from django.utils import translation
from ninja import Query, Router, Schema

from ecc_atlas.web.dashboard import exports, presenters, visuals
from ecc_atlas.web.dashboard.pages import PAGES, get_page
from ecc_atlas.web.dashboard.responses import cached_bytes, cached_json
from ecc_atlas.web.dashboard.tables import TABLES, Filters, get_table, published

__all__ = ["router"]

router = Router(tags=["tables"])

Lang = Literal["sv", "en"]
_FILE_TYPES: dict[str, dict[str, Any]] = {
    value.split(";")[0]: {} for value in exports.CONTENT_TYPES.values()
}


class Error(Schema):
    detail: str


class ColumnOut(Schema):
    name: str
    kind: str
    label_sv: str
    label_en: str


class TableInfoOut(Schema):
    name: str
    title_sv: str
    title_en: str
    description_en: str
    method_en: str
    filters: list[str]
    datasets: list[str]
    columns: list[ColumnOut]
    url: str


class SourceOut(Schema):
    dataset: str
    source: str
    imported_at: str | None
    rows: int | None
    checksum: str | None
    synthetic: bool


class TableOut(Schema):
    table: str
    title: str
    lang: str
    filters: dict[str, Any]
    synthetic: bool
    sources: list[SourceOut]
    method: str
    columns: list[str]
    total: int
    limit: int
    offset: int
    next: str | None
    previous: str | None
    rows: list[dict[str, Any]]


class TableQuery(Schema):
    year: int | None = Query(None, ge=1990, le=2100, description="Year; default: the latest.")
    segment: str | None = Query(
        None, pattern=r"^[a-z_]{1,40}$", description="Segment code, e.g. manufacturing."
    )
    kommun: str | None = Query(None, pattern=r"^\d{4}$", description="Kommun code, e.g. 1980.")
    kind: str | None = Query(None, pattern=r"^[a-z_]{1,20}$", description="Kind of actor.")
    scenario: str | None = Query(
        None, pattern=r"^[a-z_]{1,20}$", description="Forecast scenario: trend, plans, event."
    )
    lang: Lang = Query("sv", description="Language of the label columns.")

    def filters(self) -> Filters:
        return Filters(
            year=self.year,
            segment=self.segment,
            kommun=self.kommun,
            kind=self.kind,
            scenario=self.scenario,
        )


class PageInfoOut(Schema):
    key: str
    title_sv: str
    title_en: str
    url_sv: str
    url_en: str
    filters: list[str]
    tables: list[str]
    charts: list[str]
    api: str


def _both(text: Any) -> tuple[str, str]:
    with translation.override("sv"):
        sv = str(text)
    with translation.override("en"):
        en = str(text)
    return sv, en


@router.get("/tables", response=list[TableInfoOut], summary="The public tables", url_name="tables")
def tables(request: HttpRequest) -> HttpResponse:
    """Every public table with its filters, datasets and columns (stable field names)."""
    return cached_json("tables", (), _tables)


def _tables() -> list[dict[str, Any]]:
    out = []
    for name, definition in sorted(TABLES.items()):
        title_sv, title_en = _both(definition.title)
        columns = []
        for column in [*definition.columns]:
            label_sv, label_en = _both(column.label)
            columns.append({"name": column.name, "kind": column.kind, "label_sv": label_sv,
                            "label_en": label_en})  # fmt: skip
        columns += [
            {"name": "suppressed", "kind": "bool", "label_sv": "Sekretess",
             "label_en": "Suppressed"},
            {"name": "suppression_reason", "kind": "code", "label_sv": "Skäl för sekretess",
             "label_en": "Reason for suppression"},
        ]  # fmt: skip
        with translation.override("en"):
            description, method = str(definition.description), str(definition.method)
        out.append(
            {
                "name": name,
                "title_sv": title_sv,
                "title_en": title_en,
                "description_en": description,
                "method_en": method,
                "filters": list(definition.filters),
                "datasets": list(definition.datasets),
                "columns": columns,
                "url": presenters.api_url("table", {}, name=name),
            }
        )
    return out


@router.get(
    "/tables/{name}",
    response={200: TableOut, 404: Error, 503: Error},
    summary="One table (JSON, paged)",
    url_name="table",
)
def table(
    request: HttpRequest,
    name: str,
    query: Query[TableQuery],
    limit: int = Query(100, ge=1, le=1000, description="Rows per page."),
    offset: int = Query(0, ge=0, description="Rows to skip."),
) -> HttpResponse:
    """The rows of a public table after disclosure control; ``next``/``previous`` page links."""
    key = (name, query.filters(), query.lang, limit, offset, get_table(name).stamp())
    return cached_json("table", key, lambda: _table(name, query, limit, offset))


def _table(name: str, query: TableQuery, limit: int, offset: int) -> dict[str, Any]:
    result = published(name, query.filters(), lang=query.lang)
    rows = result.rows()
    params = {**result.filters.query(), "lang": result.lang, "limit": limit}
    following = offset + limit
    with translation.override(result.lang):
        title, method = str(result.definition.title), str(result.definition.method)
    return {
        "table": name,
        "title": title,
        "lang": result.lang,
        "filters": result.filters.query(),
        "synthetic": result.synthetic,
        "sources": result.sources,
        "method": method,
        "columns": result.column_names,
        "total": len(rows),
        "limit": limit,
        "offset": offset,
        "next": presenters.api_url("table", {**params, "offset": following}, name=name)
        if following < len(rows)
        else None,
        "previous": presenters.api_url(
            "table", {**params, "offset": max(0, offset - limit)}, name=name
        )
        if offset > 0
        else None,
        "rows": rows[offset:following],
    }


@router.get(
    "/tables/{name}/export",
    response={200: None, 404: Error, 503: Error},
    summary="Download a table (CSV, XLSX or Parquet)",
    url_name="table-export",
    openapi_extra={"responses": {200: {"description": "The file", "content": _FILE_TYPES}}},
)
def table_export(
    request: HttpRequest,
    name: str,
    query: Query[TableQuery],
    format: Literal["csv", "xlsx", "parquet"] = Query("csv", description="File format."),
) -> HttpResponse:
    """The whole table as a file; text cells can never start a spreadsheet formula."""
    result = published(name, query.filters(), lang=query.lang)
    writers = {
        "csv": exports.csv_bytes,
        "xlsx": exports.xlsx_bytes,
        "parquet": exports.parquet_bytes,
    }
    key = (name, result.filters, result.lang, format, get_table(name).stamp())
    body = cached_bytes("export", key, lambda: writers[format](result))
    if request.user.is_authenticated:  # public downloads of published tables are not logged
        from ecc_atlas.web.accounts import audit

        audit.record(
            request.user, "export", target=name, details={"format": format}, request=request
        )
    response = HttpResponse(body, content_type=exports.CONTENT_TYPES[format])
    response["Content-Disposition"] = f'attachment; filename="{exports.filename(result, format)}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@router.get(
    "/charts/{name}",
    url_name="chart",
    response={200: dict[str, Any], 404: Error, 503: Error},
    summary="Chart spec",
    tags=["charts"],
)
def chart(
    request: HttpRequest,
    name: str,
    query: Query[TableQuery],
    measure: str | None = Query(None, pattern=r"^[a-z0-9_]{1,20}$", description="Measure key."),
) -> HttpResponse:
    """The Vega-Lite v5 spec of a dashboard chart; provenance is in ``usermeta``."""
    key = (name, query.filters(), query.lang, measure)
    return cached_json(
        "chart",
        key,
        lambda: visuals.chart_spec(name, query.filters(), lang=query.lang, measure=measure),
    )


@router.get("/pages", response=list[PageInfoOut], summary="The pages", url_name="pages",
            tags=["pages"])  # fmt: skip
def pages(request: HttpRequest) -> list[dict[str, Any]]:
    """Every dashboard page with its URLs in both languages and the tables and charts on it."""
    out = []
    for page in PAGES:
        title_sv, title_en = _both(page.nav)
        out.append(
            {
                "key": page.key,
                "title_sv": title_sv,
                "title_en": title_en,
                "url_sv": "/" + page.path,
                "url_en": "/en/" + page.path,
                "filters": list(page.filters),
                "tables": [s.table for s in page.sections],
                "charts": [s.chart for s in page.sections if s.chart],
                "api": presenters.api_url("page", {}, key=page.key),
            }
        )
    return out


@router.get(
    "/pages/{key}",
    response={200: dict[str, Any], 404: Error, 503: Error},
    summary="One page: its sections with chart, table and data links",
    url_name="page",
    tags=["pages"],
)
def page(
    request: HttpRequest,
    key: str,
    query: Query[TableQuery],
    measure: str | None = Query(None, pattern=r"^[a-z0-9_]{1,20}$", description="Measure key."),
) -> HttpResponse:
    """What a page shows, as JSON: per section the heading, the chart's text alternative and
    spec URL, the table's JSON and download URLs, the source and the method."""
    return cached_json("page", (key, query.filters(), query.lang, measure),
                       lambda: _page(key, query, measure))  # fmt: skip


def _page(key: str, query: TableQuery, measure: str | None) -> dict[str, Any]:
    try:
        definition = get_page(key)
    except KeyError:
        from ecc_atlas.web.dashboard.data import NotFound

        keys = ", ".join(p.key for p in PAGES)
        raise NotFound(f"Unknown page {key!r}; pages are: {keys}.") from None
    with translation.override(query.lang):
        sections = []
        for section in definition.sections:
            get_table(section.table)
            shown = presenters.present_section(
                section, query.filters(), lang=query.lang, measure=measure
            )
            sections.append(
                {
                    "id": shown["id"],
                    "heading": shown["heading"],
                    "table": section.table,
                    "chart": section.chart,
                    "summary": shown["chart"].get("summary"),
                    "spec_url": shown["chart"].get("spec_url"),
                    "data_url": shown["data_url"],
                    "downloads": {d["format"]: d["url"] for d in shown["downloads"]},
                    "sources": shown["sources"],
                    "method": shown["method"],
                    "suppressed_rows": shown["table"]["suppressed"],
                }
            )
        return {"key": key, "title": str(definition.nav), "lang": query.lang,
                "sections": sections}  # fmt: skip

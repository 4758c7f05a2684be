"""The annual report on the dashboard: a page that offers it, and the HTML/PDF downloads.

The report is built by :mod:`ecc_atlas.reports` from the same tables and charts as the pages.
Built files are kept per data version, language, year and format in the data home
(``reports/``), so only the first download after a data change waits for the build.
"""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from ecc_atlas.web.dashboard import data
from ecc_atlas.web.dashboard.views import current_lang, page_context

__all__ = ["report_css", "report_download", "report_page"]

FORMATS = {"html": "text/html; charset=utf-8", "pdf": "application/pdf"}


def _year(request: HttpRequest) -> int:
    raw = request.GET.get("year") or ""
    if raw and not raw.isdigit():
        raise Http404("The year must be a number.")
    try:
        return data.resolve_year(int(raw) if raw else None)
    except data.NotFound as error:
        raise Http404(str(error)) from error


@require_safe
def report_page(request: HttpRequest) -> HttpResponse:
    """A page describing the annual report with links to the HTML and PDF files."""
    context = page_context(request, None)
    try:
        years = sorted(data.available_years(), reverse=True)
        context.update({"years": years, "year": _year(request), "synthetic": data.is_synthetic()})
    except data.NoData:
        context.update({"years": [], "year": None, "synthetic": False})
    return render(request, "dashboard/report.html", context)


@require_safe
def report_download(request: HttpRequest, fmt: str) -> FileResponse:
    """The annual report as HTML or PDF, in the page's language, for ``?year=``."""
    from ecc_atlas.reports import cached_report

    if fmt not in FORMATS:
        raise Http404(f"No report format {fmt!r}; use html or pdf.")
    lang = current_lang()
    try:
        year = _year(request)
        css_url = reverse("dashboard-report-css") if fmt == "html" else None
        path = cached_report(fmt=fmt, lang=lang, year=year, css_url=css_url)
    except data.NoData as error:
        raise Http404(str(error)) from error
    name = f"ecc-atlas-annual-report-{year}-{lang}.{fmt}"
    response = FileResponse(path.open("rb"), content_type=FORMATS[fmt])
    disposition = "attachment" if fmt == "pdf" else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{name}"'
    return response


@require_safe
def report_css(request: HttpRequest) -> HttpResponse:
    """The report's stylesheet, so that the HTML report served here has no inline style."""
    from ecc_atlas.reports import CSS_PATH

    response = HttpResponse(CSS_PATH.read_bytes(), content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "public, max-age=3600"
    return response

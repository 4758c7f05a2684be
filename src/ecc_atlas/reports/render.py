"""Render the annual report to HTML and to PDF (WeasyPrint), write it atomically, cache it.

The HTML is one self-contained file (styles inline, charts as SVG data URIs) unless a
``css_url`` is given (the dashboard serves the stylesheet so that its pages need no inline
style). The PDF is laid out by WeasyPrint from the same HTML: A4, page numbers, running
chapter titles, a table of contents with page numbers. Charts stay vector graphics.
"""

from __future__ import annotations

import logging
import os
import tempfile
import threading
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from django.template import Context, Engine

from ecc_atlas.reports.document import Document, build_document

__all__ = [
    "CSS_PATH",
    "FORMATS",
    "ReportError",
    "build_report",
    "cached_report",
    "render_html",
    "render_pdf",
    "write_atomic",
]

log = logging.getLogger(__name__)

FORMATS = ("html", "pdf")
_HERE = Path(__file__).resolve().parent
CSS_PATH = _HERE / "templates" / "report" / "report.css"
_DASHBOARD_TEMPLATES = _HERE.parent / "web" / "dashboard" / "templates"
_locks: dict[tuple[str, str, int], threading.Lock] = {}
_locks_guard = threading.Lock()


class ReportError(RuntimeError):
    """The report cannot be built; the message says why and what to do."""


@lru_cache(maxsize=1)
def _engine() -> Engine:
    return Engine(
        dirs=[str(_HERE / "templates"), str(_DASHBOARD_TEMPLATES)],
        libraries={"i18n": "django.templatetags.i18n"},
        autoescape=True,
    )


def render_html(document: Document, *, css_url: str | None = None) -> str:
    """The report as one HTML document (styles inline unless ``css_url`` is given)."""
    from django.utils import translation

    context = {"doc": document, "css_url": css_url, "css": CSS_PATH.read_text("utf-8")}
    with translation.override(document.lang):
        return _engine().get_template("report/annual.html").render(Context(context))


def render_pdf(html: str) -> bytes:
    """The report HTML laid out as PDF by WeasyPrint (no network: only data URIs inside)."""
    try:
        from weasyprint import HTML
        from weasyprint.urls import URLFetcher
    except ImportError as error:  # pragma: no cover - WeasyPrint is a dependency
        raise ReportError(
            "PDF output needs WeasyPrint and pango: pip install weasyprint."
        ) from error

    # Only data: URIs (the charts) may be read; any other URL is an error, never a request.
    fetcher = URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)
    pdf = HTML(string=html, base_url=str(_HERE), url_fetcher=fetcher).write_pdf()
    if pdf is None:  # pragma: no cover - write_pdf returns bytes without a target
        raise ReportError("WeasyPrint returned no PDF.")
    return bytes(pdf)


def write_atomic(path: Path, content: bytes) -> None:
    """Write ``content`` to ``path`` through a temporary file and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def build_report(
    *,
    fmt: str,
    lang: str,
    year: int | None = None,
    out: Path,
    css_url: str | None = None,
    progress: Callable[[str], None] | None = None,
) -> Path:
    """Build the report as ``fmt`` (html or pdf) in ``lang`` for ``year`` into ``out``."""
    if fmt not in FORMATS:
        raise ReportError(f"Unknown format {fmt!r}; use html or pdf.")
    document = build_document(lang=lang, year=year, progress=progress)
    html = render_html(document, css_url=css_url if fmt == "html" else None)
    if progress is not None and fmt == "pdf":
        progress("PDF")
    content = html.encode("utf-8") if fmt == "html" else render_pdf(html)
    write_atomic(out, content)
    return out


def cached_report(*, fmt: str, lang: str, year: int, css_url: str | None = None) -> Path:
    """The report file for the current data version, built once and kept in the data home
    (``<home>/reports/``); older versions of the same report are removed."""
    from ecc_atlas.web.dashboard import data

    lang = "en" if lang == "en" else "sv"
    version = data.data_version()
    folder = data.settings().home / "reports"
    path = folder / f"annual-{year}-{lang}-{version}.{fmt}"
    key = (fmt, lang, year)
    with _locks_guard:
        lock = _locks.setdefault(key, threading.Lock())
    with lock:
        if not path.exists():
            log.info("Building the %s annual report %s (%s)", fmt, year, lang)
            build_report(fmt=fmt, lang=lang, year=year, out=path, css_url=css_url)
            for old in folder.glob(f"annual-{year}-{lang}-*.{fmt}"):
                if old != path:
                    old.unlink(missing_ok=True)
    return path

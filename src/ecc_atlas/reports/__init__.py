"""The annual report: the dashboard's pages as one document, in HTML and PDF.

:func:`build_report` writes a report file; :func:`cached_report` keeps one per data version
for the dashboard's download; :func:`build_document` gathers the content. Needs Django set up
with ``settings.ECC_ATLAS`` (the CLI's ``prepare`` and the web app do this).
"""

from __future__ import annotations

from ecc_atlas.reports.document import Document, build_document
from ecc_atlas.reports.render import (
    CSS_PATH,
    FORMATS,
    ReportError,
    build_report,
    cached_report,
    render_html,
    render_pdf,
)

__all__ = [
    "CSS_PATH",
    "FORMATS",
    "Document",
    "ReportError",
    "build_document",
    "build_report",
    "cached_report",
    "render_html",
    "render_pdf",
]

"""Dashboard pages (included inside ``i18n_patterns``: ``/`` in Swedish, ``/en/`` in English).

The same paths serve both languages; the English pages carry the ``/en/`` prefix.
"""

from __future__ import annotations

from django.urls import path

from ecc_atlas.web.dashboard import report_views, views
from ecc_atlas.web.dashboard.pages import PAGES

urlpatterns = [
    path(page.path, views.page, {"key": page.key}, name=page.url_name) for page in PAGES
] + [
    path("report/", report_views.report_page, name="dashboard-report"),
    path("report/annual.<str:fmt>", report_views.report_download, name="dashboard-report-file"),
    path("report/report.css", report_views.report_css, name="dashboard-report-css"),
]

"""Registry work pages for analysts (``/registry/…``): uploads and the delimitation workflow."""

from __future__ import annotations

from django.urls import URLPattern, path

from ecc_atlas.web.registry import views_delimitation, views_imports

urlpatterns: list[URLPattern] = [
    path("imports/", views_imports.imports, name="registry-imports"),
    path("imports/<int:pk>/", views_imports.detail, name="registry-import"),
    path("imports/<int:pk>/status/", views_imports.status, name="registry-import-status"),
    path("imports/<int:pk>/apply/", views_imports.apply, name="registry-import-apply"),
    path("imports/<int:pk>/discard/", views_imports.discard, name="registry-import-discard"),
    path("delimitation/", views_delimitation.screening, name="registry-delimitation"),
    path(
        "delimitation/decide/",
        views_delimitation.bulk_decision,
        name="registry-delimitation-bulk",
    ),
    path(
        "delimitation/carry-over/",
        views_delimitation.carry_over,
        name="registry-delimitation-carry-over",
    ),
    path(
        "delimitation/<str:org_number>/",
        views_delimitation.organisation,
        name="registry-delimitation-organisation",
    ),
]

"""Dashboard pages (included inside ``i18n_patterns``: ``/`` in Swedish, ``/en/`` in English)."""

from __future__ import annotations

from django.urls import path

from ecc_atlas.web.dashboard import views

urlpatterns = [
    path("", views.index, name="dashboard-index"),
]

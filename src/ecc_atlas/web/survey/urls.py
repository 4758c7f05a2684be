"""Survey routes (inside ``i18n_patterns``: ``/survey/…`` and ``/en/survey/…``)."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []

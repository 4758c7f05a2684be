"""Registry work pages for analysts (``/registry/…``): uploads and the delimitation workflow."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []

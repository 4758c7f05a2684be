"""Routes outside the language prefix: the JSON API and the JavaScript the pages need."""

from __future__ import annotations

from django.urls import path

from ecc_atlas.web.dashboard import assets
from ecc_atlas.web.dashboard.api import api

urlpatterns = [
    path("api/", api.urls),
    path("assets/vega-bundle.js", assets.vega_bundle, name="dashboard-vega-bundle"),
    path("assets/swagger/<str:name>", assets.swagger_asset, name="dashboard-swagger-asset"),
]

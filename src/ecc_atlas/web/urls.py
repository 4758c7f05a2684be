"""URL configuration: the dashboard (Swedish at /, English at /en/), the API, the admin and the
accounts pages; friendly error pages without stack traces."""

from __future__ import annotations

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

urlpatterns: list[URLPattern | URLResolver] = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("ecc_atlas.web.dashboard.urls_unprefixed")),
]
urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("accounts/", include("ecc_atlas.web.accounts.urls")),
    path("registry/", include("ecc_atlas.web.registry.urls")),
    path("survey/", include("ecc_atlas.web.survey.urls")),
    path("collaboration/", include("ecc_atlas.web.collaboration.urls")),
    path("", include("ecc_atlas.web.dashboard.urls")),
    prefix_default_language=False,
)

handler400 = "ecc_atlas.web.accounts.views.bad_request"
handler403 = "ecc_atlas.web.accounts.views.permission_denied"
handler404 = "ecc_atlas.web.accounts.views.page_not_found"
handler500 = "ecc_atlas.web.accounts.views.server_error"

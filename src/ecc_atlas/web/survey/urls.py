"""Survey routes (inside ``i18n_patterns``: ``/survey/…`` and ``/en/survey/…``)."""

from __future__ import annotations

from django.urls import URLPattern, path

from ecc_atlas.web.survey import views

urlpatterns: list[URLPattern] = [
    path("", views.home, name="survey-home"),
    path("rounds/", views.rounds, name="survey-rounds"),
    path("rounds/<int:year>/", views.round_detail, name="survey-round"),
    path("rounds/<int:year>/action/", views.round_action, name="survey-round-action"),
    path("rounds/<int:year>/answers.<str:fmt>", views.round_export, name="survey-round-export"),
    path("<int:year>/<str:org_number>/", views.response_page, name="survey-response"),
    path(
        "<int:year>/<str:org_number>/template.xlsx",
        views.response_template,
        name="survey-template",
    ),
    path("<int:year>/<str:org_number>/upload/", views.response_upload, name="survey-upload"),
]

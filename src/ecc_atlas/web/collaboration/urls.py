"""Collaboration routes (``/collaboration/…`` and ``/en/collaboration/…``)."""

from __future__ import annotations

from django.urls import URLPattern, path

from ecc_atlas.web.collaboration import views, views_network, views_suggestions

urlpatterns: list[URLPattern] = [
    path("", views.home, name="collaboration-home"),
    path("public/", views.public_list, name="collaboration-public"),
    path("public/network/", views_network.public_network, name="collaboration-public-network"),
    path(
        "public/network/chart.json",
        views_network.public_network_chart,
        name="collaboration-public-network-chart",
    ),
    path("public/<int:project_id>/", views.public_detail, name="collaboration-public-project"),
    path(
        "public/<int:project_id>/effect.json",
        views.public_effect_chart,
        name="collaboration-public-effect",
    ),
    path("projects/new/", views.project_edit, name="collaboration-project-new"),
    path(
        "projects/<int:project_id>/effect.json",
        views.project_effect_chart,
        name="collaboration-project-effect",
    ),
    path("projects/<int:project_id>/", views.project_detail, name="collaboration-project"),
    path("projects/<int:project_id>/edit/", views.project_edit, name="collaboration-project-edit"),
    path("meetings/", views.meetings, name="collaboration-meetings"),
    path("meetings/new/", views.meeting_edit, name="collaboration-meeting-new"),
    path("meetings/<int:meeting_id>/", views.meeting_detail, name="collaboration-meeting"),
    path("meetings/<int:meeting_id>/edit/", views.meeting_edit, name="collaboration-meeting-edit"),
    path(
        "meetings/<int:meeting_id>/actions/new/",
        views.action_new,
        name="collaboration-action-new",
    ),
    path("actions/<int:action_id>/close/", views.action_close, name="collaboration-action-close"),
    path("training/", views.training, name="collaboration-training"),
    path("training/export.<str:fmt>", views.training_export, name="collaboration-training-export"),
    path("training/new/", views.effort_edit, name="collaboration-effort-new"),
    path("training/<int:effort_id>/", views.effort_detail, name="collaboration-effort"),
    path("training/<int:effort_id>/edit/", views.effort_edit, name="collaboration-effort-edit"),
    path("suggestions/", views_suggestions.suggestions, name="collaboration-suggestions"),
    path("network/", views_network.network, name="collaboration-network"),
    path("network/chart.json", views_network.network_chart, name="collaboration-network-chart"),
]

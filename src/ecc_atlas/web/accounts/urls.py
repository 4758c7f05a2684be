"""Accounts routes (inside ``i18n_patterns``: ``/accounts/…`` and ``/en/accounts/…``)."""

from __future__ import annotations

from django.urls import path

from ecc_atlas.web.accounts import views

urlpatterns = [
    path("login/", views.SignInView.as_view(), name="login"),
    path("logout/", views.SignOutView.as_view(), name="logout"),
    path("reset/<str:token>/", views.reset_password, name="accounts-reset"),
    path("", views.account, name="accounts-account"),
    path(
        "organisations/<str:org_number>/",
        views.organisation_detail,
        name="accounts-organisation",
    ),
]

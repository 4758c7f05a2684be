"""Django app configuration of the collaboration layer."""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CollaborationConfig(AppConfig):
    """The collaboration app (projects, meetings, actions, training efforts, suggestions)."""

    name = "ecc_atlas.web.collaboration"
    label = "collaboration"
    verbose_name = _("Collaboration")
    default_auto_field = "django.db.models.BigAutoField"

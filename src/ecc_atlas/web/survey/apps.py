"""Django app configuration of the employer survey."""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveyConfig(AppConfig):
    """The survey app (rounds, responses, answers)."""

    name = "ecc_atlas.web.survey"
    label = "survey"
    verbose_name = _("Employer survey")
    default_auto_field = "django.db.models.BigAutoField"

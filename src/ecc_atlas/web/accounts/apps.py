"""Django app configuration of the accounts app."""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Accounts, roles, memberships and the audit log."""

    name = "ecc_atlas.web.accounts"
    label = "accounts"
    verbose_name = _("Accounts and audit")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Connect the audit signal handlers."""
        from ecc_atlas.web.accounts import signals

        signals.connect()

"""Accounts models: the role of a user, memberships of organisations, audit events, reset links."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

__all__ = ["Account", "AuditEvent", "Membership", "ResetLink", "Role"]


class Role(models.TextChoices):
    """What a signed-in user may do; "public" is everyone who is not signed in."""

    PUBLIC = "public", _("Public")
    MEMBER = "member", _("Member")
    ANALYST = "analyst", _("Analyst")
    ADMIN = "admin", _("Administrator")


class Account(models.Model):
    """The product role of a Django user (the user's flags and groups follow from it)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="account",
        verbose_name=_("user"),
    )
    role = models.CharField(
        _("role"),
        max_length=10,
        choices=[(r.value, r.label) for r in Role if r is not Role.PUBLIC],
        default=Role.MEMBER,
    )

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")

    def __str__(self) -> str:
        return f"{self.user.get_username()} ({self.role})"


class Membership(models.Model):
    """A member user acting for an organisation (one user may belong to several)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        "registry.Organisation",
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    added_at = models.DateTimeField(_("added"), default=timezone.now)

    class Meta:
        ordering = ["user__username", "organisation__name"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="unique_membership")
        ]

    def __str__(self) -> str:
        return f"{self.user.get_username()} → {self.organisation.name}"


class AuditEvent(models.Model):
    """One entry of the audit log: who did what to which target, when. Never edited."""

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    actor_name = models.CharField(_("actor (name)"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=60, db_index=True)
    target = models.CharField(_("target"), max_length=300, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit log")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.actor_name or '-'} {self.action} {self.target}"


class ResetLink(models.Model):
    """A one-time password-reset link an administrator issued (no mail server needed).

    Only a SHA-256 digest of the token is stored; the token itself is shown once.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reset_links",
        verbose_name=_("user"),
    )
    token_digest = models.CharField(_("token digest"), max_length=64, unique=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
    )
    issued_at = models.DateTimeField(_("issued"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    used_at = models.DateTimeField(_("used"), null=True, blank=True)

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = _("password-reset link")
        verbose_name_plural = _("password-reset links")

    def __str__(self) -> str:
        return f"{self.user.get_username()} {self.issued_at:%Y-%m-%d %H:%M}"

    @property
    def usable(self) -> bool:
        """Not used yet and not expired."""
        return self.used_at is None and timezone.now() < self.expires_at

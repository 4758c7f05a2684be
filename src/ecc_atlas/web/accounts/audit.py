"""The audit log API: ``record(actor, action, target, details)``.

Call it from any part of the product that changes something worth answering for later:

>>> from ecc_atlas.web.accounts import audit
>>> audit.record(user, audit.SURVEY_SUBMIT, organisation, {"survey": 2026})  # doctest: +SKIP

``actor`` is a user, ``None`` (the system) or a string (e.g. ``"cli:root"``); ``target`` any
object (its ``str()`` and model label are stored) or a string; ``details`` a JSON-able dict.
Inside a transaction the event commits (or rolls back) with the change it describes.
Events are also written to the ``ecc_atlas.audit`` logger.
"""

from __future__ import annotations

import getpass
import json
import logging
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import models
from django.http import HttpRequest

from ecc_atlas.web.accounts.models import AuditEvent

__all__ = [
    "ACTION_CHANGE",
    "BACKUP",
    "DELIMITATION_DECISION",
    "EXPORT",
    "IMPORT",
    "LOGIN",
    "LOGIN_FAILED",
    "LOGOUT",
    "MEETING_CHANGE",
    "MEMBERSHIP_ADD",
    "MEMBERSHIP_REMOVE",
    "PASSWORD_RESET",
    "PROJECT_CHANGE",
    "RESET_LINK",
    "RESTORE",
    "ROLE_CHANGE",
    "SUGGESTION_DECISION",
    "SURVEY_PUBLISH",
    "SURVEY_REOPEN",
    "SURVEY_ROUND",
    "SURVEY_SUBMIT",
    "TRAINING_CHANGE",
    "USER_CREATE",
    "USER_DISABLE",
    "USER_ENABLE",
    "cli_actor",
    "client_ip",
    "record",
]

LOGIN = "auth.login"
LOGIN_FAILED = "auth.login_failed"
LOGOUT = "auth.logout"
USER_CREATE = "user.create"
ROLE_CHANGE = "user.role_change"
USER_DISABLE = "user.disable"
USER_ENABLE = "user.enable"
RESET_LINK = "user.reset_link_issued"
PASSWORD_RESET = "user.password_reset"
MEMBERSHIP_ADD = "membership.add"
MEMBERSHIP_REMOVE = "membership.remove"
IMPORT = "data.import"
DELIMITATION_DECISION = "registry.delimitation_decision"
SURVEY_SUBMIT = "survey.submit"
SURVEY_REOPEN = "survey.reopen"
SURVEY_ROUND = "survey.round"
SURVEY_PUBLISH = "survey.publish"
SUGGESTION_DECISION = "collaboration.suggestion_decision"
# collaboration pages; details["change"] is "create", "update" or "close"
PROJECT_CHANGE = "collaboration.project"
MEETING_CHANGE = "collaboration.meeting"
ACTION_CHANGE = "collaboration.action"
TRAINING_CHANGE = "collaboration.training_effort"
EXPORT = "data.export"
BACKUP = "system.backup"
RESTORE = "system.restore"

logger = logging.getLogger("ecc_atlas.audit")


def cli_actor() -> str:
    """The actor name of a command-line action: ``cli:<operating-system user>``."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's address as the server saw it (``REMOTE_ADDR``)."""
    if request is None:
        return None
    address = request.META.get("REMOTE_ADDR") or None
    return str(address)[:45] if address else None


def _target(target: object) -> str:
    if target is None:
        return ""
    if isinstance(target, models.Model):
        return f"{target._meta.label}:{target.pk} {target}"[:300]
    return str(target)[:300]


def _details(details: dict[str, Any] | None) -> dict[str, Any]:
    if not details:
        return {}
    clean: dict[str, Any] = json.loads(json.dumps(details, default=str))
    return clean


def record(
    actor: AbstractBaseUser | AnonymousUser | str | None,
    action: str,
    target: object = None,
    details: dict[str, Any] | None = None,
    *,
    request: HttpRequest | None = None,
) -> AuditEvent:
    """Write one audit event and return it."""
    user: Any = None
    if isinstance(actor, str):
        name = actor
    elif actor is None or not actor.is_authenticated:
        name = "" if actor is None else "anonymous"
    else:
        user, name = actor, actor.get_username()
    event = AuditEvent.objects.create(
        actor=user,
        actor_name=name[:150],
        action=action[:60],
        target=_target(target),
        details=_details(details),
        ip_address=client_ip(request),
    )
    logger.debug("audit %s by %s on %s", event.action, event.actor_name or "-", event.target)
    return event

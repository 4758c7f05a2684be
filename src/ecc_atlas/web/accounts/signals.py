"""Audit-log hooks: sign-ins, sign-outs, failed sign-ins, lock-outs, delimitation decisions,
memberships; and the Analysts group after every migration."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_delete, post_migrate, post_save
from django.utils import timezone

from ecc_atlas.web.accounts import audit

__all__ = ["SESSION_AUTH_AT", "connect"]

#: Session key holding the time of sign-in (for the absolute session lifetime).
SESSION_AUTH_AT = "ecc_atlas_auth_at"


def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_AUTH_AT] = int(timezone.now().timestamp())
    audit.record(user, audit.LOGIN, user, request=request)


def _logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit.record(user, audit.LOGOUT, user, request=request)


def _login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kw: Any) -> None:
    username = str(credentials.get("username", ""))[:150]
    locked = bool(getattr(request, "axes_locked_out", False))
    audit.record("anonymous", audit.LOGIN_FAILED, username, {"locked_out": locked}, request=request)


def _decision_saved(
    sender: Any, instance: Any, created: bool, raw: bool = False, **kw: Any
) -> None:
    if raw:
        return  # fixtures and restores replay history; they are not new decisions
    if getattr(instance, "_audited", False):
        return  # the code that saved it records its own, fuller event
    actor = instance.decided_by or (instance.decided_by_name or None)
    audit.record(
        actor,
        audit.DELIMITATION_DECISION,
        instance.organisation,
        {
            "decision_id": instance.pk,
            "created": created,
            "year": instance.year,
            "included": instance.included,
            "segment": instance.segment_id,
            "reason": instance.reason[:500],
        },
    )


def _decision_deleted(sender: Any, instance: Any, **kw: Any) -> None:
    audit.record(
        None,
        audit.DELIMITATION_DECISION,
        f"registry.DelimitationDecision:{instance.pk}",
        {"deleted": True, "year": instance.year, "organisation_id": instance.organisation_id},
    )


def _membership_saved(
    sender: Any, instance: Any, created: bool, raw: bool = False, **kw: Any
) -> None:
    if created and not raw:
        audit.record(
            None,
            audit.MEMBERSHIP_ADD,
            instance.user,
            {"organisation": instance.organisation.org_number},
        )


def _membership_deleted(sender: Any, instance: Any, **kw: Any) -> None:
    audit.record(
        None,
        audit.MEMBERSHIP_REMOVE,
        f"user:{instance.user_id}",
        {"organisation_id": instance.organisation_id},
    )


def _locked_out(sender: Any, request: Any = None, username: str = "", **kw: Any) -> None:
    audit.record("anonymous", "auth.locked_out", str(username or "")[:150], request=request)


def _after_migrate(sender: Any, **kwargs: Any) -> None:
    if getattr(sender, "label", "") != "accounts":
        return
    from ecc_atlas.web.accounts.roles import ensure_analyst_group

    ensure_analyst_group()


def connect() -> None:
    """Connect every handler (called once from the app's ``ready()``)."""
    from axes.signals import user_locked_out

    from ecc_atlas.web.accounts.models import Membership
    from ecc_atlas.web.registry.models import DelimitationDecision

    user_logged_in.connect(_logged_in, dispatch_uid="ecc_atlas_audit_login")
    user_logged_out.connect(_logged_out, dispatch_uid="ecc_atlas_audit_logout")
    user_login_failed.connect(_login_failed, dispatch_uid="ecc_atlas_audit_login_failed")
    user_locked_out.connect(_locked_out, dispatch_uid="ecc_atlas_audit_locked_out")
    post_save.connect(_decision_saved, sender=DelimitationDecision, dispatch_uid="ecc_dd_save")
    post_delete.connect(_decision_deleted, sender=DelimitationDecision, dispatch_uid="ecc_dd_del")
    post_save.connect(_membership_saved, sender=Membership, dispatch_uid="ecc_ms_save")
    post_delete.connect(_membership_deleted, sender=Membership, dispatch_uid="ecc_ms_del")
    post_migrate.connect(_after_migrate, dispatch_uid="ecc_atlas_analyst_group")

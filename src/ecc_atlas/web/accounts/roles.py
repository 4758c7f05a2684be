"""Roles: what each kind of user may do, and how a role maps onto Django's flags and groups.

- **public**: not signed in; sees only figures that passed disclosure control.
- **member**: signed in; sees and edits its own organisations' answers and raw figures.
- **analyst**: staff; sees all, runs imports, delimitation and reports (the "Analysts" group
  holds the permissions on the registry models).
- **admin**: superuser; manages users and settings, sees the audit log.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, Group, Permission
from django.db import transaction

from ecc_atlas.web.accounts import audit
from ecc_atlas.web.accounts.models import Account, Role

__all__ = [
    "ANALYST_APPS",
    "ANALYST_GROUP",
    "Role",
    "ensure_analyst_group",
    "is_admin",
    "is_analyst",
    "role_of",
    "set_role",
]

ANALYST_GROUP = "Analysts"
#: Apps whose models analysts may view, add, change and delete in the admin.
ANALYST_APPS = ("registry", "collaboration")
#: Other apps' models that analysts may only view.
ANALYST_VIEW_APPS = ("accounts",)


def role_of(user: AbstractBaseUser | AnonymousUser | None) -> Role:
    """The role of a user; anonymous and disabled users are "public"."""
    if user is None or not user.is_authenticated or not getattr(user, "is_active", False):
        return Role.PUBLIC
    if getattr(user, "is_superuser", False):
        return Role.ADMIN
    account = Account.objects.filter(user_id=user.pk).only("role").first()
    if account is not None:
        return Role(account.role)
    return Role.ANALYST if getattr(user, "is_staff", False) else Role.MEMBER


def is_analyst(user: AbstractBaseUser | AnonymousUser | None) -> bool:
    """Analysts and administrators see every organisation's data."""
    return role_of(user) in {Role.ANALYST, Role.ADMIN}


def is_admin(user: AbstractBaseUser | AnonymousUser | None) -> bool:
    """Administrators manage users and see the audit log."""
    return role_of(user) is Role.ADMIN


def ensure_analyst_group() -> Group:
    """The "Analysts" group with full rights on the registry and view rights on accounts."""
    group, _ = Group.objects.get_or_create(name=ANALYST_GROUP)
    full = Permission.objects.filter(content_type__app_label__in=ANALYST_APPS)
    view = Permission.objects.filter(
        content_type__app_label__in=ANALYST_VIEW_APPS, codename__startswith="view_"
    ).exclude(codename__in=["view_auditevent", "view_resetlink"])
    group.permissions.set([*full, *view])
    return group


@transaction.atomic
def set_role(user: Any, role: Role | str, *, actor: Any = None, request: Any = None) -> None:
    """Give ``user`` a role: store it and set ``is_staff``/``is_superuser``/groups to match."""
    role = Role(role)
    if role is Role.PUBLIC:
        raise ValueError("'public' is the role of visitors who are not signed in")
    previous = role_of(user) if user.is_active else None
    Account.objects.update_or_create(user=user, defaults={"role": role.value})
    user.is_staff = role in {Role.ANALYST, Role.ADMIN}
    user.is_superuser = role is Role.ADMIN
    user.save(update_fields=["is_staff", "is_superuser"])
    group = ensure_analyst_group()
    if role is Role.ANALYST:
        user.groups.add(group)
    else:
        user.groups.remove(group)
    if previous != role:
        audit.record(
            actor,
            audit.ROLE_CHANGE,
            user,
            {"from": previous.value if previous else None, "to": role.value},
            request=request,
        )

"""One-time password-reset links issued by an administrator (no mail server needed).

An administrator (``ecc-atlas users reset-link NAME`` or the admin's "issue reset link"
action) gets a URL ``/accounts/reset/<token>/`` to hand to the user by any channel. The token
has 256 bits of randomness; only its SHA-256 digest is stored; it works once and expires
(default after 24 hours). Issuing a new link voids the user's earlier unused ones.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from ecc_atlas.web.accounts import audit
from ecc_atlas.web.accounts.models import ResetLink

__all__ = ["DEFAULT_LIFETIME", "digest", "find_usable", "issue", "reset_path", "use"]

DEFAULT_LIFETIME = timedelta(hours=24)


def digest(token: str) -> str:
    """The stored form of a token."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def reset_path(token: str) -> str:
    """The URL path of a reset link (prefix it with the server's address)."""
    return reverse("accounts-reset", kwargs={"token": token})


@transaction.atomic
def issue(
    user: Any, *, actor: Any = None, lifetime: timedelta = DEFAULT_LIFETIME, request: Any = None
) -> str:
    """Create a one-time link for ``user``; returns the token (shown once, never stored)."""
    now = timezone.now()
    ResetLink.objects.filter(user=user, used_at__isnull=True).update(used_at=now)
    token = secrets.token_urlsafe(32)
    issued_by = actor if getattr(actor, "is_authenticated", False) else None
    ResetLink.objects.create(
        user=user,
        token_digest=digest(token),
        issued_by=issued_by,
        issued_at=now,
        expires_at=now + lifetime,
    )
    audit.record(actor, audit.RESET_LINK, user, {"expires_at": now + lifetime}, request=request)
    return token


def find_usable(token: str) -> ResetLink | None:
    """The unused, unexpired link of ``token``, or ``None``."""
    if not token or len(token) > 200:
        return None
    link = ResetLink.objects.select_related("user").filter(token_digest=digest(token)).first()
    if link is None or not link.usable or not link.user.is_active:
        return None
    return link


@transaction.atomic
def use(token: str, new_password: str, *, request: Any = None) -> bool:
    """Set the password through a link; ``False`` when the link is unknown, used or expired."""
    link = find_usable(token)
    if link is None:
        return False
    # claim the link first: two simultaneous uses cannot both succeed
    claimed = ResetLink.objects.filter(pk=link.pk, used_at__isnull=True).update(
        used_at=timezone.now()
    )
    if claimed != 1:
        return False
    user = link.user
    user.set_password(new_password)
    user.save(update_fields=["password"])
    audit.record(
        user, audit.PASSWORD_RESET, user, {"link_issued_at": link.issued_at}, request=request
    )
    return True

"""Authentication backend: django-axes' lock-out check in front of Django's model backend."""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.http import HttpRequest

__all__ = ["ThrottledBackend"]


class ThrottledBackend(AxesStandaloneBackend):
    """Refuse sign-ins of locked-out users/addresses (django-axes).

    Every web sign-in passes a request (Django's sign-in form does), so it is throttled. Calls
    without a request — the test client's ``login()``, command-line tools — have no client
    address to throttle and pass through to the next backend instead of failing as
    ``AxesStandaloneBackend`` would.
    """

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        """Raise ``AxesBackendPermissionDenied`` when locked out; never signs anyone in."""
        if request is None:
            return None
        super().authenticate(request, username=username, password=password, **kwargs)
        return None

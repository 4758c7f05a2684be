"""Middleware: request-size limit and an absolute session lifetime."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from ecc_atlas.web.accounts.signals import SESSION_AUTH_AT

__all__ = ["RequestSizeLimitMiddleware", "SessionLifetimeMiddleware"]

logger = logging.getLogger("ecc_atlas.security")


class RequestSizeLimitMiddleware:
    """Answer 413 to any request body larger than ``settings.ECC_ATLAS_MAX_UPLOAD_BYTES``.

    Checked on the declared ``Content-Length`` before Django reads the body (a chunked body,
    which declares none, is refused with 411); Django's own
    ``DATA_UPLOAD_MAX_MEMORY_SIZE`` / ``DATA_UPLOAD_MAX_NUMBER_FIELDS`` guard form parsing.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = int(getattr(settings, "ECC_ATLAS_MAX_UPLOAD_BYTES", 0) or 0)
        if "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower():
            # a body without a declared length could not be checked before reading it
            return HttpResponse("Length Required", status=411, content_type="text/plain")
        raw = request.META.get("CONTENT_LENGTH") or "0"
        try:
            length = int(raw)
        except ValueError:
            length = -1
        if length < 0 or (limit and length > limit):
            logger.warning(
                "refused a request body of %s bytes to %s (limit %s)", raw, request.path, limit
            )
            body = render_to_string(
                "accounts/error.html",
                {"status": 413, "title": "413", "message_key": "too_large", "limit": limit},
                request=None,
            )
            return HttpResponse(body, status=413 if length >= 0 else 400)
        return self.get_response(request)


class SessionLifetimeMiddleware:
    """Sign users out when their sign-in is older than ``ECC_ATLAS_SESSION_MAX_SECONDS``.

    Django's ``SESSION_COOKIE_AGE`` (renewed on every request) is the idle limit; this one is
    absolute, so a session kept alive by activity still ends.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            limit = int(getattr(settings, "ECC_ATLAS_SESSION_MAX_SECONDS", 0) or 0)
            signed_in = request.session.get(SESSION_AUTH_AT)
            if limit and (not isinstance(signed_in, int) or time.time() - signed_in > limit):
                logout(request)
        return self.get_response(request)

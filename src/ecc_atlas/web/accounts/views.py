"""Sign-in, sign-out, one-time password reset, the member's own pages, and error pages."""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect, requires_csrf_token
from django.views.decorators.debug import sensitive_post_parameters

from ecc_atlas.web.accounts import resets
from ecc_atlas.web.accounts.models import Role
from ecc_atlas.web.accounts.permissions import organisation_view, visible_organisations
from ecc_atlas.web.accounts.roles import role_of
from ecc_atlas.web.registry.models import Organisation

__all__ = [
    "SignInView",
    "SignOutView",
    "account",
    "bad_request",
    "lockout",
    "organisation_detail",
    "page_not_found",
    "permission_denied",
    "reset_password",
    "server_error",
]

logger = logging.getLogger("ecc_atlas.security")


class SignInView(auth_views.LoginView):
    """The sign-in page (throttled by django-axes through the authentication backend)."""

    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class SignOutView(auth_views.LogoutView):
    """Sign out (POST only, with the CSRF token)."""

    template_name = "accounts/logged_out.html"


def lockout(
    request: HttpRequest, credentials: Any = None, *args: Any, **kwargs: Any
) -> HttpResponse:
    """What a locked-out visitor sees (django-axes ``AXES_LOCKOUT_CALLABLE``): 429."""
    return render(request, "accounts/lockout.html", status=429)


@never_cache
@login_required
def account(request: HttpRequest) -> HttpResponse:
    """The signed-in user's role and the organisations whose own data they may see."""
    role = role_of(request.user)
    organisations = visible_organisations(request.user) if role is Role.MEMBER else None
    return render(request, "accounts/account.html", {"role": role, "organisations": organisations})


@never_cache
@organisation_view("org_number")
def organisation_detail(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    """One organisation's own (raw) registry data: only its members and analysts see it."""
    return render(
        request,
        "accounts/organisation.html",
        {
            "organisation": organisation,
            "workplaces": organisation.workplaces.all(),
            "decisions": organisation.decisions.select_related("segment")[:50],
        },
    )


@never_cache
@sensitive_post_parameters("new_password1", "new_password2")
@csrf_protect
def reset_password(request: HttpRequest, token: str) -> HttpResponse:
    """Set a new password through an administrator's one-time link."""
    link = resets.find_usable(token)
    if link is None:
        return render(request, "accounts/reset_invalid.html", status=404)
    form = SetPasswordForm(link.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        if resets.use(token, form.cleaned_data["new_password1"], request=request):
            return render(request, "accounts/reset_done.html")
        return render(request, "accounts/reset_invalid.html", status=404)
    return render(request, "accounts/reset.html", {"form": form, "username": link.user})


def _error(request: HttpRequest, status: int, message_key: str) -> HttpResponse:
    template = loader.get_template("accounts/error.html")
    body = template.render({"status": status, "message_key": message_key}, request)
    return HttpResponse(body, status=status)


@requires_csrf_token
def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """400 page (handler400)."""
    return _error(request, 400, "bad_request")


@requires_csrf_token
def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """403 page (handler403)."""
    return _error(request, 403, "forbidden")


@requires_csrf_token
def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """404 page (handler404)."""
    return _error(request, 404, "not_found")


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    """500 page (handler500): no stack trace; Django has logged the error with its trace.

    Rendered without the request context, so a broken database or template context processor
    cannot break the error page itself.
    """
    try:
        body = loader.get_template("accounts/error.html").render(
            {"status": 500, "message_key": "server_error"}
        )
    except Exception:  # the last line of defence must not fail
        logger.exception("the error page itself failed")
        body = "<!DOCTYPE html><title>500</title><h1>500</h1><p>Server error.</p>"
    return HttpResponse(body, status=500)

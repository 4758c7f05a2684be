from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from pytest_django import Settings as SettingsWrapper

from ecc_atlas.web.accounts import resets
from ecc_atlas.web.accounts.models import AuditEvent, ResetLink
from ecc_atlas.web.accounts.signals import SESSION_AUTH_AT

pytestmark = pytest.mark.django_db


def _login(client: Client, username: str, password: str, ip: str = "127.0.0.1") -> Any:
    return client.post(
        "/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def test_passwords_are_hashed_with_argon2(member_a: Any) -> None:
    assert member_a.password.startswith("argon2$")


def test_sign_in_page_and_redirect(member_a: Any, password: str) -> None:
    client = Client()
    page = client.get("/accounts/login/")
    assert page.status_code == 200
    assert 'name="csrfmiddlewaretoken"' in page.content.decode()
    response = _login(client, "member_a", password)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/"
    account = client.get("/accounts/")
    assert "Alfa Kraft AB" in account.content.decode()


def test_login_and_logout_need_csrf(member_a: Any, password: str) -> None:
    client = Client(enforce_csrf_checks=True)
    assert _login(client, "member_a", password).status_code == 403
    client.force_login(member_a)
    assert client.post("/accounts/logout/").status_code == 403
    assert client.get("/accounts/logout/").status_code == 405  # sign-out is POST only
    assert client.get("/accounts/").status_code == 200


def test_brute_force_is_throttled(member_a: Any, password: str, settings: SettingsWrapper) -> None:
    limit = settings.AXES_FAILURE_LIMIT
    client = Client()
    statuses = [_login(client, "member_a", f"guess-{i}").status_code for i in range(limit + 3)]
    assert statuses[: limit - 1] == [200] * (limit - 1)  # the form again, with an error
    assert set(statuses[limit:]) == {429}
    # even the right password is refused while locked out, from this address …
    locked = _login(client, "member_a", password)
    assert locked.status_code == 429
    assert "Too many attempts" in locked.content.decode() or "försök" in locked.content.decode()
    # … and for this user name from another address
    assert _login(Client(), "member_a", password, ip="10.9.9.9").status_code == 429
    assert AuditEvent.objects.filter(action="auth.login_failed").count() >= limit


def test_lockout_ends_after_the_cool_off(
    member_a: Any, password: str, settings: SettingsWrapper
) -> None:
    from axes.models import AccessAttempt

    client = Client()
    for i in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "member_a", f"guess-{i}")
    assert _login(client, "member_a", password).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(hours=2))
    assert _login(client, "member_a", password).status_code == 302


def test_disabled_user_cannot_sign_in_and_loses_session(member_a: Any, password: str) -> None:
    client = Client()
    assert _login(client, "member_a", password).status_code == 302
    member_a.is_active = False
    member_a.save()
    assert client.get("/accounts/").status_code == 302  # signed out: to the sign-in page
    assert _login(Client(), "member_a", password).status_code == 200


def test_one_time_reset_link(member_a: Any, admin_user: Any) -> None:
    token = resets.issue(member_a, actor=admin_user)
    link = ResetLink.objects.get()
    assert link.token_digest != token
    assert len(link.token_digest) == 64
    url = resets.reset_path(token)
    client = Client(enforce_csrf_checks=True)
    form = client.get(url)
    assert form.status_code == 200
    csrf = client.cookies["csrftoken"].value
    new = "a-brand-new-passphrase-77"
    done = client.post(
        url, {"new_password1": new, "new_password2": new, "csrfmiddlewaretoken": csrf}
    )
    assert done.status_code == 200
    member_a.refresh_from_db()
    assert member_a.check_password(new)
    # once only
    assert client.get(url).status_code == 404
    assert not resets.use(token, "another-passphrase-88")
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"user.reset_link_issued", "user.password_reset"} <= actions


def test_reset_link_rules(member_a: Any) -> None:
    client = Client()
    assert client.get("/accounts/reset/not-a-token/").status_code == 404
    first = resets.issue(member_a)
    second = resets.issue(member_a)
    assert client.get(resets.reset_path(first)).status_code == 404  # voided by the new one
    assert client.get(resets.reset_path(second)).status_code == 200
    weak = client.post(resets.reset_path(second), {"new_password1": "123", "new_password2": "123"})
    assert weak.status_code == 200  # the form again: too short, too common
    member_a.refresh_from_db()
    assert not member_a.check_password("123")
    expired = resets.issue(member_a, lifetime=timedelta(seconds=-1))
    assert client.get(resets.reset_path(expired)).status_code == 404


def test_admin_issues_reset_link_from_user_list(member_a: Any, admin_user: Any) -> None:
    client = Client()
    client.force_login(admin_user)
    response = client.post(
        "/admin/auth/user/",
        {"action": "issue_reset_link", "_selected_action": [member_a.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert "/accounts/reset/" in response.content.decode()
    assert ResetLink.objects.filter(user=member_a, issued_by=admin_user).exists()


def test_sessions_expire(member_a: Any, settings: SettingsWrapper) -> None:
    assert settings.SESSION_COOKIE_AGE <= 8 * 60 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST
    client = Client()
    client.force_login(member_a)
    assert client.get("/accounts/").status_code == 200
    session = client.session
    session[SESSION_AUTH_AT] = int(time.time()) - settings.ECC_ATLAS_SESSION_MAX_SECONDS - 1
    session.save()
    assert client.get("/accounts/").status_code == 302


def test_member_sees_own_organisation_only(
    member_a: Any, org_a: Any, org_b: Any, analyst: Any
) -> None:
    client = Client()
    assert client.get(f"/accounts/organisations/{org_a.org_number}/").status_code == 302
    client.force_login(member_a)
    own = client.get(f"/accounts/organisations/{org_a.org_number}/")
    assert own.status_code == 200
    assert "Alfa Kraft AB works" in own.content.decode()
    assert client.get(f"/accounts/organisations/{org_b.org_number}/").status_code == 404
    assert client.get("/accounts/organisations/0000000000/").status_code == 404
    client.force_login(analyst)
    assert client.get(f"/accounts/organisations/{org_b.org_number}/").status_code == 200


def test_admin_user_page_keeps_role_flags(admin_user: Any, member_a: Any) -> None:
    from ecc_atlas.web.accounts.roles import role_of

    client = Client()
    client.force_login(admin_user)
    page = client.get(f"/admin/auth/user/{member_a.pk}/change/")
    assert page.status_code == 200
    assert "account-0-role" in page.content.decode() or "account-" in page.content.decode()
    assert role_of(member_a).value == "member"

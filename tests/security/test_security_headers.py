"""Web hardening: security headers, CSP, error pages without stack traces, upload limits,
DEBUG and TLS settings."""

from __future__ import annotations

import os
import subprocess
import sys
import types
from pathlib import Path

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import path
from pytest_django import Settings as SettingsWrapper

pytestmark = pytest.mark.django_db


def _csp(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


@pytest.mark.parametrize("url", ["/accounts/login/", "/admin/login/", "/no-such-page/"])
def test_security_headers(url: str) -> None:
    response = Client().get(url)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    policy = _csp(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert "'unsafe-inline'" not in policy["script-src"]
    assert all(not source.startswith("http") for values in policy.values() for source in values)
    assert "Strict-Transport-Security" not in response  # only over TLS


def test_pages_have_no_inline_scripts(admin_user: object) -> None:
    client = Client()
    for url in ("/accounts/login/", "/admin/login/"):
        body = client.get(url).content.decode()
        for chunk in body.split("<script")[1:]:
            head = chunk.split(">", 1)[0]
            assert "src=" in head or 'type="application/json"' in head, (url, head)
        assert " onclick=" not in body
        assert " onload=" not in body


def _boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("secret internals: password=hunter2")


def test_server_error_is_friendly_and_logged(
    settings: SettingsWrapper, caplog: pytest.LogCaptureFixture
) -> None:
    module = types.ModuleType("ecc_trust_error_urls")
    from ecc_atlas.web import urls as project_urls

    module.urlpatterns = [path("boom/", _boom), *project_urls.urlpatterns]  # type: ignore[attr-defined]
    module.handler500 = "ecc_atlas.web.accounts.views.server_error"  # type: ignore[attr-defined]
    sys.modules[module.__name__] = module
    settings.ROOT_URLCONF = module.__name__
    settings.DEBUG = False
    try:
        response = Client(raise_request_exception=False).get("/boom/")
    finally:
        del sys.modules[module.__name__]
    body = response.content.decode()
    assert response.status_code == 500
    assert "Traceback" not in body
    assert "hunter2" not in body
    assert "RuntimeError" not in body
    assert 'data-testid="error-status">500<' in body
    logged = [r for r in caplog.records if r.name == "django.request" and r.levelname == "ERROR"]
    assert logged
    assert logged[0].exc_info is not None


def test_not_found_page_is_friendly() -> None:
    response = Client().get("/no/such/page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Traceback" not in body
    assert "URLconf" not in body
    assert 'data-testid="error-status">404<' in body


def test_request_body_limit(settings: SettingsWrapper) -> None:
    settings.ECC_ATLAS_MAX_UPLOAD_BYTES = 1000
    client = Client()
    big = client.post("/accounts/login/", data=b"x" * 2000, content_type="text/plain")
    assert big.status_code == 413
    small = client.post("/accounts/login/", {"username": "u", "password": "p"})
    assert small.status_code == 200
    bad = client.generic("POST", "/accounts/login/", b"", CONTENT_LENGTH="lots")
    assert bad.status_code == 400
    chunked = client.generic("POST", "/accounts/login/", b"x", HTTP_TRANSFER_ENCODING="chunked")
    assert chunked.status_code == 411


def _settings_in_subprocess(env: dict[str, str], argv0: str = "python", *args: str) -> str:
    code = (
        f"import sys; sys.argv=[{argv0!r}, *{list(args)!r}]; import django, os; "
        "os.environ['DJANGO_SETTINGS_MODULE']='ecc_atlas.web.settings'; "
        "from django.conf import settings as s; "
        "print(s.DEBUG, getattr(s,'SECURE_HSTS_SECONDS',0), s.SESSION_COOKIE_SECURE, "
        "s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT)"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith("ECC_ATLAS_")}
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, "ECC_ATLAS_SECRET_KEY": "k" * 50, **env},
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return result.stdout.strip()


def test_debug_never_reaches_the_server() -> None:
    debug = {"ECC_ATLAS_DEBUG": "1"}
    assert _settings_in_subprocess(debug, "ecc-atlas", "figures").startswith("True")
    assert _settings_in_subprocess(debug, "ecc-atlas", "serve").startswith("False")
    assert _settings_in_subprocess(debug, "ecc-atlas", "demo").startswith("False")
    assert _settings_in_subprocess(debug, "/usr/bin/gunicorn").startswith("False")


def test_tls_turns_on_hsts_and_secure_cookies() -> None:
    assert _settings_in_subprocess({}) == "False 0 False False False"
    assert _settings_in_subprocess({"ECC_ATLAS_TLS": "1"}) == "False 31536000 True True True"


def test_no_working_secret_key_by_default(tmp_path: Path) -> None:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("ECC_ATLAS_", "PYTEST"))}
    clean["ECC_ATLAS_HOME"] = str(tmp_path)
    result = subprocess.run(
        [sys.executable, "-c", "import ecc_atlas.web.settings"],
        env=clean,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode != 0
    assert "No secret key" in result.stderr

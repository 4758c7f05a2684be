"""`ecc-atlas users …` in-process (the commands mounted on a local Typer app)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import typer
from pytest_django import Settings as SettingsWrapper
from typer.testing import CliRunner

from ecc_atlas.cli.users import users_app

pytestmark = pytest.mark.django_db

runner = CliRunner()
app = typer.Typer()
app.add_typer(users_app, name="users")


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settings: SettingsWrapper) -> str:
    path = tmp_path / "home"
    path.mkdir()
    monkeypatch.setenv("ECC_ATLAS_HOME", str(path))
    # an existing home has the key `init` wrote; CI sets no ECC_ATLAS_SECRET_KEY
    (path / "secret_key").write_text("test-key-written-by-init\n")
    return str(path)


@pytest.fixture
def organisation(db: None) -> Any:
    from ecc_atlas.identifiers import luhn_check_digit
    from ecc_atlas.web.registry.models import Organisation

    stem = "556677001"
    return Organisation.objects.create(org_number=stem + str(luhn_check_digit(stem)), name="Org")


def _run(*args: str, stdin: str | None = None) -> Any:
    return runner.invoke(app, ["users", *args], input=stdin)


def test_create_member_prints_one_time_link(home: str, organisation: Any) -> None:
    from django.contrib.auth import get_user_model

    from ecc_atlas.web.accounts import resets
    from ecc_atlas.web.accounts.models import AuditEvent

    result = _run("create", "anna", "--org", organisation.org_number_display, "--home", home)
    assert result.exit_code == 0, result.output
    link = next(line for line in result.output.splitlines() if "/accounts/reset/" in line)
    assert link.startswith("http://127.0.0.1:8000/accounts/reset/")
    token = link.rstrip("/").rsplit("/", 1)[1]
    user = get_user_model().objects.get(username="anna")
    assert not user.has_usable_password()
    assert resets.find_usable(token) is not None
    assert list(user.memberships.values_list("organisation_id", flat=True)) == [organisation.pk]
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"user.create", "user.reset_link_issued", "membership.add"} <= actions
    assert AuditEvent.objects.get(action="user.create").actor_name.startswith("cli")


def test_create_with_password_from_stdin_and_list(home: str) -> None:
    from django.contrib.auth import get_user_model

    result = _run(
        "create", "bo", "--role", "analyst", "--password-stdin", "--home", home,
        stdin="a-long-enough-passphrase-9\n",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "/accounts/reset/" not in result.output
    user = get_user_model().objects.get(username="bo")
    assert user.check_password("a-long-enough-passphrase-9")
    assert user.password.startswith("argon2$")
    listed = _run("list", "--json", "--home", home)
    assert listed.exit_code == 0, listed.output
    rows = json.loads(listed.output)
    assert rows == [
        {"username": "bo", "role": "analyst", "active": True, "organisations": [],
         "last_login": None}
    ]  # fmt: skip
    table = _run("list", "--home", home)
    assert "analyst" in table.output


def test_set_role_disable_enable(home: str) -> None:
    from django.contrib.auth import get_user_model

    from ecc_atlas.web.accounts.models import AuditEvent

    assert _run("create", "cia", "--home", home).exit_code == 0
    assert _run("set-role", "cia", "admin", "--home", home).exit_code == 0
    user = get_user_model().objects.get(username="cia")
    assert user.is_superuser
    assert _run("disable", "cia", "--home", home).exit_code == 0
    user.refresh_from_db()
    assert not user.is_active
    rows = json.loads(_run("list", "--json", "--home", home).output)
    assert rows[0]["active"] is False
    assert rows[0]["role"] == "admin"
    assert "already disabled" in _run("disable", "cia", "--home", home).output
    refused = _run("reset-link", "cia", "--home", home)
    assert refused.exit_code == 2
    assert "disabled" in refused.output
    assert _run("enable", "cia", "--home", home).exit_code == 0
    link = _run("reset-link", "cia", "--home", home, "--base-url", "https://atlas.example")
    assert "https://atlas.example/accounts/reset/" in link.output
    actions = list(AuditEvent.objects.values_list("action", flat=True))
    assert "user.disable" in actions
    assert "user.enable" in actions


def test_memberships(home: str, organisation: Any) -> None:
    assert _run("create", "dan", "--home", home).exit_code == 0
    added = _run("add-org", "dan", organisation.org_number, "--home", home)
    assert added.exit_code == 0
    assert "now acts" in added.output
    assert "already acts" in _run("add-org", "dan", organisation.org_number, "--home", home).output
    removed = _run("remove-org", "dan", organisation.org_number, "--home", home)
    assert "no longer acts" in removed.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("set-role", "nobody", "analyst"), "No user 'nobody'"),
        (("create", "bad name!"), "användarnamn"),  # Django's message, in Swedish
        (("create", "eve", "--org", "123"), "must have 10 digits"),
        (("create", "eve", "--org", "OTHER"), "No organisation"),
        (("create", "eve", "--role", "analyst", "--org", "ORG"), "--org is for members"),
    ],
)
def test_errors_are_one_clear_line(
    home: str, organisation: Any, args: tuple[str, ...], message: str
) -> None:
    from ecc_atlas.identifiers import luhn_check_digit

    other = "556677002" + str(luhn_check_digit("556677002"))
    replace = {"ORG": organisation.org_number, "OTHER": other}
    args = tuple(replace.get(a, a) for a in args)
    result = _run(*args, "--home", home)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output


def test_weak_password_and_duplicate_are_refused(home: str) -> None:
    weak = _run("create", "fia", "--password-stdin", "--home", home, stdin="123\n")
    assert weak.exit_code == 2
    assert "för kort" in weak.output  # "too short", in the product's default language
    assert _run("create", "fia", "--home", home).exit_code == 0
    again = _run("create", "fia", "--home", home)
    assert again.exit_code == 2
    assert "exists already" in again.output

"""Fixtures of the accounts tests: two organisations, a member of each, an analyst, an admin."""

from __future__ import annotations

from typing import Any

import pytest

from ecc_atlas.identifiers import luhn_check_digit

PASSWORD = "correct-horse-battery-staple-42"


def org_number(stem: str) -> str:
    """A valid organisation number from nine digits."""
    return stem + str(luhn_check_digit(stem))


@pytest.fixture
def password() -> str:
    """The password of every fixture user."""
    return PASSWORD


@pytest.fixture
def make_org(db: None) -> Any:
    from ecc_atlas.web.registry.models import Organisation, Workplace

    def make(name: str, stem: str) -> Organisation:
        org = Organisation.objects.create(org_number=org_number(stem), name=name)
        Workplace.objects.create(organisation=org, name=f"{name} works", kommun_code="1980")
        return org

    return make


@pytest.fixture
def make_user(db: None) -> Any:
    from django.contrib.auth import get_user_model

    from ecc_atlas.web.accounts.models import Membership
    from ecc_atlas.web.accounts.roles import set_role

    def make(username: str, role: str = "member", orgs: tuple[Any, ...] = ()) -> Any:
        user = get_user_model().objects.create_user(username=username, password=PASSWORD)
        set_role(user, role)
        for org in orgs:
            Membership.objects.create(user=user, organisation=org)
        return user

    return make


@pytest.fixture
def org_a(make_org: Any) -> Any:
    return make_org("Alfa Kraft AB", "556000001")


@pytest.fixture
def org_b(make_org: Any) -> Any:
    return make_org("Beta Nät AB", "556000002")


@pytest.fixture
def member_a(make_user: Any, org_a: Any) -> Any:
    return make_user("member_a", "member", (org_a,))


@pytest.fixture
def analyst(make_user: Any) -> Any:
    return make_user("analyst", "analyst")


@pytest.fixture
def admin_user(make_user: Any) -> Any:
    return make_user("admin", "admin")

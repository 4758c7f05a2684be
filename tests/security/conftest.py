"""Fixtures of the security tests: a demo data home, organisations A and B, their members."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from pytest_django import DjangoDbBlocker
from pytest_django import Settings as SettingsWrapper

from ecc_atlas.config import Settings, load_settings
from ecc_atlas.identifiers import luhn_check_digit

PASSWORD = "correct-horse-battery-staple-42"


@pytest.fixture(scope="module")
def demo_settings(
    tmp_path_factory: pytest.TempPathFactory,
    django_db_setup: None,
    django_db_blocker: DjangoDbBlocker,
) -> Iterator[Settings]:
    """A data home holding the demo (registry rows committed; flushed at teardown)."""
    from ecc_atlas.services.demo import load_demo
    from ecc_atlas.web.dashboard import data

    home: Path = tmp_path_factory.mktemp("security-home")
    config = load_settings(home=home)
    with django_db_blocker.unblock():
        load_demo(config)
    yield config
    data.clear_cache()
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def demo(demo_settings: Settings, settings: SettingsWrapper, db: None) -> Settings:
    """Point ``settings.ECC_ATLAS`` at the demo data home for one test."""
    from ecc_atlas.web.dashboard import data

    settings.ECC_ATLAS = demo_settings
    data.clear_cache()
    return demo_settings


def org_number(stem: str) -> str:
    """A valid organisation number from nine digits."""
    return stem + str(luhn_check_digit(stem))


@pytest.fixture
def tenants(db: None) -> dict[str, Any]:
    """Organisations A and B with private data, a member of each, an analyst."""
    from django.contrib.auth import get_user_model

    from ecc_atlas.web.accounts.models import Membership
    from ecc_atlas.web.accounts.roles import set_role
    from ecc_atlas.web.registry.models import DelimitationDecision, Organisation, Workplace

    users = get_user_model()
    out: dict[str, Any] = {}
    for label, stem in (("a", "559900001"), ("b", "559900002")):
        org = Organisation.objects.create(org_number=org_number(stem), name=f"Tenant {label} AB")
        Workplace.objects.create(
            organisation=org,
            name=f"Tenant {label} works",
            kommun_code="1980",
            address=f"PRIVATE-ADDRESS-{label.upper()}-7f3a",
            workplace_id=f"PRIVWP{label.upper()}93",
        )
        DelimitationDecision.objects.create(
            organisation=org,
            year=2024,
            included=False,
            reason=f"PRIVATE-NOTE-{label.upper()}-51c9",
            classification_version="1",
        )
        member = users.objects.create_user(
            username=f"member_{label}",
            password=PASSWORD,
            email=f"private-mail-{label}@example.invalid",
        )
        set_role(member, "member")
        Membership.objects.create(user=member, organisation=org)
        out[label] = org
        out[f"member_{label}"] = member
    analyst = users.objects.create_user(username="analyst", password=PASSWORD)
    set_role(analyst, "analyst")
    out["analyst"] = analyst
    #: strings only B's members and analysts may ever see
    out["b_private"] = [
        "PRIVATE-ADDRESS-B-7f3a",
        "PRIVWPB93",
        "PRIVATE-NOTE-B-51c9",
        "private-mail-b@example.invalid",
    ]
    return out

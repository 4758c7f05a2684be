"""Fixtures of the dashboard tests: a data home with the demo loaded, once per session.

The demo goes into the test database (registry) and a temporary warehouse. The rows are
committed outside the per-test transactions, so the fixture removes them again at teardown
(``flush``) to keep other tests' database clean. One home for all dashboard test modules
means the analyses (memoised per data version) run once, not once per module.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import call_command
from pytest_django import DjangoDbBlocker
from pytest_django import Settings as SettingsWrapper

from ecc_atlas.config import Settings, load_settings
from ecc_atlas.web.dashboard import data


@pytest.fixture(scope="session")
def demo_settings(
    tmp_path_factory: pytest.TempPathFactory,
    django_db_setup: None,
    django_db_blocker: DjangoDbBlocker,
) -> Iterator[Settings]:
    """Settings of a data home holding the demo data (registry + warehouse)."""
    from ecc_atlas.services.demo import load_demo

    home: Path = tmp_path_factory.mktemp("dashboard-home")
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
    settings.ECC_ATLAS = demo_settings
    return demo_settings


@pytest.fixture
def empty_home(tmp_path: Path, settings: SettingsWrapper, db: None) -> Settings:
    """A data home without any data."""
    config = load_settings(home=tmp_path)
    settings.ECC_ATLAS = config
    return config

"""Fixtures of the report tests: a data home with the demo, loaded once for the module, and
the environment the CLI needs (secret key, data home) restored afterwards."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import call_command
from pytest_django import DjangoDbBlocker

from ecc_atlas.config import Settings, load_settings
from ecc_atlas.web.dashboard import data


@pytest.fixture(scope="module")
def report_home(
    tmp_path_factory: pytest.TempPathFactory,
    django_db_setup: None,
    django_db_blocker: DjangoDbBlocker,
) -> Iterator[Settings]:
    """A demo data home; the database stays open for the module (the CLI needs it)."""
    from django.conf import settings as django_settings

    from ecc_atlas.services.demo import load_demo

    home: Path = tmp_path_factory.mktemp("report-home")
    original = django_settings.ECC_ATLAS
    with pytest.MonkeyPatch.context() as patch, django_db_blocker.unblock():
        patch.setenv("ECC_ATLAS_SECRET_KEY", os.environ.get("ECC_ATLAS_SECRET_KEY") or "tests")
        patch.setenv("ECC_ATLAS_HOME", str(home))
        config = load_settings(home=home)
        load_demo(config)
        django_settings.ECC_ATLAS = config
        data.clear_cache()
        yield config
        data.clear_cache()
        django_settings.ECC_ATLAS = original
        call_command("flush", interactive=False, verbosity=0)

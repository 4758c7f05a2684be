"""Browser-test setup: the live server needs an existing STATIC_ROOT (WhiteNoise)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(scope="session", autouse=True)
def _static_root_exists(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """WhiteNoise warns (an error under ``-W error``) when STATIC_ROOT does not exist yet.

    Session-scoped and autouse, so it runs before pytest-django starts ``live_server``.
    """
    from django.conf import settings as django_settings

    original = django_settings.STATIC_ROOT
    if original and Path(original).is_dir():
        yield
        return
    django_settings.STATIC_ROOT = tmp_path_factory.mktemp("static")
    yield
    django_settings.STATIC_ROOT = original

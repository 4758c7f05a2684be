"""Warming the caches before the server forks, and keeping them across a closed context."""

from __future__ import annotations

import pytest

from ecc_atlas.config import Settings
from ecc_atlas.web.dashboard import data
from ecc_atlas.web.dashboard.tables import base as tables_base
from ecc_atlas.web.dashboard.tables import published
from ecc_atlas.web.dashboard.warm import warm

pytestmark = pytest.mark.django_db


def test_warm_then_release_keeps_the_results(
    demo: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert warm() >= 0
    data.release_context()
    assert data._state.ctx is None  # no database or DuckDB connection crosses a fork

    def must_not_build(*args: object, **kwargs: object) -> object:
        raise AssertionError("a warmed table was built again")

    monkeypatch.setattr(tables_base, "publish", must_not_build)
    assert published("sector-trend").rows()
    assert published("age-gender", lang="en").rows()

from __future__ import annotations

from pathlib import Path

import pytest

from ecc_atlas.config import SETTINGS, ConfigError, load_settings


def test_defaults(tmp_path: Path) -> None:
    s = load_settings(home=tmp_path, env={})
    assert s.home == tmp_path.resolve()
    assert s.database_url == f"sqlite:///{tmp_path.resolve()}/ecc-atlas.sqlite3"
    assert s.engine == "duckdb"
    assert s.region == "19"
    assert s.warehouse_dir == tmp_path.resolve() / "warehouse"
    assert not s.debug


def test_environment_wins_over_default(tmp_path: Path) -> None:
    env = {
        "ECC_ATLAS_HOME": str(tmp_path),
        "ECC_ATLAS_DATABASE_URL": "postgresql://u@127.0.0.1:5432/x",
        "ECC_ATLAS_SECRET_KEY": "k",
    }
    s = load_settings(env=env)
    assert s.home == tmp_path.resolve()
    assert not s.is_sqlite
    assert s.secret_key == "k"


def test_bad_engine() -> None:
    with pytest.raises(ConfigError, match="duckdb"):
        load_settings(env={"ECC_ATLAS_ENGINE": "oracle"})


def test_every_setting_is_documented_in_readme() -> None:
    readme = (Path(__file__).parents[1] / "README.md").read_text()
    for setting in SETTINGS:
        assert setting.env in readme, setting.env

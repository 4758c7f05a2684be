"""One typed settings object for the whole product.

Every setting has a default and a help text; it is read from the environment (or from
command-line options that the CLI passes in) only when asked for, never at import time.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["SETTINGS", "ConfigError", "Setting", "Settings", "load_settings"]


class ConfigError(Exception):
    """A setting has a value the product cannot work with; the message says what to do."""


@dataclass(frozen=True)
class Setting:
    """Documentation of one setting: its environment variable, default and meaning."""

    env: str
    default: str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("ECC_ATLAS_HOME", "./ecc-atlas-data", "Data home: database, warehouse, uploads."),
    Setting(
        "ECC_ATLAS_DATABASE_URL",
        "sqlite:///<home>/ecc-atlas.sqlite3",
        "Registry database URL; sqlite:/// (default) or postgresql://user@host:port/db.",
    ),
    Setting(
        "ECC_ATLAS_SECRET_KEY",
        "",
        "Django secret key; without it, the random key that `init` writes to <home>/secret_key.",
    ),
    Setting("ECC_ATLAS_ENGINE", "duckdb", "Analysis engine: duckdb (default) or pyspark."),
    Setting("ECC_ATLAS_SPARK_PARTITIONS", "4", "Shuffle partitions of the local PySpark engine."),
    Setting("ECC_ATLAS_SPARK_MEMORY", "4g", "Driver memory of the local PySpark engine."),
    Setting("ECC_ATLAS_REGION", "19", "Home region (län code) of the dashboard; 19 = Västmanland."),
    Setting("ECC_ATLAS_DEBUG", "0", "Django debug mode (1 only for development)."),
    Setting(
        "ECC_ATLAS_MAX_JSON_BYTES", "200000000", "Largest JSON/CSV file an import accepts (bytes)."
    ),
    Setting(
        "ECC_ATLAS_MAX_JSONL_BYTES",
        "2000000000",
        "Largest JSON Lines file (job ads) an import accepts (bytes).",
    ),
    Setting(
        "ECC_ATLAS_DISCLOSURE_MIN_PERSONS",
        "5",
        "Disclosure control: published cells describe at least this many persons.",
    ),
    Setting(
        "ECC_ATLAS_DISCLOSURE_MIN_ORGANISATIONS",
        "3",
        "Disclosure control: published cells are built from at least this many organisations.",
    ),
    Setting(
        "ECC_ATLAS_DISCLOSURE_DOMINANCE",
        "0.85",
        "Disclosure control: NK(2, k) share above which the two largest contributors dominate.",
    ),
    Setting(
        "ECC_ATLAS_DISCLOSURE_ROUNDING",
        "0",
        "Disclosure control: round published figures to this base (0 = off, e.g. 5).",
    ),
    Setting("ECC_ATLAS_TLS", "0", "1 when served over HTTPS: HSTS, secure cookies, redirect."),
    Setting(
        "ECC_ATLAS_SESSION_IDLE_SECONDS", "7200", "A session ends after this long without use."
    ),
    Setting("ECC_ATLAS_SESSION_MAX_SECONDS", "43200", "A session ends this long after sign-in."),
    Setting(
        "ECC_ATLAS_LOGIN_FAILURE_LIMIT",
        "5",
        "Failed sign-ins (per address or user name) before sign-in is locked.",
    ),
    Setting("ECC_ATLAS_LOGIN_COOLOFF_MINUTES", "15", "How long a sign-in lock-out lasts."),
    Setting(
        "ECC_ATLAS_PROXY_COUNT",
        "0",
        "Reverse proxies in front of the server (client address from X-Forwarded-For).",
    ),
    Setting("ECC_ATLAS_MAX_UPLOAD_BYTES", "52428800", "Largest request body the server accepts."),
)


@dataclass(frozen=True)
class Settings:
    """Resolved settings."""

    home: Path
    database_url: str
    secret_key: str = ""
    engine: str = "duckdb"
    region: str = "19"
    debug: bool = False
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def warehouse_dir(self) -> Path:
        """Folder of the Parquet datasets and their manifest."""
        return self.home / "warehouse"

    @property
    def sqlite_path(self) -> Path:
        """Path of the embedded SQLite registry database."""
        return self.home / "ecc-atlas.sqlite3"

    @property
    def secret_key_path(self) -> Path:
        """File holding the random secret key that `ecc-atlas init` generates."""
        return self.home / "secret_key"

    def stored_secret_key(self) -> str:
        """The key from :attr:`secret_key_path`, or ``""`` when there is none."""
        try:
            return self.secret_key_path.read_text(encoding="ascii").strip()
        except (FileNotFoundError, PermissionError, NotADirectoryError):
            return ""

    @property
    def is_sqlite(self) -> bool:
        """True when the registry lives in SQLite."""
        return self.database_url.startswith("sqlite")


def load_settings(home: str | Path | None = None, env: dict[str, str] | None = None) -> Settings:
    """Resolve settings from an explicit home, then the environment, then defaults."""
    environ = dict(os.environ if env is None else env)
    home_path = Path(home or environ.get("ECC_ATLAS_HOME") or "./ecc-atlas-data").expanduser()
    home_path = home_path.resolve()
    database_url = (
        environ.get("ECC_ATLAS_DATABASE_URL") or f"sqlite:///{home_path}/ecc-atlas.sqlite3"
    )
    engine = environ.get("ECC_ATLAS_ENGINE", "duckdb").strip().lower() or "duckdb"
    if engine not in {"duckdb", "pyspark"}:
        raise ConfigError(f"ECC_ATLAS_ENGINE must be 'duckdb' or 'pyspark', not {engine!r}.")
    return Settings(
        home=home_path,
        database_url=database_url,
        secret_key=environ.get("ECC_ATLAS_SECRET_KEY", ""),
        engine=engine,
        region=environ.get("ECC_ATLAS_REGION", "19"),
        debug=environ.get("ECC_ATLAS_DEBUG", "0") in {"1", "true", "yes"},
    )

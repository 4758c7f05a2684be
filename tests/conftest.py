"""Suite-wide test setup: no network beyond this machine, loud failures in CI."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

_LOCAL_HOSTS = {"127.0.0.1", "::1", "localhost", "0.0.0.0", "::"}
_real_connect = socket.socket.connect
_real_create_connection = socket.create_connection


def _is_local(address: Any) -> bool:
    if isinstance(address, (str, bytes)):
        return True  # a Unix socket path
    host = address[0] if isinstance(address, tuple) else address
    return str(host) in _LOCAL_HOSTS or str(host).startswith("127.")


def _guarded_connect(self: socket.socket, address: Any) -> Any:
    if not _is_local(address):
        raise RuntimeError(f"Network access in tests is forbidden (tried {address!r}).")
    return _real_connect(self, address)


def _guarded_create_connection(address: Any, *args: Any, **kwargs: Any) -> socket.socket:
    if not _is_local(address):
        raise RuntimeError(f"Network access in tests is forbidden (tried {address!r}).")
    return _real_create_connection(address, *args, **kwargs)


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any connection to a host other than this machine fails loudly."""
    monkeypatch.setattr(socket.socket, "connect", _guarded_connect)
    monkeypatch.setattr(socket, "create_connection", _guarded_create_connection)


def pytest_report_header(config: pytest.Config) -> list[str]:
    """Say which database and mode the run uses."""
    url = os.environ.get("ECC_ATLAS_DATABASE_URL", "sqlite (embedded)")
    safe = url.split("@")[-1] if "@" in url else url
    return [f"ecc-atlas database: {safe}; CI={os.environ.get('CI', 'false')}"]


_DB_FIXTURES = {
    "db",
    "transactional_db",
    "live_server",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
}
# Module-scoped fixtures reach the database through ``django_db_blocker.unblock()``; the
# fixture itself is in every test's closure (pytest-django uses it), so look at the source.
_DB_WORDS = ("django_db_blocker.unblock", "django_db", "live_server", "load_demo")
_uses_db_cache: dict[Path, bool] = {}


def _source_uses_db(path: Path) -> bool:
    if path not in _uses_db_cache:
        texts = [path.read_text(encoding="utf-8")]
        for parent in path.parents:
            conftest = parent / "conftest.py"
            if conftest.is_file() and parent != Path(__file__).parent:
                texts.append(conftest.read_text(encoding="utf-8"))
            if parent == Path(__file__).parent:
                break
        _uses_db_cache[path] = any(word in text for text in texts for word in _DB_WORDS)
    return _uses_db_cache[path]


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test that may reach the database, so the PostgreSQL pass can select them.

    pytest-django refuses database access to a test without its marker or fixtures, and a
    module-scoped fixture needs ``django_db_blocker``: a test without this mark cannot depend
    on the database engine.
    """
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if (
            item.get_closest_marker("django_db")
            or fixtures & _DB_FIXTURES
            or _source_uses_db(Path(str(item.fspath)))
        ):
            item.add_marker(pytest.mark.database)


@pytest.fixture(scope="session", autouse=True)
def _static_root_exists(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """WhiteNoise warns (an error under ``-W error``) when STATIC_ROOT does not exist yet:
    ``ecc-atlas init`` fills it (collectstatic); tests serve through the finders, so an empty
    folder will do. Session-scoped, so it is in place before ``live_server`` starts."""
    from django.conf import settings as django_settings

    original = django_settings.STATIC_ROOT
    if original and Path(original).is_dir():
        yield
        return
    django_settings.STATIC_ROOT = tmp_path_factory.mktemp("static")
    yield
    django_settings.STATIC_ROOT = original

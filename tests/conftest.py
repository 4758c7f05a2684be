"""Suite-wide test setup: no network beyond this machine, loud failures in CI."""

from __future__ import annotations

import os
import socket
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

"""A minimal HTTP session on :mod:`urllib` with the shape the importers expect.

Importers take any object with ``get(url, params=..., timeout=...)`` and
``post(url, json=..., params=..., timeout=...)`` returning a response with ``status_code``,
``json()`` and (optionally) ``content``; a ``requests.Session`` fits, and tests pass a fake
that replays recorded responses. The default, :class:`UrllibSession`, adds no dependency and
refuses responses larger than the JSON size limit.
"""

from __future__ import annotations

import json as jsonlib
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from ecc_atlas import __version__
from ecc_atlas.ingest.errors import IngestError
from ecc_atlas.ingest.readers import Limits, load_json_bytes

__all__ = ["HttpResponse", "HttpSession", "UrllibResponse", "UrllibSession", "with_params"]

Params = Mapping[str, str | Sequence[str]]


class HttpResponse(Protocol):
    """What the importers read from a response."""

    @property
    def status_code(self) -> int:
        """The HTTP status code."""
        ...

    def json(self) -> Any:
        """The body parsed as JSON."""
        ...


class HttpSession(Protocol):
    """What the importers call on a session."""

    def get(self, url: str, *, params: Any = ..., timeout: Any = ...) -> HttpResponse:
        """Send a GET request."""
        ...

    def post(
        self, url: str, *, json: Any = ..., params: Any = ..., timeout: Any = ...
    ) -> HttpResponse:
        """Send a POST request with a JSON body."""
        ...


def with_params(url: str, params: Params | None) -> str:
    """``url`` with query parameters appended (a sequence value repeats the key)."""
    if not params:
        return url
    pairs: list[tuple[str, str]] = []
    for key, value in params.items():
        if isinstance(value, str):
            pairs.append((key, value))
        else:
            pairs.extend((key, item) for item in value)
    separator = "&" if "?" in url else "?"
    return url + separator + urllib.parse.urlencode(pairs)


@dataclass(frozen=True)
class UrllibResponse:
    """A response read completely into memory."""

    status_code: int
    content: bytes
    url: str

    def json(self) -> Any:
        """The body parsed as JSON (duplicate keys and truncation are errors)."""
        return load_json_bytes(self.content, self.url)

    @property
    def text(self) -> str:
        """The body decoded as UTF-8."""
        return self.content.decode("utf-8", errors="replace")


class UrllibSession:
    """HTTP GET/POST with :mod:`urllib`, a timeout and a response size limit."""

    def __init__(self, *, timeout: float = 60.0, max_bytes: int | None = None) -> None:
        self.timeout = timeout
        self.max_bytes = max_bytes or Limits.from_env().max_json_bytes

    def _send(self, request: urllib.request.Request, timeout: float | None) -> UrllibResponse:
        request.add_header("User-Agent", f"ecc-atlas/{__version__}")
        request.add_header("Accept", "application/json, text/csv;q=0.9, */*;q=0.5")
        try:
            with urllib.request.urlopen(request, timeout=timeout or self.timeout) as handle:
                status = int(handle.status)
                body = handle.read(self.max_bytes + 1)
        except urllib.error.HTTPError as exc:
            status, body = exc.code, exc.read(self.max_bytes + 1)
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise IngestError.single(
                request.full_url, f"a reachable server ({reason}); check the URL and the network"
            ) from None
        if len(body) > self.max_bytes:
            raise IngestError.single(
                request.full_url,
                f"a response of at most {self.max_bytes} bytes (set ECC_ATLAS_MAX_JSON_BYTES)",
            )
        return UrllibResponse(status, body, request.full_url)

    def get(self, url: str, *, params: Any = None, timeout: Any = None) -> UrllibResponse:
        """Send a GET request."""
        return self._send(urllib.request.Request(with_params(url, params)), timeout)

    def post(
        self,
        url: str,
        *,
        json: Any = None,
        params: Any = None,
        timeout: Any = None,
    ) -> UrllibResponse:
        """Send a POST request with a JSON body."""
        data = jsonlib.dumps(json, ensure_ascii=False).encode("utf-8")
        request = urllib.request.Request(with_params(url, params), data=data, method="POST")
        request.add_header("Content-Type", "application/json; charset=utf-8")
        return self._send(request, timeout)

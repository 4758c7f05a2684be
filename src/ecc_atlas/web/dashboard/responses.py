"""Responses the API sends from memory: JSON and files built once per data version.

Public answers are the same for every caller, so the serialised bytes are memoised with
:func:`ecc_atlas.web.dashboard.data.memo` (keyed by the endpoint, its parameters and the data
version) and sent as they are, without validating and serialising the same rows again on every
request. The OpenAPI schema still documents each endpoint's response model.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Hashable
from typing import Any

from django.http import HttpResponse

from ecc_atlas.web.dashboard import data

__all__ = ["JSON_TYPE", "cached_bytes", "cached_json", "dumps"]

JSON_TYPE = "application/json; charset=utf-8"


def dumps(value: Any) -> bytes:
    """Strict, compact JSON (no NaN) as UTF-8."""
    return json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode()


def cached_bytes(name: str, key: tuple[Hashable, ...], build: Callable[[], bytes]) -> bytes:
    """``build()`` memoised under ``name`` and ``key`` for the current data version."""
    return data.memo(f"bytes:{name}", key, lambda _ctx: build())


def cached_json(name: str, key: tuple[Hashable, ...], build: Callable[[], Any]) -> HttpResponse:
    """An ``application/json`` response of ``build()``, serialised once per data version."""
    body = cached_bytes(name, key, lambda: dumps(build()))
    return HttpResponse(body, content_type=JSON_TYPE)

"""Internal helpers: read the package data files with :mod:`importlib.resources`."""

from __future__ import annotations

import csv
import io
import json
from importlib import resources
from typing import Any

__all__ = ["parse_bool", "read_bytes", "read_csv_rows", "read_json", "read_text"]

_PACKAGE = "ecc_atlas.reference"
_DATA_DIR = "data"


def read_bytes(name: str) -> bytes:
    """Return the bytes of the data file ``data/<name>`` of this package."""
    return resources.files(_PACKAGE).joinpath(_DATA_DIR).joinpath(name).read_bytes()


def read_text(name: str) -> str:
    """Return the text (UTF-8) of the data file ``data/<name>`` of this package."""
    return read_bytes(name).decode("utf-8")


def read_csv_rows(name: str) -> list[dict[str, str]]:
    """Parse the CSV data file ``data/<name>`` (UTF-8, with header) into row dictionaries."""
    return list(csv.DictReader(io.StringIO(read_text(name), newline="")))


def read_json(name: str) -> Any:
    """Parse the JSON data file ``data/<name>``."""
    return json.loads(read_text(name))


def parse_bool(value: str, *, where: str) -> bool:
    """Parse ``true``/``false`` (as written in the data files); anything else is an error."""
    text = value.strip().lower()
    if text == "true":
        return True
    if text == "false":
        return False
    raise ValueError(f"{where}: expected 'true' or 'false', got {value!r}")

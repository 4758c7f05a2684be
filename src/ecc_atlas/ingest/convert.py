"""Converters from raw JSON values to typed values; a bad value raises :class:`Invalid`.

Each converter returns None for a missing value and raises :class:`Invalid` with a text that
says what was expected; importers turn that into an error naming the row and the field.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence

__all__ = ["Invalid", "choice", "integer", "iso_date", "number", "text"]


class Invalid(ValueError):
    """A value does not convert; the message says what was expected."""


# -- converters: raw JSON value -> typed value (None for missing) ---------------------------
def text(value: object, *, expected: str = "text") -> str | None:
    """A string, stripped; None for missing or blank. Numbers are refused."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise Invalid(expected)
    stripped = value.strip()
    return stripped or None


def integer(value: object, *, expected: str = "a whole number") -> int | None:
    """A whole number from an int, an integral float or a string of digits."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise Invalid(expected)
    if isinstance(value, int):
        return value
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    raise Invalid(expected)


def number(value: object, *, expected: str = "a number or null") -> float | None:
    """A finite float from an int or float; None for null."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise Invalid(expected)
    result = float(value)
    if not math.isfinite(result):
        raise Invalid(expected)
    return result


def iso_date(value: object, *, expected: str = "a date such as '2024-03-31'") -> dt.date | None:
    """A date from ``YYYY-MM-DD``, ``YYYY-MM-DDThh:mm:ss…`` or ``YYYYMMDD``."""
    raw = text(value, expected=expected)
    if raw is None:
        return None
    candidate = raw[:10] if len(raw) >= 10 and raw[4] == "-" else raw[:8]
    try:
        if "-" in candidate:
            return dt.date.fromisoformat(candidate)
        return dt.datetime.strptime(candidate, "%Y%m%d").date()
    except ValueError:
        raise Invalid(expected) from None


def choice(value: object, allowed: Sequence[str]) -> str | None:
    """One of ``allowed`` (compared case-insensitively); None for missing or blank."""
    expected = "one of " + "|".join(allowed)
    raw = text(value, expected=expected)
    if raw is None:
        return None
    folded = raw.casefold()
    for option in allowed:
        if option.casefold() == folded:
            return option
    raise Invalid(expected)

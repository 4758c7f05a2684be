"""Number formatting for Swedish and English pages.

Swedish groups thousands with a no-break space and uses a decimal comma (``10 234``,
``44,5``); English uses a comma and a decimal point (``10,234``, ``44.5``).
"""

from __future__ import annotations

import math

__all__ = ["NBSP", "format_number", "format_percent"]

NBSP = "\u00a0"


def format_number(value: float | int | None, *, lang: str, decimals: int = 0) -> str:
    """``value`` with thousands grouping and ``decimals`` digits in the page's language.

    ``None`` and NaN become an en dash (no value).
    """
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "–"
    text = f"{value:,.{decimals}f}"
    if lang == "sv":
        text = text.replace(",", NBSP).replace(".", ",")
        if text.startswith("-"):
            text = "−" + text[1:]
    return text


def format_percent(share: float | None, *, lang: str, decimals: int = 0) -> str:
    """A share (0–1) as a percentage: ``23 %`` in Swedish, ``23%`` in English."""
    if share is None or not math.isfinite(share):
        return "–"
    number = format_number(share * 100, lang=lang, decimals=decimals)
    return f"{number}{NBSP}%" if lang == "sv" else f"{number}%"

"""Text that is safe in a spreadsheet: no cell of an export or a template starts a formula.

A CSV or XLSX cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is
read as a formula by spreadsheet programs (CSV injection, OWASP). Every export and every
template the product writes passes its text through :func:`safe_text` (or :func:`safe_cell`
for mixed values): such a value gets a leading apostrophe, which shows the text as written.
"""

from __future__ import annotations

from typing import Any, Final

__all__ = ["FORMULA_STARTS", "safe_cell", "safe_text"]

FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value: str) -> str:
    """``value`` with a leading apostrophe if a spreadsheet would read it as a formula."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def safe_cell(value: Any) -> Any:
    """:func:`safe_text` for text; any other value unchanged."""
    return safe_text(value) if isinstance(value, str) else value

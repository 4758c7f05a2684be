"""The spreadsheet guard: no exported or templated cell starts a formula."""

from __future__ import annotations

import pytest

from ecc_atlas.spreadsheets import safe_cell, safe_text


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+46 21 10 10 10", "'+46 21 10 10 10"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Västerås", "Västerås"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_safe_text(value: str, expected: str) -> None:
    assert safe_text(value) == expected


def test_safe_cell_leaves_other_values() -> None:
    assert safe_cell(-3) == -3
    assert safe_cell(None) is None
    assert safe_cell(2.5) == 2.5
    assert safe_cell("=1") == "'=1"

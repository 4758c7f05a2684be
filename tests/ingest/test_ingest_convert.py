"""Converters and code checks used by every importer."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from ecc_atlas.ingest import codes
from ecc_atlas.ingest.convert import Invalid, choice, integer, iso_date, number, text


@pytest.mark.parametrize(
    ("fn", "value", "expected"),
    [
        (text, "  Västerås ", "Västerås"),
        (text, "   ", None),
        (text, None, None),
        (integer, "12", 12),
        (integer, 3.0, 3),
        (integer, "", None),
        (number, 2, 2.0),
        (number, None, None),
        (iso_date, "2024-03-01T00:00:00", dt.date(2024, 3, 1)),
        (iso_date, "2012-03-05 00:00:00", dt.date(2012, 3, 5)),
        (iso_date, "20120305", dt.date(2012, 3, 5)),
    ],
)
def test_converters_accept(fn: Any, value: Any, expected: Any) -> None:
    assert fn(value) == expected


@pytest.mark.parametrize(
    ("fn", "value"),
    [
        (text, 5),
        (integer, True),
        (integer, 2.5),
        (integer, "två"),
        (number, "1"),
        (number, float("nan")),
        (number, False),
        (iso_date, "2024-02-30"),
        (iso_date, "igår"),
    ],
)
def test_converters_refuse(fn: Any, value: Any) -> None:
    with pytest.raises(Invalid):
        fn(value)


def test_choice() -> None:
    assert choice("BRIST", ("balans", "brist")) == "brist"
    assert choice("", ("balans",)) is None
    with pytest.raises(Invalid, match="balans\\|brist"):
        choice("kaos", ("balans", "brist"))


def test_codes() -> None:
    assert codes.normalise_code(1, 2) == "01"
    assert codes.normalise_code("0180", 4) == "0180"
    assert codes.normalise_code("19a", 2) is None
    assert codes.normalise_code(True, 2) is None
    assert codes.normalise_code("12345", 4) is None
    assert codes.is_lan("19")
    assert not codes.is_lan("02")
    assert codes.is_kommun("1980")
    assert codes.kommun_lan("1980") == "19"
    assert codes.is_ssyk_unit("2143")
    assert codes.is_ssyk_unit("4323")  # not bundled, but its sub-major group 43 exists
    assert not codes.is_ssyk_unit("3913")
    assert not codes.is_ssyk_unit("311")
    assert set(codes.classification_versions()) == {"ssyk", "region"}

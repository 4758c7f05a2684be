from __future__ import annotations

import pytest

from ecc_atlas.identifiers import (
    InvalidOrganisationNumber,
    format_org_number,
    is_valid_org_number,
    luhn_check_digit,
    normalise_org_number,
)


def test_luhn_check_digit_worked_example() -> None:
    # digits 5 5 6 0 3 6 0 7 9, weights 2 1 2 1 2 1 2 1 2, products' digit sums:
    # 1 + 5 + 3 + 0 + 6 + 6 + 0 + 7 + 9 = 37 → check digit (10 - 7) % 10 = 3
    assert luhn_check_digit("556036079") == 3


@pytest.mark.parametrize(
    "value", ["556036-0793", "5560360793", "16556036-0793", "165560360793", "202100-5489"]
)
def test_valid_numbers_normalise(value: str) -> None:
    assert normalise_org_number(value) in {"5560360793", "2021005489"}
    assert is_valid_org_number(value)


@pytest.mark.parametrize("value", ["556036-0794", "55603607", "abcdefghij", "", "556036-07930"])
def test_invalid_numbers_are_refused_with_reason(value: str) -> None:
    assert not is_valid_org_number(value)
    with pytest.raises(InvalidOrganisationNumber, match="Organisation number"):
        normalise_org_number(value)


def test_check_digit_error_names_expected_digit() -> None:
    with pytest.raises(InvalidOrganisationNumber, match="expected 3"):
        normalise_org_number("556036-0794")


def test_format() -> None:
    assert format_org_number("5560360793") == "556036-0793"

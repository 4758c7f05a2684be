"""Swedish organisation numbers (organisationsnummer) and their Luhn check digit."""

from __future__ import annotations

import re

__all__ = [
    "InvalidOrganisationNumber",
    "format_org_number",
    "is_valid_org_number",
    "luhn_check_digit",
    "normalise_org_number",
]

_SEPARATORS = re.compile(r"[\s-]")


class InvalidOrganisationNumber(ValueError):
    """An organisation number that is not ten digits with a valid Luhn check digit."""


def luhn_check_digit(digits: str) -> int:
    """The Luhn (mod 10) check digit for a string of digits (weights 2,1,2,1… from the left).

    For nine-digit Swedish identity numbers the weights start with 2 at the first digit.
    """
    if not digits.isdigit():
        raise ValueError(f"{digits!r} is not a string of digits")
    total = 0
    for position, char in enumerate(digits):
        product = int(char) * (2 if position % 2 == 0 else 1)
        total += product - 9 if product > 9 else product
    return (10 - total % 10) % 10


def normalise_org_number(value: str) -> str:
    """Return the ten digits of an organisation number, or raise with the reason.

    Accepts ``NNNNNN-NNNN``, ``NNNNNNNNNN`` and the twelve-digit form with the ``16`` prefix.
    """
    raw = _SEPARATORS.sub("", str(value))
    if len(raw) == 12 and raw.startswith("16"):
        raw = raw[2:]
    if not raw.isdigit() or len(raw) != 10:
        raise InvalidOrganisationNumber(
            f"Organisation number {value!r} must have 10 digits (NNNNNN-NNNN)."
        )
    expected = luhn_check_digit(raw[:9])
    if int(raw[9]) != expected:
        raise InvalidOrganisationNumber(
            f"Organisation number {value!r} has check digit {raw[9]}, expected {expected}."
        )
    return raw


def is_valid_org_number(value: str) -> bool:
    """True when ``value`` is a well-formed organisation number with a correct check digit."""
    try:
        normalise_org_number(value)
    except InvalidOrganisationNumber:
        return False
    return True


def format_org_number(value: str) -> str:
    """Format as ``NNNNNN-NNNN``."""
    digits = normalise_org_number(value)
    return f"{digits[:6]}-{digits[6:]}"

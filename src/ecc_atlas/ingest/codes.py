"""Allowed codes, taken from :mod:`ecc_atlas.reference`: län, kommuner and SSYK 2012.

The bundled SSYK list holds every major and sub-major group but only the energy-relevant
unit groups, so a 4-digit unit group is accepted when its 2-digit sub-major group exists
(``3113`` under ``31``); a code under a sub-major group that does not exist (``3913``) is
refused. Region codes must be in the current regional division.
"""

from __future__ import annotations

import re
from functools import cache

from ecc_atlas import reference

__all__ = [
    "KOMMUN_EXPECTED",
    "LAN_EXPECTED",
    "SSYK_EXPECTED",
    "classification_versions",
    "is_kommun",
    "is_lan",
    "is_ssyk_unit",
    "kommun_lan",
    "normalise_code",
]

LAN_EXPECTED = "a län code (01, 03–10, 12–14 or 17–25)"
KOMMUN_EXPECTED = "a kommun code of the current regional division, 4 digits such as '1980'"
SSYK_EXPECTED = "an SSYK 2012 unit group, 4 digits such as '3113'"

_DIGITS = re.compile(r"\d+")


@cache
def _lan_codes() -> frozenset[str]:
    return frozenset(r.code for r in reference.lan())


@cache
def _kommun_to_lan() -> dict[str, str]:
    return {r.code: r.lan_code for r in reference.kommuner()}


@cache
def _ssyk_sub_major() -> frozenset[str]:
    return frozenset(o.code for o in reference.ssyk() if o.level == "sub_major_group")


def normalise_code(value: object, width: int) -> str | None:
    """A code as a string of digits, left-padded to ``width`` (JSON may give ``1`` for "01").

    Returns None for anything that is not a whole number or a string of digits.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        text = str(value)
    elif isinstance(value, str):
        text = value.strip()
    else:
        return None
    if not _DIGITS.fullmatch(text) or len(text) > width:
        return None
    return text.zfill(width)


def is_lan(code: str) -> bool:
    """True for one of the 21 län codes."""
    return code in _lan_codes()


def is_kommun(code: str) -> bool:
    """True for one of the 290 kommun codes."""
    return code in _kommun_to_lan()


def kommun_lan(code: str) -> str:
    """The län code of a kommun code (which must be valid)."""
    return _kommun_to_lan()[code]


def is_ssyk_unit(code: str) -> bool:
    """True for a 4-digit SSYK 2012 code under an existing sub-major group."""
    return len(code) == 4 and code.isdigit() and code[:2] in _ssyk_sub_major()


@cache
def classification_versions() -> dict[str, str]:
    """Versions of the classifications the importers check codes against."""
    ssyk_versions = sorted({o.version for o in reference.ssyk()})
    region_versions = sorted({r.version for r in reference.all_regions()})
    return {"ssyk": ", ".join(ssyk_versions), "region": ", ".join(region_versions)}

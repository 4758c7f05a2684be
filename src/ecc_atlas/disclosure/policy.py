"""The disclosure-control policy: thresholds read from the settings.

Every published aggregate goes through :func:`ecc_atlas.disclosure.protect` with one
:class:`DisclosurePolicy`; the defaults follow the practice described in docs/disclosure.md.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from ecc_atlas.config import ConfigError

__all__ = ["DEFAULT_TOTAL_LABELS", "DisclosurePolicy", "suppressed_label"]

#: Dimension values that mark an explicit total (margin) row, compared case-insensitively.
DEFAULT_TOTAL_LABELS: frozenset[str] = frozenset(
    {"total", "totalt", "samtliga", "alla", "all", "_total", "*"}
)

_LABELS = {"sv": "sekretess", "en": "suppressed"}


def suppressed_label(language: str = "sv") -> str:
    """What a suppressed cell reads on a page or in a report ("sekretess" / "suppressed")."""
    return _LABELS.get(language[:2].lower(), _LABELS["en"])


def _int_setting(environ: Mapping[str, str], name: str, default: int, minimum: int) -> int:
    raw = environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, not {raw!r}.") from None
    if value < minimum:
        raise ConfigError(f"{name} must be at least {minimum}, not {value}.")
    return value


def _share_setting(environ: Mapping[str, str], name: str, default: float) -> float:
    raw = environ.get(name, "").strip().rstrip("%").strip()
    if not raw:
        return default
    try:
        value = float(raw.replace(",", "."))
    except ValueError:
        raise ConfigError(f"{name} must be a share such as 0.85 or 85, not {raw!r}.") from None
    if value > 1:
        value /= 100
    if not 0 < value <= 1:
        raise ConfigError(f"{name} must lie between 0 and 1 (or 0 and 100 %), not {raw!r}.")
    return value


@dataclass(frozen=True)
class DisclosurePolicy:
    """Thresholds of the disclosure rules.

    - ``min_persons``: frequency rule — a cell describing fewer persons is suppressed.
    - ``min_organisations``: frequency rule — a cell built from fewer organisations is suppressed.
    - ``dominance_n`` / ``dominance_k``: NK rule — a magnitude cell where the ``n`` largest
      contributors hold more than ``k`` (a share, 0–1) of the total is suppressed.
    - ``rounding_base``: 0 (off) or the base published values are rounded to (e.g. 5).
    - ``total_labels``: dimension values that mark an explicit total row.
    """

    min_persons: int = 5
    min_organisations: int = 3
    dominance_n: int = 2
    dominance_k: float = 0.85
    rounding_base: int = 0
    total_labels: frozenset[str] = DEFAULT_TOTAL_LABELS

    def __post_init__(self) -> None:
        if self.min_persons < 1 or self.min_organisations < 1:
            raise ValueError("disclosure thresholds must be at least 1")
        if not 0 < self.dominance_k <= 1:
            raise ValueError("dominance_k is a share between 0 and 1")
        if self.rounding_base < 0:
            raise ValueError("rounding_base must be 0 (off) or positive")

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> DisclosurePolicy:
        """The policy the settings describe (``ECC_ATLAS_DISCLOSURE_*``; defaults otherwise)."""
        environ = os.environ if env is None else env
        return cls(
            min_persons=_int_setting(environ, "ECC_ATLAS_DISCLOSURE_MIN_PERSONS", 5, 1),
            min_organisations=_int_setting(environ, "ECC_ATLAS_DISCLOSURE_MIN_ORGANISATIONS", 3, 1),
            dominance_k=_share_setting(environ, "ECC_ATLAS_DISCLOSURE_DOMINANCE", 0.85),
            rounding_base=_int_setting(environ, "ECC_ATLAS_DISCLOSURE_ROUNDING", 0, 0),
        )

    def is_total(self, value: object) -> bool:
        """True when a dimension value marks an explicit total row."""
        return isinstance(value, str) and value.strip().lower() in self.total_labels

"""Disclosure control: the one gate every published aggregate passes.

``protect(table, dimensions=..., values=..., persons=..., ...)`` applies the frequency rule,
the dominance rule NK(2, k), secondary suppression and optional rounding; ``DisclosurePolicy``
holds the thresholds (settings ``ECC_ATLAS_DISCLOSURE_*``). The rules are described in
docs/disclosure.md.
"""

from __future__ import annotations

from ecc_atlas.disclosure.policy import DEFAULT_TOTAL_LABELS, DisclosurePolicy, suppressed_label
from ecc_atlas.disclosure.protect import DOMINANCE, FREQUENCY, SECONDARY, protect

__all__ = [
    "DEFAULT_TOTAL_LABELS",
    "DOMINANCE",
    "FREQUENCY",
    "SECONDARY",
    "DisclosurePolicy",
    "protect",
    "suppressed_label",
]

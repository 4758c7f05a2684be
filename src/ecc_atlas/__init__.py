"""ECC Atlas: gather, analyse, make visible and develop a region's energy competence."""

from __future__ import annotations

__all__ = ["__version__"]

__version__ = "0.1.0"

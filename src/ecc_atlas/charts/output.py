"""Chart specs outside the browser: fixed sizes for print and SVG rendering with vl-convert.

Rendering never fetches anything: ``allowed_base_urls=[]`` forbids every URL, and the specs
inline their data anyway.
"""

from __future__ import annotations

import copy
import re
from typing import Any

import vl_convert

from ecc_atlas.charts.base import VEGA_LITE_VERSION

__all__ = ["for_print", "to_svg"]


def for_print(spec: dict[str, Any], *, width: int = 620) -> dict[str, Any]:
    """A copy of ``spec`` with a fixed ``width`` instead of the page's ``"container"``."""
    printed = copy.deepcopy(spec)
    if printed.get("width") == "container":
        printed["width"] = width
    return printed


def to_svg(spec: dict[str, Any], *, width: int = 620) -> str:
    """The chart as a standalone vector SVG (text kept as text, no XML prolog)."""
    svg = vl_convert.vegalite_to_svg(
        for_print(spec, width=width), vl_version=VEGA_LITE_VERSION, allowed_base_urls=[]
    )
    return re.sub(r"^<\?xml[^>]*>\s*", "", svg)

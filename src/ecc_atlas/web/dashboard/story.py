"""Sentences that explain the figures: where the home county stands among all counties and
why. Built only from published tables, so the text never says more than the tables do."""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from ecc_atlas.web.dashboard import data
from ecc_atlas.web.dashboard.formatting import format_number, format_percent
from ecc_atlas.web.dashboard.tables import Filters, published
from ecc_atlas.web.dashboard.visuals import region_name

__all__ = ["regions_story"]


def _rank(rows: list[dict[str, Any]], code: str, field: str) -> int | None:
    ranked = sorted((r for r in rows if r.get(field) is not None), key=lambda r: -r[field])
    return next((i for i, r in enumerate(ranked, start=1) if r["lan_code"] == code), None)


def _standing(home: str, year: int | None, lang: str) -> list[str]:
    rows = published("county-concentration", Filters(year=year), lang=lang).rows()
    own = next((r for r in rows if r["lan_code"] == home), None)
    if own is None or own.get("lq") is None:
        return []
    text = _(
        "%(county)s ranks %(rank)s of %(count)s counties by location quotient (%(lq)s): the "
        "energy sector's share of all employment there is %(lq)s times its share in Sweden."
    ) % {
        "county": region_name(home, lang),
        "rank": own.get("lq_rank"),
        "count": len(rows),
        "lq": format_number(own["lq"], lang=lang, decimals=2),
    }
    per1000 = _rank(rows, home, "sector_per_1000")
    exports = own.get("exports_rank")
    if per1000 is not None:
        text += " " + _(
            "It ranks %(rank)s by sector employees per 1,000 inhabitants (%(value)s)"
        ) % {"rank": per1000, "value": format_number(own["sector_per_1000"], lang=lang,
                                                       decimals=1)}  # fmt: skip
        if exports is not None:
            text += _(" and %(rank)s by goods exports per inhabitant (%(value)s SEK)") % {
                "rank": exports,
                "value": format_number(own.get("exports_per_capita_sek"), lang=lang),
            }
        text += "."
    hoover = own.get("hoover")
    if hoover is not None:
        text += " " + _(
            "Across Sweden the sector is more unevenly spread than employment as a whole "
            "(Hoover localisation index %(hoover)s, 0 = spread like all employment)."
        ) % {"hoover": format_number(hoover, lang=lang, decimals=2)}
    return [text]


def _growth(home: str, lang: str) -> list[str]:
    try:
        rows = published("county-shift-share", Filters(), lang=lang).rows()
    except data.NoData:
        return []
    own = next((r for r in rows if r["lan_code"] == home), None)
    if own is None or own.get("change") is None:
        return []
    return [
        _(
            "From %(start)s to %(end)s the sector in %(county)s changed by %(change)s employees "
            "(%(growth)s); growing like the country and the sector nationally would have "
            "given %(expected)s, so %(competitive)s is the regional competitive effect."
        )
        % {
            "start": own["start_year"],
            "end": own["end_year"],
            "county": region_name(home, lang),
            "change": format_number(own["change"], lang=lang),
            "growth": format_percent(own["growth"], lang=lang, decimals=1),
            "expected": format_number(own["national_effect"] + own["industry_mix"], lang=lang),
            "competitive": format_number(own["competitive_effect"], lang=lang),
        }
    ]


def _segments(year: int | None, lang: str) -> list[str]:
    rows = [
        r
        for r in published("segment-size", Filters(year=year), lang=lang).rows()
        if r.get("employees") is not None
    ]
    if not rows:
        return []
    top = max(rows, key=lambda r: r["employees"])
    return [
        _(
            "Why: the largest segment is %(segment)s with %(share)s of the sector's employees "
            "— the region's strength areas of power, automation, motors, robotics and trains."
        )
        % {
            "segment": top["segment_name"].lower() if lang == "en" else top["segment_name"],
            "share": format_percent(top.get("share_of_sector"), lang=lang),
        }
    ]


def regions_story(lang: str, year: int | None = None) -> list[str]:
    """Two to four sentences on where the home county stands and why, in ``lang``."""
    home = data.home_region()
    with translation.override(lang):
        return [*_standing(home, year, lang), *_growth(home, lang), *_segments(year, lang)]

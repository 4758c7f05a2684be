"""Names of codes in Swedish and English: segments, regions, occupations, education levels.

Segments come from the registry (analysts may edit them); regions, SSYK and SUN from
:mod:`ecc_atlas.reference`. An unknown code is shown as itself, never dropped.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from ecc_atlas import reference
from ecc_atlas.web.dashboard import data

__all__ = [
    "AGE_BANDS",
    "KINDS",
    "SCENARIOS",
    "kommun_codes",
    "label",
    "segment_codes",
    "segments",
    "sun_codes",
]

#: Age bands of the workforce statistics, youngest first.
AGE_BANDS: tuple[str, ...] = (
    "16-19", "20-24", "25-29", "30-34", "35-39", "40-44", "45-49", "50-54", "55-59", "60-64",
    "65-69", "70-74",
)  # fmt: skip

#: Scenarios of the recruitment forecast (``services.recruitment.forecast``).
SCENARIOS: tuple[str, ...] = ("trend", "plans", "event")

#: Kinds of organisation in the registry (``Organisation.Kind``).
KINDS: tuple[str, ...] = ("company", "academia", "public_actor", "authority", "institute")


def segments() -> list[dict[str, Any]]:
    """The registry's segments in order: ``code, name_sv, name_en, description_sv/en``."""

    def compute(_ctx: Any) -> list[dict[str, Any]]:
        from ecc_atlas.web.registry.models import Segment

        rows: list[dict[str, Any]] = [
            dict(row)
            for row in Segment.objects.order_by("position", "code").values(
                "code", "name_sv", "name_en", "description_sv", "description_en"
            )
        ]
        if rows:
            return rows
        return [
            {
                "code": s.code,
                "name_sv": s.name_sv,
                "name_en": s.name_en,
                "description_sv": s.description_sv,
                "description_en": s.description_en,
            }
            for s in reference.segments().segments
        ]

    return data.memo("segments", (), compute)


def segment_codes() -> list[str]:
    """Segment codes in the registry's order."""
    return [row["code"] for row in segments()]


def kommun_codes() -> list[str]:
    """Codes of the home county's kommuner."""
    return [region.code for region in reference.kommuner(data.home_region())]


def sun_codes() -> list[str]:
    """SUN 2020 education level codes, 1–7 then unknown."""
    return [level.code for level in reference.sun_levels()]


@lru_cache(maxsize=4096)
def _reference_name(vocabulary: str, code: str, lang: str) -> str:
    english = lang == "en"
    if vocabulary == "region":
        region = reference.region(code)
        return region.name_en if english and region.name_en else region.name
    if vocabulary == "ssyk":
        occupation = reference.ssyk_unit(code)
        return occupation.name_en if english else occupation.name_sv
    if vocabulary in {"skill", "skill_group"}:
        from ecc_atlas.reference.skills import skill_vocabulary

        skills = skill_vocabulary()
        item = skills.skill(code) if vocabulary == "skill" else skills.group(code)
        return item.label("en" if english else "sv")
    if vocabulary == "sun":
        for level in reference.sun_levels():
            if level.code == code:
                return level.name_en if english else level.name_sv
        raise KeyError(code)
    raise KeyError(vocabulary)


def _translated(vocabulary: str, code: str, lang: str) -> str:
    with translation.override(lang):
        if vocabulary == "gender":
            return {"F": _("Women"), "M": _("Men")}.get(code, code)
        if vocabulary == "kind":
            names = {
                "company": _("Company"),
                "academia": _("Academia"),
                "public_actor": _("Public actor"),
                "authority": _("Authority"),
                "institute": _("Institute"),
            }
            return names.get(code, code)
        if vocabulary == "flow":
            return {"entry": _("Entered"), "exit": _("Left")}.get(code, code)
        if vocabulary == "scenario":
            names = {
                "trend": _("Trend (damped)"),
                "plans": _("Employer plans"),
                "event": _("Trend + new plant (example)"),
            }
            return names.get(code, code)
        if vocabulary in {"signal", "verdict"}:
            names = {"brist": _("Shortage"), "balans": _("Balance"), "överskott": _("Surplus")}
            return names.get(code, code)
        if vocabulary == "band":
            names = {
                "undersupplied": _("Undersupplied"),
                "slight undersupply": _("Slight undersupply"),
                "balanced": _("Balanced"),
                "slight oversupply": _("Slight oversupply"),
                "oversupplied": _("Oversupplied"),
            }
            return names.get(code, code)
        if vocabulary == "component":
            names = {
                "national_effect": _("National growth"),
                "industry_mix": _("Industry mix"),
                "competitive_effect": _("Regional competitive effect"),
            }
            return names.get(code, code)
    raise KeyError(vocabulary)


def label(vocabulary: str, code: Any, lang: str) -> str | None:
    """The name of ``code`` in ``vocabulary`` (segment, region, regions, ssyk, sun, skill,
    skill_group, gender, kind, flow, scenario, signal, verdict, band, component) in ``lang``;
    the code itself when it is unknown, None when it is None."""
    if code is None:
        return None
    text = str(code)
    if vocabulary == "segment":
        key = "name_en" if lang == "en" else "name_sv"
        for row in segments():
            if row["code"] == text:
                return str(row[key])
        return text
    if vocabulary == "regions":  # several codes separated by spaces
        names = [label("region", part, lang) or part for part in text.split()]
        return ", ".join(names)
    try:
        if vocabulary in {"region", "ssyk", "sun", "skill", "skill_group"}:
            return _reference_name(vocabulary, text, lang)
        return _translated(vocabulary, text, lang)
    except (KeyError, LookupError, ValueError):
        return text

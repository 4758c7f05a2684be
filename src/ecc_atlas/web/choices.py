"""Choices the forms of the work pages share: SSYK 2012 unit groups and the skills of the
energy-competence vocabulary, labelled in the page's language."""

from __future__ import annotations

from functools import cache

from django.utils.translation import get_language

__all__ = ["lang", "occupation_choices", "occupation_name", "skill_choices", "skill_groups"]


def lang() -> str:
    """The request's language, reduced to ``sv`` or ``en``."""
    return "en" if (get_language() or "sv").startswith("en") else "sv"


@cache
def _occupations() -> tuple[tuple[str, str, str], ...]:
    from ecc_atlas.reference import classifications

    return tuple(
        (o.code, o.name_sv, o.name_en) for o in classifications.ssyk() if o.level == "unit_group"
    )


def occupation_choices() -> list[tuple[str, str]]:
    """SSYK 2012 unit groups as ``(code, "code name")``."""
    english = lang() == "en"
    return [(code, f"{code} {en if english else sv}") for code, sv, en in _occupations()]


def occupation_name(code: str) -> str:
    """``"code name"`` of an SSYK unit group (the code itself if unknown)."""
    return dict(occupation_choices()).get(code, code)


def skill_choices() -> list[tuple[str, str]]:
    """The vocabulary's skills as ``(id, label)``."""
    from ecc_atlas.reference.skills import skill_vocabulary

    language = lang()
    return [(s.id, s.label(language)) for s in skill_vocabulary().skills]


def skill_groups() -> list[tuple[str, list[tuple[str, str]]]]:
    """The vocabulary's skills grouped by skill group (for ``<optgroup>``)."""
    from ecc_atlas.reference.skills import skill_vocabulary

    language = lang()
    vocabulary = skill_vocabulary()
    return [
        (group.label(language), [(s.id, s.label(language)) for s in vocabulary.skills_in(group.id)])
        for group in vocabulary.groups
        if vocabulary.skills_in(group.id)
    ]

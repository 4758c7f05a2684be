"""The shared form choices: SSYK unit groups and skills, in the page's language."""

from __future__ import annotations

from django.utils import translation

from ecc_atlas.reference.skills import skill_vocabulary
from ecc_atlas.web.choices import (
    occupation_choices,
    occupation_name,
    skill_choices,
    skill_groups,
)


def test_occupations_in_both_languages() -> None:
    with translation.override("sv"):
        assert occupation_name("3113") == "3113 Ingenjörer och tekniker inom elektroteknik"
        codes = [code for code, _ in occupation_choices()]
    with translation.override("en"):
        assert occupation_name("3113") == "3113 Engineers and technicians in electrical engineering"
        assert occupation_name("0000") == "0000"  # unknown: the code itself
    assert len(codes) == len(set(codes)) > 50
    assert all(len(code) == 4 and code.isdigit() for code in codes)


def test_skills_flat_and_grouped_hold_the_same_skills() -> None:
    with translation.override("en"):
        flat = dict(skill_choices())
        grouped = {sid: label for _, options in skill_groups() for sid, label in options}
    assert flat == grouped
    assert set(flat) == {s.id for s in skill_vocabulary().skills}
    assert flat["relay_protection"] == "Relay protection and control"

"""Skill matching: normalisation, boundary rules, compounds, elisions, stop terms, sections."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ecc_atlas.analysis.skills_match import SkillMatcher, VocabularyConflict
from ecc_atlas.analysis.skills_text import ad_text, normalise, normalise_term
from ecc_atlas.reference.skills import Skill, SkillGroup, SkillVocabulary, Term


@pytest.fixture(scope="module")
def matcher() -> SkillMatcher:
    return SkillMatcher()


def found(matcher: SkillMatcher, text: str) -> dict[str, str]:
    """skill → the text it was found at (the first mention)."""
    out: dict[str, str] = {}
    for m in matcher.find(text):
        out.setdefault(m.skill_id, text[m.start : m.end])
    return out


# -- normalisation ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("PLC-Programmering!", "plc programmering "),
        ("HÖGSPÄNNING – Ställverk", "högspänning   ställverk"),
        ("high‑voltage “switchgear”", "high voltage  switchgear "),
        ("ASCII only, OK.", "ascii only  ok "),
        ("Łódź ✓ 20 °C", "łódź   20  c"),
    ],
)
def test_normalise_keeps_length(text: str, expected: str) -> None:
    result = normalise(text)
    assert result.origin is None
    assert result.text == expected
    assert len(result.text) == len(text)


def test_normalise_maps_dropped_characters_back() -> None:
    text = "Erfarenhet av hög\u00adspänning"
    result = normalise(text)
    assert result.text == "erfarenhet av högspänning"
    start = result.text.index("högspänning")
    assert result.span(start, start + len("högspänning")) == (14, 26)
    decomposed = unicodedata.normalize("NFD", "Ställverk")
    assert normalise(decomposed).text == "ställverk"


def test_normalise_term_collapses_spaces() -> None:
    assert normalise_term("  PSS®E ") == "pss e"
    assert normalise_term("SS-EN 50110") == "ss en 50110"


def test_ad_text_joins_headline_and_description() -> None:
    assert ad_text("Elektriker", "Text") == "Elektriker\n\nText"
    assert ad_text(None, "Text") == "Text"
    assert ad_text("", None) == ""


# -- matching -------------------------------------------------------------------------------
def test_inflections_and_compounds(matcher: SkillMatcher) -> None:
    text = "Underhåll av reläskyddet och högspänningsanläggningar i våra ställverk."
    assert found(matcher, text) == {
        "relay_protection": "reläskydd",
        "high_voltage": "högspänningsanläggning",
        "substations": "ställverk",
    }


def test_compound_of_two_skills_gives_both(matcher: SkillMatcher) -> None:
    got = found(matcher, "Service på högspänningsställverk och litiumjonbatterier.")
    assert got == {
        "high_voltage": "högspänning",
        "substations": "ställverk",
        "battery_cells": "litiumjon",
        "battery_systems": "batterier",
    }


def test_leftmost_longest_keeps_the_specific_skill(matcher: SkillMatcher) -> None:
    assert set(found(matcher, "Bygga transformatorstationer")) == {"substations"}
    assert set(found(matcher, "Power electronics design")) == {"power_electronics"}
    assert set(found(matcher, "Drift av kraftvärmeverket")) == {"chp_thermal"}


def test_word_boundaries(matcher: SkillMatcher) -> None:
    assert found(matcher, "Du har stor drivkraft och gillar spänning och spännande jobb.") == {}
    assert found(matcher, "Vi söker en säljare till vår butik för hemelektronik.") == {}
    assert found(matcher, "Vi är ett elnätsbolag") == {"electricity_grids": "elnätsbolag"}
    assert found(matcher, "Vi sänker elnätsavgifterna") == {"electricity_grids": "elnät"}
    # English inflection: only -s/-es may follow
    assert set(found(matcher, "substations and substationary")) == {"substations"}


def test_abbreviations_are_case_sensitive(matcher: SkillMatcher) -> None:
    assert found(matcher, "PLCs och ESA14, PLC-programmering") == {
        "plc": "PLC",
        "electrical_safety": "ESA14",
    }
    assert found(matcher, "Nordic Engineering Holdings plc") == {}
    assert found(matcher, "PVC-rör och SIL2-klassade funktioner") == {
        "machine_functional_safety": "SIL"
    }


def test_stop_terms_block_other_senses(matcher: SkillMatcher) -> None:
    text = (
        "We use Robot Framework for test automation, fine-tune transformer models and want "
        "the product to gain traction. A battery of tests follows; robotic process automation."
    )
    assert found(matcher, text) == {}
    assert found(matcher, "Industrial robots and transformers") == {
        "robotics": "Industrial robot",
        "power_transformers": "transformer",
    }


def test_multi_skill_terms(matcher: SkillMatcher) -> None:
    assert set(found(matcher, "Knowledge of traction motors")) == {
        "rail_traction", "electrical_machines",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Erfarenhet av hög- och lågspänning",
         {"high_voltage": "hög", "low_voltage": "lågspänning"}),
        ("Vi bygger sol- och vindkraft", {"solar_power": "sol", "wind_power": "vindkraft"}),
        ("low- and high-voltage switchgear",
         {"low_voltage": "low", "high_voltage": "high-voltage", "substations": "switchgear"}),
        ("hög-, mellan- och lågspänning",
         {"high_voltage": "hög", "low_voltage": "lågspänning"}),
        ("kraft- och styrkablar", {"power_lines_cables": "kraft"}),
        ("underhåll av kraft- och värmeverk", {"district_heating": "värmeverk"}),
        ("- Erfarenhet av ställverk\n- Körkort", {"substations": "ställverk"}),
    ],
)  # fmt: skip
def test_elided_compounds(matcher: SkillMatcher, text: str, expected: dict[str, str]) -> None:
    assert found(matcher, text) == expected


def test_offsets_point_into_the_ad_text(matcher: SkillMatcher) -> None:
    headline, description = "Reläskyddsingenjör", "Vi söker dig som har erfarenhet av HVDC."
    text = ad_text(headline, description)
    mentions = matcher.find_ad(headline, description)
    assert [(m.skill_id, text[m.start : m.end]) for m in mentions] == [
        ("relay_protection", "Reläskydd"),
        ("hvdc_facts", "HVDC"),
    ]
    assert [m.term for m in mentions] == ["reläskydd", "HVDC"]
    assert matcher.find(None) == []
    assert matcher.find("") == []


# -- sections ---------------------------------------------------------------------------------
AD = """Elkraftingenjör till Mälarnätet

Om tjänsten
Du kommer att arbeta med reläskydd och selektivplaner i våra stationer.

Vi söker dig som har:
- Erfarenhet av högspänning
- Kunskap om PLC, gärna från Siemens
- Gärna erfarenhet av SCADA

Meriterande:
- Erfarenhet av HVDC

Vi erbjuder
- Interna kurser i ESA

Erfarenhet av kraftelektronik är ett plus. Krav på ledarskap finns inte, men höga krav på
noggrannhet vid arbete med frekvensomriktare.
"""


def test_sections(matcher: SkillMatcher) -> None:
    sections = {m.skill_id: m.section for m in matcher.find(AD)}
    assert sections == {
        "power_engineering": "other",  # the headline
        "relay_protection": "other",  # tasks
        "high_voltage": "requirement",
        "plc": "requirement",  # "gärna" after the skill qualifies something else
        "scada_dcs": "merit",  # "gärna" before the skill
        "hvdc_facts": "merit",
        "electrical_safety": "other",  # under "Vi erbjuder": the heading ended the list
        "power_electronics": "merit",
        "electric_drives": "other",  # "krav" inside a sentence is not a cue
    }
    assert matcher.skill_sets([AD])[0]["relay_protection"] == "other"


def test_blank_line_ends_a_heading(matcher: SkillMatcher) -> None:
    text = "Krav:\n- Erfarenhet av PLC\n\nDu samarbetar med våra automationsingenjörer."
    sections = {m.skill_id: m.section for m in matcher.find(text)}
    assert sections == {"plc": "requirement", "industrial_automation": "other"}
    listed = "Kvalifikationer\n\n- ESA\n\n- Erfarenhet av PLC"
    assert {m.section for m in matcher.find(listed)} == {"requirement"}


def test_without_sections_everything_is_other() -> None:
    plain = SkillMatcher(sections=False)
    assert {m.section for m in plain.find(AD)} == {"other"}


# -- custom vocabularies --------------------------------------------------------------------
def _vocabulary(*skills: Skill) -> SkillVocabulary:
    return SkillVocabulary("t", "1", "2026-01-01", (SkillGroup("g", "G", "G"),), skills)


def test_conflicting_terms_are_reported() -> None:
    a = Skill("a", "g", "A", "A", terms=(Term("Ställverk", "sv"),))
    b = Skill("b", "g", "B", "B", terms=(Term("ställverk", "sv"),))
    with pytest.raises(VocabularyConflict, match="already a term of a"):
        SkillMatcher(_vocabulary(a, b))
    unknown = Skill("c", "g", "C", "C", terms=(Term("x-ray", "en", also=("zzz",)),))
    with pytest.raises(VocabularyConflict, match="unknown"):
        SkillMatcher(_vocabulary(unknown))


def test_word_rule_rejects_any_continuation() -> None:
    skill = Skill("a", "g", "A", "A", terms=(Term("elkraft", "sv", right="word"),))
    matcher = SkillMatcher(_vocabulary(skill), sections=False)
    assert [m.skill_id for m in matcher.find("elkraft, elkraften")] == ["a"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.text(
        alphabet=st.sampled_from(list("abcdeklnoprstvåäöÅÄÖ -–,.\n:ESAPLCHVD\u00ad")),
        max_size=200,
    )
)
def test_any_text_gives_spans_inside_the_text(text: str) -> None:
    matcher = SkillMatcher()
    for mention in matcher.find(text):
        assert 0 <= mention.start < mention.end <= len(text)
        assert mention.section in ("requirement", "merit", "other")
    normalised = normalise(text)
    if normalised.origin is None:
        assert len(normalised.text) == len(text)

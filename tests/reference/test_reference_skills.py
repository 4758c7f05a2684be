"""The energy-competence vocabulary and the section cues (package data)."""

from __future__ import annotations

from collections import Counter

import pytest

from ecc_atlas.analysis.skills_match import SkillMatcher
from ecc_atlas.analysis.skills_text import normalise_term
from ecc_atlas.reference import STRENGTH_AREAS, ssyk
from ecc_atlas.reference._resources import read_json
from ecc_atlas.reference.skills import (
    EN_SUFFIXES,
    SV_SUFFIXES,
    Skill,
    SkillGroup,
    SkillVocabulary,
    Term,
    jobtech_skill_concepts,
    section_cues,
    skill_vocabulary,
)


def test_vocabulary_is_versioned_and_complete() -> None:
    vocabulary = skill_vocabulary()
    assert vocabulary.id == "ecc-energy-skills"
    assert vocabulary.version == "2026.1"
    assert len(vocabulary.groups) == 9
    assert len(vocabulary.skills) >= 45
    ids = [s.id for s in vocabulary.skills]
    assert len(ids) == len(set(ids))
    for skill in vocabulary.skills:
        assert all((skill.label_sv, skill.label_en, skill.definition_en)), skill.id
        sources = Counter(t.source for t in skill.terms)
        assert sources["sv"] >= 1, skill.id
        assert sources["en"] + sources["abbr"] >= 1, skill.id
        assert skill.ssyk, f"{skill.id} links to no SSYK occupation"
    for group in vocabulary.groups:
        assert vocabulary.skills_in(group.id), group.id
        assert set(group.strength_areas) <= set(STRENGTH_AREAS)


def test_issue_examples_are_in_the_vocabulary() -> None:
    """The key technologies the issue names, with Swedish and English forms."""
    vocabulary = skill_vocabulary()
    terms = {normalise_term(t.text) for s in vocabulary.skills for t in s.terms}
    for term in ("högspänning", "ställverk", "reläskydd", "relay protection", "hvdc",
                 "kraftelektronik", "power electronics", "plc", "scada", "robotik",
                 "fjärrvärme", "värmepump", "elsäkerhet", "kärnbränsle", "battericell",
                 "energieffektivisering", "traktion", "nätplanering"):  # fmt: skip
        assert term in terms, term


def test_ssyk_links_are_bundled_unit_groups() -> None:
    units = {o.code for o in ssyk() if o.level == "unit_group"}
    vocabulary = skill_vocabulary()
    assert all(set(s.ssyk) <= units for s in vocabulary.skills)
    lines = {s.id for s in vocabulary.for_ssyk("7413")}
    assert {"power_lines_cables", "electrical_safety", "high_voltage"} <= lines


def test_every_term_compiles_without_conflict() -> None:
    matcher = SkillMatcher()
    keys = matcher._keys  # the compiled keys: one skill per key
    owners = Counter((key, e[1]) for key, entries in keys.items() for e in entries if e[0] == 0)
    assert all(n == 1 for n in owners.values())
    skill_keys = [key for key, entries in keys.items() if any(e[0] == 0 for e in entries)]
    assert len(skill_keys) > 900


def test_term_rules_follow_the_lists() -> None:
    vocabulary = skill_vocabulary()
    relay = vocabulary.skill("relay_protection")
    sv = next(t for t in relay.terms if t.text == "reläskydd")
    assert (sv.left, sv.right, sv.exact_case) == ("word", "compound", False)
    en = next(t for t in relay.terms if t.text == "relay protection")
    assert en.right == "inflect"
    assert en.suffixes == EN_SUFFIXES
    plc = next(t for t in vocabulary.skill("plc").terms if t.text == "PLC")
    assert plc.exact_case
    tail = next(t for t in vocabulary.skill("substations").terms if t.text == "ställverk")
    assert tail.left == "compound"
    motor = next(t for t in vocabulary.skill("rail_traction").terms if t.text == "traction motor")
    assert motor.also == ("electrical_machines",)
    short = Term("vvs", "sv", right="inflect")
    assert short.suffixes == SV_SUFFIXES


def test_table_lists_every_skill() -> None:
    table = skill_vocabulary().table()
    assert table.column_names == [
        "skill_id", "group_id", "label_sv", "label_en", "group_sv", "group_en", "ssyk",
        "terms", "vocabulary_version",
    ]  # fmt: skip
    assert table.num_rows == len(skill_vocabulary().skills)
    row = next(r for r in table.to_pylist() if r["skill_id"] == "district_heating")
    assert row["label_sv"] == "Fjärrvärme och fjärrkyla"
    assert row["group_en"] == "Heating and cooling"


def test_lookup_errors_name_the_version() -> None:
    with pytest.raises(KeyError, match=r"2026\.1"):
        skill_vocabulary().skill("no_such_skill")
    with pytest.raises(KeyError):
        skill_vocabulary().group("nope")


def test_bad_vocabularies_are_rejected() -> None:
    group = SkillGroup("g", "G", "G")
    skill = Skill("a", "g", "A", "A", terms=(Term("aaa", "sv"),))
    with pytest.raises(ValueError, match="unique"):
        SkillVocabulary("x", "1", "2026-01-01", (group,), (skill, skill))
    with pytest.raises(ValueError, match="unknown group"):
        SkillVocabulary("x", "1", "2026-01-01", (), (skill,))


def test_jobtech_concepts_merge_into_linked_skills() -> None:
    legacy = {
        "skill": {
            "2522": {"conceptId": "PXAk_ZUW_Zer", "preferredTerm": "Högspänningsteknik"},
            "4549": {
                "conceptId": "Uytu_hWi_5nh",
                "preferredTerm": "PLC (programmerbart styrsystem)",
            },
            "9": {"conceptId": "Xx1", "preferredTerm": "Kabelprovning, underhåll"},
        }
    }
    concepts = jobtech_skill_concepts(legacy)
    assert ("Xx1", "Kabelprovning, underhåll") in concepts
    rest = [{"taxonomy/id": "Xx1", "taxonomy/type": "skill", "taxonomy/preferred-label": "Y"}]
    assert jobtech_skill_concepts(rest) == [("Xx1", "Y")]
    with pytest.raises(ValueError, match="JobTech"):
        jobtech_skill_concepts({"occupation": []})
    merged = skill_vocabulary().with_jobtech(concepts)
    assert merged.version == "2026.1+jobtech"
    assert "Högspänningsteknik" in {t.text for t in merged.skill("high_voltage").terms}
    assert "jobtech:Xx1" not in {s.id for s in merged.skills}
    wider = skill_vocabulary().with_jobtech(concepts, include_unlinked=True)
    assert wider.skill("jobtech:Xx1").terms[0].text == "Kabelprovning"
    # the merged vocabulary compiles; labels that repeat bundled terms are left out
    found = SkillMatcher(wider).find("Erfarenhet av kabelprovning och PLC krävs.")
    assert {m.skill_id for m in found} == {"jobtech:Xx1", "plc"}


def test_section_cues_load() -> None:
    cues = section_cues()
    assert cues.version == "2026.1"
    assert set(cues.cues) == {
        "merit", "merit_weak", "requirement_strong", "requirement_weak", "requirement_heading",
    }  # fmt: skip
    assert "meriterande" in {t.text for t in cues.cues["merit"]}
    assert all(t.right != "compound" for ts in cues.cues.values() for t in ts)
    assert "vi erbjuder" in cues.other_headings
    assert cues.heading_max_words == 6


def test_data_files_say_what_they_are() -> None:
    data = read_json("skills/vocabulary.json")
    assert data["ssyk_version"] == "SSYK 2012"
    assert data["valid_from"] == "2026-01-01"
    assert {"sv", "en", "abbr", "names", "object"} <= set(data["term_rules"])

"""Accuracy of the skill matcher on the hand-labelled evaluation set, kept as a regression test.

The floors sit a little below the figures measured with vocabulary 2026.1 (docs/methods/
skills.md): a change that makes the matcher worse fails here; a change that makes it better
should raise the floors (and the figures in the docs).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ecc_atlas.analysis.skills_eval import (
    EvalFormatError,
    check_labels,
    evaluate,
    load_eval_set,
    parse_eval_file,
)
from ecc_atlas.analysis.skills_match import SkillMatcher

EVAL_DIR = Path(__file__).resolve().parents[1] / "data" / "skills_eval"

#: (split, sections) → floors of precision, recall, F1 and section accuracy.
OVERALL_FLOORS = {
    ("test", None): (0.97, 0.83, 0.90, 0.94),
    ("test", ("requirement", "merit")): (0.97, 0.86, 0.91, 0.96),
    ("all", None): (0.98, 0.90, 0.94, 0.95),
}
#: F1 floors per skill group on all 206 ads.
GROUP_F1_FLOORS = {
    "automation": 0.93,
    "electrical_safety_installation": 0.96,
    "energy_systems": 0.83,
    "generation": 0.93,
    "heating_cooling": 0.96,
    "power_electronics_machines": 0.90,
    "power_systems": 0.93,
    "rail": 0.95,
    "storage_hydrogen": 0.95,
}


@pytest.fixture(scope="module")
def matcher() -> SkillMatcher:
    return SkillMatcher()


@pytest.fixture(scope="module")
def ads() -> list:
    return load_eval_set(EVAL_DIR)


def test_the_set_is_large_varied_and_valid(ads: list, matcher: SkillMatcher) -> None:
    assert len(ads) >= 200
    assert {a.split for a in ads} == {"dev", "test"}
    assert sum(a.split == "test" for a in ads) >= 70
    langs = {a.lang for a in ads}
    assert langs == {"sv", "en"}
    assert sum(a.lang == "en" for a in ads) >= 60
    assert len({a.sector for a in ads}) >= 15
    assert sum(not a.gold for a in ads) >= 15  # ads that name no energy competence
    assert check_labels(ads, matcher.vocabulary) == []
    assert all(a.headline and a.text for a in ads)


@pytest.mark.parametrize(("split", "sections"), list(OVERALL_FLOORS))
def test_overall_floors(
    ads: list, matcher: SkillMatcher, split: str, sections: tuple[str, ...] | None
) -> None:
    subset = ads if split == "all" else [a for a in ads if a.split == split]
    report = evaluate(subset, matcher, sections=sections)
    precision, recall, f1, section = OVERALL_FLOORS[(split, sections)]
    s = report.overall
    assert s.precision >= precision, (s.precision, report.errors)
    assert s.recall >= recall, (s.recall, report.errors)
    assert s.f1 >= f1
    assert report.section_accuracy >= section


def test_group_floors(ads: list, matcher: SkillMatcher) -> None:
    report = evaluate(ads, matcher)
    for group, floor in GROUP_F1_FLOORS.items():
        assert report.groups[group].f1 >= floor, (group, report.groups[group])
    assert report.macro_f1 >= 0.94
    rows = {r["group"]: r for r in report.rows()}
    assert rows["all"]["tp"] == report.overall.tp


def test_tricky_negatives_stay_negative(ads: list, matcher: SkillMatcher) -> None:
    """Ads that name no energy competence (Robot Framework, transformer models, spänning,
    drivkraft, GIS, plc …): the matcher may find at most one skill in all of them."""
    negatives = [a for a in ads if not a.gold]
    found = matcher.skill_sets([a.full_text for a in negatives])
    assert sum(len(f) for f in found) <= 1


def test_format_errors_are_clear() -> None:
    good = "### a\nlang: sv\nsplit: dev\nheadline: H\nskills: plc=merit; scada_dcs\n---\nText\n"
    (ad,) = parse_eval_file(good)
    assert ad.gold == {"plc": "merit", "scada_dcs": "other"}
    assert ad.full_text == "H\n\nText"
    with pytest.raises(EvalFormatError, match="no '---'"):
        parse_eval_file("### a\nlang: sv\n")
    with pytest.raises(EvalFormatError, match="missing"):
        parse_eval_file("### a\nlang: sv\n---\nText")
    with pytest.raises(EvalFormatError, match="section"):
        parse_eval_file(good.replace("merit", "maybe"))
    with pytest.raises(EvalFormatError, match="bad header"):
        parse_eval_file(good.replace("lang: sv", "language: sv"))


def test_duplicate_ids_are_refused(tmp_path: Path) -> None:
    ad = "### a\nlang: sv\nsplit: dev\nheadline: H\nskills: -\n---\nText\n"
    (tmp_path / "one.txt").write_text(ad, encoding="utf-8")
    (tmp_path / "two.txt").write_text(ad, encoding="utf-8")
    with pytest.raises(EvalFormatError, match="Duplicate"):
        load_eval_set(tmp_path)

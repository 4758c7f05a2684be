"""Matchmaking on constructed cases where the right suggestion (or none) is known."""

from __future__ import annotations

import random
from typing import Any

import pytest

from ecc_atlas.analysis._common import AnalysisError
from ecc_atlas.analysis.matchmaking import (
    education_suggestions,
    gap_suggestions,
    research_suggestions,
    shared_shortages,
    suggest,
    suggestion_key,
)

ORGS = [
    {"org": "A", "name": "Alfa AB", "kind": "company"},
    {"org": "B", "name": "Beta AB", "kind": "company"},
    {"org": "C", "name": "Gamma AB", "kind": "company"},
    {"org": "D", "name": "Delta AB", "kind": "company"},
    {"org": "E", "name": "Epsilon AB", "kind": "company"},
    {"org": "F", "name": "Zeta AB", "kind": "company"},
    {"org": "U", "name": "Universitetet", "kind": "academia"},
    {"org": "I", "name": "Institutet", "kind": "institute"},
]


def _answer(org: str, ssyk: str, difficulty: int, planned: int, skills: Any = (), horizon: int = 5):
    return {"org": org, "ssyk": ssyk, "difficulty": difficulty, "planned_recruitments": planned,
            "skills": list(skills), "horizon_years": horizon}  # fmt: skip


ANSWERS = [
    _answer("A", "2143", 5, 10, ["battery"]),
    _answer("A", "2143", 4, 4, horizon=1),  # a shorter horizon of the same need
    _answer("B", "2143", 4, 6),
    _answer("C", "2143", 4, 4),
    _answer("D", "2143", 2, 20),  # no shortage
    _answer("E", "3113", 5, 3, ["battery"]),
    _answer("F", "3113", 4, 2),
    _answer("D", "7411", 5, 5),  # only one employer short
]
# planned recruitments: per employer × SSYK the largest horizon: 10 + 6 + 4 + 20 + 3 + 2 + 5
TOTAL = 50


def _project(pid: int, kind: str, status: str, orgs: list[str], occ=(), skills=(), title=""):
    return {"project_id": pid, "title": title or f"P{pid}", "kind": kind, "status": status,
            "occupations": list(occ), "skills": list(skills), "organisations": orgs}  # fmt: skip


def _by(suggestions: list, **match: Any) -> list:
    return [
        s for s in suggestions
        if all(getattr(s, k) == v for k, v in match.items())
    ]  # fmt: skip


def test_shared_shortage_score_and_reason() -> None:
    found = shared_shortages(
        ANSWERS, ORGS, occupation_labels={"2143": ("Elingenjörer", "Electrical engineers")}
    )
    [occ] = _by(found, occupations=("2143",))
    assert [a.id for a in occ.organisations] == ["A", "B", "C"]
    # 3 employers × mean difficulty (5+4+4)/3 × (1 + 20/50)
    assert occ.score == pytest.approx(3 * (13 / 3) * (1 + 20 / TOTAL))
    assert occ.parts == {"employers": 3, "mean_difficulty": pytest.approx(13 / 3, abs=1e-4),
                         "recruitments": 20, "recruitment_share": 0.4}  # fmt: skip
    assert "Electrical engineers (2143)" in occ.reason_en
    assert "Alfa AB, Beta AB, Gamma AB" in occ.reason_en
    # long groups name the first eight and count the rest
    many = [_answer(f"X{i:02d}", "8191", 4, 1) for i in range(11)]
    [big] = shared_shortages(many, [{"org": f"X{i:02d}", "name": f"Firma {i}"} for i in range(11)])
    assert len(big.organisations) == 11
    assert "Firma 7 and 3 more" in big.reason_en
    assert "Firma 7 och 3 till" in big.reason_sv
    assert "Elingenjörer (2143)" in occ.reason_sv
    assert "40 %" in occ.reason_en
    assert occ.key == suggestion_key("shared_shortage", ["A", "B", "C"], ["2143"], [])
    # 3113: E and F
    [second] = _by(found, occupations=("3113",))
    assert [a.id for a in second.organisations] == ["E", "F"]
    # the same skill in two different occupations
    [skill] = _by(found, skills=("battery",))
    assert [a.id for a in skill.organisations] == ["A", "E"]
    assert skill.occupations == ()


def test_one_employer_short_gives_no_shared_shortage() -> None:
    found = shared_shortages(ANSWERS, ORGS)
    assert not _by(found, occupations=("7411",))
    assert shared_shortages([_answer("A", "2143", 5, 3)], ORGS) == []
    assert shared_shortages([], ORGS) == []


def test_shortage_addressed_by_a_running_project_is_not_suggested() -> None:
    running = _project(1, "upskilling", "running", ["E", "F"], occ=["3113"], title="Lyft 3113")
    found = shared_shortages(ANSWERS, ORGS, [running])
    assert not _by(found, occupations=("3113",))
    # a completed project does not count as working on it now
    done = {**running, "status": "completed"}
    assert _by(shared_shortages(ANSWERS, ORGS, [done]), occupations=("3113",))
    # a running project with only part of the group: the rest are suggested, and it is named
    partial = _project(2, "recruitment_campaign", "running", ["A"], occ=["2143"], title="Kampanj")
    [occ] = _by(shared_shortages(ANSWERS, ORGS, [partial]), occupations=("2143",))
    assert [a.id for a in occ.organisations] == ["B", "C"]
    assert "Kampanj" in occ.reason_en
    # a planned project counts too, and the reason says so (not "running")
    planned = {**partial, "status": "planned", "title": "Planerad kampanj"}
    [occ] = _by(shared_shortages(ANSWERS, ORGS, [planned]), occupations=("2143",))
    assert "A planned or running project already addresses it: Planerad kampanj." in occ.reason_en
    assert "Ett planerat eller pågående projekt arbetar redan med det" in occ.reason_sv


def test_threshold_and_min_employers_are_checked() -> None:
    with pytest.raises(AnalysisError, match="two employers"):
        shared_shortages(ANSWERS, ORGS, min_employers=1)
    with pytest.raises(AnalysisError, match="threshold"):
        shared_shortages(ANSWERS, ORGS, threshold=6)
    with pytest.raises(AnalysisError, match="outside"):
        shared_shortages([_answer("A", "2143", 7, 1)], ORGS)
    # at threshold 2, D's 2143 answer joins the group
    [occ] = _by(shared_shortages(ANSWERS, ORGS, threshold=2), occupations=("2143",))
    assert [a.id for a in occ.organisations] == ["A", "B", "C", "D"]


PROGRAMMES = [
    {"provider": "Universitetet", "provider_org": "U", "programme": "Energisystem",
     "ssyk": "2143", "year": 2023, "places": 50, "graduates": 30},
    {"provider": "Universitetet", "provider_org": "U", "programme": "Energisystem",
     "ssyk": "2143", "year": 2024, "places": 60, "graduates": 35},
    {"provider": "Yrkeshögskolan", "programme": "Elkraft", "ssyk": "2143", "year": 2024,
     "places": 20, "graduates": 15},
    {"provider": "Gymnasiet", "programme": "El", "ssyk": "7411", "year": 2024, "places": 30,
     "graduates": 25},
]  # fmt: skip


def test_education_providers_with_capacity() -> None:
    found = education_suggestions(ANSWERS, ORGS, PROGRAMMES)
    [eng] = _by(found, occupations=("2143",))
    ids = [a.id for a in eng.organisations]
    assert ids == ["U", "provider:Yrkeshögskolan", "A", "B", "C"]
    assert eng.parts["places"] == 80  # latest year: 60 + 20
    assert eng.parts["graduates"] == 50
    assert "80 places and 50 graduates (2024)" in eng.reason_en
    # one employer short is enough for this kind
    [el] = _by(found, occupations=("7411",))
    assert [a.id for a in el.organisations] == ["provider:Gymnasiet", "D"]
    assert el.score == pytest.approx(1 * 5 * (1 + 5 / TOTAL))
    # no programme leads to 3113: nothing to suggest
    assert not _by(found, occupations=("3113",))


def test_research_projects_and_academics_on_the_skill() -> None:
    research = _project(
        10, "research", "running", ["U", "D"], skills=["battery"], title="Batterier"
    )
    course = _project(11, "upskilling", "running", ["I", "F"], skills=["battery"])
    found = research_suggestions(ANSWERS, ORGS, [research, course])
    for employer in ("A", "E"):
        [via_project] = [s for s in found if s.organisations[0].id == employer
                         and s.details and s.details[0]["project_id"] == 10]  # fmt: skip
        assert [a.id for a in via_project.organisations] == [employer, "U"]
        assert via_project.skills == ("battery",)
        assert via_project.score == 5.0  # difficulty 5 × 1 matched skill
        assert "Batterier" in via_project.reason_en
        [via_institute] = [s for s in found if s.organisations[0].id == employer
                           and [a.id for a in s.organisations] == [employer, "I"]]  # fmt: skip
        assert via_institute.score == 5.0
    # B, C and F name no skill and no research project works on their occupations
    assert {s.organisations[0].id for s in found} == {"A", "E"}


def test_no_research_suggestion_when_already_taking_part() -> None:
    research = _project(10, "research", "running", ["U", "A"], occ=["2143"], skills=["battery"])
    found = research_suggestions(ANSWERS, ORGS, [research])
    assert not [s for s in found if s.organisations[0].id == "A"]
    # B and C would match on the occupation alone: not enough for research; E needs the skill
    assert [s.organisations[0].id for s in found] == ["E"]
    # E needs the skill; the project also addresses E's occupation: difficulty 5 × (1 + 1)
    both = {**research, "occupations": ["3113"]}
    [e] = research_suggestions(ANSWERS, ORGS, [both])
    assert (e.organisations[0].id, e.occupations, e.skills, e.score) == (
        "E", ("3113",), ("battery",), 10.0)  # fmt: skip
    assert "1 skill(s) + the occupation" in e.reason_en
    cancelled = {**research, "status": "cancelled", "organisations": ["U"]}
    assert research_suggestions(ANSWERS, ORGS, [cancelled]) == []


EMERGING = [
    {"skill_id": "hydrogen", "emerging": True, "recent_ads": 40, "share_ratio": 2.5, "z": 4.2},
    {"skill_id": "battery", "emerging": True, "recent_ads": 60, "share_ratio": None, "z": 6.0},
    {"skill_id": "welding", "emerging": False, "recent_ads": 90, "share_ratio": 1.1, "z": 0.3},
    {"skill_id": "heat_pumps", "emerging": True, "recent_ads": 15, "share_ratio": 1.8, "z": 2.1},
]
SKILL_SSYK = {"hydrogen": ["2146"], "battery": ["2143"], "welding": ["7212"],
              "heat_pumps": ["7126"]}  # fmt: skip


def test_gap_only_for_emerging_skills_nobody_teaches() -> None:
    teaching = _project(5, "upskilling", "planned", ["A"], skills=["heat_pumps"])
    research = _project(6, "research", "running", ["U"], skills=["hydrogen"])
    programme_skills = {"Yrkeshögskolan: Batteriteknik": {"battery"}, "Gymnasiet: El": set()}
    found = gap_suggestions(EMERGING, programme_skills, [teaching, research],
                            skill_ssyk=SKILL_SSYK,
                            skill_labels={"hydrogen": ("Vätgas", "Hydrogen")})  # fmt: skip
    # battery: a programme names it; welding: not emerging; heat pumps: an upskilling
    # project teaches it; hydrogen: only researched, which teaches nobody
    assert [s.skills for s in found] == [("hydrogen",)]
    [gap] = found
    assert gap.score == 4.2
    assert gap.organisations == ()
    assert gap.occupations == ("2146",)
    assert gap.reason_en.startswith("Hydrogen is emerging in job ads (40 ads")
    assert "×2.5" in gap.reason_en
    assert gap.reason_sv.startswith("Vätgas växer")
    # once the upskilling project is cancelled, heat pumps is a gap too
    cancelled = {**teaching, "status": "cancelled"}
    found = gap_suggestions(EMERGING, programme_skills, [cancelled], skill_ssyk=SKILL_SSYK)
    assert {s.skills for s in found} == {("hydrogen",), ("heat_pumps",)}
    # leading to a linked occupation does not cover a skill: without the naming programme,
    # battery is a gap although programmes lead to 2143
    found = gap_suggestions(EMERGING, {}, [teaching], skill_ssyk=SKILL_SSYK)
    assert {s.skills for s in found} == {("hydrogen",), ("battery",)}


def test_suggest_ranks_all_kinds_and_keys_are_stable() -> None:
    research = _project(10, "research", "running", ["U"], skills=["battery"])
    kwargs = {"programmes": PROGRAMMES, "emerging": EMERGING, "skill_ssyk": SKILL_SSYK,
              "projects": [research]}  # fmt: skip
    first = suggest(ANSWERS, ORGS, **kwargs)
    assert {s.kind for s in first} == {"shared_shortage", "education", "research", "gap"}
    scores = [s.score for s in first]
    assert scores == sorted(scores, reverse=True)
    shuffled = list(ANSWERS)
    random.Random(3).shuffle(shuffled)
    again = suggest(shuffled, list(reversed(ORGS)), **kwargs)
    assert [s.key for s in again] == [s.key for s in first]
    assert len({s.key for s in first}) == len(first)
    # a new employer with the same shortage makes it a new suggestion
    more = suggest([*ANSWERS, _answer("B", "3113", 4, 1)], ORGS, **kwargs)
    keys = {s.key for s in _by(more, kind="shared_shortage", occupations=("3113",))}
    assert keys.isdisjoint({s.key for s in first})
    as_json = first[0].to_json()
    assert set(as_json) >= {"kind", "score", "reason", "organisations", "occupations", "skills",
                            "key"}  # fmt: skip
    assert set(as_json["reason"]) == {"sv", "en"}


def test_a_programme_in_several_kommuner_and_occupations_counts_every_row() -> None:
    # the programmes dataset has one row per provider, programme, kommun, year and SSYK
    programmes = [
        {"provider": "YH", "programme": "Elkraft", "ssyk": "3113", "year": 2024,
         "places": 30, "graduates": 20, "kommun_code": "1980"},
        {"provider": "YH", "programme": "Elkraft", "ssyk": "3113", "year": 2024,
         "places": 10, "graduates": 5, "kommun_code": "1984"},
        {"provider": "YH", "programme": "Elkraft", "ssyk": "7411", "year": 2024,
         "places": 12, "graduates": 8, "kommun_code": "1980"},
        {"provider": "YH", "programme": "Elkraft", "ssyk": "3113", "year": 2023,
         "places": 99, "graduates": 99, "kommun_code": "1980"},  # an earlier year
    ]  # fmt: skip
    answers = [_answer("E", "3113", 5, 3), _answer("D", "7411", 5, 5)]
    found = education_suggestions(answers, ORGS, programmes)
    [el] = _by(found, occupations=("3113",))
    assert (el.parts["places"], el.parts["graduates"]) == (40, 25)  # both kommuner of 2024
    assert "40 places and 25 graduates (2024)" in el.reason_en
    # the same programme also leads to 7411: that shortage gets its providers too
    [installer] = _by(found, occupations=("7411",))
    assert (installer.parts["places"], installer.parts["graduates"]) == (12, 8)


def test_the_need_takes_the_largest_planned_recruitments_of_all_horizons() -> None:
    # docs: several horizons count once — the highest difficulty and the largest planned
    # recruitments — also when the horizon with the most recruitments is not a shortage
    answers = [
        _answer("A", "2143", 5, 2, horizon=1),
        _answer("A", "2143", 2, 10, horizon=5),
        _answer("B", "2143", 4, 10, horizon=5),
    ]
    [shared] = shared_shortages(answers, ORGS)
    assert shared.parts["recruitments"] == 20
    assert shared.parts["recruitment_share"] == 1.0
    assert shared.score == pytest.approx(2 * 4.5 * (1 + 20 / 20))

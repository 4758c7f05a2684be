"""The demo's collaboration generator: deterministic, plausible, consistent."""

from __future__ import annotations

from datetime import date

import pytest

from ecc_atlas import demo
from ecc_atlas.analysis import training
from ecc_atlas.demo.collaboration import generate_collaboration

TODAY = date(2026, 11, 1)


@pytest.fixture(scope="module")
def data() -> demo.DemoData:
    return demo.generate(demo.DEFAULT_SEED)


def _generate(data: demo.DemoData, seed: int, today: date = TODAY):
    providers = sorted(set(data.programmes.column("provider").to_pylist()))
    return generate_collaboration(seed, data.organisations, providers=providers, today=today)


def test_same_seed_same_records(data: demo.DemoData) -> None:
    assert _generate(data, 7) == _generate(data, 7)
    assert _generate(data, 7) != _generate(data, 8)


def test_records_are_consistent(data: demo.DemoData) -> None:
    generated = _generate(data, demo.DEFAULT_SEED)
    numbers = {o.org_number for o in data.organisations}
    kinds = {o.org_number: o.kind for o in data.organisations}
    assert {p.kind for p in generated.projects} == {
        "education_programme", "upskilling", "research", "outreach", "recruitment_campaign"
    }  # fmt: skip
    assert all(2019 <= p.starts_on.year <= 2026 for p in generated.projects)
    for project in generated.projects:
        assert project.ends_on is None or project.ends_on >= project.starts_on
        assert {number for number, _ in project.participants} <= numbers
        assert sum(role == "lead" for _, role in project.participants) == 1
        if project.status == "completed":
            assert project.ends_on is not None
            assert project.ends_on < TODAY
    for meeting in generated.meetings:
        assert {number for number, _ in meeting.participants} <= numbers
        assert all(people >= 1 for _, people in meeting.participants)
        assert all(url.startswith("/") for _, url in meeting.analyses_shown)
        for action in meeting.actions:
            assert (action.status == "open") == (action.closed_on is None)
            if action.status == "done":
                assert action.outcome
    actions = [a for m in generated.meetings for a in m.actions]
    assert any(a.status == "open" and a.due_on < TODAY for a in actions)
    assert any(a.status == "open" and a.due_on >= TODAY for a in actions)
    assert any(a.status == "done" for a in actions)
    for effort in generated.efforts:
        assert effort.provider is None or effort.provider in numbers
        assert len({p.org_number for p in effort.participations}) == len(effort.participations)
        for p in effort.participations:
            assert kinds[p.org_number] == "company"
            assert 0 <= p.completed <= p.women + p.men
            assert p.hours == (p.women + p.men) * effort.hours_per_participant


def test_programme_has_a_real_programmes_shape(data: demo.DemoData) -> None:
    generated = _generate(data, demo.DEFAULT_SEED)
    rows = [
        {
            "effort_id": i, "effort": e.title, "project": e.project_key or "", "provider": "",
            "starts_on": e.starts_on, "ends_on": e.ends_on, "org_number": p.org_number,
            "organisation": "", "ssyk": p.ssyk, "participants_women": p.women,
            "participants_men": p.men, "hours": p.hours, "completed": p.completed,
        }
        for i, e in enumerate(generated.efforts)
        if e.project_key == "p01"
        for p in e.participations
    ]  # fmt: skip
    figures = training.training_figures(rows)
    assert 20 <= figures.companies <= 40
    assert 500 <= figures.participants <= 2000
    assert 5_000 <= figures.hours <= 100_000
    assert 100 <= figures.efforts <= 300
    assert 0 < figures.women < figures.men


def test_too_few_companies_is_refused(data: demo.DemoData) -> None:
    few = [o for o in data.organisations if o.kind != "company"]
    with pytest.raises(ValueError, match="ten companies"):
        generate_collaboration(1, few)


def test_projects_address_real_occupations_and_skills_of_their_theme(
    data: demo.DemoData,
) -> None:
    from ecc_atlas import reference
    from ecc_atlas.reference.skills import skill_vocabulary

    vocabulary = skill_vocabulary()
    for project in _generate(data, 1).projects:
        assert project.occupations, project.title
        for code in project.occupations:
            assert reference.ssyk_unit(code).code == code
        for skill_id in project.skills:
            vocabulary.skill(skill_id)  # raises for an unknown id
    projects = _generate(data, 1).projects
    research = [p for p in projects if p.kind == "research"]
    assert all(p.skills for p in research)  # matchmaking links needs to research by skill
    battery = next(p for p in projects if "Batteri" in p.title)
    assert {"battery_systems", "battery_cells"} <= set(battery.skills)

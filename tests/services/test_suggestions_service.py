"""Suggestions and the network from the records: which inputs are read, and decisions."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from ecc_atlas.identifiers import luhn_check_digit
from ecc_atlas.services import network as network_service
from ecc_atlas.services.suggestions import build_suggestions

pytestmark = pytest.mark.django_db


def _org(stem: str, name: str, kind: str = "company") -> Any:
    from ecc_atlas.web.registry.models import Organisation

    return Organisation.objects.create(
        org_number=stem + str(luhn_check_digit(stem)), name=name, kind=kind
    )


def _respond(survey_round: Any, org: Any, status: str, ssyk: str, difficulty: int) -> None:
    from ecc_atlas.web.survey.models import SurveyAnswer, SurveyResponse

    response = SurveyResponse.objects.create(round=survey_round, organisation=org, status=status)
    SurveyAnswer.objects.create(
        response=response, ssyk=ssyk, horizon_years=5, planned_recruitments=3,
        difficulty=difficulty, skills=["hydrogen"] if ssyk == "2146" else [],
    )  # fmt: skip


def _mine(result: Any, name: str) -> list[Any]:
    return [s for s in result.open if any(a.name == name for a in s.organisations)]


@pytest.fixture
def orgs(db: None) -> dict[str, Any]:
    return {
        "a": _org("559844001", "Svctest A AB"),
        "b": _org("559844002", "Svctest B AB"),
        "c": _org("559844003", "Svctest C AB"),
        "school": _org("559844004", "Svctest Skolan", "academia"),
    }


def test_latest_round_with_submitted_answers_only(orgs: dict[str, Any]) -> None:
    from ecc_atlas.web.survey.models import SurveyRound

    old = SurveyRound.objects.create(year=2095, status="closed")
    _respond(old, orgs["a"], "submitted", "7411", 5)
    _respond(old, orgs["b"], "submitted", "7411", 5)
    new = SurveyRound.objects.create(year=2096, status="closed")
    _respond(new, orgs["a"], "submitted", "3113", 4)
    _respond(new, orgs["b"], "submitted", "3113", 5)
    _respond(new, orgs["c"], "draft", "3113", 5)  # not submitted: not counted
    result = build_suggestions({"programmes": []}, kind="shared_shortage")
    [shared] = _mine(result, "Svctest A AB")
    assert shared.occupations == ("3113",)
    assert [a.name for a in shared.organisations] == ["Svctest A AB", "Svctest B AB"]
    assert result.sources["needs"] == "survey round 2096 (submitted responses)"
    # a later round without submitted responses does not replace it
    SurveyRound.objects.create(year=2097, status="open")
    assert build_suggestions({}).sources["needs"].startswith("survey round 2096")


def test_providers_are_matched_to_registry_organisations(orgs: dict[str, Any]) -> None:
    from ecc_atlas.web.survey.models import SurveyRound

    survey_round = SurveyRound.objects.create(year=2095, status="closed")
    _respond(survey_round, orgs["a"], "submitted", "3113", 5)
    programmes = [{"provider": "SVCTEST SKOLAN", "programme": "El", "ssyk": "3113",
                   "year": 2024, "places": 10, "graduates": 8}]  # fmt: skip
    result = build_suggestions({"programmes": programmes}, kind="education")
    [education] = _mine(result, "Svctest A AB")
    provider = education.organisations[0]
    assert (provider.id, provider.role) == (orgs["school"].org_number, "provider")


def test_hiring_plans_when_no_round_has_answers(orgs: dict[str, Any]) -> None:
    from ecc_atlas.web.survey.models import SurveyResponse

    SurveyResponse.objects.all().delete()  # inside this test's transaction (rolled back)
    plans = [
        {"org": orgs["a"].org_number, "ssyk": "8191", "difficulty": 5,
         "planned_recruitments": 2, "skills": []},
        {"org": orgs["c"].org_number, "ssyk": "8191", "difficulty": 4,
         "planned_recruitments": 1, "skills": []},
    ]  # fmt: skip
    inputs = {"hiring_plans": plans, "sources": {"hiring_plans": "hiring_plans (2024)"}}
    result = build_suggestions(inputs, kind="shared_shortage")
    assert result.sources["needs"] == "hiring_plans (2024)"
    [shared] = _mine(result, "Svctest C AB")
    assert shared.occupations == ("8191",)


def test_decisions_are_never_dropped_silently(orgs: dict[str, Any]) -> None:
    from django.contrib.auth import get_user_model

    from ecc_atlas.web.collaboration.models import SuggestionDecision
    from ecc_atlas.web.survey.models import SurveyRound

    survey_round = SurveyRound.objects.create(year=2095, status="closed")
    _respond(survey_round, orgs["a"], "submitted", "2146", 5)
    _respond(survey_round, orgs["b"], "submitted", "2146", 4)
    result = build_suggestions({}, kind="shared_shortage")
    keys = {s.key for s in _mine(result, "Svctest A AB")}
    assert len(keys) == 2  # the occupation 2146 and the skill hydrogen
    analyst = get_user_model().objects.create_user("svctest_analyst")
    first, second = sorted(keys)
    SuggestionDecision.objects.create(key=first, kind="shared_shortage", decision="acted",
                                      decided_by=analyst, note="old")  # fmt: skip
    SuggestionDecision.objects.create(key=first, kind="shared_shortage", decision="dismissed",
                                      decided_by=analyst, note="latest wins")  # fmt: skip
    SuggestionDecision.objects.create(key="shared_shortage:gone", kind="shared_shortage",
                                      decision="dismissed", decided_by=analyst)  # fmt: skip
    result = build_suggestions({}, kind="shared_shortage")
    assert {s.key for s in _mine(result, "Svctest A AB")} == {second}
    decided = {d.key: d for d in result.decided}
    assert decided[first].note == "latest wins"
    assert decided[first].suggestion is not None
    assert decided["shared_shortage:gone"].suggestion is None
    assert build_suggestions({}, kind="education").decided == []
    with pytest.raises(ValueError, match="Unknown kind"):
        build_suggestions({}, kind="nonsense")


def test_network_service_reads_projects_and_meetings(orgs: dict[str, Any]) -> None:
    from django.contrib.auth import get_user_model

    from ecc_atlas.web.accounts.models import Membership
    from ecc_atlas.web.collaboration.models import (
        Meeting,
        MeetingParticipant,
        Participation,
        Project,
    )

    project = Project.objects.create(
        title="Svctest", kind="upskilling", starts_on=date(2093, 2, 1), ends_on=date(2094, 6, 1)
    )
    for role in ("lead", "funder"):
        Participation.objects.create(project=project, organisation=orgs["a"], role=role)
    Participation.objects.create(project=project, organisation=orgs["school"], role="provider")
    meeting = Meeting.objects.create(date=date(2094, 3, 1), title="Svctest meeting")
    for org in (orgs["a"], orgs["school"], orgs["b"]):
        MeetingParticipant.objects.create(meeting=meeting, organisation=org)
    rows = [r for r in network_service.affiliations() if r["event_id"] in
            (f"project:{project.pk}", f"meeting:{meeting.pk}")]  # fmt: skip
    assert len(rows) == 5  # one organisation in two roles counts once
    view = network_service.network_view(year_from=2094, year_to=2094)
    ties = {(r["source"], r["target"]): r["weight"] for r in view.ties.to_pylist()}
    a, b, school = (orgs[k].org_number for k in ("a", "b", "school"))
    assert ties[tuple(sorted((a, school)))] == 2  # the project and the meeting
    assert ties[tuple(sorted((a, b)))] == 1
    assert {2093, 2094} <= set(view.years)
    member = get_user_model().objects.create_user("svctest_member")
    Membership.objects.create(user=member, organisation=orgs["c"])
    view = network_service.network_view(year_from=2094, year_to=2094)
    assert orgs["c"].org_number in view.never_collaborated["org"].to_pylist()
    assert a not in view.never_collaborated["org"].to_pylist()


def test_warehouse_inputs(tmp_path: Any) -> None:
    import pyarrow as pa

    from ecc_atlas.config import load_settings
    from ecc_atlas.demo.ads import generate_job_ads
    from ecc_atlas.services.context import AnalysisContext
    from ecc_atlas.services.suggestions import warehouse_inputs
    from ecc_atlas.warehouse import Catalog

    config = load_settings(home=tmp_path)
    plans = pa.table(
        {
            "org_number": ["5566778899", "5566778899", "5566778800"],
            "survey_year": pa.array([2023, 2024, 2024], pa.int32()),
            "ssyk": ["3113", "3113", "2143"],
            "horizon_years": pa.array([5, 5, 5], pa.int32()),
            "planned_hires": pa.array([9, 4, 2], pa.int64()),
            "recruitment_difficulty": pa.array([2, 5, 4], pa.int64()),
        }
    )
    programmes = pa.table({"provider": ["P"], "programme": ["X"], "ssyk": ["3113"],
                           "year": pa.array([2024], pa.int32())})  # fmt: skip
    with Catalog(config.warehouse_dir).transaction() as staging:
        staging.write("hiring_plans", plans, source="test")
        staging.write("programmes", programmes, source="test")
        staging.write("job_ads", generate_job_ads(3, ads_per_month=6.0), source="test")
    ctx = AnalysisContext.from_settings(config, decisions_provider=lambda: pa.table({}))
    inputs = warehouse_inputs(ctx)
    assert inputs["hiring_plans"] == [
        {"org": "5566778899", "ssyk": "3113", "difficulty": 5, "planned_recruitments": 4,
         "skills": []},
        {"org": "5566778800", "ssyk": "2143", "difficulty": 4, "planned_recruitments": 2,
         "skills": []},
    ]  # fmt: skip
    assert inputs["programmes"][0]["provider"] == "P"
    assert inputs["sources"]["hiring_plans"] == "hiring_plans (2024)"
    assert inputs["sources"]["emerging"] == "job_ads (region 19)"
    emerging = inputs["emerging"]
    assert emerging
    assert set(emerging[0]) == {"skill_id", "emerging", "recent_ads", "share_ratio", "z"}

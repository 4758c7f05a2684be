"""The matchmaking page: ranked suggestions with reasons, acting on and dismissing them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from django.test import Client

from ecc_atlas.config import load_settings
from ecc_atlas.identifiers import luhn_check_digit
from ecc_atlas.warehouse import Catalog
from ecc_atlas.web.dashboard import data as dashboard_data

pytestmark = pytest.mark.django_db
URL = "/collaboration/suggestions/"


def _number(stem: str) -> str:
    return stem + str(luhn_check_digit(stem))


@pytest.fixture
def world(tmp_path: Path, settings: Any) -> Iterator[dict[str, Any]]:
    from django.contrib.auth import get_user_model

    from ecc_atlas.web.accounts.models import Membership
    from ecc_atlas.web.accounts.roles import set_role
    from ecc_atlas.web.registry.models import Organisation
    from ecc_atlas.web.survey.models import SurveyAnswer, SurveyResponse, SurveyRound

    config = load_settings(home=tmp_path)
    programmes = pa.table(
        {
            "provider": ["Matchtest Yrkeshögskola"],
            "programme": ["Elkraft"],
            "ssyk": ["3113"],
            "year": pa.array([2024], pa.int32()),
            "places": [30],
            "graduates": [22],
        }
    )
    with Catalog(config.warehouse_dir).transaction() as staging:
        staging.write("programmes", programmes, source="test", synthetic=True)
    settings.ECC_ATLAS = config
    dashboard_data.clear_cache()
    users = get_user_model()
    out: dict[str, Any] = {}
    survey_round = SurveyRound.objects.create(year=2098, status="closed")
    for label, stem, difficulty in (("a", "559866001", 5), ("b", "559866002", 4)):
        org = Organisation.objects.create(org_number=_number(stem), name=f"Matchtest {label} AB")
        response = SurveyResponse.objects.create(
            round=survey_round, organisation=org, status="submitted"
        )
        SurveyAnswer.objects.create(
            response=response, ssyk="3113", horizon_years=3, planned_recruitments=4,
            difficulty=difficulty, skills=["high_voltage"],
        )  # fmt: skip
        member = users.objects.create_user(username=f"matchtest_member_{label}")
        set_role(member, "member")
        Membership.objects.create(user=member, organisation=org)
        out[label], out[f"member_{label}"] = org, member
    analyst = users.objects.create_user(username="matchtest_analyst")
    set_role(analyst, "analyst")
    out["analyst"] = analyst
    yield out
    dashboard_data.clear_cache()


def _client(user: Any = None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _key(client: Client, kind: str = "shared_shortage") -> str:
    from ecc_atlas.services.suggestions import build_suggestions, warehouse_inputs

    del client
    ctx_inputs = dashboard_data.memo("suggestion_test_inputs", (), warehouse_inputs)
    found = build_suggestions(ctx_inputs, kind=kind).open
    [mine] = [s for s in found if {a.name for a in s.organisations} >= {"Matchtest a AB"}
              and s.occupations == ("3113",)]  # fmt: skip
    return mine.key


def test_analyst_sees_ranked_suggestions_with_reasons(world: dict[str, Any]) -> None:
    page = _client(world["analyst"]).get("/en" + URL)
    assert page.status_code == 200
    text = page.content.decode()
    assert "2 employers report a shortage of" in text
    assert "Matchtest a AB, Matchtest b AB" in text
    assert "Matchtest Yrkeshögskola: Elkraft (30 places, 22 graduates 2024)" in text
    assert "survey round 2098 (submitted responses)" in text
    swedish = _client(world["analyst"]).get(URL).content.decode()
    assert "arbetsgivare rapporterar brist" in swedish
    only = _client(world["analyst"]).get("/en" + URL, {"kind": "education"}).content.decode()
    assert "2 employers report a shortage of" not in only
    assert "Programmes leading to it" in only


def test_dismiss_needs_a_note_and_is_recorded(world: dict[str, Any]) -> None:
    from ecc_atlas.web.accounts.models import AuditEvent
    from ecc_atlas.web.collaboration.models import SuggestionDecision

    client = _client(world["analyst"])
    key = _key(client)
    answer = client.post(URL, {"key": key, "decision": "dismissed", "note": ""})
    assert answer.status_code == 302
    assert not SuggestionDecision.objects.filter(key=key).exists()
    answer = client.post(URL, {"key": key, "decision": "dismissed", "note": "Too small"})
    assert answer.status_code == 302
    decision = SuggestionDecision.objects.get(key=key)
    assert (decision.decision, decision.note, decision.kind) == ("dismissed", "Too small",
                                                                 "shared_shortage")  # fmt: skip
    assert decision.decided_by == world["analyst"]
    event = AuditEvent.objects.get(action="collaboration.suggestion_decision")
    assert event.details["key"] == key
    page = client.get("/en" + URL).content.decode()
    assert f'data-key="{key}"' not in page  # no longer open …
    decided = page.split('data-testid="decided-table"')[1]
    assert "Too small" in decided  # … but listed as decided, with the reason
    assert "matchtest_analyst" in decided
    assert "2 employers report a shortage of" in decided
    # a second decision on a key that is no longer open records nothing
    client.post(URL, {"key": key, "decision": "acted", "note": "x"})
    assert SuggestionDecision.objects.filter(key=key).count() == 1


def test_act_on_it_creates_a_draft_project_and_links_a_meeting(world: dict[str, Any]) -> None:
    from datetime import date

    from ecc_atlas.web.collaboration.models import Meeting, Project, SuggestionDecision

    meeting = Meeting.objects.create(date=date(2098, 3, 1), title="Matchtest round table")
    client = _client(world["analyst"])
    key = _key(client)
    answer = client.post(
        URL,
        {"key": key, "decision": "acted", "note": "Joint course", "create_project": "1",
         "meeting": str(meeting.pk)},
    )  # fmt: skip
    assert answer.status_code == 302
    decision = SuggestionDecision.objects.get(key=key)
    assert decision.decision == "acted"
    assert decision.meeting == meeting
    project = decision.project
    assert project is not None
    assert (project.kind, project.status, project.occupations) == ("upskilling", "planned",
                                                                   ["3113"])  # fmt: skip
    names = set(project.participations.values_list("organisation__name", flat=True))
    assert names == {"Matchtest a AB", "Matchtest b AB"}
    assert Project.objects.filter(pk=project.pk, created_by=world["analyst"]).exists()
    from ecc_atlas.web.accounts.models import AuditEvent

    created = AuditEvent.objects.get(action="collaboration.project")
    assert created.details == {"change": "create", "suggestion": key}
    # the project now addresses the shortage: the suggestion does not come back
    page = client.get("/en" + URL).content.decode()
    assert f'data-key="{key}"' not in page


def test_unknown_key_and_decision_record_nothing(world: dict[str, Any]) -> None:
    from ecc_atlas.web.collaboration.models import SuggestionDecision

    client = _client(world["analyst"])
    before = SuggestionDecision.objects.count()
    assert client.post(URL, {"key": "gap:0000", "decision": "acted"}).status_code == 302
    assert client.post(URL, {"key": _key(client), "decision": "maybe"}).status_code == 400
    assert SuggestionDecision.objects.count() == before


def test_members_and_visitors_are_kept_out(world: dict[str, Any]) -> None:
    from ecc_atlas.web.collaboration.models import SuggestionDecision

    member = _client(world["member_a"])
    assert member.get(URL).status_code == 403
    assert member.post(URL, {"key": "x", "decision": "dismissed", "note": "n"}).status_code == 403
    visitor = _client()
    answer = visitor.get(URL)
    assert answer.status_code == 302
    assert "login" in answer["Location"]
    assert not SuggestionDecision.objects.filter(key="x").exists()


def _fake_list(count: int, kind: str = "gap") -> Any:
    from ecc_atlas.analysis.matchmaking import Suggestion
    from ecc_atlas.services.suggestions import SuggestionList

    return SuggestionList(
        open=[
            Suggestion(
                kind=kind,
                score=100.0 - i,
                reason_sv=f"Skäl nummer {i:02d}.",
                reason_en=f"Reason number {i:02d}.",
                organisations=(),
                occupations=(),
                skills=(f"pagetest_skill_{i:02d}",),
                key=f"{kind}:pagetest{i:08d}",
            )
            for i in range(count)
        ],
        decided=[],
    )


def test_open_suggestions_are_paginated_and_keep_the_kind(
    world: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from ecc_atlas.web.collaboration import views_suggestions

    asked: list[str | None] = []

    def fake(kind: str | None = None) -> Any:
        asked.append(kind)
        return _fake_list(30)

    monkeypatch.setattr(views_suggestions, "_current", fake)
    client = _client(world["analyst"])
    first = client.get("/en" + URL, {"kind": "gap"}).content.decode()
    assert asked[-1] == "gap"
    assert first.count('data-testid="suggestion"') == 25
    assert "Reason number 00." in first
    assert "Reason number 24." in first
    assert "Reason number 25." not in first
    assert "Open suggestions (30)" in first
    assert "Showing 1–25 of 30." in first
    assert 'href="/en/collaboration/suggestions/?kind=gap&amp;page=2" rel="next"' in first
    assert 'rel="prev"' not in first
    assert 'action="/en/collaboration/suggestions/?kind=gap"' in first
    second = client.get("/en" + URL, {"kind": "gap", "page": "2"}).content.decode()
    assert second.count('data-testid="suggestion"') == 5
    assert "Reason number 25." in second
    assert "Reason number 24." not in second
    assert 'id="suggestion-26-heading">26. ' in second  # numbered across pages
    assert "Page 2 of 2" in second
    assert 'href="/en/collaboration/suggestions/?kind=gap" rel="prev"' in second
    assert 'rel="next"' not in second
    swedish = client.get(URL, {"kind": "gap", "page": "2"}).content.decode()
    assert "Sida 2 av 2" in swedish
    assert "Föregående sida" in swedish
    assert 'action="/en/collaboration/suggestions/?kind=gap&amp;page=2"' in second
    # out of range or not a number: the last or the first page, never an error
    assert "Reason number 29." in client.get("/en" + URL, {"page": "99"}).content.decode()
    assert "Reason number 00." in client.get("/en" + URL, {"page": "x"}).content.decode()
    # an unknown kind means all kinds
    client.get("/en" + URL, {"kind": "nonsense"})
    assert asked[-1] is None
    # a decision sent from page 2 returns to page 2 of the same kind
    answer = client.post(
        URL + "?kind=gap&page=2", {"key": "gap:not-open", "decision": "acted", "note": ""}
    )
    assert answer.status_code == 302
    assert answer["Location"].endswith("/collaboration/suggestions/?kind=gap&page=2")


def test_one_page_has_no_page_links(world: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    from ecc_atlas.web.collaboration import views_suggestions

    monkeypatch.setattr(views_suggestions, "_current", lambda kind=None: _fake_list(3))
    page = _client(world["analyst"]).get("/en" + URL).content.decode()
    assert page.count('data-testid="suggestion"') == 3
    assert 'data-testid="suggestions-pages"' not in page

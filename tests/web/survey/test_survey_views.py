"""Survey pages: members answer their own organisation's survey only; analysts run rounds."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from ecc_atlas.web.accounts.models import AuditEvent
from ecc_atlas.web.survey.models import SurveyAnswer, SurveyResponse, SurveyRound

pytestmark = pytest.mark.django_db

ROW_1 = {
    "ssyk": "2143",
    "horizon_years": "5",
    "planned_recruitments": "6",
    "expected_retirements": "2",
    "difficulty": "4",
    "hard_to_find": "Reläskydd och stationer",
    "skills": ["relay_protection", "substations"],
}
ROW_2 = {
    "ssyk": "7411",
    "horizon_years": "1",
    "planned_recruitments": "3",
    "expected_retirements": "0",
    "difficulty": "2",
}


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _url(name: str, year: int, org: Any) -> str:
    return reverse(name, kwargs={"year": year, "org_number": org.org_number})


def test_home_lists_own_organisation_and_open_round(
    member_a: Any, org_a: Any, org_b: Any, open_round: Any
) -> None:
    page = _client(member_a).get(reverse("survey-home"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Survey Alfa AB" in text
    assert "Survey Beta AB" not in text
    assert _url("survey-response", open_round.year, org_a) in text


def test_home_sends_analysts_to_rounds_and_visitors_to_sign_in(analyst: Any) -> None:
    page = _client(analyst).get(reverse("survey-home"))
    assert page.status_code == 302
    assert page["Location"] == reverse("survey-rounds")
    anonymous = Client().get(reverse("survey-home"))
    assert anonymous.status_code == 302
    assert "login" in anonymous["Location"]


def test_member_saves_draft_then_submits(
    member_a: Any, org_a: Any, open_round: Any, post_rows: Any
) -> None:
    client = _client(member_a)
    url = _url("survey-response", open_round.year, org_a)
    assert client.get(url).status_code == 200
    saved = client.post(url, post_rows([ROW_1, ROW_2], extra=2))
    assert saved.status_code == 302
    response = SurveyResponse.objects.get(round=open_round, organisation=org_a)
    assert response.status == "draft"
    assert response.channel == "web"
    answers = {a.ssyk: a for a in response.answers.all()}
    assert set(answers) == {"2143", "7411"}
    assert answers["2143"].skills == ["relay_protection", "substations"]
    assert answers["2143"].expected_retirements == 2
    page = client.get(url).content.decode()
    assert "Reläskydd och stationer" in page
    submitted = client.post(url, post_rows([ROW_1, ROW_2], action="submit"))
    assert submitted.status_code == 302
    response.refresh_from_db()
    assert response.status == "submitted"
    assert response.submitted_by == member_a
    assert response.submitted_at is not None
    event = AuditEvent.objects.filter(action="survey.submit").latest("pk")
    assert event.details["survey"] == open_round.year
    assert event.details["rows"] == 2


def test_saving_a_draft_reopens_a_submitted_response(
    member_a: Any, org_a: Any, open_round: Any, post_rows: Any
) -> None:
    client = _client(member_a)
    url = _url("survey-response", open_round.year, org_a)
    client.post(url, post_rows([ROW_1], action="submit"))
    assert SurveyResponse.objects.get(organisation=org_a).status == "submitted"
    client.post(url, post_rows([ROW_1, ROW_2]))
    response = SurveyResponse.objects.get(organisation=org_a)
    assert response.status == "draft"
    assert response.submitted_at is None
    assert AuditEvent.objects.filter(action="survey.reopen").exists()


def test_removing_a_row(member_a: Any, org_a: Any, open_round: Any, post_rows: Any) -> None:
    client = _client(member_a)
    url = _url("survey-response", open_round.year, org_a)
    client.post(url, post_rows([ROW_1, ROW_2]))
    client.post(url, post_rows([ROW_1, {**ROW_2, "DELETE": "on"}]))
    assert list(SurveyAnswer.objects.values_list("ssyk", flat=True)) == ["2143"]


@pytest.mark.parametrize(
    ("rows", "action", "message"),
    [
        ([], "submit", "at least one answer row"),
        ([ROW_1, ROW_1], "save", "are both for 2143"),
        ([{**ROW_1, "ssyk": "9999"}], "save", "9999"),
        ([{**ROW_1, "difficulty": "7"}], "save", "7"),
        ([{**ROW_1, "planned_recruitments": "-3"}], "save", "0"),
        ([{**ROW_1, "skills": ["no_such_skill"]}], "save", "no_such_skill"),
    ],
)
def test_invalid_answers_change_nothing(
    member_a: Any,
    org_a: Any,
    open_round: Any,
    post_rows: Any,
    rows: list[dict[str, Any]],
    action: str,
    message: str,
) -> None:
    client = _client(member_a)
    url = _url("survey-response", open_round.year, org_a)
    client.post(url, post_rows([ROW_2]))
    page = client.post(url, post_rows(rows, action=action))
    assert page.status_code == 400
    assert message in page.content.decode()
    response = SurveyResponse.objects.get(organisation=org_a)
    assert response.status == "draft"
    assert list(response.answers.values_list("ssyk", flat=True)) == ["7411"]


def test_member_of_a_cannot_see_or_change_b(
    member_a: Any, member_b: Any, org_b: Any, open_round: Any, post_rows: Any
) -> None:
    own = _client(member_b)
    url = _url("survey-response", open_round.year, org_b)
    own.post(url, post_rows([{**ROW_1, "hard_to_find": "SECRET-B-NEEDS"}], action="submit"))
    before = list(SurveyAnswer.objects.filter(response__organisation=org_b).values())
    intruder = _client(member_a)
    for name in ("survey-response", "survey-template"):
        page = intruder.get(_url(name, open_round.year, org_b))
        assert page.status_code == 404
        assert b"SECRET-B-NEEDS" not in page.content
    assert intruder.post(url, post_rows([ROW_2])).status_code == 404
    upload = intruder.post(_url("survey-upload", open_round.year, org_b), {"submit": "on"})
    assert upload.status_code == 404
    assert list(SurveyAnswer.objects.filter(response__organisation=org_b).values()) == before
    assert SurveyResponse.objects.get(organisation=org_b).status == "submitted"
    home = intruder.get(reverse("survey-home")).content
    assert b"Survey Beta AB" not in home
    assert b"SECRET-B-NEEDS" not in home
    for name in ("survey-rounds",):
        assert intruder.get(reverse(name)).status_code == 403
    assert (
        intruder.get(reverse("survey-round", kwargs={"year": open_round.year})).status_code == 403
    )
    export = reverse("survey-round-export", kwargs={"year": open_round.year, "fmt": "csv"})
    assert intruder.get(export).status_code == 403
    action = reverse("survey-round-action", kwargs={"year": open_round.year})
    assert intruder.post(action, {"action": "close"}).status_code == 403
    open_round.refresh_from_db()
    assert open_round.is_open


def test_closed_round_is_read_only(
    member_a: Any, org_a: Any, open_round: Any, post_rows: Any
) -> None:
    client = _client(member_a)
    url = _url("survey-response", open_round.year, org_a)
    client.post(url, post_rows([ROW_1], action="submit"))
    SurveyRound.objects.filter(pk=open_round.pk).update(status="closed")
    page = client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "read-only" in text
    assert "Relay protection" in text  # the answers, with skill labels
    assert "4 – great difficulty" in text  # the scale's words, not only its number
    assert "5 years" in text
    assert 'name="action"' not in text
    refused = client.post(url, post_rows([ROW_2]))
    assert refused.status_code == 409
    assert list(SurveyAnswer.objects.values_list("ssyk", flat=True)) == ["2143"]
    assert SurveyResponse.objects.get(organisation=org_a).status == "submitted"


def test_unknown_round_is_404(member_a: Any, org_a: Any) -> None:
    assert _client(member_a).get(_url("survey-response", 2099, org_a)).status_code == 404


def test_analyst_creates_closes_and_exports_a_round(
    analyst: Any, member_a: Any, org_a: Any, post_rows: Any
) -> None:
    staff = _client(analyst)
    created = staff.post(
        reverse("survey-rounds"), {"year": "2093", "opens_on": "", "closes_on": "", "note": "x"}
    )
    assert created.status_code == 302
    survey_round = SurveyRound.objects.get(year=2093)
    assert survey_round.is_open
    assert survey_round.created_by == analyst
    formula = {**ROW_1, "hard_to_find": '=HYPERLINK("http://evil")'}
    _client(member_a).post(
        _url("survey-response", 2093, org_a), post_rows([formula, ROW_2], action="submit")
    )
    detail = staff.get(reverse("survey-round", kwargs={"year": 2093})).content.decode()
    assert "Survey Alfa AB" in detail
    assert "Submitted" in detail
    export = staff.get(reverse("survey-round-export", kwargs={"year": 2093, "fmt": "csv"}))
    assert export.status_code == 200
    rows = list(csv.DictReader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert len(rows) == 2
    assert rows[0]["hard_to_find"].startswith("'=")
    assert rows[0]["status"] == "submitted"
    xlsx = staff.get(reverse("survey-round-export", kwargs={"year": 2093, "fmt": "xlsx"}))
    assert xlsx.status_code == 200
    assert xlsx.content[:2] == b"PK"
    action = reverse("survey-round-action", kwargs={"year": 2093})
    assert staff.post(action, {"action": "close"}).status_code == 302
    survey_round.refresh_from_db()
    assert not survey_round.is_open
    assert AuditEvent.objects.filter(action="survey.round", details__action="close").exists()


def test_analyst_publishes_a_closed_round(
    analyst: Any,
    member_a: Any,
    org_a: Any,
    open_round: Any,
    post_rows: Any,
    settings: Any,
    tmp_path: Path,
) -> None:
    from ecc_atlas.config import load_settings
    from ecc_atlas.warehouse import Catalog

    settings.ECC_ATLAS = load_settings(home=tmp_path)
    _client(member_a).post(
        _url("survey-response", open_round.year, org_a), post_rows([ROW_1], action="submit")
    )
    staff = _client(analyst)
    action = reverse("survey-round-action", kwargs={"year": open_round.year})
    staff.post(action, {"action": "publish"})
    assert not (Catalog(settings.ECC_ATLAS.warehouse_dir).entries())  # open: refused
    staff.post(action, {"action": "close"})
    page = staff.post(action, {"action": "publish"}, follow=True)
    assert "Published 1 rows" in page.content.decode()
    table = Catalog(settings.ECC_ATLAS.warehouse_dir).read_arrow("hiring_plans")
    assert table.to_pylist() == [
        {
            "org_number": org_a.org_number,
            "survey_year": open_round.year,
            "ssyk": "2143",
            "horizon_years": 5,
            "planned_hires": 6,
            "planned_net_change": 4,
            "recruitment_difficulty": 4,
        }
    ]


def test_pages_are_in_swedish_at_the_root(
    member_a: Any, org_a: Any, open_round: Any, analyst: Any
) -> None:
    from django.utils import translation

    with translation.override("sv"):
        response_url = _url("survey-response", open_round.year, org_a)
        rounds_url = reverse("survey-rounds")
    assert not response_url.startswith("/en/")
    page = _client(member_a).get(response_url).content.decode()
    assert "Spara utkast" in page
    assert "Skicka in" in page
    assert "Ladda ned XLSX-mallen" in page
    assert "4 – stora svårigheter" in page
    listing = _client(analyst).get(rounds_url).content.decode()
    assert "Enkätomgångar" in listing


def test_admin_lists_rounds_and_responses(
    make_user: Any, member_a: Any, org_a: Any, open_round: Any, post_rows: Any
) -> None:
    _client(member_a).post(
        _url("survey-response", open_round.year, org_a), post_rows([ROW_1], action="submit")
    )
    admin_user = make_user("survey_admin", "admin")
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    client = _client(admin_user)
    response = SurveyResponse.objects.get(organisation=org_a)
    for url in (
        reverse("admin:survey_surveyround_changelist"),
        reverse("admin:survey_surveyresponse_changelist"),
        reverse("admin:survey_surveyresponse_change", args=[response.pk]),
    ):
        page = client.get(url)
        assert page.status_code == 200, url
    detail = client.get(reverse("admin:survey_surveyresponse_change", args=[response.pk]))
    assert "Reläskydd och stationer" in detail.content.decode()


def test_closed_round_without_answers_says_so(member_a: Any, org_a: Any, open_round: Any) -> None:
    SurveyRound.objects.filter(pk=open_round.pk).update(status="closed")
    page = _client(member_a).get(_url("survey-response", open_round.year, org_a))
    assert page.status_code == 200
    assert "No answers were saved for this organisation in this round." in page.content.decode()

"""Collaboration pages: who sees which project, the dialogue workflow, training and its export,
the effect view."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from django.test import Client
from django.utils import timezone

from ecc_atlas.config import load_settings
from ecc_atlas.identifiers import luhn_check_digit
from ecc_atlas.warehouse import Catalog
from ecc_atlas.web.dashboard import data as dashboard_data

pytestmark = pytest.mark.django_db
PASSWORD = "collab-test-pw-3b9d"


def _number(stem: str) -> str:
    return stem + str(luhn_check_digit(stem))


@pytest.fixture
def home(tmp_path: Path, settings: Any) -> Iterator[Any]:
    """A data home with small programmes, hiring_plans and job_ads datasets."""
    config = load_settings(home=tmp_path)
    catalog = Catalog(config.warehouse_dir)
    programmes = pa.table(
        {
            "provider": ["College"] * 4,
            "programme": ["Electrical engineering"] * 4,
            "ssyk": ["3113", "3113", "3113", "3113"],
            "year": pa.array([2020, 2021, 2022, 2023], pa.int32()),
            "graduates": pa.array([2, 20, 24, 30], pa.int64()),
        }
    )
    hiring = pa.table(
        {
            "org_number": [_number(f"5598790{i:02d}") for i in range(4)],
            "survey_year": pa.array([2022, 2022, 2022, 2023], pa.int32()),
            "ssyk": ["3113"] * 4,
            "recruitment_difficulty": pa.array([4, 5, 3, 2], pa.int64()),
        }
    )
    ads = pa.table(
        {
            "ssyk": ["3113", "3113", "3113", "3113", "7411"],
            "publication_date": pa.array(
                [
                    date(2022, 3, 1),
                    date(2022, 5, 1),
                    date(2022, 6, 1),
                    date(2023, 1, 1),
                    date(2022, 1, 1),
                ],
                pa.date32(),
            ),
        }
    )
    with catalog.transaction() as staging:
        for name, table in (("programmes", programmes), ("hiring_plans", hiring), ("job_ads", ads)):
            staging.write(name, table, source="test", synthetic=True)
    settings.ECC_ATLAS = config
    dashboard_data.clear_cache()
    yield config
    dashboard_data.clear_cache()


@pytest.fixture
def world(home: Any) -> dict[str, Any]:
    from django.contrib.auth import get_user_model

    from ecc_atlas.web.accounts.models import Membership
    from ecc_atlas.web.accounts.roles import set_role
    from ecc_atlas.web.collaboration.models import Participation, Project
    from ecc_atlas.web.registry.models import Organisation

    users = get_user_model()
    out: dict[str, Any] = {}
    for label, stem in (("a", "559878001"), ("b", "559878002")):
        org = Organisation.objects.create(org_number=_number(stem), name=f"Collab {label} AB")
        user = users.objects.create_user(username=f"collab_member_{label}", password=PASSWORD)
        set_role(user, "member")
        Membership.objects.create(user=user, organisation=org)
        out[label], out[f"member_{label}"] = org, user
    analyst = users.objects.create_user(username="collab_analyst", password=PASSWORD)
    set_role(analyst, "analyst")
    out["analyst"] = analyst
    out["project_a"] = Project.objects.create(
        title="Alpha upskilling XJ1",
        kind="upskilling",
        starts_on=date(2022, 1, 1),
        ends_on=date(2022, 12, 31),
        budget_sek=987_654,
        funders="Secret fund Q7",
        occupations=["3113"],
    )
    Participation.objects.create(project=out["project_a"], organisation=out["a"], role="lead")
    out["project_b"] = Project.objects.create(
        title="Beta private research ZK9", kind="research", starts_on=date(2023, 1, 1)
    )
    Participation.objects.create(project=out["project_b"], organisation=out["b"], role="lead")
    out["project_public"] = Project.objects.create(
        title="Public outreach PW4",
        kind="outreach",
        starts_on=date(2021, 1, 1),
        budget_sek=555_111,
        funders="Hidden funder M3",
        public=True,
        occupations=["3113"],
    )
    Participation.objects.create(project=out["project_public"], organisation=out["b"])
    return out


def _client(user: Any = None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_member_sees_only_own_organisations_projects(world: dict[str, Any]) -> None:
    client = _client(world["member_a"])
    page = client.get("/collaboration/")
    assert page.status_code == 200
    assert b"Alpha upskilling XJ1" in page.content
    assert b"Beta private research ZK9" not in page.content
    assert b"Public outreach PW4" not in page.content  # public, but not A's
    assert client.get(f"/collaboration/projects/{world['project_a'].pk}/").status_code == 200
    assert client.get(f"/collaboration/projects/{world['project_b'].pk}/").status_code == 404
    # read-only: no editing, no meetings, no training
    assert client.get(f"/collaboration/projects/{world['project_a'].pk}/edit/").status_code == 403
    assert client.get("/collaboration/meetings/").status_code == 403
    assert client.get("/collaboration/training/").status_code == 403


def test_members_cannot_post(world: dict[str, Any]) -> None:
    from ecc_atlas.web.collaboration.models import Meeting, Project

    client = _client(world["member_a"])
    before = (Project.objects.count(), Meeting.objects.count())
    answer = client.post(
        f"/collaboration/projects/{world['project_a'].pk}/edit/",
        {"title": "Hijacked", "kind": "research", "status": "running", "starts_on": "2024-01-01"},
    )
    assert answer.status_code == 403
    answer = client.post("/collaboration/meetings/new/", {"title": "x", "date": "2024-01-01"})
    assert answer.status_code == 403
    assert (Project.objects.count(), Meeting.objects.count()) == before
    world["project_a"].refresh_from_db()
    assert world["project_a"].title == "Alpha upskilling XJ1"


def test_visitor_sees_only_public_projects_without_budget(world: dict[str, Any]) -> None:
    client = _client()
    assert client.get("/collaboration/").status_code == 302
    page = client.get("/collaboration/public/")
    assert b"Public outreach PW4" in page.content
    assert b"Alpha upskilling XJ1" not in page.content
    assert b"Beta private research ZK9" not in page.content
    detail = client.get(f"/collaboration/public/{world['project_public'].pk}/")
    assert detail.status_code == 200
    assert b"555111" not in detail.content
    assert b"555 111" not in detail.content
    assert "555\xa0111" not in detail.content.decode()
    assert b"Hidden funder M3" not in detail.content
    assert client.get(f"/collaboration/public/{world['project_a'].pk}/").status_code == 404
    answer = client.get(f"/collaboration/projects/{world['project_a'].pk}/")
    assert answer.status_code == 302
    assert "login" in answer["Location"]


def test_analyst_sees_all_and_filters(world: dict[str, Any]) -> None:
    client = _client(world["analyst"])
    page = client.get("/collaboration/")
    for title in (b"Alpha upskilling XJ1", b"Beta private research ZK9", b"Public outreach PW4"):
        assert title in page.content
    page = client.get("/collaboration/", {"kind": "research"})
    assert b"Beta private research ZK9" in page.content
    assert b"Alpha upskilling XJ1" not in page.content
    page = client.get("/collaboration/", {"organisation": world["a"].pk})
    assert b"Alpha upskilling XJ1" in page.content
    assert b"Public outreach PW4" not in page.content
    page = client.get("/collaboration/", {"occupation": "3113"})
    assert b"Public outreach PW4" in page.content
    assert b"Beta private research ZK9" not in page.content
    detail = client.get(f"/collaboration/projects/{world['project_a'].pk}/")
    assert "987\xa0654" in detail.content.decode()  # grouped the Swedish way
    assert b"Secret fund Q7" in detail.content


def test_analyst_creates_project_with_participants(world: dict[str, Any]) -> None:
    from ecc_atlas.web.collaboration.models import Project

    client = _client(world["analyst"])
    assert client.get("/collaboration/projects/new/").status_code == 200
    post = {
        "title": "New joint course",
        "kind": "education_programme",
        "status": "planned",
        "starts_on": "2025-09-01",
        "ends_on": "2026-06-30",
        "budget_sek": "250000",
        "occupations": ["7411", "3113"],
        "skills": ["high_voltage"],
        "public": "on",
        "participants-TOTAL_FORMS": "2",
        "participants-INITIAL_FORMS": "0",
        "participants-MIN_NUM_FORMS": "0",
        "participants-MAX_NUM_FORMS": "1000",
        "participants-0-organisation": str(world["a"].pk),
        "participants-0-role": "lead",
        "participants-1-organisation": str(world["b"].pk),
        "participants-1-role": "partner",
    }
    answer = client.post("/collaboration/projects/new/", post)
    assert answer.status_code == 302, answer.content.decode()[:2000]
    project = Project.objects.get(title="New joint course")
    assert project.occupations == ["3113", "7411"]
    assert project.created_by == world["analyst"]
    assert sorted(project.participations.values_list("role", flat=True)) == ["lead", "partner"]
    # member B now sees it
    assert b"New joint course" in _client(world["member_b"]).get("/collaboration/").content


def test_meeting_prefilled_from_dashboard_view(world: dict[str, Any]) -> None:
    client = _client(world["analyst"])
    page = client.get(
        "/collaboration/meetings/new/", {"shown": "/shortages/?year=2024", "label": "Bristyrken"}
    )
    assert page.status_code == 200
    assert "Bristyrken | /shortages/?year=2024" in page.content.decode()
    # another site's address is not taken over
    page = client.get("/collaboration/meetings/new/", {"shown": "//evil.example/", "label": "x"})
    assert b"evil.example" not in page.content


def test_dialogue_workflow(world: dict[str, Any]) -> None:
    from ecc_atlas.web.collaboration.models import Action, Meeting

    client = _client(world["analyst"])
    answer = client.post(
        "/collaboration/meetings/new/",
        {
            "date": "2025-03-04",
            "title": "Round table on electricians",
            "kind": "round_table",
            "topic": "Shortage of electricians",
            "analyses_text": "Bristyrken | /shortages/",
            "decisions": "Start a joint course",
            "participants-TOTAL_FORMS": "1",
            "participants-INITIAL_FORMS": "0",
            "participants-MIN_NUM_FORMS": "0",
            "participants-MAX_NUM_FORMS": "1000",
            "participants-0-organisation": str(world["a"].pk),
            "participants-0-people": "3",
        },
    )
    assert answer.status_code == 302, answer.content.decode()[:2000]
    meeting = Meeting.objects.get(title="Round table on electricians")
    assert meeting.analyses_shown == [{"label": "Bristyrken", "url": "/shortages/"}]
    assert meeting.participants.get().people == 3
    today = timezone.localdate()
    answer = client.post(
        f"/collaboration/meetings/{meeting.pk}/actions/new/",
        {
            "description": "Ask the college for a course",
            "owner_name": "Anna",
            "due_on": str(today - timedelta(days=2)),
        },
    )
    assert answer.status_code == 302
    action = Action.objects.get(meeting=meeting)
    overview = client.get("/collaboration/meetings/").content.decode()
    overdue = overview.split('id="overdue-heading"')[1].split('id="open-heading"')[0]
    assert "Ask the college for a course" in overdue
    # an open action can be closed from the overview (not shown as if it were closed)
    assert f'href="/collaboration/actions/{action.pk}/close/"' in overdue
    # done without an outcome is refused
    answer = client.post(
        f"/collaboration/actions/{action.pk}/close/", {"status": "done", "closed_on": str(today)}
    )
    assert answer.status_code == 200
    action.refresh_from_db()
    assert action.status == "open"
    answer = client.post(
        f"/collaboration/actions/{action.pk}/close/",
        {"status": "done", "outcome": "Course starts in May", "closed_on": str(today)},
    )
    assert answer.status_code == 302
    action.refresh_from_db()
    assert (action.status, action.outcome, action.closed_on) == (
        "done",
        "Course starts in May",
        today,
    )
    overview = client.get("/collaboration/meetings/").content.decode()
    closed = overview.split('id="closed-heading"')[1].split('id="meetings-heading"')[0]
    assert "Course starts in May" in closed
    assert "Ask the college for a course" not in overview.split('id="closed-heading"')[0]


def _training_world(world: dict[str, Any]) -> Any:
    from ecc_atlas.web.collaboration.models import TrainingEffort, TrainingParticipation

    first = TrainingEffort.objects.create(
        project=world["project_a"], title="=HYPERLINK course", starts_on=date(2022, 3, 1),
        ends_on=date(2022, 3, 5), hours_per_participant=8,
    )  # fmt: skip
    TrainingParticipation.objects.create(
        effort=first, organisation=world["a"], participants_women=2, participants_men=3,
        ssyk="3113", hours=40, completed=5,
    )  # fmt: skip
    TrainingParticipation.objects.create(
        effort=first, organisation=world["a"], participants_women=0, participants_men=1,
        ssyk="7411", hours=8, completed=0,
    )  # fmt: skip
    TrainingParticipation.objects.create(
        effort=first, organisation=world["b"], participants_women=1, participants_men=0,
        hours=8, completed=1,
    )  # fmt: skip
    second = TrainingEffort.objects.create(
        project=world["project_a"], title="Relay protection", starts_on=date(2022, 10, 1),
        hours_per_participant=24,
    )  # fmt: skip
    TrainingParticipation.objects.create(
        effort=second, organisation=world["b"], participants_women=1, participants_men=1,
        hours=48, completed=1,
    )  # fmt: skip
    outside = TrainingEffort.objects.create(title="Other", starts_on=date(2019, 1, 1),
                                            ends_on=date(2019, 2, 1))  # fmt: skip
    TrainingParticipation.objects.create(
        effort=outside, organisation=world["b"], participants_women=9, participants_men=9, hours=99
    )
    return first


def test_training_figures_and_funder_export(world: dict[str, Any]) -> None:
    from openpyxl import load_workbook

    _training_world(world)
    client = _client(world["analyst"])
    query = {"start": "2022-01-01", "end": "2022-12-31", "project": world["project_a"].pk}
    page = client.get("/collaboration/training/", query)
    assert page.status_code == 200
    summary = page.content.decode().split('id="training-summary"')[1].split("</dl>")[0]
    # by hand: 2 efforts, 2 companies, women 2+0+1+1 = 4, men 3+1+0+1 = 5, hours 104
    for figure in ("<dd>2</dd>", "<dd>9</dd>", "<dd>4</dd>", "<dd>5</dd>", "<dd>104</dd>"):
        assert figure in summary
    answer = client.get("/collaboration/training/export.csv", query)
    assert answer.status_code == 200
    rows = list(csv.DictReader(io.StringIO(answer.content.decode("utf-8-sig"))))
    assert [(r["effort"], r["org_number"]) for r in rows] == [
        ("'=HYPERLINK course", world["a"].org_number),
        ("'=HYPERLINK course", world["b"].org_number),
        ("Relay protection", world["b"].org_number),
    ]
    assert (rows[0]["participants"], rows[0]["hours"], rows[0]["occupations"]) == (
        "6",
        "48",
        "3113 7411",
    )
    answer = client.get("/collaboration/training/export.xlsx", query)
    book = load_workbook(io.BytesIO(answer.content))
    summary_sheet = book.worksheets[0]
    assert summary_sheet["B1"].value == "Alpha upskilling XJ1"
    assert summary_sheet["B2"].value == "2022-01-01 – 2022-12-31"
    # efforts, companies, participants, women, men, hours, completed (by hand, see above)
    assert [summary_sheet.cell(row=r, column=2).value for r in range(3, 10)] == [
        2,
        2,
        9,
        4,
        5,
        104,
        7,
    ]
    lines = list(book.worksheets[1].iter_rows(values_only=True))
    assert len(lines) == 1 + 3
    assert lines[1][1] == "'=HYPERLINK course"
    assert sum(line[11] for line in lines[1:]) == 9
    assert client.get("/collaboration/training/export.pdf").status_code == 404
    assert _client(world["member_a"]).get("/collaboration/training/export.csv").status_code == 403


def test_effect_view_protected_for_members(world: dict[str, Any]) -> None:
    analyst = _client(world["analyst"]).get(f"/collaboration/projects/{world['project_a'].pk}/")
    text = analyst.content.decode()
    assert "association, not proof" in text or "samband, inte bevis" in text
    table = text.split('id="effect-heading"')[1]
    # analysts see the small 2020 graduates figure (2) and the 2023 difficulty from one company
    assert '<td class="num">2</td>' in table
    assert '<td class="num">2.00</td>' in table or '<td class="num">2,00</td>' in table
    member = _client(world["member_a"]).get(f"/collaboration/projects/{world['project_a'].pk}/")
    member_table = member.content.decode().split('id="effect-heading"')[1]
    # members: a graduates cell under 5 persons and a mean from under 3 companies are withheld
    assert '<td class="num">2</td>' not in member_table
    assert '<td class="num">2.00</td>' not in member_table
    assert '<td class="num">2,00</td>' not in member_table
    # the 2022 difficulty (three companies) and the job ads stay visible
    assert (
        '<td class="num">4.00</td>' in member_table or '<td class="num">4,00</td>' in member_table
    )


def test_dashboard_page_links_to_meeting_form(world: dict[str, Any]) -> None:
    page = _client().get("/method/")
    assert page.status_code == 200
    assert b"/collaboration/meetings/new/?shown=%2Fmethod%2F&amp;label=" in page.content


def test_member_sees_only_own_training_rows_of_a_project(world: dict[str, Any]) -> None:
    _training_world(world)
    page = _client(world["member_a"]).get(f"/collaboration/projects/{world['project_a'].pk}/")
    section = page.content.decode().split('id="own-training-heading"')[1].split("</section>")[0]
    assert "Collab a AB" in section
    assert section.count("<tr><th") == 2  # A's two rows of the first effort
    assert "Collab b AB" not in section
    assert "Relay protection" not in section  # only B took part in it


def test_analysts_administer_collaboration_records(world: dict[str, Any]) -> None:
    client = _client(world["analyst"])
    for model in ("project", "meeting", "action", "trainingeffort", "suggestiondecision"):
        assert client.get(f"/admin/collaboration/{model}/").status_code == 200, model
    assert (
        client.get(f"/admin/collaboration/project/{world['project_b'].pk}/change/").status_code
        == 200
    )
    member = _client(world["member_a"])
    assert member.get("/admin/collaboration/project/").status_code in {302, 403}


def test_effect_chart_specs_follow_visibility_and_protection(world: dict[str, Any]) -> None:
    def values(response: Any) -> dict[tuple[int, str], Any]:
        assert response.status_code == 200
        return {(v["year"], v["series"]): v["value"] for v in response.json()["data"]["values"]}

    url = f"/en/collaboration/projects/{world['project_a'].pk}/effect.json"
    analyst = values(_client(world["analyst"]).get(url))
    assert analyst[(2020, "3113 graduates")] == 2
    assert analyst[(2022, "3113 job ads")] == 3
    member = values(_client(world["member_a"]).get(url))
    assert member[(2020, "3113 graduates")] is None  # fewer than five persons: withheld
    assert member[(2022, "3113 job ads")] == 3
    assert _client(world["member_b"]).get(url).status_code == 404
    anonymous = _client()
    public = f"/en/collaboration/public/{world['project_public'].pk}/effect.json"
    assert values(anonymous.get(public))[(2022, "3113 job ads")] == 3
    hidden = f"/en/collaboration/public/{world['project_a'].pk}/effect.json"
    assert anonymous.get(hidden).status_code == 404


def _audit_events(action: str, since: int) -> list[Any]:
    from ecc_atlas.web.accounts.models import AuditEvent

    return list(AuditEvent.objects.filter(action=action, pk__gt=since).order_by("pk"))


def _last_event_pk() -> int:
    from ecc_atlas.web.accounts.models import AuditEvent

    last = AuditEvent.objects.order_by("-pk").first()
    return last.pk if last is not None else 0


def _empty_formset(prefix: str) -> dict[str, str]:
    return {
        f"{prefix}-TOTAL_FORMS": "0",
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def test_collaboration_changes_are_audited(world: dict[str, Any]) -> None:
    from ecc_atlas.web.accounts import audit
    from ecc_atlas.web.collaboration.models import Action, Meeting, Project, TrainingEffort

    client = _client(world["analyst"])
    since = _last_event_pk()
    project_post = {
        "title": "Audited course AQ3",
        "kind": "upskilling",
        "status": "planned",
        "starts_on": "2025-01-01",
        **_empty_formset("participants"),
    }
    assert client.post("/collaboration/projects/new/", project_post).status_code == 302
    project = Project.objects.get(title="Audited course AQ3")
    project_post["status"] = "running"
    answer = client.post(f"/collaboration/projects/{project.pk}/edit/", project_post)
    assert answer.status_code == 302
    events = _audit_events(audit.PROJECT_CHANGE, since)
    assert [e.details["change"] for e in events] == ["create", "update"]
    assert all(e.actor == world["analyst"] and e.details["id"] == project.pk for e in events)
    assert "status" in events[1].details["fields"]

    meeting_post = {
        "date": "2025-02-02",
        "title": "Audited meeting AQ3",
        "kind": "meeting",
        **_empty_formset("participants"),
    }
    assert client.post("/collaboration/meetings/new/", meeting_post).status_code == 302
    meeting = Meeting.objects.get(title="Audited meeting AQ3")
    meeting_post["decisions"] = "Go ahead"
    answer = client.post(f"/collaboration/meetings/{meeting.pk}/edit/", meeting_post)
    assert answer.status_code == 302
    events = _audit_events(audit.MEETING_CHANGE, since)
    assert [(e.details["change"], e.details["id"]) for e in events] == [
        ("create", meeting.pk),
        ("update", meeting.pk),
    ]

    answer = client.post(
        f"/collaboration/meetings/{meeting.pk}/actions/new/",
        {"description": "Audited action AQ3", "owner_name": "Bo", "due_on": "2025-03-01"},
    )
    assert answer.status_code == 302
    action = Action.objects.get(meeting=meeting)
    answer = client.post(
        f"/collaboration/actions/{action.pk}/close/",
        {"status": "dropped", "closed_on": "2025-03-02"},
    )
    assert answer.status_code == 302
    events = _audit_events(audit.ACTION_CHANGE, since)
    assert [e.details["change"] for e in events] == ["create", "close"]
    assert events[1].details["status"] == "dropped"

    effort_post = {
        "title": "Audited effort AQ3",
        "starts_on": "2025-04-01",
        "hours_per_participant": "8",
        **_empty_formset("participations"),
    }
    answer = client.post("/collaboration/training/new/", effort_post)
    assert answer.status_code == 302, answer.content.decode()[:2000]
    effort = TrainingEffort.objects.get(title="Audited effort AQ3")
    effort_post["hours_per_participant"] = "16"
    answer = client.post(f"/collaboration/training/{effort.pk}/edit/", effort_post)
    assert answer.status_code == 302
    events = _audit_events(audit.TRAINING_CHANGE, since)
    assert [e.details["change"] for e in events] == ["create", "update"]

    # a refused change leaves no trace
    before = _last_event_pk()
    answer = client.post(f"/collaboration/projects/{project.pk}/edit/", {"title": ""})
    assert answer.status_code == 200
    assert _last_event_pk() == before


def test_training_export_is_audited(world: dict[str, Any]) -> None:
    from ecc_atlas.web.accounts import audit

    since = _last_event_pk()
    answer = _client(world["analyst"]).get("/collaboration/training/export.csv")
    assert answer.status_code == 200
    events = _audit_events(audit.EXPORT, since)
    assert len(events) == 1
    assert events[0].details["format"] == "csv"


@pytest.mark.parametrize("shown", ["/\t/evil.example/", "/\n/evil.example/", "/ /evil.example/"])
def test_meeting_prefill_refuses_smuggled_hosts(world: dict[str, Any], shown: str) -> None:
    page = _client(world["analyst"]).get(
        "/collaboration/meetings/new/", {"shown": shown, "label": "Shown"}
    )
    assert page.status_code == 200
    assert b"evil.example" not in page.content


def test_meeting_refuses_analysis_urls_browsers_read_as_other_hosts(
    world: dict[str, Any],
) -> None:
    from ecc_atlas.web.collaboration.models import Meeting

    client = _client(world["analyst"])
    for url in ("/\t/evil.example/", "/\\evil.example/", "https:/\\evil.example/"):
        answer = client.post(
            "/collaboration/meetings/new/",
            {
                "date": "2025-02-02",
                "title": "Smuggled link meeting",
                "kind": "meeting",
                "analyses_text": f"Shown | {url}",
                **_empty_formset("participants"),
            },
        )
        assert answer.status_code == 200, url
    assert not Meeting.objects.filter(title="Smuggled link meeting").exists()


def test_swedish_words_and_occupation_names(world: dict[str, Any]) -> None:
    """Words Django's admin also translates keep this app's meaning; codes come with names."""
    from ecc_atlas.web.collaboration.models import Meeting, TrainingEffort, TrainingParticipation

    client = _client(world["analyst"])
    meeting = Meeting.objects.create(date=date(2025, 5, 5), title="Swedish words meeting")
    page = client.get(f"/collaboration/meetings/{meeting.pk}/").content.decode()
    assert '<th scope="col">Åtgärd</th>' in page
    assert "Händelse" not in page
    assert "Händelse" not in client.get("/collaboration/meetings/").content.decode()
    home = client.get("/collaboration/").content.decode()
    assert '<th scope="col">Offentligt</th>' in home
    effort = TrainingEffort.objects.create(title="Named occupations", starts_on=date(2024, 1, 1))
    TrainingParticipation.objects.create(
        effort=effort, organisation=world["a"], participants_women=1, ssyk="3113", hours=8
    )
    detail = client.get(f"/collaboration/training/{effort.pk}/").content.decode()
    assert "3113 Ingenjörer och tekniker inom elektroteknik" in detail
